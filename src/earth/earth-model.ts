import { EARTH_ROTATION_RATE, MEAN_EARTH_RADIUS, WGS84_GM, WGS84_J2 } from '../core/constants.js';
import { type Ellipsoid, sphere, WGS84 } from './ellipsoid.js';

/**
 * The switches every computation takes, so results can be checked against textbooks.
 * All default to the full model (rotating, oblate WGS84 Earth with an atmosphere).
 */
export interface EarthSwitches {
  /** Earth rotates at 7.2921150e-5 rad/s (default true). */
  readonly rotation?: boolean;
  /** J2 term of gravity (default true, false when `spherical`). */
  readonly oblateness?: boolean;
  /** US Standard Atmosphere 1976 drag (default true). */
  readonly atmosphere?: boolean;
  /** Spherical shape: `true` for radius 6371 km, or a radius (m). Default false (WGS84). */
  readonly spherical?: boolean | number;
  /** Override of the gravitational parameter (m^3/s^2), for textbook comparisons. */
  readonly gm?: number;
}

/** A resolved Earth model: plain numbers the equations of motion use directly. */
export interface EarthModel {
  readonly ellipsoid: Ellipsoid;
  /** Gravitational parameter (m^3/s^2). */
  readonly gm: number;
  /** J2 (0 when oblateness is off). */
  readonly j2: number;
  /** Reference radius of the J2 term (m): the equatorial radius of the ellipsoid. */
  readonly j2Radius: number;
  /** Rotation rate about +z (rad/s); 0 when rotation is off. */
  readonly rotationRate: number;
  /** Whether drag acts. */
  readonly atmosphere: boolean;
}

export function earthModel(switches: EarthSwitches = {}): EarthModel {
  const spherical = switches.spherical ?? false;
  const shape = spherical === false ? WGS84 : sphere(spherical === true ? MEAN_EARTH_RADIUS : spherical);
  const oblateness = switches.oblateness ?? spherical === false;
  return Object.freeze({
    ellipsoid: shape,
    gm: switches.gm ?? WGS84_GM,
    j2: oblateness ? WGS84_J2 : 0,
    j2Radius: shape.a,
    rotationRate: (switches.rotation ?? true) ? EARTH_ROTATION_RATE : 0,
    atmosphere: switches.atmosphere ?? true,
  });
}

/** The full model: rotating WGS84 Earth with J2 and the 1976 standard atmosphere. */
export const FULL_EARTH: EarthModel = earthModel();
