import type { EarthModel } from '../earth/earth-model.js';
import { type Geodetic, geodeticToEcef } from '../earth/geodetic.js';
import { flyRocket } from '../flight/fly.js';
import { boostDuration, type Rocket } from '../flight/rocket.js';
import { withThrustCutoff } from '../flight/thrust-termination.js';
import type { Interceptor } from './interceptor.js';

/**
 * The flyout fan: where an interceptor can be, and when. Fly it at every launch azimuth of a
 * sector grid and every loft (pitch-over angle) of a loft grid, sample each trajectory, and answer
 * "when can the interceptor be at this point?" by interpolating between neighbouring lofts and
 * azimuths.
 *
 * Frame: Earth-fixed (ECEF) at the moment of arrival. The site turns with the Earth, so a
 * trajectory seen from the ground is the same whatever the launch time: a point where the threat
 * is at time t, taken in ECEF at t, is looked up directly, and the answer (a flight time) fixes
 * the launch time. (In the inertial frame the fan would turn with the launch time, and a
 * near-vertical shot, carried east at the site's 270 m/s, would curl back over the site: its
 * ground range would not be single-valued.) Points are located by their height above the ellipsoid
 * and by a spherical ground range and bearing from the site (geocentric angles: the table is built
 * and read with the same measure).
 *
 * Energy management: a booster faster than needed flies over low, far points even on its
 * flattest loft (above about 8 km/s it is super-orbital). Solid boosters shed energy by steering
 * against their velocity (the "general energy management steering" of solid upper stages) or end
 * the burn through thrust-termination ports (Minuteman III's third stage has them); both are
 * modelled as a thrust cutoff. Each sector therefore has a second, energy-managed fan: a grid of
 * lofts and cutoffs, read along both its rows (a cutoff, lofts varying) and its columns (a loft,
 * cutoffs varying) so that no point between two cutoffs is missed. With it a faster interceptor
 * goes wherever a slower one can, so it never loses an intercept the slower one had. It is flown
 * only for sectors where some point in the intercept altitude band is out of the full-burn fan,
 * and read only there (a cutoff never arrives sooner than the full burn on the same path).
 */

const DEG = Math.PI / 180;

/** One sampled trajectory of the fan. */
interface FanCurve {
  /** Pitch-over angle (rad). */
  readonly loft: number;
  /** Thrust cutoff (s from launch); the full boost duration when the booster burns out. */
  readonly cutoff: number;
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
  /** Full burn, one curve per loft, in the order of the lofts. */
  readonly curves: FanCurve[];
  /** The same curves indexed for look-ups (see PackedFamily); absent when the table searches. */
  readonly packed: PackedFamily | undefined;
  /** Energy management, flown when first needed: rows (one cutoff each) and columns (one loft each). */
  managed?: {
    readonly rows: FanCurve[][];
    readonly columns: FanCurve[][];
    /** Rows then columns, indexed; absent when the table searches. */
    readonly packed: PackedFamily[] | undefined;
  };
}

/**
 * Width of a bucket of ground range in a family's index (m): a few samples of each curve (2 s
 * apart, at up to 8 km/s), so that a look-up searches a handful of samples instead of the curve.
 */
const BUCKET = 25e3;

/**
 * A family of curves (ordered by loft, or by cutoff) indexed by buckets of ground range, so that a
 * look-up reads only what can matter and answers exactly as a search of every curve would:
 * - the ranges and heights of every curve interleaved in one array (a look-up reads a few
 *   consecutive cache lines per curve), and for each bucket and curve the last sample at or before
 *   the bucket's start: the bracket of a range is then searched among a few samples, and it is the
 *   same bracket (the ranges of a curve increase strictly, so it is unique);
 * - for each bucket and pair of neighbouring curves, the lowest and highest height either can
 *   have there (every sample a bracket in the bucket may use, widened by rounding): a pair whose
 *   envelope misses the height cannot straddle it, so it is skipped without a look-up;
 * - for each bucket, the curves in order of the earliest time any of them can be there (a lower
 *   bound: the time of the first sample a bracket in the bucket may use), so that the earliest
 *   pass above a point stops once no later curve can beat the best found.
 * Time and drift are interpolated only for the (at most four) curves an answer uses.
 */
interface PackedFamily {
  readonly curves: readonly FanCurve[];
  /** Number of curves and of buckets (the farthest curve's last bucket, and one more). */
  readonly n: number;
  readonly buckets: number;
  /** First sample of each curve in rh, and its sample count. */
  readonly offset: Int32Array;
  readonly length: Int32Array;
  /** rho, h, rho, h, ... of every curve, one after the other (m). */
  readonly rh: Float64Array;
  /** idx[b * n + k]: last sample of curve k at or before ground range b * BUCKET (0 if none). */
  readonly idx: Int32Array;
  /**
   * env[2 * (b * (n - 1) + k)] and the next: lowest and highest height of curves k, k + 1 in bucket
   * b (m), widened by far more than single precision rounds.
   */
  readonly env: Float32Array;
  /**
   * order[b * n + j]: the curve with the j-th earliest lower bound on its time in bucket b, tLow
   * (s); for the full-burn fan only (earliestAbove), empty otherwise.
   */
  readonly order: Int32Array;
  readonly tLow: Float64Array;
}

