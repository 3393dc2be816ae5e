import type { EarthModel } from '../earth/earth-model.js';
import {
  type Geodetic,
  geodeticToEcef,
  type HeightAndNormal,
  heightAndNormalInto,
} from '../earth/geodetic.js';
import { flyRocket } from '../flight/fly.js';
import type { Interceptor } from './interceptor.js';

/**
 * The flyout fan: where an interceptor can be, and when. Fly it at every launch azimuth of a
 * sector grid and every loft (pitch-over angle) of a loft grid, sample each trajectory, and answer
 * "when can the interceptor be at this point?" by interpolating between neighbouring lofts and
 * azimuths.
 *
 * Frame: everything is in the launch frame, the ECI frame of a launch at t = 0 (equal to ECEF
 * then). A launch at t_L sees the same fan rotated by omega t_L about the polar axis, so a point
 * given in ECI at launch time t_L is rotated back by -omega t_L before it is looked up. Points are
 * located by their height above the ellipsoid (exact) and by a spherical ground range and bearing
 * from the site (geocentric angles: the table is built and read with the same measure).
 */

const DEG = Math.PI / 180;

/** One sampled trajectory of the fan. */
interface FanCurve {
  /** Pitch-over angle (rad). */
  readonly loft: number;
  /** Sample times (s from launch) where the ground range still grows; the curve stops at impact. */
  readonly t: Float64Array;
  /** Spherical ground range from the site (m) and height (m) at each sample. */
  readonly rho: Float64Array;
  readonly h: Float64Array;
  /** Bearing of the point minus the launch azimuth (rad): the curving of the track by rotation. */
  readonly drift: Float64Array;
}

interface Sector {
  readonly azimuth: number;
  readonly curves: FanCurve[];
}

/** A way of reaching a point: flight time (s), and the launch azimuth and loft (rad) that do it. */
export interface Arrival {
  readonly time: number;
  readonly azimuth: number;
  readonly loft: number;
}

export interface Reach {
  readonly earliest: Arrival;
  readonly latest: Arrival;
}

export interface ReachTableOptions {
  /** Launch azimuths: this many, evenly spaced (default 48, every 7.5 deg: measured, finer sectors gain nothing). */
  readonly sectors?: number;
  /** Lofts: pitch-over angles (rad), increasing (default 0.5 deg, then 2 to 80 deg every 2 deg). */
  readonly lofts?: readonly number[];
  /** Sampling interval along each trajectory (s); default 2. */
  readonly sampleInterval?: number;
  /** How long after launch to follow each trajectory (s); default 3600 (lofted fast boosters need it). */
  readonly horizon?: number;
}

/**
 * Default lofts: every 0.5 deg of pitch-over up to 20 deg, where steep trajectories change fast
 * with the loft, then every degree to 89.5 deg, flat enough for fast boosters to reach low altitudes far away (measured: the table then predicts arrival times to
 * within about 0.6 s against direct flights).
 */
export const DEFAULT_LOFTS: readonly number[] = [
  ...Array.from({ length: 40 }, (_, i) => (0.5 + 0.5 * i) * DEG),
  ...Array.from({ length: 69 }, (_, i) => (21 + i) * DEG),
  89.5 * DEG,
];

export class ReachTable {
  /** Sectors by index, flown on first use: an engagement looks in only a few directions. */
  private readonly sectors: Array<Sector | undefined>;
  /** Trajectories flown so far. */
  flights = 0;
  private readonly lofts: readonly number[];
  private readonly sampleInterval: number;
  private readonly horizon: number;
  private readonly siteUnit: [number, number, number];
  private readonly east: [number, number, number];
  private readonly north: [number, number, number];
  private readonly scratch: HeightAndNormal = { height: 0, nx: 0, ny: 0, nz: 1 };
  private readonly spacing: number;

  constructor(
    readonly interceptor: Interceptor,
    readonly site: Geodetic,
    readonly earth: EarthModel,
    options: ReachTableOptions = {},
  ) {
    const count = options.sectors ?? 48;
    const lofts = options.lofts ?? DEFAULT_LOFTS;
    const dt = options.sampleInterval ?? 2;
    const horizon = options.horizon ?? 3600;
    this.spacing = (2 * Math.PI) / count;
    const r = geodeticToEcef(site, earth.ellipsoid);
    const n = Math.hypot(r[0], r[1], r[2]);
    this.siteUnit = [r[0] / n, r[1] / n, r[2] / n];
    const horizontal = Math.hypot(this.siteUnit[0], this.siteUnit[1]);
    this.east =
      horizontal > 1e-12 ? [-this.siteUnit[1] / horizontal, this.siteUnit[0] / horizontal, 0] : [0, 1, 0];
    const u = this.siteUnit;
    const e = this.east;
    this.north = [u[1] * e[2] - u[2] * e[1], u[2] * e[0] - u[0] * e[2], u[0] * e[1] - u[1] * e[0]];

    this.lofts = lofts;
    this.sampleInterval = dt;
    this.horizon = horizon;
    this.sectors = new Array<Sector | undefined>(count).fill(undefined);
  }

