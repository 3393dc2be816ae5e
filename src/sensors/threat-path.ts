import { InputError } from '../core/errors.js';
import type { Trajectory } from '../flight/trajectory.js';

/**
 * A threat trajectory seen from the ground: its position in ECEF at any time, from the dense
 * output of the flight (ECI, equal to ECEF at the threat's launch), and a grid of times that
 * brackets every switching function's sign changes for the root finder: the integrator's own
 * steps, split to at most `maxBracket` seconds (a visibility change shorter than that could pass
 * unseen between two grid times). Shared by every sensor looking at the same threat.
 */
export class ThreatPath {
  /** Grid times (s from threat launch) and the ECEF positions there (m), three per time. */
  readonly times: Float64Array;
  readonly positions: Float64Array;
  private readonly state = new Float64Array(7);

  constructor(
    readonly trajectory: Trajectory,
    readonly rotationRate: number,
    maxBracket = 5,
  ) {
    if (!trajectory.hasHistory)
      throw new InputError(
        'threat',
        'a trajectory without history',
        'a trajectory flown with its full history',
      );
    const steps = trajectory.columns.t;
    const times: number[] = [];
    for (let i = 0; i < steps.length; i++) {
      const t = steps[i]!;
      if (i > 0) {
        const previous = steps[i - 1]!;
        const pieces = Math.ceil((t - previous) / maxBracket);
        for (let k = 1; k < pieces; k++) times.push(previous + ((t - previous) * k) / pieces);
      }
      if (times.length === 0 || t > times[times.length - 1]!) times.push(t);
    }
    this.times = Float64Array.from(times);
    this.positions = new Float64Array(3 * times.length);
    const p: [number, number, number] = [0, 0, 0];
    for (let i = 0; i < times.length; i++) {
      this.positionAt(times[i]!, p);
      this.positions.set(p, 3 * i);
    }
  }

  get startTime(): number {
    return this.times[0]!;
  }

  get endTime(): number {
    return this.times[this.times.length - 1]!;
  }

  /** ECEF position (m) at time t (s), into out. */
  positionAt(t: number, out: [number, number, number]): [number, number, number] {
    const s = this.trajectory.stateAt(Math.min(this.endTime, Math.max(this.startTime, t)), this.state)!;
    const c = Math.cos(this.rotationRate * t);
    const n = Math.sin(this.rotationRate * t);
    out[0] = c * s[0]! + n * s[1]!;
    out[1] = -n * s[0]! + c * s[1]!;
    out[2] = s[2]!;
    return out;
  }
}
