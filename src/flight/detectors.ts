import type { EarthModel } from '../earth/earth-model.js';
import { cartesianToGeodeticInto, type GeodeticScratch } from '../earth/geodetic.js';
import type { EventDetector } from './event.js';

/** Flight event detectors, all built on the one switching-function contract. */

/** Height above the ellipsoid minus `altitude` (m), falling: the vehicle reaches the surface (or a given height). */
export function impactDetector(earth: EarthModel, altitude = 0): EventDetector {
  const geo: GeodeticScratch = { lat: 0, lon: 0, height: 0 };
  return {
    name: 'impact',
    direction: -1,
    action: 'stop',
    g: (_t, y) => cartesianToGeodeticInto(y[0]!, y[1]!, y[2]!, earth.ellipsoid, geo).height - altitude,
  };
}

/**
 * Apogee: the rate of change of height above the ellipsoid, n . v (n the ellipsoid normal), goes
 * from positive to negative. n . v is the same with ECI or Earth-relative velocity, since
 * omega x r is horizontal.
 */
export function apogeeDetector(earth: EarthModel): EventDetector {
  const geo: GeodeticScratch = { lat: 0, lon: 0, height: 0 };
  return {
    name: 'apogee',
    direction: -1,
    action: 'continue',
    g: (_t, y) => {
      cartesianToGeodeticInto(y[0]!, y[1]!, y[2]!, earth.ellipsoid, geo);
      const cl = Math.cos(geo.lat);
      return y[3]! * cl * Math.cos(geo.lon) + y[4]! * cl * Math.sin(geo.lon) + y[5]! * Math.sin(geo.lat);
    },
  };
}

/** Crossing of a height above the ellipsoid (m), either way; named `altitude-<km>km`. */
export function altitudeCrossingDetector(earth: EarthModel, altitude: number): EventDetector {
  const geo: GeodeticScratch = { lat: 0, lon: 0, height: 0 };
  return {
    name: `altitude-${+(altitude / 1000).toFixed(3)}km`,
    direction: 0,
    action: 'continue',
    g: (_t, y) => cartesianToGeodeticInto(y[0]!, y[1]!, y[2]!, earth.ellipsoid, geo).height - altitude,
  };
}
