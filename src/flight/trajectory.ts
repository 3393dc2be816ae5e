import type { ECEF, ECI, Vec3 } from '../core/vector.js';
import { vec3 } from '../core/vector.js';
import type { EarthModel } from '../earth/earth-model.js';
import { eciToEcef } from '../earth/frames.js';
import { cartesianToGeodeticInto, type Geodetic } from '../earth/geodetic.js';
import { STATE_SIZE } from './equations-of-motion.js';
import type { DenseEvaluator } from './integrator.js';

/**
 * A flown trajectory: the integrator's accepted steps as Float64Array columns, its dense output
 * (so the state is known at any time to the integrator's accuracy), and the event log.
 */

/** An event of the flight, with the state at that time. */
export interface FlightEvent {
  /** `liftoff`, `stage-1-burnout`, `burnout`, `apogee`, `impact`, ... */
  readonly name: string;
  /** Time (s) from the trajectory's epoch (liftoff, or burnout for a burnout-state flight). */
  readonly time: number;
  /** State [ECI position (m), ECI velocity (m/s), mass (kg)]. */
  readonly state: Float64Array;
}

/** Columns of the accepted steps, ECI (m, m/s, kg). */
export interface TrajectoryColumns {
  readonly t: Float64Array;
  readonly x: Float64Array;
  readonly y: Float64Array;
  readonly z: Float64Array;
  readonly vx: Float64Array;
  readonly vy: Float64Array;
  readonly vz: Float64Array;
  readonly mass: Float64Array;
}

/** Collects steps while flying; `finish` turns them into a Trajectory. */
export class TrajectoryRecorder {
  /** Doubles per step: tStart, tEnd, h, then the method's dense-output blocks. */
  private readonly segmentSize: number;
  private n = 0;
  private cols: Float64Array[] = Array.from({ length: 1 + STATE_SIZE }, () => new Float64Array(256));
  private segCount = 0;
  private segments: Float64Array;
  readonly events: FlightEvent[] = [];
  maxDynamicPressure = 0;
  maxDynamicPressureTime = 0;

  constructor(private readonly dense: DenseEvaluator) {
    this.segmentSize = 3 + dense.blocks * STATE_SIZE;
    this.segments = new Float64Array(256 * this.segmentSize);
  }

  /** Record a state at time t (s). */
  push(t: number, y: Float64Array): void {
    if (this.n === this.cols[0]!.length) {
      this.cols = this.cols.map((c) => {
        const bigger = new Float64Array(c.length * 2);
        bigger.set(c);
        return bigger;
      });
    }
    const i = this.n++;
    this.cols[0]![i] = t;
    for (let k = 0; k < STATE_SIZE; k++) this.cols[k + 1]![i] = y[k]!;
  }

  /** Record one step's dense output, valid on [tStart, tEnd] with step length h. */
  pushSegment(tStart: number, tEnd: number, h: number, coefficients: Float64Array): void {
    const size = this.segmentSize;
    if ((this.segCount + 1) * size > this.segments.length) {
      const bigger = new Float64Array(this.segments.length * 2);
      bigger.set(this.segments);
      this.segments = bigger;
    }
    const o = this.segCount++ * size;
    this.segments[o] = tStart;
    this.segments[o + 1] = tEnd;
    this.segments[o + 2] = h;
    this.segments.set(coefficients.subarray(0, size - 3), o + 3);
  }

  /** Last recorded state time (s). */
  get lastTime(): number {
    return this.n === 0 ? Number.NaN : this.cols[0]![this.n - 1]!;
  }

  event(name: string, time: number, state: Float64Array): void {
    this.events.push({ name, time, state: Float64Array.from(state) });
  }

  finish(earth: EarthModel): Trajectory {
    const n = this.n;
    const c = this.cols.map((col) => col.slice(0, n));
    const columns: TrajectoryColumns = {
      t: c[0]!,
      x: c[1]!,
      y: c[2]!,
      z: c[3]!,
      vx: c[4]!,
      vy: c[5]!,
      vz: c[6]!,
      mass: c[7]!,
    };
    const events = [...this.events].sort((a, b) => a.time - b.time);
    return new Trajectory(
      earth,
      columns,
      { evaluator: this.dense, data: this.segments.slice(0, this.segCount * this.segmentSize) },
      events,
      { value: this.maxDynamicPressure, time: this.maxDynamicPressureTime },
    );
  }
}

