import { InputError } from '../core/errors.js';

/**
 * Drag coefficient against Mach number, linearly interpolated and held constant beyond its ends.
 * Stored as two Float64Arrays for the right-hand side's hot path.
 */
export interface DragTable {
  /** Mach numbers, strictly increasing (dimensionless). */
  readonly mach: Float64Array;
  /** Drag coefficient at each Mach number, referred to the stage's reference area (dimensionless). */
  readonly cd: Float64Array;
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
  return { mach, cd };
}

/** Drag coefficient at Mach number `m`. */
export function dragCoefficient(table: DragTable, m: number): number {
  const { mach, cd } = table;
  const last = mach.length - 1;
  if (m <= mach[0]!) return cd[0]!;
  if (m >= mach[last]!) return cd[last]!;
  let lo = 0;
  let hi = last;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (mach[mid]! <= m) lo = mid;
    else hi = mid;
  }
  const w = (m - mach[lo]!) / (mach[hi]! - mach[lo]!);
  return cd[lo]! + w * (cd[hi]! - cd[lo]!);
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
