import { geodesicInverse } from '../earth/geodesic.js';
import type { Geodetic } from '../earth/geodetic.js';
import {
  type FlightEvent,
  flightPathAngle,
  geodeticOfState,
  inertialSpeed,
  relativeSpeed,
  type Trajectory,
} from './trajectory.js';

const DEG = 180 / Math.PI;

/** A point of the flight in the summary: position on the rotating Earth and speeds. SI, angles in rad. */
export interface SummaryPoint {
  /** Time (s) from the trajectory's epoch. */
  readonly time: number;
  /** Geodetic latitude and Earth-fixed longitude (rad), height above the ellipsoid (m). */
  readonly lat: number;
  readonly lon: number;
  readonly altitude: number;
  /** Inertial speed (m/s) and flight-path angle of the inertial velocity (rad). */
  readonly speed: number;
  readonly flightPathAngle: number;
  /** Speed relative to the rotating Earth (m/s) and its flight-path angle (rad). */
  readonly relativeSpeed: number;
  readonly relativeFlightPathAngle: number;
}

export interface FlightSummary {
  /** Launch point (for a burnout-state flight, the point under burnout). */
  readonly launch: Geodetic;
  /** Whether the flight reached the impact altitude within the time allowed. */
  readonly impacted: boolean;
  /**
   * Geodesic distance on the ellipsoid from the launch point to impact (m); for a flight that
   * passes beyond the antipode (the shortest geodesic would run back), the length of the ground
   * track instead. Undefined without impact.
   */
  readonly groundRange: number | undefined;
  /** Launch-to-impact (or end of computation) time (s). */
  readonly flightTime: number;
  /** Highest point: time (s) and height above the ellipsoid (m). */
  readonly apogee: { readonly time: number; readonly altitude: number };
  /** Burnout of the last stage (t = 0 for a burnout-state flight). */
  readonly burnout: SummaryPoint | undefined;
  /** Impact point; speed there is the ground-relative speed. */
  readonly impact: SummaryPoint | undefined;
  /** Largest dynamic pressure (Pa) and its time (s). */
  readonly maxDynamicPressure: { readonly value: number; readonly time: number };
}

export function summaryPoint(ev: FlightEvent, traj: Trajectory): SummaryPoint {
  const g = geodeticOfState(ev.state, ev.time, traj.earth);
  return {
    time: ev.time,
    lat: g.lat,
    lon: g.lon,
    altitude: g.height,
    speed: inertialSpeed(ev.state),
    flightPathAngle: flightPathAngle(ev.state, traj.earth, false),
    relativeSpeed: relativeSpeed(ev.state, traj.earth),
    relativeFlightPathAngle: flightPathAngle(ev.state, traj.earth, true),
  };
}

export function summarize(
  traj: Trajectory,
  launch: Geodetic,
  impacted: boolean,
  maxDynamicPressure: { readonly value: number; readonly time: number },
): FlightSummary {
  const burnoutEvent = traj.event('burnout');
  const impactEvent = impacted ? traj.events.findLast((e) => e.name === 'impact') : undefined;
  const impact = impactEvent ? summaryPoint(impactEvent, traj) : undefined;
  // The highest apogee event, or an end of the flight when higher (a flight that starts
  // descending, or one that never turns back).
  let apogee = { time: traj.startTime, altitude: Number.NEGATIVE_INFINITY };
  const consider = (time: number, state: Float64Array | undefined) => {
    if (!state) return;
    const h = geodeticOfState(state, time, traj.earth).height;
    if (h > apogee.altitude) apogee = { time, altitude: h };
  };
  consider(traj.startTime, traj.recordedState(0));
  for (const ev of traj.events) if (ev.name === 'apogee') consider(ev.time, ev.state);
  consider(traj.endTime, traj.recordedState(traj.columns.t.length - 1));
  const groundRange = impact ? rangeFlown(traj, launch, impact) : undefined;
  return {
    launch,
    impacted,
    groundRange,
    flightTime: (impact?.time ?? traj.endTime) - traj.startTime,
    apogee,
    burnout: burnoutEvent ? summaryPoint(burnoutEvent, traj) : undefined,
    impact,
    maxDynamicPressure,
  };
}

/**
 * Ground range: the geodesic from launch to impact, unless the ground track swept more than half
 * a great circle, when the geodesic would measure the short way back: then the track's length,
 * summed over the recorded states (with the full history, every step).
 */
function rangeFlown(traj: Trajectory, launch: Geodetic, impact: SummaryPoint): number {
  const e = traj.earth.ellipsoid;
  const direct = geodesicInverse(launch.lat * DEG, launch.lon * DEG, impact.lat * DEG, impact.lon * DEG, e);
  if (direct.arc < 90) return direct.distance; // far from the antipode: nothing to check
  // Ground points in time order: recorded states and events, as Earth-fixed unit vectors.
  // About 64 recorded states suffice to tell a half turn of the ground track; keeping them all
  // would cost a long flight's summary more than its integration.
  const points: Array<{ time: number; state: Float64Array }> = [];
  const c = traj.columns;
  const stride = Math.max(1, Math.floor(c.t.length / 64));
  for (let i = 0; i < c.t.length; i += stride) points.push({ time: c.t[i]!, state: traj.recordedState(i)! });
  for (const ev of traj.events) points.push({ time: ev.time, state: ev.state });
  points.sort((a, b) => a.time - b.time);
  const ground = points.map((p) => geodeticOfState(p.state, p.time, traj.earth));
  // Angle swept by the sub-vehicle point (a sphere is accurate enough to tell a half turn).
  let swept = 0;
  for (let i = 1; i < ground.length; i++) {
    const a = ground[i - 1]!;
    const b = ground[i]!;
    const cos =
      Math.sin(a.lat) * Math.sin(b.lat) + Math.cos(a.lat) * Math.cos(b.lat) * Math.cos(b.lon - a.lon);
    swept += Math.acos(Math.max(-1, Math.min(1, cos)));
  }
  if (swept <= Math.PI) return direct.distance;
  let length = 0;
  for (let i = 1; i < ground.length; i++) {
    const a = ground[i - 1]!;
    const b = ground[i]!;
    length += geodesicInverse(a.lat * DEG, a.lon * DEG, b.lat * DEG, b.lon * DEG, e).distance;
  }
  return length;
}
