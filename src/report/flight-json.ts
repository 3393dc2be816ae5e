import type { EarthModel } from '../earth/earth-model.js';
import type { FlightResult } from '../flight/fly.js';
import type { SummaryPoint } from '../flight/summary.js';
import { flightPathAngle, geodeticOfState, inertialSpeed, relativeSpeed } from '../flight/trajectory.js';

/**
 * The JSON form of a flight, with the field names and units of the command-line contract
 * (shared DESIGN.md): metres, seconds, m/s, and degrees for latitude, longitude and angles.
 */

const DEG = 180 / Math.PI;

export interface FlightJson {
  readonly groundRange: number | null;
  readonly flightTime: number;
  readonly apogeeAltitude: number;
  readonly apogeeTime: number;
  readonly launch: { readonly lat: number; readonly lon: number };
  readonly burnout: BurnoutJson | null;
  readonly impact: {
    readonly lat: number;
    readonly lon: number;
    readonly time: number;
    readonly speed: number;
  } | null;
  readonly maxDynamicPressure: { readonly value: number; readonly time: number };
  readonly events: ReadonlyArray<EventJson>;
  readonly reason?: string;
  readonly samples?: ReadonlyArray<SampleJson>;
}

interface BurnoutJson {
  readonly time: number;
  readonly altitude: number;
  /** Inertial speed (m/s) and flight-path angle of the inertial velocity (deg). */
  readonly speed: number;
  readonly flightPathAngle: number;
  /** Speed relative to the rotating Earth (m/s) and its flight-path angle (deg). */
  readonly relativeSpeed: number;
  readonly relativeFlightPathAngle: number;
  readonly lat: number;
  readonly lon: number;
}

interface EventJson {
  readonly name: string;
  readonly time: number;
  readonly altitude: number;
  readonly lat: number;
  readonly lon: number;
  readonly speed: number;
  readonly relativeSpeed: number;
}

interface SampleJson {
  readonly time: number;
  readonly lat: number;
  readonly lon: number;
  readonly altitude: number;
  readonly speed: number;
  readonly relativeSpeed: number;
  readonly flightPathAngle: number;
  readonly mass: number;
}

const round = (v: number, digits: number) => Number(v.toFixed(digits));

function burnoutJson(p: SummaryPoint): BurnoutJson {
  return {
    time: round(p.time, 6),
    altitude: round(p.altitude, 3),
    speed: round(p.speed, 6),
    flightPathAngle: round(p.flightPathAngle * DEG, 6),
    relativeSpeed: round(p.relativeSpeed, 6),
    relativeFlightPathAngle: round(p.relativeFlightPathAngle * DEG, 6),
    lat: round(p.lat * DEG, 7),
    lon: round(p.lon * DEG, 7),
  };
}

function stateJson(state: Float64Array, time: number, earth: EarthModel) {
  const g = geodeticOfState(state, time, earth);
  return {
    lat: round(g.lat * DEG, 7),
    lon: round(g.lon * DEG, 7),
    altitude: round(g.height, 3),
    speed: round(inertialSpeed(state), 6),
    relativeSpeed: round(relativeSpeed(state, earth), 6),
  };
}

/** JSON result of a flight; `sampleInterval` (s) adds a uniform time history. */
export function flightJson(result: FlightResult, sampleInterval?: number): FlightJson {
  const { summary: s, trajectory: traj } = result;
  const earth = traj.earth;
  const impact = s.impact;
  const out: FlightJson = {
    groundRange: s.groundRange === undefined ? null : round(s.groundRange, 3),
    flightTime: round(s.flightTime, 6),
    apogeeAltitude: round(s.apogee.altitude, 3),
    apogeeTime: round(s.apogee.time, 6),
    launch: { lat: round(s.launch.lat * DEG, 7), lon: round(s.launch.lon * DEG, 7) },
    burnout: s.burnout ? burnoutJson(s.burnout) : null,
    impact: impact
      ? {
          lat: round(impact.lat * DEG, 7),
          lon: round(impact.lon * DEG, 7),
          time: round(impact.time, 6),
          speed: round(impact.relativeSpeed, 6),
        }
      : null,
    maxDynamicPressure: {
      value: round(s.maxDynamicPressure.value, 3),
      time: round(s.maxDynamicPressure.time, 6),
    },
    events: traj.events.map((e) => ({
      name: e.name,
      time: round(e.time, 6),
      ...stateJson(e.state, e.time, earth),
    })),
    ...(s.impacted
      ? {}
      : { reason: `no impact within ${round(s.flightTime, 0)} s of flight (orbital or escaping)` }),
  };
  if (sampleInterval === undefined) return out;
  const samples: SampleJson[] = [];
  const state = new Float64Array(7);
  const end = traj.endTime;
  // Uniform times from the start, then the end itself (impact) unless it falls on the grid.
  const times: number[] = [];
  for (let k = 0; ; k++) {
    const t = traj.startTime + k * sampleInterval;
    if (t >= end - 1e-9 * Math.max(1, end)) break;
    times.push(t);
  }
  times.push(end);
  for (const t of times) {
    if (!traj.stateAt(t, state)) throw new Error(`internal error: no state at t=${t} s`);
    samples.push({
      time: round(t, 6),
      ...stateJson(state, t, earth),
      flightPathAngle: round(flightPathAngle(state, earth, true) * DEG, 6),
      mass: round(state[6]!, 6),
    });
  }
  return { ...out, samples };
}
