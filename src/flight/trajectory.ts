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
/** Doubles per recorded state: time, then the state. */
const ROW = 1 + STATE_SIZE;
/** Largest number of dense-output blocks of any method (DOP853: 8). */
const MAX_BLOCKS = 8;
/** Doubles per recorded step: tStart, tEnd, h, evaluator index, then the dense-output blocks. */
const SEGMENT_SIZE = 4 + MAX_BLOCKS * STATE_SIZE;

export class TrajectoryRecorder {
  private n = 0;
  /** Recorded states as rows [t, state...] in one buffer (one allocation), split into columns at the end. */
  private rows = new Float64Array(16 * ROW);
  private segCount = 0;
  // Allocated on the first recorded step: typed-array allocation is a large share of a short flight.
  private segments = new Float64Array(0);
  readonly events: FlightEvent[] = [];

  /** The continuous extensions of the methods used, indexed from each segment. */
  private readonly evaluators: DenseEvaluator[] = [];

  /** Record a state at time t (s). */
  push(t: number, y: Float64Array): void {
    if ((this.n + 1) * ROW > this.rows.length) {
      const bigger = new Float64Array(this.rows.length * 2);
      bigger.set(this.rows);
      this.rows = bigger;
    }
    const o = this.n++ * ROW;
    this.rows[o] = t;
    for (let k = 0; k < STATE_SIZE; k++) this.rows[o + 1 + k] = y[k]!;
  }

  /** Record one step's dense output, valid on [tStart, tEnd] with step length h. */
  pushSegment(
    tStart: number,
    tEnd: number,
    h: number,
    evaluator: DenseEvaluator,
    coefficients: Float64Array,
  ): void {
    const size = SEGMENT_SIZE;
    let index = this.evaluators.indexOf(evaluator);
    if (index < 0) index = this.evaluators.push(evaluator) - 1;
    if ((this.segCount + 1) * size > this.segments.length) {
      const bigger = new Float64Array(Math.max(32 * size, this.segments.length * 2));
      bigger.set(this.segments);
      this.segments = bigger;
    }
    const o = this.segCount++ * size;
    this.segments[o] = tStart;
    this.segments[o + 1] = tEnd;
    this.segments[o + 2] = h;
    this.segments[o + 3] = index;
    this.segments.set(coefficients.subarray(0, evaluator.blocks * STATE_SIZE), o + 4);
  }

  event(name: string, time: number, state: Float64Array): void {
    // An event exactly at a phase boundary is found by both phases: keep it once.
    if (
      this.events.some(
        (e) => e.name === name && Math.abs(e.time - time) <= 1e-9 * Math.max(1, Math.abs(time)),
      )
    )
      return;
    this.events.push({ name, time, state: Float64Array.from(state) });
  }

  finish(earth: EarthModel): Trajectory {
    const n = this.n;
    const c = Array.from({ length: ROW }, (_, k) => {
      const col = new Float64Array(n);
      for (let i = 0; i < n; i++) col[i] = this.rows[i * ROW + k]!;
      return col;
    });
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
      { evaluators: this.evaluators, data: this.segments.subarray(0, this.segCount * SEGMENT_SIZE) },
      events,
    );
  }
}

export class Trajectory {
  constructor(
    readonly earth: EarthModel,
    readonly columns: TrajectoryColumns,
    /** Dense output of every step: [tStart, tEnd, h, evaluator index, coefficients] per step. */
    private readonly dense: { readonly evaluators: readonly DenseEvaluator[]; readonly data: Float64Array },
    readonly events: readonly FlightEvent[],
  ) {}

  /** First and last time covered (s). */
  get startTime(): number {
    return this.columns.t[0]!;
  }

  get endTime(): number {
    return this.columns.t[this.columns.t.length - 1]!;
  }

  /** The recorded state at column index i (ECI m, m/s, kg). */
  recordedState(i: number): Float64Array | undefined {
    const c = this.columns;
    if (!(i >= 0 && i < c.t.length)) return undefined;
    return Float64Array.of(c.x[i]!, c.y[i]!, c.z[i]!, c.vx[i]!, c.vy[i]!, c.vz[i]!, c.mass[i]!);
  }

  /** Whether the dense output was kept (the flight was computed with history 'full'). */
  get hasHistory(): boolean {
    return this.dense.data.length > 0;
  }

  /** The first event of a name, if any. */
  event(name: string): FlightEvent | undefined {
    return this.events.find((e) => e.name === name);
  }

  /**
   * State at time t (s) from the integrator's dense output, or undefined outside
   * [startTime, endTime] or when the flight kept no history. Writes into `out` when given.
   */
  stateAt(t: number, out: Float64Array = new Float64Array(STATE_SIZE)): Float64Array | undefined {
    const { evaluators, data } = this.dense;
    const size = SEGMENT_SIZE;
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
    evaluators[data[o + 3]!]!.evaluate(data, o + 4, STATE_SIZE, h === 0 ? 1 : (t - data[o]!) / h, out);
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