/** Index a family of curves (see PackedFamily); `byTime` orders the curves in each bucket too. */
function packFamily(curves: readonly FanCurve[], byTime = false): PackedFamily {
  const n = curves.length;
  let total = 0;
  let buckets = 0;
  const offset = new Int32Array(n);
  const length = new Int32Array(n);
  curves.forEach((c, k) => {
    offset[k] = total;
    length[k] = c.rho.length;
    total += c.rho.length;
    if (c.rho.length > 0) buckets = Math.max(buckets, Math.floor(c.rho[c.rho.length - 1]! / BUCKET) + 2);
  });
  const rh = new Float64Array(2 * total);
  const idx = new Int32Array((buckets + 1) * n);
  curves.forEach((c, k) => {
    const o = offset[k]!;
    const r = c.rho;
    for (let i = 0; i < r.length; i++) {
      rh[2 * (o + i)] = r[i]!;
      rh[2 * (o + i) + 1] = c.h[i]!;
    }
    let i = 0;
    for (let b = 0; b <= buckets; b++) {
      while (i + 1 < r.length && r[i + 1]! <= b * BUCKET) i++;
      idx[b * n + k] = i;
    }
  });
  // The samples a bracket in bucket b may use on curve k: from its start to one past the next
  // bucket's start (as in packedBracket).
  const first = (b: number, k: number) => Math.min(length[k]! - 2, idx[b * n + k]!);
  const last = (b: number, k: number) => Math.min(length[k]! - 1, idx[(b + 1) * n + k]! + 1);
  const low = new Float64Array(buckets * n).fill(Number.POSITIVE_INFINITY);
  const high = new Float64Array(buckets * n).fill(Number.NEGATIVE_INFINITY);
  const tLowOf = new Float64Array(buckets * n).fill(Number.POSITIVE_INFINITY);
  curves.forEach((c, k) => {
    if (c.rho.length < 2) return;
    for (let b = 0; b < buckets; b++) {
      let lo = Number.POSITIVE_INFINITY;
      let hi = Number.NEGATIVE_INFINITY;
      for (let i = first(b, k); i <= last(b, k); i++) {
        lo = Math.min(lo, c.h[i]!);
        hi = Math.max(hi, c.h[i]!);
      }
      // An interpolated height lies between its two samples but for rounding (1e-16), and single
      // precision rounds by 6e-8: far below this.
      const slack = 1e-6 * Math.max(1, Math.abs(lo), Math.abs(hi));
      low[b * n + k] = lo - slack;
      high[b * n + k] = hi + slack;
      tLowOf[b * n + k] = c.t[first(b, k)]!;
    }
  });
  const env = new Float32Array(2 * buckets * Math.max(0, n - 1));
  for (let b = 0; b < buckets; b++)
    for (let k = 0; k + 1 < n; k++) {
      env[2 * (b * (n - 1) + k)] = Math.min(low[b * n + k]!, low[b * n + k + 1]!);
      env[2 * (b * (n - 1) + k) + 1] = Math.max(high[b * n + k]!, high[b * n + k + 1]!);
    }
  const order = new Int32Array(byTime ? buckets * n : 0);
  const tLow = new Float64Array(byTime ? buckets * n : 0);
  // Insertion sort from the previous bucket's order: from one bucket to the next it barely changes.
  const sorted = Int32Array.from({ length: n }, (_, k) => k);
  for (let b = 0; b < buckets && byTime; b++) {
    const at = (k: number) => tLowOf[b * n + k]!;
    for (let i = 1; i < n; i++) {
      const k = sorted[i]!;
      let j = i - 1;
      while (j >= 0 && at(sorted[j]!) > at(k)) {
        sorted[j + 1] = sorted[j]!;
        j--;
      }
      sorted[j + 1] = k;
    }
    for (let j = 0; j < n; j++) {
      order[b * n + j] = sorted[j]!;
      tLow[b * n + j] = at(sorted[j]!);
    }
  }
  return { curves, n, buckets, offset, length, rh, idx, env, order, tLow };
}

/**
 * Where curve k of a packed family reaches ground range rho: out[at] = the bracket's first sample,
 * out[at + 1] = height (m), out[at + 2] = weight; false when the curve does not reach rho. The
 * bracket and the height are sampleAtRange's, from the same samples with the same arithmetic.
 */
