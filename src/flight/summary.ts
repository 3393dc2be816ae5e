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
  /** Geodesic distance on the ellipsoid from the launch point to impact (m); undefined without impact. */
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
  const groundRange = impact
    ? geodesicInverse(
        launch.lat * DEG,
        launch.lon * DEG,
        impact.lat * DEG,
        impact.lon * DEG,
        traj.earth.ellipsoid,
      ).distance
    : undefined;
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
