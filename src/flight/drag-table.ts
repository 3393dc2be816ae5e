import { InputError } from '../core/errors.js';
import { evaluateMonotoneCubic, type MonotoneCubic, monotoneCubic } from '../core/monotone-cubic.js';

/**
 * Drag coefficient against Mach number, interpolated by a monotone cubic (C1, no overshoot; a
 * kink at every node would make the integrator reject steps there) and held constant beyond its
 * ends. Stored in Float64Arrays for the right-hand side's hot path.
 */
export interface DragTable {
  /** Mach numbers, strictly increasing (dimensionless). */
  readonly mach: Float64Array;
  /** Drag coefficient at each Mach number, referred to the stage's reference area (dimensionless). */
  readonly cd: Float64Array;
  /** The interpolant. */
  readonly curve: MonotoneCubic;
}

export function dragTable(rows: ReadonlyArray<readonly [number, number]>, path = 'drag'): DragTable {
  if (rows.length === 0) throw new InputError(path, rows, 'at least one [mach, cd] row');
  const mach = new Float64Array(rows.length);
  const cd = new Float64Array(rows.length);
  rows.forEach(([m, c], i) => {
    if (!(Number.isFinite(m) && m >= 0)) throw new InputError(`${path}[${i}][0]`, m, 'a Mach number >= 0');
    if (!(Number.isFinite(c) && c >= 0))
      throw new InputError(`${path}[${i}][1]`, c, 'a drag coefficient >= 0');
    if (i > 0 && !(m > mach[i - 1]!)) {
      throw new InputError(
        `${path}[${i}][0]`,
        m,
        `a Mach number greater than the previous row's ${mach[i - 1]}`,
      );
    }
    mach[i] = m;
    cd[i] = c;
  });
  // A single row is a constant coefficient.
  const curve =
    rows.length === 1 ? monotoneCubic([mach[0]!, mach[0]! + 1], [cd[0]!, cd[0]!]) : monotoneCubic(mach, cd);
  return { mach, cd, curve };
}

/** Drag coefficient at Mach number `m`. */
export function dragCoefficient(table: DragTable, m: number): number {
  return evaluateMonotoneCubic(table.curve, m);
}

/**
 * Default zero-lift drag coefficient of a slender ballistic missile body: the V-2's measured
 * curve, read from G. P. Sutton and O. Biblarz, "Rocket Propulsion Elements", 7th ed., Fig. 4-2
 * (approximate, within about 0.02). Used for a stage that gives no table of its own.
 */
export const DEFAULT_MISSILE_DRAG: DragTable = dragTable([
  [0, 0.15],
  [0.6, 0.15],
  [0.8, 0.17],
  [1.0, 0.3],
  [1.1, 0.38],
  [1.3, 0.36],
  [1.5, 0.33],
  [2.0, 0.28],
  [3.0, 0.22],
  [4.0, 0.19],
  [5.0, 0.17],
]);
