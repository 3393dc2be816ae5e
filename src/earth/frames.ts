import type { ECEF, ECI, ENU, Frame, Vec3 } from '../core/vector.js';
import { vec3 } from '../core/vector.js';
import type { Geodetic } from './geodetic.js';

/**
 * Frame changes between ECI, ECEF and local ENU.
 *
 * ECI is aligned with ECEF at the scenario epoch t = 0; ECEF then rotates about +z at the Earth
 * model's rotation rate (7.292115e-5 rad/s, or 0 with rotation switched off). Precession, nutation
 * and polar motion are below the fidelity of the open literature and are not modelled.
 */

/** Position and velocity in one frame (m, m/s). ECEF velocity is relative to the rotating Earth. */
export interface StateVector<F extends Frame> {
  readonly position: Vec3<F>;
  readonly velocity: Vec3<F>;
}

/** ECI position (m) at time t (s) to ECEF. */
export function eciToEcef(r: Vec3<ECI>, t: number, rotationRate: number): Vec3<ECEF> {
  const th = rotationRate * t;
  const c = Math.cos(th);
  const s = Math.sin(th);
  return vec3<ECEF>(c * r[0] + s * r[1], -s * r[0] + c * r[1], r[2]);
}

/** ECEF position (m) at time t (s) to ECI. */
export function ecefToEci(r: Vec3<ECEF>, t: number, rotationRate: number): Vec3<ECI> {
  const th = rotationRate * t;
  const c = Math.cos(th);
  const s = Math.sin(th);
  return vec3<ECI>(c * r[0] - s * r[1], s * r[0] + c * r[1], r[2]);
}

/** ECI state to ECEF state: v_ecef = R (v_eci - omega x r_eci). */
export function eciStateToEcef(state: StateVector<ECI>, t: number, rotationRate: number): StateVector<ECEF> {
  const r = state.position;
  const v = state.velocity;
  const vRel = vec3<ECI>(v[0] + rotationRate * r[1], v[1] - rotationRate * r[0], v[2]);
  return { position: eciToEcef(r, t, rotationRate), velocity: eciToEcef(vRel, t, rotationRate) };
}

/** ECEF state (velocity relative to the Earth) to ECI state: v_eci = R^T v_ecef + omega x r_eci. */
export function ecefStateToEci(state: StateVector<ECEF>, t: number, rotationRate: number): StateVector<ECI> {
  const r = ecefToEci(state.position, t, rotationRate);
  const v = ecefToEci(state.velocity, t, rotationRate);
  return { position: r, velocity: vec3<ECI>(v[0] - rotationRate * r[1], v[1] + rotationRate * r[0], v[2]) };
}

/** Rows of the ECEF -> ENU rotation at a geodetic latitude and longitude (rad). */
export function enuBasis(lat: number, lon: number): [number[], number[], number[]] {
  const sl = Math.sin(lat);
  const cl = Math.cos(lat);
  const so = Math.sin(lon);
  const co = Math.cos(lon);
  return [
    [-so, co, 0],
    [-sl * co, -sl * so, cl],
    [cl * co, cl * so, sl],
  ];
}

/** Direction (or displacement) in ECEF expressed in the ENU axes at a site. */
export function ecefVectorToEnu(v: Vec3<ECEF>, site: Geodetic): Vec3<ENU> {
  const [e, n, u] = enuBasis(site.lat, site.lon);
  return vec3<ENU>(
    e[0]! * v[0] + e[1]! * v[1] + e[2]! * v[2],
    n[0]! * v[0] + n[1]! * v[1] + n[2]! * v[2],
    u[0]! * v[0] + u[1]! * v[1] + u[2]! * v[2],
  );
}

/** Direction (or displacement) in a site's ENU axes expressed in ECEF. */
export function enuVectorToEcef(v: Vec3<ENU>, site: Geodetic): Vec3<ECEF> {
  const [e, n, u] = enuBasis(site.lat, site.lon);
  return vec3<ECEF>(
    e[0]! * v[0] + n[0]! * v[1] + u[0]! * v[2],
    e[1]! * v[0] + n[1]! * v[1] + u[1]! * v[2],
    e[2]! * v[0] + n[2]! * v[1] + u[2]! * v[2],
  );
}

/** Position of an ECEF point (m) relative to a site, in the site's ENU axes (m). */
export function ecefToEnu(r: Vec3<ECEF>, siteEcef: Vec3<ECEF>, site: Geodetic): Vec3<ENU> {
  return ecefVectorToEnu(vec3<ECEF>(r[0] - siteEcef[0], r[1] - siteEcef[1], r[2] - siteEcef[2]), site);
}

/** Look angles from a site: azimuth clockwise from north and elevation above the local horizontal. */
export interface LookAngles {
  /** Azimuth (rad) in [0, 2 pi), clockwise from geodetic north. */
  readonly azimuth: number;
  /** Elevation (rad) above the plane normal to the ellipsoid normal. */
  readonly elevation: number;
  /** Slant range (m). */
  readonly range: number;
}

/** Azimuth, elevation and range of an ECEF point from a site. */
export function lookAngles(target: Vec3<ECEF>, siteEcef: Vec3<ECEF>, site: Geodetic): LookAngles {
  const enu = ecefToEnu(target, siteEcef, site);
  const horizontal = Math.hypot(enu[0], enu[1]);
  const range = Math.hypot(horizontal, enu[2]);
  let azimuth = Math.atan2(enu[0], enu[1]);
  if (azimuth < 0) azimuth += 2 * Math.PI;
  return { azimuth, elevation: Math.atan2(enu[2], horizontal), range };
}

/** Unit vector in ENU for an azimuth (rad, clockwise from north) and elevation (rad). */
export function enuDirection(azimuth: number, elevation: number): Vec3<ENU> {
  const ce = Math.cos(elevation);
  return vec3<ENU>(ce * Math.sin(azimuth), ce * Math.cos(azimuth), Math.sin(elevation));
}