  /** How long after launch each trajectory is followed (s). */
  get horizonTime(): number {
    return this.horizon;
  }

  /** Number of launch-azimuth sectors. */
  get sectorCount(): number {
    return this.sectors.length;
  }

  /** Sector i, flying its fan the first time it is asked for. */
  private sector(i: number): Sector {
    const cached = this.sectors[i];
    if (cached) return cached;
    const { interceptor, site, earth } = this;
    const booster = interceptor.booster;
    const azimuth = i * this.spacing;
    const coords = { rho: 0, bearing: 0, h: 0 };
    const state = new Float64Array(7);
    const curves: FanCurve[] = [];
    for (const loft of this.lofts) {
      const flight = flyRocket(
        { ...booster, guidance: { ...booster.guidance, pitchoverAngle: loft } },
        { site: { ...site, height: 0 }, azimuth },
        earth,
        { maxFlightTime: this.horizon },
      );
      this.flights++;
      const traj = flight.trajectory;
      const t: number[] = [];
      const rho: number[] = [];
      const h: number[] = [];
      const drift: number[] = [];
      for (let time = 0; time <= traj.endTime; time += this.sampleInterval) {
        traj.stateAt(time, state);
        this.coordinates(state[0]!, state[1]!, state[2]!, coords);
        // Keep the part where the ground range grows (a single-valued curve in range).
        if (rho.length > 0 && !(coords.rho > rho[rho.length - 1]!)) {
          if (rho[rho.length - 1]! > 10e3) break;
          continue;
        }
        t.push(time);
        rho.push(coords.rho);
        h.push(coords.h);
        drift.push(wrap(coords.bearing - azimuth));
      }
      curves.push({
        loft,
        t: Float64Array.from(t),
        rho: Float64Array.from(rho),
        h: Float64Array.from(h),
        drift: Float64Array.from(drift),
      });
    }
    const sector = { azimuth, curves };
    this.sectors[i] = sector;
    return sector;
  }

  /** Ground range (m), bearing (rad) and height (m) of a launch-frame point (m) seen from the site. */
  coordinates(x: number, y: number, z: number, out: { rho: number; bearing: number; h: number }): void {
    const u = this.siteUnit;
    const n = Math.hypot(x, y, z);
    const px = x / n;
    const py = y / n;
    const pz = z / n;
    const cos = u[0] * px + u[1] * py + u[2] * pz;
    const cx = u[1] * pz - u[2] * py;
    const cy = u[2] * px - u[0] * pz;
    const cz = u[0] * py - u[1] * px;
    out.rho = this.earth.ellipsoid.a * Math.atan2(Math.hypot(cx, cy, cz), cos);
    const e = this.east;
    const no = this.north;
    out.bearing = Math.atan2(px * e[0] + py * e[1] + pz * e[2], px * no[0] + py * no[1] + pz * no[2]);
    out.h = heightAndNormalInto(x, y, z, this.earth.ellipsoid, this.scratch).height;
  }

  /**
   * When the interceptor can be at a launch-frame point (m): the earliest and the latest arrival
   * over all lofts and azimuths, each with the launch azimuth and loft that give it; undefined if
   * the point is out of the fan.
   */
  reach(x: number, y: number, z: number): Reach | undefined {
    const c = { rho: 0, bearing: 0, h: 0 };
    this.coordinates(x, y, z, c);
    // The sectors are launch azimuths, and a track drifts from its launch azimuth (the Earth
    // turns under it): weight the neighbouring sectors by the launch azimuth that reaches the
    // point, found by a first look-up at the point's own bearing.
    let launch = c.bearing;
    let pair: { i: number; a: Reach | undefined; b: Reach | undefined } | undefined;
    let result: Reach | undefined;
    for (let pass = 0; pass < 2; pass++) {
      const az = ((launch % (2 * Math.PI)) + 2 * Math.PI) % (2 * Math.PI);
      const i = Math.floor(az / this.spacing) % this.sectors.length;
      const w = (az - i * this.spacing) / this.spacing;
      if (!pair || pair.i !== i) {
        const j = (i + 1) % this.sectors.length;
        pair = {
          i,
          a: this.sectorReach(this.sector(i), c.rho, c.h, c.bearing),
          b: this.sectorReach(this.sector(j), c.rho, c.h, c.bearing),
        };
      }
      const { a, b } = pair;
      if (a && b) {
        result = { earliest: blend(a.earliest, b.earliest, w), latest: blend(a.latest, b.latest, w) };
      } else if (a && w < 0.5) {
        // At the edge of the fan only one neighbour reaches: use it if the point is nearer to it.
        result = a;
      } else if (b && w >= 0.5) {
        result = b;
      } else {
        return undefined;
      }
      launch = result.earliest.azimuth;
    }
    return result;
  }

