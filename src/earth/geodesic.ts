/**
 * Geodesics on an ellipsoid of revolution: a thin, typed wrapper over geographiclib-geodesic, the
 * JavaScript port of GeographicLib (C. F. F. Karney, "Algorithms for geodesics", J. Geodesy 87,
 * 43-55, 2013). Accurate to about 15 nm on WGS84; nothing here is a hand-written geodesic.
 *
 * Degrees at this boundary (latitudes, longitudes, azimuths clockwise from north), metres for
 * distances. Output longitudes are normalized to [-180, 180); azimuths are as GeographicLib returns
 * them, in [-180, 180].
 */
import geographiclib from 'geographiclib-geodesic';
import { InputError } from '../core/errors.js';
import { type Ellipsoid, WGS84 } from './ellipsoid.js';

const { Geodesic } = geographiclib;
type GeodesicSolver = InstanceType<typeof Geodesic.Geodesic>;

/** Solution of the inverse problem (names follow Karney 2013). */
export interface GeodesicInverse {
  /** Geodesic distance s12 from point 1 to point 2 (m). */
  readonly distance: number;
  /** Azimuth azi1 at point 1 (deg, clockwise from north). */
  readonly azimuth1: number;
  /** Forward azimuth azi2 at point 2 (deg, clockwise from north). */
  readonly azimuth2: number;
  /** Arc length a12 on the auxiliary sphere (deg). */
  readonly arc: number;
}

/** Solution of the direct problem: the end point and the forward azimuth there. */
export interface GeodesicDirect {
  /** Geodetic latitude of the end point (deg). */
  readonly lat: number;
  /** Longitude of the end point (deg, in [-180, 180)). */
  readonly lon: number;
  /** Forward azimuth azi2 at the end point (deg, clockwise from north). */
  readonly azimuth: number;
}

const solvers = new WeakMap<Ellipsoid, GeodesicSolver>();

/** One GeographicLib `Geodesic` per ellipsoid object (its construction computes series coefficients). */
function solverFor(shape: Ellipsoid): GeodesicSolver {
  let solver = solvers.get(shape);
  if (solver === undefined) {
    solver = new Geodesic.Geodesic(shape.a, shape.f);
    solvers.set(shape, solver);
  }
  return solver;
}

/** Longitude (deg) reduced to [-180, 180); -0 becomes +0. */
function normalizeLongitude(lon: number): number {
  let y = lon % 360;
  if (y >= 180) y -= 360;
  else if (y < -180) y += 360;
  return y + 0;
}

function checkLatitude(path: string, lat: number): void {
  if (!(Math.abs(lat) <= 90)) throw new InputError(path, lat, 'a latitude in [-90, 90] (deg)');
}

function checkFinite(path: string, value: number, expected: string): void {
  if (!Number.isFinite(value)) throw new InputError(path, value, expected);
}

/** GeographicLib marks outputs optional by outmask; the masks below always request them. */
function requested(value: number | undefined, name: string): number {
  if (value === undefined) throw new Error(`geographiclib-geodesic did not return ${name}`);
  return value;
}

/**
 * Inverse geodesic problem: the shortest geodesic from point 1 to point 2.
 *
 * @param lat1 - Geodetic latitude of point 1 (deg, [-90, 90]).
 * @param lon1 - Longitude of point 1 (deg, any value).
 * @param lat2 - Geodetic latitude of point 2 (deg, [-90, 90]).
 * @param lon2 - Longitude of point 2 (deg, any value).
 * @param shape - Ellipsoid (default WGS84); `sphere()` gives great circles.
 * @returns Distance s12 (m), azimuths azi1 and azi2 (deg) and arc length a12 (deg).
 * @throws InputError for a latitude outside [-90, 90] or a non-finite longitude.
 */
export function geodesicInverse(
  lat1: number,
  lon1: number,
  lat2: number,
  lon2: number,
  shape: Ellipsoid = WGS84,
): GeodesicInverse {
  checkLatitude('lat1', lat1);
  checkFinite('lon1', lon1, 'a finite longitude (deg)');
  checkLatitude('lat2', lat2);
  checkFinite('lon2', lon2, 'a finite longitude (deg)');
  const r = solverFor(shape).Inverse(lat1, lon1, lat2, lon2, Geodesic.DISTANCE | Geodesic.AZIMUTH);
  return Object.freeze({
    distance: requested(r.s12, 's12'),
    azimuth1: requested(r.azi1, 'azi1'),
    azimuth2: requested(r.azi2, 'azi2'),
    arc: r.a12,
  });
}

