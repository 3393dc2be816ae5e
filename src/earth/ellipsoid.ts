import { MEAN_EARTH_RADIUS, WGS84_A, WGS84_F } from '../core/constants.js';

/** A reference ellipsoid of revolution about the z axis. A sphere is the case f = 0. */
export interface Ellipsoid {
  /** Equatorial radius (m). */
  readonly a: number;
  /** Flattening (dimensionless). */
  readonly f: number;
  /** Polar radius a(1 - f) (m). */
  readonly b: number;
  /** First eccentricity squared f(2 - f) (dimensionless). */
  readonly e2: number;
}

export function ellipsoid(a: number, f: number): Ellipsoid {
  return Object.freeze({ a, f, b: a * (1 - f), e2: f * (2 - f) });
}

/** WGS84 (NIMA TR8350.2, Table 3.1). */
export const WGS84: Ellipsoid = ellipsoid(WGS84_A, WGS84_F);

/** A sphere; by default of the mean Earth radius 6371 km used by the textbooks. */
export function sphere(radius: number = MEAN_EARTH_RADIUS): Ellipsoid {
  return ellipsoid(radius, 0);
}
