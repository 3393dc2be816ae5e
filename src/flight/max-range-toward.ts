import type { EarthModel } from '../earth/earth-model.js';
import { geodesicBetween } from '../earth/geodesic.js';
import type { Geodetic } from '../earth/geodetic.js';
import type { MaximumRange } from './max-range.js';

/**
 * Maximum range toward a target: the farthest impact that lies on the target's bearing from the
 * site. Launching along the target's geodesic azimuth is not that: Earth rotation bends the track,
 * so the farthest impact of that launch lands tens of km to one side, and an "in reach" judged by
 * it can disagree with aiming (measured: iran-icbm Tabriz to Washington, 9,749 km along the
 * geodesic azimuth against 9,623 km on the target's bearing). A secant iteration on the launch
 * azimuth puts the maximum-range impact on the target's bearing.
 */

/** Bearing tolerance (rad): 1e-6 is 10 m across the track at 10,000 km. */
const BEARING_TOLERANCE = 1e-6;

export interface MaximumRangeToward extends MaximumRange {
  /** Launch azimuth (rad) whose maximum-range impact lies on the target's bearing. */
  readonly azimuth: number;
  /** Maximum-range searches flown (each `evaluations` trajectories in total, summed). */
  readonly iterations: number;
}

/**
 * @param maximumRangeAlong - the maximum range along a launch azimuth (rad), e.g. a closure over
 *   `maximumRangeOfRocket`.
 */
export function maximumRangeToward(
  site: Geodetic,
  target: Geodetic,
  earth: EarthModel,
  maximumRangeAlong: (azimuth: number) => MaximumRange,
): MaximumRangeToward {
  const bearing = geodesicBetween(site, target, earth.ellipsoid).azimuth1;
  // Bearing error of the farthest impact for a launch azimuth, wrapped to (-pi, pi].
  const error = (best: MaximumRange): number => {
    const impact = best.flight.summary.impact;
    if (!impact) return 0;
    const d = geodesicBetween(site, impact, earth.ellipsoid).azimuth1 - bearing;
    return Math.atan2(Math.sin(d), Math.cos(d));
  };
  let evaluations = 0;
  let a0 = bearing;
  const m0 = maximumRangeAlong(a0);
  evaluations += m0.evaluations;
  let e0 = error(m0);
  let iterations = 1;
  if (Math.abs(e0) <= BEARING_TOLERANCE) return { ...m0, azimuth: a0, evaluations, iterations };
  let a1 = a0 - e0;
  let m1 = maximumRangeAlong(a1);
  evaluations += m1.evaluations;
  let e1 = error(m1);
  iterations++;
  while (Math.abs(e1) > BEARING_TOLERANCE && iterations < 8 && e1 !== e0) {
    const a2 = a1 - (e1 * (a1 - a0)) / (e1 - e0);
    a0 = a1;
    e0 = e1;
    a1 = a2;
    m1 = maximumRangeAlong(a1);
    evaluations += m1.evaluations;
    e1 = error(m1);
    iterations++;
  }
  // The bearing of impact moves with the launch azimuth almost one to one, so this converges in
  // three or four searches; whatever is left is reported through the range of the best one.
  return { ...m1, azimuth: a1, evaluations, iterations };
}
