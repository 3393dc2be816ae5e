import type { EarthModel } from '../earth/earth-model.js';
import { enuBasis } from '../earth/frames.js';
import { type Geodetic, geodeticToEcef } from '../earth/geodetic.js';

/**
 * A ground radar as geometry: where it is, which directions it can look (fixed faces, or a
 * mechanically steered array over an azimuth sector), its elevation and range limits, and line of
 * sight over the ellipsoid (optionally bent by standard 4/3-Earth refraction). SI units, angles in
 * radians, positions ECEF.
 */

/** A fixed phased-array face: boresight azimuth (clockwise from north) and tilt, largest scan off boresight. */
export interface RadarFace {
  readonly azimuth: number;
  readonly tilt: number;
  readonly maxScan: number;
}

export type RadarCoverage =
  | { readonly kind: 'faces'; readonly faces: readonly RadarFace[] }
  /** A mount that turns the whole array: any direction within an azimuth sector. */
  | { readonly kind: 'mechanical'; readonly azimuthCentre: number; readonly azimuthWidth: number };

export interface RadarTrackSettings {
  /** Continuous visibility from first detection to an established (firm) track (s). */
  readonly firmTrackTime: number;
  /** Further continuous tracking to a fire-control-quality track (s). */
  readonly fireControlTime: number;
  /** Whether this radar's tracks can commit interceptors at all. */
  readonly fireControlQuality: boolean;
}

export interface Radar {
  readonly id: string;
  readonly name: string;
  /** Owner (a party id such as `united-states`). */
  readonly party: string;
  /** Antenna position (height = antenna height above the ellipsoid). */
  readonly site: Geodetic;
  readonly minElevation: number;
  readonly maxElevation: number;
  readonly minRange: number;
  /** Largest range at which the threat object is detected and tracked (m). */
  readonly detectionRange: number;
  readonly coverage: RadarCoverage;
  /** Narrow-beam radars must be told where to look before they can find a target. */
  readonly needsCue: boolean;
  readonly track: RadarTrackSettings;
}

/** Standard effective-Earth factor for refraction in the lower atmosphere. */
export const STANDARD_REFRACTION = 4 / 3;

/** Thickness of the air that bends radar rays, for the cap on refraction (m): the troposphere. */
export const REFRACTING_LAYER = 10e3;

/**
 * Names of the switching functions that must all hold, in the order `RadarGeometry.constraints`
 * writes them; after them come the coverage functions, one per face (any one may hold) or one for
 * a steered mount's sector. Faces are kept apart rather than combined into their maximum: each is
 * smooth, so each has its own clean roots, and a sub-second gap at the seam between two faces is
 * found rather than stepped over.
 */
export const RADAR_CONSTRAINTS = [
  'elevation above minimum',
  'elevation below maximum',
  'within detection range',
  'beyond minimum range',
  'line of sight',
] as const;

/**
 * The radar's visibility conditions as continuous switching functions of a target position, each
 * >= 0 where it holds: the same contract as the flight events, so that the event engine's root
 * finder locates where visibility begins and ends.
 */
export class RadarGeometry {
  private readonly s: readonly [number, number, number];
  private readonly east: readonly number[];
  private readonly north: readonly number[];
  private readonly up: readonly number[];
  /** Boresights of the faces in ECEF and the cosines of their scan limits. */
  private readonly boresights: ReadonlyArray<{ readonly b: readonly number[]; readonly cosScan: number }>;
  /** Local radius of the Earth under the radar (m), for the spherical refraction correction. */
  private readonly localRadius: number;
  private readonly inverseA: number;
  private readonly inverseB: number;