/**
 * Direct geodesic problem: where a geodesic of given start, azimuth and length ends.
 *
 * @param lat1 - Geodetic latitude of the start (deg, [-90, 90]).
 * @param lon1 - Longitude of the start (deg, any value).
 * @param azimuth1 - Azimuth azi1 at the start (deg, clockwise from north).
 * @param distance - Geodesic length s12 (m); negative goes backwards.
 * @param shape - Ellipsoid (default WGS84).
 * @returns End latitude (deg), longitude (deg, [-180, 180)) and forward azimuth azi2 there (deg).
 * @throws InputError for a latitude outside [-90, 90] or a non-finite longitude, azimuth or distance.
 */
export function geodesicDirect(
  lat1: number,
  lon1: number,
  azimuth1: number,
  distance: number,
  shape: Ellipsoid = WGS84,
): GeodesicDirect {
  checkLatitude('lat1', lat1);
  checkFinite('lon1', lon1, 'a finite longitude (deg)');
  checkFinite('azimuth1', azimuth1, 'a finite azimuth (deg)');
  checkFinite('distance', distance, 'a finite distance (m)');
  const r = solverFor(shape).Direct(
    lat1,
    lon1,
    azimuth1,
    distance,
    Geodesic.LATITUDE | Geodesic.LONGITUDE | Geodesic.AZIMUTH,
  );
  return Object.freeze({
    lat: requested(r.lat2, 'lat2'),
    lon: normalizeLongitude(requested(r.lon2, 'lon2')),
    azimuth: requested(r.azi2, 'azi2'),
  });
}

/**
 * Points along the shortest geodesic from point 1 to point 2, for maps: n+1 points including both
 * ends, equally spaced in distance (each segment s12/n). The first and last points are the inputs
 * (longitudes normalized to [-180, 180)); points in between come from GeographicLib's
 * `GeodesicLine.Position`, so a line crossing the antimeridian jumps from +180 to -180.
 *
 * @param lat1 - Geodetic latitude of point 1 (deg, [-90, 90]).
 * @param lon1 - Longitude of point 1 (deg, any value).
 * @param lat2 - Geodetic latitude of point 2 (deg, [-90, 90]).
 * @param lon2 - Longitude of point 2 (deg, any value).
 * @param n - Number of segments (an integer >= 1).
 * @param shape - Ellipsoid (default WGS84).
 * @returns n+1 points, latitude and longitude in degrees.
 * @throws InputError for bad coordinates or an n that is not an integer >= 1.
 */
export function geodesicPath(
  lat1: number,
  lon1: number,
  lat2: number,
  lon2: number,
  n: number,
  shape: Ellipsoid = WGS84,
): Array<{ lat: number; lon: number }> {
  checkLatitude('lat1', lat1);
  checkFinite('lon1', lon1, 'a finite longitude (deg)');
  checkLatitude('lat2', lat2);
  checkFinite('lon2', lon2, 'a finite longitude (deg)');
  if (!(Number.isInteger(n) && n >= 1)) throw new InputError('n', n, 'an integer number of segments >= 1');
  const line = solverFor(shape).InverseLine(
    lat1,
    lon1,
    lat2,
    lon2,
    Geodesic.LATITUDE | Geodesic.LONGITUDE | Geodesic.DISTANCE_IN,
  );
  const points: Array<{ lat: number; lon: number }> = [{ lat: lat1, lon: normalizeLongitude(lon1) }];
  for (let i = 1; i < n; i++) {
    const p = line.Position((line.s13 * i) / n, Geodesic.LATITUDE | Geodesic.LONGITUDE);
    points.push({ lat: requested(p.lat2, 'lat2'), lon: normalizeLongitude(requested(p.lon2, 'lon2')) });
  }
  points.push({ lat: lat2, lon: normalizeLongitude(lon2) });
  return points;
}

/** The geodesic between two geodetic positions (rad), in SI: distance (m) and azimuths (rad). */
export interface GeodesicBetween {
  /** Length (m). */
  readonly distance: number;
  /** Forward azimuth at the start and at the end (rad, clockwise from north). */
  readonly azimuth1: number;
  readonly azimuth2: number;
  /** Arc length on the auxiliary sphere (rad). */
  readonly arc: number;
}

const RAD = Math.PI / 180;

/** Geodesic between two positions given in radians (heights ignored); results in m and rad. */
export function geodesicBetween(
  from: { readonly lat: number; readonly lon: number },
  to: { readonly lat: number; readonly lon: number },
  shape: Ellipsoid = WGS84,
): GeodesicBetween {
  const g = geodesicInverse(from.lat / RAD, from.lon / RAD, to.lat / RAD, to.lon / RAD, shape);
  return { distance: g.distance, azimuth1: g.azimuth1 * RAD, azimuth2: g.azimuth2 * RAD, arc: g.arc * RAD };
}