  /**
   * Earliest and latest arrival at (rho, h) within one sector. Each loft's curve gives the height
   * and time at which it passes ground range rho; where consecutive lofts straddle h, the loft,
   * time and drift that reach h are found by inverse interpolation in height: cubic through four
   * neighbouring lofts where the height is monotonic across them, linear otherwise.
   */
  private sectorReach(sector: Sector, rho: number, h: number, bearing: number): Reach | undefined {
    // Each loft's passage at ground range rho, into scratch arrays (this runs millions of times).
    const n = sector.curves.length;
    const { at, valid } = this.scratchFor(n);
    for (let k = 0; k < n; k++) {
      const curve = sector.curves[k]!;
      valid[k] = sampleAtRange(curve, rho, at, 4 * k) ? 1 : 0;
      at[4 * k + 3] = curve.loft;
    }
    let earliest: Arrival | undefined;
    let latest: Arrival | undefined;
    for (let k = 0; k + 1 < n; k++) {
      if (!valid[k] || !valid[k + 1]) continue;
      const h0 = at[4 * k + 1]!;
      const h1 = at[4 * k + 5]!;
      const d0 = h0 - h;
      const d1 = h1 - h;
      if (!(d0 * d1 <= 0 && d0 !== d1)) continue;
      let time: number;
      let drift: number;
      let loft: number;
      const hm = k > 0 && valid[k - 1] ? at[4 * (k - 1) + 1]! : Number.NaN;
      const hq = k + 2 < n && valid[k + 2] ? at[4 * (k + 2) + 1]! : Number.NaN;
      if (monotonic(hm, h0, h1, hq)) {
        const xs = [hm, h0, h1, hq];
        const o = 4 * (k - 1);
        time = lagrange(xs, [at[o]!, at[o + 4]!, at[o + 8]!, at[o + 12]!], h);
        drift = lagrange(xs, [at[o + 2]!, at[o + 6]!, at[o + 10]!, at[o + 14]!], h);
        loft = lagrange(xs, [at[o + 3]!, at[o + 7]!, at[o + 11]!, at[o + 15]!], h);
      } else {
        const w = d0 / (d0 - d1);
        const o = 4 * k;
        time = at[o]! + w * (at[o + 4]! - at[o]!);
        drift = at[o + 2]! + w * (at[o + 6]! - at[o + 2]!);
        loft = at[o + 3]! + w * (at[o + 7]! - at[o + 3]!);
      }
      if (!earliest || time < earliest.time) earliest = { time, azimuth: wrap(bearing - drift), loft };
      if (!latest || time > latest.time) latest = { time, azimuth: wrap(bearing - drift), loft };
    }
    return earliest && latest ? { earliest, latest } : undefined;
  }

  private scratch4 = new Float64Array(0);
  private scratchValid = new Uint8Array(0);

  private scratchFor(n: number): { at: Float64Array; valid: Uint8Array } {
    if (this.scratchValid.length < n) {
      this.scratch4 = new Float64Array(4 * n);
      this.scratchValid = new Uint8Array(n);
    }
    return { at: this.scratch4, valid: this.scratchValid };
  }
}

function monotonic(a: number, b: number, c: number, d: number): boolean {
  return (a < b && b < c && c < d) || (a > b && b > c && c > d);
}

/** Lagrange interpolation through four points (x strictly monotonic) at x. */
function lagrange(xs: readonly number[], ys: readonly number[], x: number): number {
  let sum = 0;
  for (let i = 0; i < 4; i++) {
    let term = ys[i]!;
    for (let j = 0; j < 4; j++) if (j !== i) term *= (x - xs[j]!) / (xs[i]! - xs[j]!);
    sum += term;
  }
  return sum;
}

/**
 * Time, height and drift where a curve reaches ground range rho (linear between samples), written
 * to out[offset..offset+2]; false when the curve does not reach rho.
 */
function sampleAtRange(curve: FanCurve, rho: number, out: Float64Array, offset: number): boolean {
  const r = curve.rho;
  const n = r.length;
  if (n < 2 || rho < r[0]! || rho > r[n - 1]!) return false;
  let lo = 0;
  let hi = n - 1;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (r[mid]! <= rho) lo = mid;
    else hi = mid;
  }
  const w = (rho - r[lo]!) / (r[hi]! - r[lo]!);
  out[offset] = curve.t[lo]! + w * (curve.t[hi]! - curve.t[lo]!);
  out[offset + 1] = curve.h[lo]! + w * (curve.h[hi]! - curve.h[lo]!);
  out[offset + 2] = curve.drift[lo]! + w * (curve.drift[hi]! - curve.drift[lo]!);
  return true;
}

function blend(a: Arrival, b: Arrival, w: number): Arrival {
  return {
    time: a.time + w * (b.time - a.time),
    azimuth: wrap(a.azimuth + w * wrap(b.azimuth - a.azimuth)),
    loft: a.loft + w * (b.loft - a.loft),
  };
}

function wrap(angle: number): number {
  return Math.atan2(Math.sin(angle), Math.cos(angle));
}