  constructor(
    readonly radar: Radar,
    readonly earth: EarthModel,
    /** Effective-Earth factor: 1 for straight rays, 4/3 for standard refraction. */
    readonly refraction = 1,
  ) {
    const site = radar.site;
    const s = geodeticToEcef(site, earth.ellipsoid);
    this.s = [s[0], s[1], s[2]];
    const [e, n, u] = enuBasis(site.lat, site.lon);
    this.east = e;
    this.north = n;
    this.up = u;
    this.boresights =
      radar.coverage.kind === 'faces'
        ? radar.coverage.faces.map((f) => {
            const ce = Math.cos(f.tilt);
            const de = ce * Math.sin(f.azimuth);
            const dn = ce * Math.cos(f.azimuth);
            const du = Math.sin(f.tilt);
            return {
              b: [0, 1, 2].map((k) => de * e[k]! + dn * n[k]! + du * u[k]!),
              cosScan: Math.cos(f.maxScan),
            };
          })
        : [];
    this.localRadius = Math.hypot(s[0], s[1], s[2]) - site.height;
    this.inverseA = 1 / earth.ellipsoid.a;
    this.inverseB = 1 / (earth.ellipsoid.a * (1 - earth.ellipsoid.f));
  }

  /** The radar's position (ECEF, m). */
  get position(): readonly [number, number, number] {
    return this.s;
  }

  /** Azimuth (rad, clockwise from north), elevation (rad, refraction included) and range (m) of an ECEF point. */
  look(x: number, y: number, z: number): { azimuth: number; elevation: number; range: number } {
    const dx = x - this.s[0];
    const dy = y - this.s[1];
    const dz = z - this.s[2];
    const range = Math.hypot(dx, dy, dz);
    const e = this.east;
    const n = this.north;
    const u = this.up;
    const de = dx * e[0]! + dy * e[1]! + dz * e[2]!;
    const dn = dx * n[0]! + dy * n[1]! + dz * n[2]!;
    const du = dx * u[0]! + dy * u[1]! + dz * u[2]!;
    let azimuth = Math.atan2(de, dn);
    if (azimuth < 0) azimuth += 2 * Math.PI;
    const geometric = Math.asin(Math.max(-1, Math.min(1, du / range)));
    return { azimuth, elevation: geometric + this.bending(x, y, z, geometric), range };
  }

  /**
   * Refraction, added to the exact ellipsoidal elevation (zero for k = 1): the elevation on a
   * sphere of k times the local radius minus that on the true sphere (the classical effective-Earth
   * model), but no more than a ray gathers crossing the refracting layer (the lowest
   * REFRACTING_LAYER of air): the effective-Earth model bends a ray along its whole length, which
   * for a target hundreds of km up and thousands of km away would be degrees instead of the
   * atmosphere's tenths. The cap is the ray curvature (1 - 1/k) / R over the path to the layer's
   * top: 0.8 deg at the horizon, 0.03 deg at 40 deg elevation, for k = 4/3.
   */
  private bending(x: number, y: number, z: number, geometric: number): number {
    if (this.refraction === 1) return 0;
    const model = this.sphericalElevation(x, y, z, this.refraction) - this.sphericalElevation(x, y, z, 1);
    const R = this.localRadius;
    const r0 = R + this.radar.site.height;
    const top = R + Math.max(REFRACTING_LAYER, this.radar.site.height);
    const el = Math.max(0, geometric);
    const path = Math.sqrt(top * top - r0 * r0 * Math.cos(el) ** 2) - r0 * Math.sin(el);
    return Math.min(model, ((1 - 1 / this.refraction) / R) * path);
  }

  /** Elevation of a point seen from the radar over a sphere of radius k R (same arc lengths). */
  private sphericalElevation(x: number, y: number, z: number, k: number): number {
    const s = this.s;
    const rs = Math.hypot(s[0], s[1], s[2]);
    const rt = Math.hypot(x, y, z);
    const cross = Math.hypot(s[1] * z - s[2] * y, s[2] * x - s[0] * z, s[0] * y - s[1] * x);
    const theta = Math.atan2(cross, s[0] * x + s[1] * y + s[2] * z);
    const R = this.localRadius;
    const hs = rs - R;
    const ht = rt - R;
    const Re = k * R;
    const phi = theta / k;
    return Math.atan2((Re + ht) * Math.cos(phi) - (Re + hs), (Re + ht) * Math.sin(phi));
  }

