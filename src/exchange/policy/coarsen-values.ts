/**
 * Coarsening of scalar values to the cells of a policy: times, azimuths, ranges and apogees. A
 * coarsened value lies on the cell grid (a whole multiple of the cell size) and the true value lies
 * in the cell it names, so a partner never learns more than the policy grants. Deterministic: the
 * output depends only on the value and the cell size.
 */

/**
 * The multiple k * step, written with at most 12 significant digits, so 314 * 0.2 is 62.8 and not
 * 62.800000000000004 (a grid node has one short spelling); + 0 turns -0 into 0.
 */
export function gridValue(k: number, step: number): number {
  return Number((k * step).toPrecision(12)) + 0;
}

/** The largest grid value (gridValue) that is <= x. */
export function floorTo(x: number, step: number): number {
  let k = Math.floor(x / step);
  while (gridValue(k, step) > x) k--;
  while (gridValue(k + 1, step) <= x) k++;
  return gridValue(k, step);
}

/** The smallest grid value (gridValue) that is >= x. */
export function ceilTo(x: number, step: number): number {
  let k = Math.ceil(x / step);
  while (gridValue(k, step) < x) k++;
  while (gridValue(k - 1, step) >= x) k--;
  return gridValue(k, step);
}

/** A UTC instant floored to a whole number of `seconds` since 1970: the truth lies in [t, t + P). */
export function floorTime(iso: string, seconds: number): string {
  const step = seconds * 1000;
  return new Date(Math.floor(Date.parse(iso) / step) * step).toISOString();
}

/** A UTC instant rounded up to a whole number of `seconds`: the end of a window grows, never shrinks. */
export function ceilTime(iso: string, seconds: number): string {
  const step = seconds * 1000;
  return new Date(Math.ceil(Date.parse(iso) / step) * step).toISOString();
}

/** An azimuth (deg, [0, 360)) floored to a sector of `degrees`: the truth lies in [a, a + P). */
export function floorAzimuth(azimuth: number, degrees: number): number {
  const a = floorTo(azimuth, degrees);
  return a >= 360 ? 0 : Math.max(0, a);
}

/**
 * A range or apogee (m) rounded up to a multiple of `metres`, so it stays > 0: the truth lies in
 * (x - P, x]. Capped at `max` (the schema's largest value), which is then the only off-grid output.
 */
export function ceilDistance(x: number, metres: number, max: number): number {
  return Math.min(max, ceilTo(x, metres));
}