export class Trajectory {
  constructor(
    readonly earth: EarthModel,
    readonly columns: TrajectoryColumns,
    /** Dense output of every step: [tStart, tEnd, h, coefficients] per step, and how to evaluate it. */
    private readonly dense: { readonly evaluator: DenseEvaluator; readonly data: Float64Array },
    readonly events: readonly FlightEvent[],
    /** Largest dynamic pressure seen at the step points and step midpoints (Pa) and its time (s). */
    readonly maxDynamicPressure: { readonly value: number; readonly time: number },
  ) {}

  /** First and last time covered (s). */
  get startTime(): number {
    return this.columns.t[0]!;
  }

  get endTime(): number {
    return this.columns.t[this.columns.t.length - 1]!;
  }

  /** The first event of a name, if any. */
  event(name: string): FlightEvent | undefined {
    return this.events.find((e) => e.name === name);
  }

  /**
   * State at time t (s) from the integrator's dense output (5th-order continuous extension), or
   * undefined outside [startTime, endTime]. Writes into `out` when given.
   */
  stateAt(t: number, out: Float64Array = new Float64Array(STATE_SIZE)): Float64Array | undefined {
    const { evaluator, data } = this.dense;
    const size = 3 + evaluator.blocks * STATE_SIZE;
    const count = data.length / size;
    if (count === 0 || !(t >= this.startTime && t <= this.endTime)) return undefined;
    let lo = 0;
    let hi = count - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (data[mid * size]! <= t) lo = mid;
      else hi = mid - 1;
    }
    const o = lo * size;
    const h = data[o + 2]!;
    evaluator.evaluate(data, o + 3, STATE_SIZE, h === 0 ? 1 : (t - data[o]!) / h, out);
    return out;
  }

  /** ECI position (m) at time t (s). */
  positionEci(t: number): Vec3<ECI> | undefined {
    const s = this.stateAt(t);
    return s ? vec3<ECI>(s[0]!, s[1]!, s[2]!) : undefined;
  }

  /** ECEF position (m) at time t (s). */
  positionEcef(t: number): Vec3<ECEF> | undefined {
    const r = this.positionEci(t);
    return r ? eciToEcef(r, t, this.earth.rotationRate) : undefined;
  }

  /** Geodetic position (rad, rad, m) on the rotating Earth at time t (s). */
  geodeticAt(t: number): Geodetic | undefined {
    const s = this.stateAt(t);
    return s ? geodeticOfState(s, t, this.earth) : undefined;
  }
}

/** Geodetic latitude, Earth-fixed longitude (rad) and height (m) of a state at time t (s). */
export function geodeticOfState(s: Float64Array, t: number, earth: EarthModel): Geodetic {
  const g = cartesianToGeodeticInto(s[0]!, s[1]!, s[2]!, earth.ellipsoid, { lat: 0, lon: 0, height: 0 });
  let lon = g.lon - earth.rotationRate * t;
  lon = Math.atan2(Math.sin(lon), Math.cos(lon));
  return { lat: g.lat, lon, height: g.height };
}

/** Speed relative to the rotating Earth (m/s) of a state (ECI). */
export function relativeSpeed(s: Float64Array, earth: EarthModel): number {
  const w = earth.rotationRate;
  return Math.hypot(s[3]! + w * s[1]!, s[4]! - w * s[0]!, s[5]!);
}

/** Inertial speed (m/s) of a state (ECI). */
export function inertialSpeed(s: Float64Array): number {
  return Math.hypot(s[3]!, s[4]!, s[5]!);
}

/**
 * Flight-path angle (rad): angle of the velocity above the local horizontal (the plane normal to
 * the ellipsoid normal). `relative` uses the velocity relative to the rotating Earth.
 */
export function flightPathAngle(s: Float64Array, earth: EarthModel, relative: boolean): number {
  const g = cartesianToGeodeticInto(s[0]!, s[1]!, s[2]!, earth.ellipsoid, { lat: 0, lon: 0, height: 0 });
  const w = relative ? earth.rotationRate : 0;
  const vx = s[3]! + w * s[1]!;
  const vy = s[4]! - w * s[0]!;
  const vz = s[5]!;
  const cl = Math.cos(g.lat);
  const up = vx * cl * Math.cos(g.lon) + vy * cl * Math.sin(g.lon) + vz * Math.sin(g.lat);
  const speed = Math.hypot(vx, vy, vz);
  // At rest (a missile on its pad, Earth-relative) the angle is undefined; report 0, never NaN.
  if (speed === 0) return 0;
  return Math.asin(Math.max(-1, Math.min(1, up / speed)));
}
