import type { ECEF, Vec3 } from '../core/vector.js';
import { vec3 } from '../core/vector.js';
import type { Ellipsoid } from './ellipsoid.js';

/** Geodetic coordinates on an ellipsoid: latitude and longitude (rad), height above it (m). */
export interface Geodetic {
  /** Geodetic latitude (rad), in [-pi/2, pi/2]. */
  readonly lat: number;
  /** Longitude (rad), in (-pi, pi]. */
  readonly lon: number;
  /** Height above the ellipsoid along its normal (m). */
  readonly height: number;
}

const RAD = Math.PI / 180;

/** A geodetic position from degrees (the boundary unit) and metres. */
export function geodeticFromDegrees(latDeg: number, lonDeg: number, height = 0): Geodetic {
  return { lat: latDeg * RAD, lon: lonDeg * RAD, height };
}

/** Geodetic (rad, rad, m) to ECEF (m): the closed-form forward transformation. */
export function geodeticToEcef(p: Geodetic, shape: Ellipsoid): Vec3<ECEF> {
  const sinLat = Math.sin(p.lat);
  const cosLat = Math.cos(p.lat);
  const n = shape.a / Math.sqrt(1 - shape.e2 * sinLat * sinLat);
  const rho = (n + p.height) * cosLat;
  return vec3<ECEF>(rho * Math.cos(p.lon), rho * Math.sin(p.lon), (n * (1 - shape.e2) + p.height) * sinLat);
}

/**
 * Reusable output of the allocation-free inverse, for hot paths (event functions, right-hand sides).
 * Angles in rad, height in m.
 */
export interface GeodeticScratch {
  lat: number;
  lon: number;
  height: number;
}

/**
 * ECEF (m) to geodetic, in closed form: H. Vermeille, "Computing geodetic coordinates from
 * geocentric coordinates", Journal of Geodesy 78 (2004) 94-95. Exact (no iteration) for every
 * point farther than about 43 km from the Earth's centre, poles included; the same code serves a
 * sphere (e2 = 0). Hand-written because no package covers it together with the frames here
 * (shared/STACK.md: proj4 agreed to 5e-9 m as an oracle).
 *
 * Because the ellipsoid is symmetric about z, the latitude and height are the same whether
 * (x, y, z) are ECEF or ECI coordinates; only the longitude differs.
 */
export function cartesianToGeodeticInto(
  x: number,
  y: number,
  z: number,
  shape: Ellipsoid,
  out: GeodeticScratch,
): GeodeticScratch {
  const v = heightAndNormalInto(x, y, z, shape, vertical);
  // The normal's elevation is the geodetic latitude: atan2(z, D) in Vermeille's notation.
  out.lat = Math.atan2(v.nz, Math.hypot(v.nx, v.ny));
  out.lon = Math.atan2(y, x);
  out.height = v.height;
  return out;
}

const vertical: HeightAndNormal = { height: 0, nx: 0, ny: 0, nz: 1 };

/** ECEF (m) to geodetic (rad, rad, m). */
export function ecefToGeodetic(r: Vec3<ECEF>, shape: Ellipsoid): Geodetic {
  const out = cartesianToGeodeticInto(r[0], r[1], r[2], shape, { lat: 0, lon: 0, height: 0 });
  return { lat: out.lat, lon: out.lon, height: out.height };
}

/** Height above the ellipsoid (m) and the unit outward normal there, for hot paths. */
export interface HeightAndNormal {
  height: number;
  nx: number;
  ny: number;
  nz: number;
}

/**
 * Height above the ellipsoid (m) and the ellipsoid's unit normal through the point, in the frame
 * of (x, y, z) (ECI or ECEF alike), with no trigonometric call: Vermeille's construction gives the
 * normal as the direction of (D cos(lon), D sin(lon), z). Allocation-free.
 */
export function heightAndNormalInto(
  x: number,
  y: number,
  z: number,
  shape: Ellipsoid,
  out: HeightAndNormal,
): HeightAndNormal {
  const a2 = shape.a * shape.a;
  const e2 = shape.e2;
  const e4 = e2 * e2;
  const rho2 = x * x + y * y;
  const p = rho2 / a2;
  const q = ((1 - e2) / a2) * z * z;
  const r = (p + q - e4) / 6;
  const s = (e4 * p * q) / (4 * r * r * r);
  const t = Math.cbrt(1 + s + Math.sqrt(s * (2 + s)));
  const u = r * (1 + t + 1 / t);
  const v = Math.sqrt(u * u + e4 * q);
  const w = (e2 * (u + v - q)) / (2 * v);
  const k = Math.sqrt(u + v + w * w) - w;
  const rho = Math.sqrt(rho2);
  const d = (k * rho) / (k + e2);
  const dz = Math.sqrt(d * d + z * z);
  const invDz = 1 / dz;
  out.height = ((k + e2 - 1) / k) * dz;
  // cos(lat) = d / dz, sin(lat) = z / dz; cos(lon) = x / rho, sin(lon) = y / rho.
  if (rho > 0) {
    const c = (d * invDz) / rho;
    out.nx = c * x;
    out.ny = c * y;
  } else {
    out.nx = 0;
    out.ny = 0;
  }
  out.nz = z * invDz;
  return out;
}
