import type { EarthModel } from '../earth/earth-model.js';
import type { EventDetector } from './event.js';
import { LocalVertical } from './local-vertical.js';

/**
 * Flight event detectors, all built on the one switching-function contract. Detectors of one
 * flight may share a LocalVertical so the height of a state is computed once.
 */

/** Height above the ellipsoid minus `altitude` (m), falling: the vehicle reaches the surface (or a given height). */
export function impactDetector(
  earth: EarthModel,
  altitude = 0,
  vertical = new LocalVertical(earth.ellipsoid),
): EventDetector {
  return { name: 'impact', direction: -1, action: 'stop', g: (_t, y) => vertical.at(y).height - altitude };
}

/**
 * Apogee: the rate of change of height above the ellipsoid, n . v (n the ellipsoid normal), goes
 * from positive to negative. n . v is the same with ECI or Earth-relative velocity, since
 * omega x r is horizontal.
 */
export function apogeeDetector(
  earth: EarthModel,
  vertical = new LocalVertical(earth.ellipsoid),
): EventDetector {
  return {
    name: 'apogee',
    direction: -1,
    action: 'continue',
    g: (_t, y) => {
      const up = vertical.at(y);
      return y[3]! * up.nx + y[4]! * up.ny + y[5]! * up.nz;
    },
  };
}

/** Crossing of a height above the ellipsoid (m), either way; named `altitude-<km>km`. */
export function altitudeCrossingDetector(
  earth: EarthModel,
  altitude: number,
  vertical = new LocalVertical(earth.ellipsoid),
): EventDetector {
  return {
    name: `altitude-${+(altitude / 1000).toFixed(3)}km`,
    direction: 0,
    action: 'continue',
    g: (_t, y) => vertical.at(y).height - altitude,
  };
}
