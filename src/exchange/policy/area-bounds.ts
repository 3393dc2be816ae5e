import { WGS84_A, WGS84_F } from '../../core/constants.js';
import { geodesicInverse } from '../../earth/geodesic.js';
import type { Area, Position } from '../messages/geometry.js';
import { namedArea } from '../messages/named-areas.js';
import { EARTH_DIAMETER_GEODESIC } from '../messages/primitives.js';

/**
 * Conservative bounds of an area, the ground coarsening stands on: a box that contains every point
 * of the area, and an upper bound on the distance from a point to every point of the area. Both
 * err only outward, so an area coarsened from them always contains the true one.
 *
 * The bounds use the radii of curvature of the WGS84 ellipsoid (a and f from NIMA TR8350.2,
 * src/core/constants.ts): along any path,
 * latitude changes at most at 1/M (M >= a(1 - e^2), its value at the equator) and longitude at
 * most at 1/(N cos(lat)) (N >= a). A circle's points lie within `radius` of its centre along a
 * geodesic, hence within radius/M_min of its latitude, and within radius/(a cos(lat_max)) of its
 * longitude when no pole is inside.
 */

const E2 = WGS84_F * (2 - WGS84_F);
/** Smallest meridian radius of curvature, at the equator: a(1 - e^2) (m). */
const M_MIN = WGS84_A * (1 - E2);
/** Largest radius of curvature (meridian or prime vertical), at the poles: a / sqrt(1 - e^2) (m). */
const R_MAX = WGS84_A / Math.sqrt(1 - E2);
const RAD = Math.PI / 180;

/** [south, north] x [west, east] in degrees, west <= east (no antimeridian wrap). */
export interface LatLonBox {
  readonly south: number;
  readonly north: number;
  readonly west: number;
  readonly east: number;
}

/** A box containing the whole area. */
export function areaBox(area: Area): LatLonBox {
  switch (area.kind) {
    case 'polygon': {
      // Straight edges in longitude-latitude: the polygon lies inside the box of its vertices.
      let south = 90;
      let north = -90;
      let west = 180;
      let east = -180;
      for (const p of area.ring) {
        south = Math.min(south, p.lat);
        north = Math.max(north, p.lat);
        west = Math.min(west, p.lon);
        east = Math.max(east, p.lon);
      }
      return { south, north, west, east };
    }
    case 'circle':
      return circleBox(area.centre, area.radius);
    case 'named': {
      const n = namedArea(area.id)!;
      return { south: n.south, north: n.north, west: n.west, east: n.east };
    }
  }
}

/** A box containing every point within `radius` (m) of `centre` along the WGS84 geodesic. */
export function circleBox(centre: Position, radius: number): LatLonBox {
  const dLat = radius / M_MIN / RAD;
  const south = Math.max(-90, centre.lat - dLat);
  const north = Math.min(90, centre.lat + dLat);
  const latMax = Math.max(Math.abs(south), Math.abs(north));
  if (latMax >= 90) return { south, north, west: -180, east: 180 };
  const dLon = radius / (WGS84_A * Math.cos(latMax * RAD)) / RAD;
  const west = centre.lon - dLon;
  const east = centre.lon + dLon;
  // A circle across the antimeridian has no box without wrap: take every longitude.
  if (west < -180 || east > 180) return { south, north, west: -180, east: 180 };
  return { south, north, west, east };
}

/** Whether box `outer` contains box `inner`. */
export function boxContains(outer: LatLonBox, inner: LatLonBox): boolean {
  return (
    inner.south >= outer.south &&
    inner.north <= outer.north &&
    inner.west >= outer.west &&
    inner.east <= outer.east
  );
}

/** The box as a closed polygon ring, counter-clockwise in longitude-latitude. */
export function boxRing(box: LatLonBox): Position[] {
  return [
    { lat: box.south, lon: box.west },
    { lat: box.south, lon: box.east },
    { lat: box.north, lon: box.east },
    { lat: box.north, lon: box.west },
    { lat: box.south, lon: box.west },
  ];
}

/**
 * An upper bound (m) on the geodesic distance from `from` to any point of the area, overestimating
 * by at most about `tolerance` (m), never underestimating.
 *
 * Circle: distance to its centre plus its radius (triangle inequality). Polygon (and a named area,
 * as its box): the largest distance to its boundary, sampled along each edge at spacing
 * <= 2 * tolerance, plus half the spacing (a point between two samples is that close to one of
 * them). The distance from a point has no maximum inside a region unless the region holds part of
 * its cut locus (where shortest geodesics meet), which on WGS84 lies within 0.6 deg of longitude of
 * the antipodal meridian (for a point on the equator geodesics along the equator stop being
 * shortest beyond 180(1 - f) = 179.4 deg; C. F. F. Karney, "Algorithms for geodesics", J. Geodesy
 * 87, 43-55, 2013), or is the other pole; a region reaching more than 170 deg of longitude from
 * `from`, or seen from a pole, gets the whole-Earth bound instead.
 */
export function maxDistanceFrom(from: Position, area: Area, tolerance: number): number {
  if (area.kind === 'circle') {
    const d = geodesicInverse(from.lat, from.lon, area.centre.lat, area.centre.lon).distance;
    return Math.min(EARTH_DIAMETER_GEODESIC, d + area.radius);
  }
  const ring = area.kind === 'polygon' ? area.ring : boxRing(areaBox(area));
  if (Math.abs(from.lat) >= 89.999) return EARTH_DIAMETER_GEODESIC;
  for (const p of ring) if (Math.abs(p.lon - from.lon) > 170) return EARTH_DIAMETER_GEODESIC;

  const spacing = 2 * tolerance;
  let farthest = 0;
  for (let i = 0; i + 1 < ring.length; i++) {
    const p = ring[i]!;
    const q = ring[i + 1]!;
    // Length bound of the straight longitude-latitude edge: R_max (|dlat| + |dlon|) in radians.
    const length = R_MAX * (Math.abs(q.lat - p.lat) + Math.abs(q.lon - p.lon)) * RAD;
    const n = Math.max(1, Math.ceil(length / spacing));
    // Both ends are sampled with this edge's margin: a point near q is bounded by this edge's spacing.
    for (let k = 0; k <= n; k++) {
      const t = k / n;
      const lat = p.lat + t * (q.lat - p.lat);
      const lon = p.lon + t * (q.lon - p.lon);
      const d = geodesicInverse(from.lat, from.lon, lat, lon).distance + (0.5 * length) / n;
      if (d > farthest) farthest = d;
    }
  }
  return Math.min(EARTH_DIAMETER_GEODESIC, farthest);
}
