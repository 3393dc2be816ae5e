import type { EarthModel } from '../../earth/earth-model.js';
import { geodesicBetween, geodesicDirect } from '../../earth/geodesic.js';
import type { Geodetic } from '../../earth/geodetic.js';
import { maximumRangeOfRocket } from '../../flight/max-range.js';
import { maximumRangeToward } from '../../flight/max-range-toward.js';
import type { Rocket } from '../../flight/rocket.js';

/** Spacing of the bearing nodes (rad): 2 deg. */
const STEP = (2 * Math.PI) / 180;
const NODES = 180;

/**
 * How far beyond the larger of its two bearing nodes a target must lie to be surely out of range
 * (m). Where the maximum range is a smooth function of the bearing, between nodes 2 deg apart it
 * exceeds the larger node by at most an eighth of its second difference (iran-irbm from Tabriz:
 * never more than -3.5 m at any bearing, measured every 0.5 deg), and the searches agree to metres.
 */
const MARGIN = 5e3;

/**
 * Largest second difference of the nodes around an interval for it to count as smooth (m): a bump
 * between nodes of an eighth of it, 1 km, a fifth of MARGIN. Where the range turns faster, or
 * where the search for the maximum range on a bearing does not settle (an ICBM from Tabriz toward
 * the east, whose reach nears the antipode: the range jumps by thousands of km from one degree to
 * the next), every target is aimed.
 */
const SMOOTH = 8e3;

/**
 * A missile's maximum range from one site on a fixed lattice of bearings, for a footprint over
 * targets: a target farther than both neighbouring nodes plus MARGIN, where the range is smooth
 * (SMOOTH), is out of range, and aiming at it would say so (aiming finds no trajectory within
 * 100 m of it, measures the maximum range on its bearing and reports "out of range"), so the aim
 * is not tried.
 *
 * A node is flown the first time a target near it asks. Its value depends on the missile, the
 * site, the Earth and its bearing only, as aimRocket computes it (maximumRangeToward with the
 * same flight options), never on which targets asked or in what order: every chunk of a grid, in
 * any thread or machine, reads the same numbers.
 */
export class ReachByBearing {
  /** Range (m) of each node flown so far, NaN where the search on its bearing did not settle. */
  private readonly nodes = new Map<number, number>();

  constructor(
    private readonly rocket: Rocket,
    private readonly site: Geodetic,
    private readonly earth: EarthModel,
  ) {}

  /** Maximum range on the bearing j * STEP (m), or NaN. */
  private node(j: number): number {
    const k = ((j % NODES) + NODES) % NODES;
    let range = this.nodes.get(k);
    if (range === undefined) {
      // maximumRangeToward needs only the bearing of its target: a point 1,000 km out on it.
      const DEG = 180 / Math.PI;
      const p = geodesicDirect(
        this.site.lat * DEG,
        this.site.lon * DEG,
        k * STEP * DEG,
        1000e3,
        this.earth.ellipsoid,
      );
      const on = { lat: p.lat / DEG, lon: p.lon / DEG, height: 0 };
      const m = maximumRangeToward(this.site, on, this.earth, (azimuth) =>
        maximumRangeOfRocket(this.rocket, this.site, azimuth, this.earth, { history: 'events' }),
      );
      // Eight searches is maximumRangeToward's limit: the impact's bearing may not have settled.
      range = m.iterations < 8 ? m.range : Number.NaN;
      this.nodes.set(k, range);
    }
    return range;
  }

  /** Whether a target is surely beyond the missile's reach from the site (aiming would say "out of range"). */
  surelyOutOfRange(target: Geodetic): boolean {
    // The same distance and bearing as aimRocket's (its Shooter's).
    const g = geodesicBetween(this.site, target, this.earth.ellipsoid);
    const bearing = ((g.azimuth1 % (2 * Math.PI)) + 2 * Math.PI) % (2 * Math.PI);
    const j = Math.floor(bearing / STEP);
    const a = this.node(j);
    const b = this.node(j + 1);
    if (!(g.distance > Math.max(a, b) + MARGIN)) return false; // NaN: not known
    const before = this.node(j - 1);
    const after = this.node(j + 2);
    // Smooth around the interval (a NaN fails both).
    return Math.abs(before - 2 * a + b) <= SMOOTH && Math.abs(a - 2 * b + after) <= SMOOTH;
  }
}