  /** How many switching functions `constraints` writes. */
  get constraintCount(): number {
    return RADAR_CONSTRAINTS.length + Math.max(1, this.boresights.length);
  }

  /**
   * The switching functions at an ECEF point, written to out (length `constraintCount`): those of
   * RADAR_CONSTRAINTS, then the coverage ones. Visible where `holds` says so.
   */
  constraints(x: number, y: number, z: number, out: Float64Array): Float64Array {
    const { radar } = this;
    const look = this.look(x, y, z);
    out[0] = look.elevation - radar.minElevation;
    out[1] = radar.maxElevation - look.elevation;
    out[2] = radar.detectionRange - look.range;
    out[3] = look.range - radar.minRange;
    out[4] = this.lineOfSight(x, y, z);
    this.coverage(x, y, z, look, out, RADAR_CONSTRAINTS.length);
    return out;
  }

  /** Visible: every one of RADAR_CONSTRAINTS holds, and at least one coverage function. */
  holds(values: Float64Array): boolean {
    const n = RADAR_CONSTRAINTS.length;
    for (let j = 0; j < n; j++) if (!(values[j]! >= 0)) return false;
    for (let j = n; j < this.constraintCount; j++) if (values[j]! >= 0) return true;
    return false;
  }

  /** Whether an ECEF point is visible. */
  sees(x: number, y: number, z: number, scratch = new Float64Array(this.constraintCount)): boolean {
    return this.holds(this.constraints(x, y, z, scratch));
  }

  /**
   * Line of sight over the Earth, >= 0 when clear. Straight rays: in coordinates where the
   * ellipsoid is the unit sphere, the closest approach of the segment to the centre minus 1. With
   * refraction: the elevation over the effective sphere above its horizon dip.
   */
  private lineOfSight(x: number, y: number, z: number): number {
    if (this.refraction !== 1) {
      // Over the effective sphere: the (capped) refracted elevation above the horizon's dip.
      const R = this.localRadius * this.refraction;
      const hs = this.radar.site.height;
      const dip = Math.acos(R / (R + Math.max(0, hs)));
      const straight = this.sphericalElevation(x, y, z, 1);
      return straight + this.bending(x, y, z, straight) + dip;
    }
    const ia = this.inverseA;
    const ib = this.inverseB;
    const px = this.s[0] * ia;
    const py = this.s[1] * ia;
    const pz = this.s[2] * ib;
    const dx = x * ia - px;
    const dy = y * ia - py;
    const dz = z * ib - pz;
    const dd = dx * dx + dy * dy + dz * dz;
    const along = dd > 0 ? Math.min(1, Math.max(0, -(px * dx + py * dy + pz * dz) / dd)) : 0;
    // Less a hair (6 mm): a radar standing exactly on the surface is not hidden by the ground at its feet.
    return Math.hypot(px + along * dx, py + along * dy, pz + along * dz) - (1 - 1e-9);
  }

  /**
   * Within each face's scan limits (cosine of the angle off boresight minus that of the limit), or
   * within the mount's azimuth sector, >= 0 when inside; written to out from `offset`.
   */
  private coverage(
    x: number,
    y: number,
    z: number,
    look: { azimuth: number; range: number },
    out: Float64Array,
    offset: number,
  ): void {
    const c = this.radar.coverage;
    if (c.kind === 'mechanical') {
      out[offset] =
        c.azimuthWidth >= 2 * Math.PI
          ? 1
          : Math.cos(look.azimuth - c.azimuthCentre) - Math.cos(c.azimuthWidth / 2);
      return;
    }
    const r = look.range;
    const ux = r > 0 ? (x - this.s[0]) / r : 0;
    const uy = r > 0 ? (y - this.s[1]) / r : 0;
    const uz = r > 0 ? (z - this.s[2]) / r : 0;
    this.boresights.forEach(({ b, cosScan }, k) => {
      out[offset + k] = ux * b[0]! + uy * b[1]! + uz * b[2]! - cosScan;
    });
  }
}