function packedBracket(p: PackedFamily, k: number, rho: number, out: Float64Array, at: number): boolean {
  const n = p.length[k]!;
  if (n < 2) return false;
  const rh = p.rh;
  const o = p.offset[k]!;
  if (rho < rh[2 * o]! || rho > rh[2 * (o + n - 1)]!) return false;
  const b = Math.floor(rho / BUCKET);
  // rh[lo] <= rho (the sample at or before the bucket's start, or the first, which rho passed);
  // hi is past the next bucket's start, so beyond rho, or the last sample.
  let lo = Math.min(n - 2, p.idx[b * p.n + k]!);
  let hi = Math.min(n - 1, p.idx[(b + 1) * p.n + k]! + 1);
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (rh[2 * (o + mid)]! <= rho) lo = mid;
    else hi = mid;
  }
  const rLo = rh[2 * (o + lo)]!;
  const hLo = rh[2 * (o + lo) + 1]!;
  const w = (rho - rLo) / (rh[2 * (o + hi)]! - rLo);
  out[at] = lo;
  out[at + 1] = hLo + w * (rh[2 * (o + hi) + 1]! - hLo);
  out[at + 2] = w;
  return true;
}

/** A way of reaching a point: flight time (s), and the launch azimuth and loft (rad) that do it. */
export interface Arrival {
  readonly time: number;
  readonly azimuth: number;
  readonly loft: number;
  /** Thrust cutoff (s from launch); the booster's full boost duration means no cutoff. */
  readonly cutoff: number;
}

export interface Reach {
  readonly earliest: Arrival;
  readonly latest: Arrival;
}

export interface ReachTableOptions {
  /** Launch azimuths: this many, evenly spaced (default 48, every 7.5 deg: measured, finer sectors gain nothing). */
  readonly sectors?: number;
  /** Lofts: pitch-over angles (rad), increasing (default DEFAULT_LOFTS: 119 from 0.5 to 89.5 deg). */
  readonly lofts?: readonly number[];
  /** Sampling interval along each trajectory (s); default 2. */
  readonly sampleInterval?: number;
  /** How long after launch to follow each trajectory (s); default 3600 (lofted fast boosters need it). */
  readonly horizon?: number;
  /**
   * Energy management: thrust cutoffs (fractions of the full boost duration, decreasing) and the
   * lofts (rad, increasing) flown with each (defaults below). An empty list of cutoffs turns
   * energy management off.
   */
  readonly managedCutoffs?: readonly number[];
  readonly managedLofts?: readonly number[];
  /**
   * Look-ups through each family's index (default true). False searches every sample of every
   * curve: the plain form of the same look-up, which the index is tested against.
   */
  readonly indexed?: boolean;
}

/**
 * Default energy-managed cutoffs (fractions of the full boost) and lofts: finest near the full burn
 * and the flattest lofts, where the earliest way to a low, far point lies and where the height
 * there changes fastest.
 */
export const DEFAULT_MANAGED_CUTOFFS: readonly number[] = [
  0.98, 0.96, 0.94, 0.92, 0.9, 0.87, 0.84, 0.8, 0.75, 0.7, 0.6, 0.5, 0.4,
];
export const DEFAULT_MANAGED_LOFTS: readonly number[] = [
  ...Array.from({ length: 18 }, (_, i) => (10 + 4 * i) * DEG),
  ...Array.from({ length: 20 }, (_, i) => (80 + 0.5 * i) * DEG),
];

/** The interceptor's booster flown with a loft (pitch-over angle, rad) and a thrust cutoff (s). */
export function boosterFor(booster: Rocket, loft: number, cutoff: number): Rocket {
  const shaped = { ...booster, guidance: { ...booster.guidance, pitchoverAngle: loft } };
  return cutoff < boostDuration(booster) - 1e-9 ? withThrustCutoff(shaped, cutoff) : shaped;
}

/**
 * Default lofts: every 0.5 deg of pitch-over up to 20 deg, where steep trajectories change fast
 * with the loft, then every degree, and every 0.5 deg again from 80 deg to 89.5 deg, where flat
 * trajectories reach low altitudes far away and their height there changes fast with the loft
 * (measured against direct flights: arrival times within 0.25 s, positions within 1 km).
 */
/**
 * How much later than the first full-burn pass above a point the full burn's own arrival may be
 * before the energy-managed fan is consulted there too (s).
 */
const FOLD_MARGIN = 60;

export const DEFAULT_LOFTS: readonly number[] = [
  ...Array.from({ length: 40 }, (_, i) => (0.5 + 0.5 * i) * DEG),
  ...Array.from({ length: 59 }, (_, i) => (21 + i) * DEG),
  ...Array.from({ length: 20 }, (_, i) => (80 + 0.5 * i) * DEG),
];

