import type { EarthModel } from '../earth/earth-model.js';
import type { Geodetic } from '../earth/geodetic.js';
import type { FlightOptions } from './fly.js';
import { maximumRangeOfRocket } from './max-range.js';
import type { Rocket } from './rocket.js';

/** One point of a maximum-range footprint. */
export interface FootprintPoint {
  /** Launch azimuth (rad). */
  readonly azimuth: number;
  /** Maximum ground range toward it (m). */
  readonly range: number;
  /** Impact point of that trajectory (rad). */
  readonly lat: number;
  readonly lon: number;
}

/**
 * The maximum-range footprint of a missile from a site: the impact points of the maximum-range
 * trajectories over launch azimuths every `step` (rad), as a closed ring (the first point is
 * repeated at the end). On a rotating Earth it is not a circle: eastward shots fly farther.
 */
export function maximumRangeFootprint(
  rocket: Rocket,
  site: Geodetic,
  earth: EarthModel,
  step: number,
  options: FlightOptions = {},
): { readonly ring: FootprintPoint[]; readonly evaluations: number } {
  const count = Math.max(4, Math.round((2 * Math.PI) / step));
  const ring: FootprintPoint[] = [];
  let evaluations = 0;
  for (let k = 0; k < count; k++) {
    const azimuth = (2 * Math.PI * k) / count;
    const best = maximumRangeOfRocket(rocket, site, azimuth, earth, options);
    evaluations += best.evaluations;
    const impact = best.flight.summary.impact;
    if (impact) ring.push({ azimuth, range: best.range, lat: impact.lat, lon: impact.lon });
  }
  if (ring.length > 0) ring.push(ring[0]!);
  return { ring, evaluations };
}
