import { findRoot } from '../core/optimize.js';
import type { ThreatPath } from './threat-path.js';

/** A time interval (s from threat launch). */
export interface Interval {
  readonly start: number;
  readonly end: number;
}

/**
 * Where a condition built from switching functions holds along a threat path: the event engine's
 * way, not sampling. Each function's sign changes are bracketed on the path's grid and located by
 * Brent's method on the trajectory's dense output (to `tolerance` seconds); the condition is then
 * constant between consecutive roots and is read once in each piece.
 *
 * `conditions(x, y, z, out)` writes the functions' values at an ECEF point (m) into out; `holds`
 * says from those values whether the condition holds (default: all >= 0).
 */
export function intervalsWhere(
  path: ThreatPath,
  count: number,
  conditions: (x: number, y: number, z: number, out: Float64Array) => void,
  holds: (values: Float64Array) => boolean = allNonNegative,
  tolerance = 1e-4,
): Interval[] {
  const { times, positions } = path;
  const n = times.length;
  const values = new Float64Array(count * n);
  const g = new Float64Array(count);
  for (let i = 0; i < n; i++) {
    conditions(positions[3 * i]!, positions[3 * i + 1]!, positions[3 * i + 2]!, g);
    values.set(g, count * i);
  }
  const p: [number, number, number] = [0, 0, 0];
  const boundaries: number[] = [];
  for (let j = 0; j < count; j++) {
    const gj = (t: number) => {
      path.positionAt(t, p);
      conditions(p[0], p[1], p[2], g);
      return g[j]!;
    };
    for (let i = 0; i + 1 < n; i++) {
      const a = values[count * i + j]!;
      const b = values[count * (i + 1) + j]!;
      if (a >= 0 === b >= 0) continue;
      // Bracket on "holds" (>= 0) against "fails": shift by a hair so a zero counts as holding.
      const f = (t: number) => {
        const v = gj(t);
        return v >= 0 ? Math.max(v, 1e-300) : v;
      };
      boundaries.push(
        findRoot(
          f,
          times[i]!,
          times[i + 1]!,
          a >= 0 ? Math.max(a, 1e-300) : a,
          b >= 0 ? Math.max(b, 1e-300) : b,
          tolerance,
        ).x,
      );
    }
  }
  boundaries.sort((x, y) => x - y);
  const cuts = [
    path.startTime,
    ...boundaries.filter((t) => t > path.startTime && t < path.endTime),
    path.endTime,
  ];
  const holdsAt = (t: number) => {
    path.positionAt(t, p);
    conditions(p[0], p[1], p[2], g);
    return holds(g);
  };
  const intervals: Array<{ start: number; end: number }> = [];
  for (let k = 0; k + 1 < cuts.length; k++) {
    const a = cuts[k]!;
    const b = cuts[k + 1]!;
    if (!(b > a)) continue;
    if (!holdsAt(0.5 * (a + b))) continue;
    const last = intervals[intervals.length - 1];
    if (last && a - last.end <= tolerance) last.end = b;
    else intervals.push({ start: a, end: b });
  }
  return intervals;
}

function allNonNegative(values: Float64Array): boolean {
  for (let j = 0; j < values.length; j++) if (!(values[j]! >= 0)) return false;
  return true;
}

/** Total length of a list of intervals (s). */
export function totalDuration(intervals: readonly Interval[]): number {
  return intervals.reduce((sum, i) => sum + (i.end - i.start), 0);
}