export class ReachTable {
  /** Sectors by index, flown on first use: an engagement looks in only a few directions. */
  private readonly sectors: Array<Sector | undefined>;
  /** Trajectories flown so far. */
  flights = 0;
  private readonly lofts: readonly number[];
  private readonly sampleInterval: number;
  private readonly horizon: number;
  private readonly cutoffs: readonly number[];
  private readonly managedLofts: readonly number[];
  private readonly siteUnit: [number, number, number];
  private readonly east: [number, number, number];
  private readonly north: [number, number, number];
  /** Polar radius (m) and first eccentricity squared of the ellipsoid. */
  private readonly polarRadius: number;
  private readonly eccentricity2: number;
  private readonly spacing: number;
  private readonly indexed: boolean;

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

    this.polarRadius = earth.ellipsoid.a * (1 - earth.ellipsoid.f);
    this.eccentricity2 = earth.ellipsoid.f * (2 - earth.ellipsoid.f);
    this.lofts = lofts;
    this.sampleInterval = dt;
    this.horizon = horizon;
    const full = boostDuration(interceptor.booster);
    this.cutoffs = (options.managedCutoffs ?? DEFAULT_MANAGED_CUTOFFS).map((f) => f * full);
    this.managedLofts = options.managedLofts ?? DEFAULT_MANAGED_LOFTS;
    this.sectors = new Array<Sector | undefined>(count).fill(undefined);
    this.indexed = options.indexed ?? true;
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
    const azimuth = i * this.spacing;
    const full = boostDuration(this.interceptor.booster);
    const curves = this.refined(
      this.lofts.map((loft) => this.curve(azimuth, loft, full)),
      (loft) => this.curve(azimuth, loft, full),
    );
    const sector: Sector = { azimuth, curves, packed: this.indexed ? packFamily(curves, true) : undefined };
    this.sectors[i] = sector;
    return sector;
  }

  /**
   * A family of curves (ordered by loft) with curves added where neighbours end far apart. The
   * lowest points an interceptor reaches far away lie on the flattest trajectories that do not yet
   * fall back short: between a loft that carries far and the next, which comes down within the
   * atmosphere, the range changes abruptly, and interpolation has nothing to work with there. Lofts
   * are halved there until the ranges agree within a third, or 1/64 of the spacing.
   */
  private refined(family: readonly FanCurve[], fly: (loft: number) => FanCurve): FanCurve[] {
    const out: FanCurve[] = [];
    const split = (a: FanCurve, b: FanCurve, depth: number) => {
      const ra = a.rho[a.rho.length - 1] ?? 0;
      const rb = b.rho[b.rho.length - 1] ?? 0;
      if (depth === 0 || Math.max(ra, rb) < 1.5 * Math.min(ra, rb) || Math.max(ra, rb) < 500e3) {
        out.push(b);
        return;
      }
      const mid = fly(0.5 * (a.loft + b.loft));
      split(a, mid, depth - 1);
      split(mid, b, depth - 1);
    };
    if (family.length > 0) out.push(family[0]!);
    for (let k = 0; k + 1 < family.length; k++) split(family[k]!, family[k + 1]!, 6);
    return out;
  }

  /** The energy-managed fan of a sector, flown the first time it is asked for. */
  private managed(sector: Sector): NonNullable<Sector['managed']> {
    if (sector.managed) return sector.managed;
    // The first row is the full burn, so that columns cover the cutoffs just short of it; its
    // curves are the full-burn fan's where the lofts coincide.
    const full = boostDuration(this.interceptor.booster);
    const fullRow = this.managedLofts.map(
      (loft) =>
        sector.curves.find((c) => Math.abs(c.loft - loft) < 1e-12) ?? this.curve(sector.azimuth, loft, full),
    );
    const grid = [
      fullRow,
      ...this.cutoffs.map((cutoff) =>
        this.managedLofts.map((loft) => this.curve(sector.azimuth, loft, cutoff)),
      ),
    ];
    // Columns on the grid; rows refined where their ranges jump (see `refined`).
    const columns = this.managedLofts.map((_, j) => grid.map((row) => row[j]!));
    const rows = grid.map((row) =>
      this.refined(row, (loft) => this.curve(sector.azimuth, loft, row[0]!.cutoff)),
    );
    sector.managed = {
      rows,
      columns,
      packed: this.indexed ? [...rows, ...columns].map((family) => packFamily(family)) : undefined,
    };
    return sector.managed;
  }

  /** One trajectory of the fan, sampled where its ground range grows. */
  private curve(azimuth: number, loft: number, cutoff: number): FanCurve {
    const { interceptor, site, earth } = this;
    const flight = flyRocket(
      boosterFor(interceptor.booster, loft, cutoff),
      { site: { ...site, height: 0 }, azimuth },
      earth,
      { maxFlightTime: this.horizon },
    );
    this.flights++;
    const traj = flight.trajectory;
    const coords = { rho: 0, bearing: 0, h: 0 };
    const state = new Float64Array(7);
    const t: number[] = [];
    const rho: number[] = [];
    const h: number[] = [];
    const drift: number[] = [];
    const w = this.earth.rotationRate;
    for (let time = 0; time <= traj.endTime; time += this.sampleInterval) {
      traj.stateAt(time, state);
      // Launch frame (ECI of the launch) into ECEF at this time: turn by -omega t.
      const c = Math.cos(w * time);
      const s = Math.sin(w * time);
      this.coordinates(c * state[0]! + s * state[1]!, -s * state[0]! + c * state[1]!, state[2]!, coords);
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
    return {
      loft,
      cutoff,
      t: Float64Array.from(t),
      rho: Float64Array.from(rho),
      h: Float64Array.from(h),
      drift: Float64Array.from(drift),
    };
  }

  /** Ground range (m), bearing (rad) and height (m, see below) of an ECEF point (m) seen from the site. */
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
    // Height along the radius above the ellipsoid: within 16 m of the geodetic height up to
    // 5,000 km (measured), a fifth of the cost of the exact inverse, and a coordinate like the
    // others: the table is built and read with the same measure.
    out.h = n - this.polarRadius / Math.sqrt(1 - this.eccentricity2 * (1 - pz * pz));
  }

  /**
   * When the interceptor can be at an ECEF point (m, Earth-fixed at the arrival): the earliest and the latest arrival
   * over all lofts and azimuths, each with the launch azimuth and loft that give it; undefined if
   * the point is out of the fan.
   */
  reach(x: number, y: number, z: number): Reach | undefined {
    const c = { rho: 0, bearing: 0, h: 0 };
    this.coordinates(x, y, z, c);
    // Each sector is looked at once per point, whichever arrival asks for it.
    const seen = new Map<number, Reach | undefined>();
    const inSector = (i: number): Reach | undefined => {
      const k = (i + this.sectors.length) % this.sectors.length;
      if (!seen.has(k)) seen.set(k, this.sectorReach(this.sector(k), c.rho, c.h, c.bearing));
      return seen.get(k);
    };
    const earliest = this.arrival(c.bearing, (i) => inSector(i)?.earliest);
    const latest = this.arrival(c.bearing, (i) => inSector(i)?.latest);
    const { minInterceptAltitude, maxInterceptAltitude } = this.interceptor;
    const managedAllowed =
      this.cutoffs.length > 0 && c.h >= minInterceptAltitude && c.h <= maxInterceptAltitude;
    if (earliest && latest) {
      // In the fan, the full burn is the fastest way there, unless its only way is the descending
      // branch of a lofted shot while flatter full-burn trajectories pass above the point much
      // sooner: a cutoff on one of those then arrives far earlier (a low, far point under the fold).
      if (!managedAllowed) return { earliest, latest };
      const sector = this.sector(
        Math.floor(wrapPositive(earliest.azimuth) / this.spacing) % this.sectors.length,
      );
      const above = sector.packed
        ? this.packedEarliestAbove(sector.packed, c.rho, c.h)
        : this.earliestAbove(sector.curves, c.rho, c.h);
      if (above === undefined || earliest.time <= above + FOLD_MARGIN) return { earliest, latest };
      const managed = this.managedArrivals(c);
      if (!managed) return { earliest, latest };
      return {
        earliest: managed.earliest.time < earliest.time ? managed.earliest : earliest,
        latest: managed.latest.time > latest.time ? managed.latest : latest,
      };
    }
    // Out of the full-burn fan but where an intercept could happen: try energy management.
    return managedAllowed ? this.managedArrivals(c) : undefined;
  }

  /** Earliest and latest arrival at a point on the energy-managed fans of the sectors around it. */
  private managedArrivals(c: { rho: number; bearing: number; h: number }): Reach | undefined {
    const managed = new Map<number, Reach | undefined>();
    const inManaged = (i: number): Reach | undefined => {
      const k = (i + this.sectors.length) % this.sectors.length;
      if (!managed.has(k)) {
        // Less energy never goes higher or farther: only points under the full-burn fan qualify.
        const sector = this.sector(k);
        managed.set(
          k,
          (
            sector.packed
              ? this.packedPassesAbove(sector.packed, c.rho, c.h)
              : this.passesAbove(sector.curves, c.rho, c.h)
          )
            ? this.managedReach(sector, c.rho, c.h, c.bearing)
            : undefined,
        );
      }
      return managed.get(k);
    };
    const e = this.arrival(c.bearing, (i) => inManaged(i)?.earliest);
    const l = this.arrival(c.bearing, (i) => inManaged(i)?.latest);
    return e && l ? { earliest: e, latest: l } : undefined;
  }

  /**
   * One arrival (earliest or latest) blended between the two sectors whose launch azimuths
   * bracket it. A track drifts from its launch azimuth (the Earth turns under it), so the launch
   * azimuth is not the point's bearing: it is the azimuth at which the blend of the two sectors'
   * answers names itself. The answers are linear in the blend weight, so within a pair of sectors
   * that weight has a closed form; when it falls outside the pair, the next pair is tried. (A
   * fixed number of look-ups at the previous estimate left a bias of ~0.1 deg in azimuth, 1-2 km
   * at the point, on steep lofts where the drift is several degrees.)
   */
  private arrival(bearing: number, inSector: (i: number) => Arrival | undefined): Arrival | undefined {
    const count = this.sectors.length;
    const spacing = this.spacing;
    let az = ((bearing % (2 * Math.PI)) + 2 * Math.PI) % (2 * Math.PI);
    let fallback: Arrival | undefined;
    for (let pass = 0; pass < 4; pass++) {
      const i = Math.floor(az / spacing) % count;
      const a = inSector(i);
      const b = inSector(i + 1);
      const w = (az - i * spacing) / spacing;
      if (a && b) {
        // Azimuths relative to sector i: launch azimuth i*spacing + w*spacing = blend(a, b, w).azimuth.
        const da = wrap(a.azimuth - i * spacing);
        const db = wrap(b.azimuth - i * spacing);
        const denominator = spacing - (db - da);
        const solved = denominator !== 0 ? da / denominator : w;
        if (solved >= 0 && solved <= 1) return blend(a, b, solved);
        fallback = blend(a, b, Math.min(1, Math.max(0, solved)));
        // The consistent azimuth lies in a neighbouring pair: look there (once each way).
        const next = (i + (solved > 1 ? 1.5 : -0.5)) * spacing;
        const nextAz = ((next % (2 * Math.PI)) + 2 * Math.PI) % (2 * Math.PI);
        if (pass > 0 && Math.floor(nextAz / spacing) % count === Math.floor(az / spacing) % count) break;
        az = nextAz;
        continue;
      }
      // At the edge of the fan only one neighbour reaches: use it if the point is nearer to it.
      if (a && w < 0.5) return a;
      if (b && w >= 0.5) return b;
      return fallback;
    }
    return fallback;
  }

  /**
   * Earliest and latest arrival at (rho, h) within one sector's full-burn fan. Each
   * curve gives the height and time at which it passes ground range rho; where consecutive curves
   * straddle h, the time, drift, loft and cutoff that reach h are found by inverse interpolation in
   * height: cubic through four neighbouring curves where the height is monotonic across them,
   * linear otherwise.
   */
  private sectorReach(sector: Sector, rho: number, h: number, bearing: number): Reach | undefined {
    const found: { earliest?: Arrival; latest?: Arrival } = {};
    if (sector.packed) this.packedFamilyReach(sector.packed, rho, h, bearing, found);
    else this.familyReach(sector.curves, rho, h, bearing, found);
    return found.earliest && found.latest ? { earliest: found.earliest, latest: found.latest } : undefined;
  }

  /** The earliest time any curve of a family passes ground range rho above height h (s). */
  private earliestAbove(curves: readonly FanCurve[], rho: number, h: number): number | undefined {
    const { at } = this.scratchFor(1);
    let best: number | undefined;
    for (const curve of curves) {
      if (sampleAtRange(curve, rho, at, 0) && at[1]! > h && (best === undefined || at[0]! < best))
        best = at[0]!;
    }
    return best;
  }

  /** Whether some curve of a family passes ground range rho above height h. */
  private passesAbove(curves: readonly FanCurve[], rho: number, h: number): boolean {
    const { at } = this.scratchFor(1);
    return curves.some((curve) => sampleAtRange(curve, rho, at, 0) && at[1]! > h);
  }

  /** Earliest and latest arrival at (rho, h) on a sector's energy-managed fan. */
  private managedReach(sector: Sector, rho: number, h: number, bearing: number): Reach | undefined {
    const found: { earliest?: Arrival; latest?: Arrival } = {};
    const { rows, columns, packed } = this.managed(sector);
    if (packed) for (const family of packed) this.packedFamilyReach(family, rho, h, bearing, found);
    else {
      for (const family of rows) this.familyReach(family, rho, h, bearing, found);
      for (const family of columns) this.familyReach(family, rho, h, bearing, found);
    }
    return found.earliest && found.latest ? { earliest: found.earliest, latest: found.latest } : undefined;
  }

  private familyReach(
    curves: readonly FanCurve[],
    rho: number,
    h: number,
    bearing: number,
    found: { earliest?: Arrival; latest?: Arrival },
  ): void {
    // Each curve's passage at ground range rho, into scratch arrays (this runs millions of times):
    // stride S holds time, height, drift, loft, cutoff.
    const S = 5;
    const n = curves.length;
    const { at, valid } = this.scratchFor(n);
    for (let k = 0; k < n; k++) {
      const curve = curves[k]!;
      valid[k] = sampleAtRange(curve, rho, at, S * k) ? 1 : 0;
      at[S * k + 3] = curve.loft;
      at[S * k + 4] = curve.cutoff;
    }
    const weight = this.weights;
    for (let k = 0; k + 1 < n; k++) {
      if (!valid[k] || !valid[k + 1]) continue;
      const h0 = at[S * k + 1]!;
      const h1 = at[S * (k + 1) + 1]!;
      const d0 = h0 - h;
      const d1 = h1 - h;
      if (!(d0 * d1 <= 0 && d0 !== d1)) continue;
      const hm = k > 0 && valid[k - 1] ? at[S * (k - 1) + 1]! : Number.NaN;
      const hq = k + 2 < n && valid[k + 2] ? at[S * (k + 2) + 1]! : Number.NaN;
      // Interpolation weights of curves k-1 .. k+2 at height h.
      if (monotonic(hm, h0, h1, hq) && lagrangeWeights(hm, h0, h1, hq, h, weight)) {
        // Cubic through four curves.
      } else {
        const w = d0 / (d0 - d1);
        weight[0] = 0;
        weight[1] = 1 - w;
        weight[2] = w;
        weight[3] = 0;
      }
      const value = (field: number): number => {
        let sum = 0;
        for (let j = 0; j < 4; j++) if (weight[j] !== 0) sum += weight[j]! * at[S * (k - 1 + j) + field]!;
        return sum;
      };
      const arrival = { time: value(0), azimuth: wrap(bearing - value(2)), loft: value(3), cutoff: value(4) };
      if (!found.earliest || arrival.time < found.earliest.time) found.earliest = arrival;
      if (!found.latest || arrival.time > found.latest.time) found.latest = arrival;
    }
  }

  /** earliestAbove on an indexed family: the same minimum, the curves that cannot beat it skipped. */
  private packedEarliestAbove(p: PackedFamily, rho: number, h: number): number | undefined {
    const { at } = this.scratchFor(1);
    const b = Math.floor(rho / BUCKET);
    if (b >= p.buckets) return undefined;
    let best: number | undefined;
    const ordered = p.order.length > 0;
    for (let j = 0; j < p.n; j++) {
      // No curve from here on can be there sooner than the best found: the minimum is reached.
      if (ordered && best !== undefined && p.tLow[b * p.n + j]! >= best) break;
      const k = ordered ? p.order[b * p.n + j]! : j;
      if (packedBracket(p, k, rho, at, 0) && at[1]! > h) {
        const t = timeAt(p.curves[k]!, at[0]!, at[2]!);
        if (best === undefined || t < best) best = t;
      }
    }
    return best;
  }

  /** passesAbove on an indexed family. */
  private packedPassesAbove(p: PackedFamily, rho: number, h: number): boolean {
    const { at } = this.scratchFor(1);
    for (let k = 0; k < p.n; k++) if (packedBracket(p, k, rho, at, 0) && at[1]! > h) return true;
    return false;
  }

  /**
   * familyReach on an indexed family: only the pairs whose height envelope in rho's bucket holds h
   * are looked at (no other pair can straddle h), in the same order, with the same arithmetic, so
   * the answer is the same to the last bit.
   */
  private packedFamilyReach(
    p: PackedFamily,
    rho: number,
    h: number,
    bearing: number,
    found: { earliest?: Arrival; latest?: Arrival },
  ): void {
    // Stride S as in familyReach: time, height, drift, loft, cutoff; but until a curve is used
    // (resolved), its slots 0 and 2 hold its bracket's first sample and weight.
    const S = 5;
    const n = p.n;
    const b = Math.floor(rho / BUCKET);
    if (n < 2 || b >= p.buckets) return;
    const { at, valid } = this.scratchFor(n);
    if (this.stamp.length < n) {
      this.stamp = new Uint32Array(n);
      this.resolved = new Uint8Array(n);
    }
    const { stamp, resolved } = this;
    // A new stamp per look-up marks which curves this look-up has bracketed.
    if (++this.lookups > 0xfffffffe) {
      stamp.fill(0);
      this.lookups = 1;
    }
    const id = this.lookups;
    const get = (k: number): number => {
      if (stamp[k] !== id) {
        stamp[k] = id;
        resolved[k] = 0;
        valid[k] = packedBracket(p, k, rho, at, S * k) ? 1 : 0;
        at[S * k + 3] = p.curves[k]!.loft;
        at[S * k + 4] = p.curves[k]!.cutoff;
      }
      return valid[k]!;
    };
    const env = p.env;
    const base = 2 * b * (n - 1);
    const weight = this.weights;
    for (let k = 0; k + 1 < n; k++) {
      if (!(h >= env[base + 2 * k]! && h <= env[base + 2 * k + 1]!)) continue;
      if (!get(k) || !get(k + 1)) continue;
      const h0 = at[S * k + 1]!;
      const h1 = at[S * (k + 1) + 1]!;
      const d0 = h0 - h;
      const d1 = h1 - h;
      if (!(d0 * d1 <= 0 && d0 !== d1)) continue;
      const hm = k > 0 && get(k - 1) ? at[S * (k - 1) + 1]! : Number.NaN;
      const hq = k + 2 < n && get(k + 2) ? at[S * (k + 2) + 1]! : Number.NaN;
      if (monotonic(hm, h0, h1, hq) && lagrangeWeights(hm, h0, h1, hq, h, weight)) {
        // Cubic through four curves.
      } else {
        const w = d0 / (d0 - d1);
        weight[0] = 0;
        weight[1] = 1 - w;
        weight[2] = w;
        weight[3] = 0;
      }
      // Time and drift of the curves used, as sampleAtRange gives them.
      for (let j = 0; j < 4; j++) {
        if (weight[j] === 0) continue;
        const m = k - 1 + j;
        if (resolved[m]) continue;
        resolved[m] = 1;
        const c = p.curves[m]!;
        const lo = at[S * m]!;
        const w = at[S * m + 2]!;
        at[S * m] = timeAt(c, lo, w);
        at[S * m + 2] = c.drift[lo]! + w * (c.drift[lo + 1]! - c.drift[lo]!);
      }
      const value = (field: number): number => {
        let sum = 0;
        for (let j = 0; j < 4; j++) if (weight[j] !== 0) sum += weight[j]! * at[S * (k - 1 + j) + field]!;
        return sum;
      };
      const arrival = { time: value(0), azimuth: wrap(bearing - value(2)), loft: value(3), cutoff: value(4) };
      if (!found.earliest || arrival.time < found.earliest.time) found.earliest = arrival;
      if (!found.latest || arrival.time > found.latest.time) found.latest = arrival;
    }
  }

  private readonly weights = new Float64Array(4);
  private scratch4 = new Float64Array(0);
  private scratchValid = new Uint8Array(0);
  private stamp = new Uint32Array(0);
  private resolved = new Uint8Array(0);
  private lookups = 0;

  private scratchFor(n: number): { at: Float64Array; valid: Uint8Array } {
    if (this.scratchValid.length < n) {
      this.scratch4 = new Float64Array(5 * n);
      this.scratchValid = new Uint8Array(n);
    }
    return { at: this.scratch4, valid: this.scratchValid };
  }
}

function monotonic(a: number, b: number, c: number, d: number): boolean {
  return (a < b && b < c && c < d) || (a > b && b > c && c > d);
}

/**
 * Weights of the Lagrange interpolation through four nodes (strictly monotonic) at x, into out;
 * false when a weight exceeds 1.5 in size: near the top of a fan two heights can nearly coincide
 * and the cubic then swings far outside the data (linear is used instead).
 */
function lagrangeWeights(
  x0: number,
  x1: number,
  x2: number,
  x3: number,
  x: number,
  out: Float64Array,
): boolean {
  out[0] = ((x - x1) * (x - x2) * (x - x3)) / ((x0 - x1) * (x0 - x2) * (x0 - x3));
  out[1] = ((x - x0) * (x - x2) * (x - x3)) / ((x1 - x0) * (x1 - x2) * (x1 - x3));
  out[2] = ((x - x0) * (x - x1) * (x - x3)) / ((x2 - x0) * (x2 - x1) * (x2 - x3));
  out[3] = ((x - x0) * (x - x1) * (x - x2)) / ((x3 - x0) * (x3 - x1) * (x3 - x2));
  return Math.max(Math.abs(out[0]), Math.abs(out[1]), Math.abs(out[2]), Math.abs(out[3])) <= 1.5;
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

/** A curve's time between samples lo and lo + 1 at weight w (s), as sampleAtRange computes it. */
function timeAt(curve: FanCurve, lo: number, w: number): number {
  return curve.t[lo]! + w * (curve.t[lo + 1]! - curve.t[lo]!);
}

function blend(a: Arrival, b: Arrival, w: number): Arrival {
  return {
    time: a.time + w * (b.time - a.time),
    azimuth: wrap(a.azimuth + w * wrap(b.azimuth - a.azimuth)),
    loft: a.loft + w * (b.loft - a.loft),
    cutoff: a.cutoff + w * (b.cutoff - a.cutoff),
  };
}

function wrapPositive(angle: number): number {
  return ((angle % (2 * Math.PI)) + 2 * Math.PI) % (2 * Math.PI);
}

function wrap(angle: number): number {
  return Math.atan2(Math.sin(angle), Math.cos(angle));
}
