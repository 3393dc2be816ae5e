import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { shippedCatalog } from '../../src/cli/catalog-files.js';
import { earthModel } from '../../src/earth/earth-model.js';
import { geodesicDirect } from '../../src/earth/geodesic.js';
import { aimRocket } from '../../src/flight/aim.js';
import { maximumRangeOfRocket } from '../../src/flight/max-range.js';
import { maximumRangeToward } from '../../src/flight/max-range-toward.js';
import { parsePlace } from '../../src/scenario/place.js';
import { ReachByBearing } from '../../src/studies/footprint/reach-by-bearing.js';

// The footprint's pre-check may mark a target "out of range" without aiming only where aiming
// would say so: never a target within the missile's reach, whatever the bearing (on a node or
// between two). Checked where it matters, at the boundary: targets just inside the maximum range
// on their bearing (as aimRocket measures it), and the nearest targets the pre-check marks, aimed.

const DEG = Math.PI / 180;
const library = shippedCatalog();
const earth = earthModel({});

describe('footprint: reach by bearing', () => {
  it.each([
    ['iran-irbm', 'tabriz'],
    ['iran-icbm', 'tabriz'],
    ['shahab-3', 'semnan'],
  ])(
    '%s from %s: never marks a target within reach; the targets it marks are out of range when aimed at',
    (missile, from) => {
      const rocket = library.requireMissile(missile, [], 'missile').rocket;
      const site = parsePlace(from, 'from', library.siteCatalog());
      /** The point at a distance (m) on a bearing (rad) from the site. */
      const along = (bearing: number, distance: number) => {
        const p = geodesicDirect(site.lat / DEG, site.lon / DEG, bearing / DEG, distance, earth.ellipsoid);
        return { lat: p.lat * DEG, lon: p.lon * DEG, height: 0 };
      };
      /** The maximum range on a bearing, as aimRocket measures it before it says "out of range" (m). */
      const maximumRange = (bearing: number) =>
        maximumRangeToward(site, along(bearing, 1000e3), earth, (azimuth) =>
          maximumRangeOfRocket(rocket, site, azimuth, earth, { history: 'events' }),
        ).range;
      const reach = new ReachByBearing(rocket, site, earth);
      /** A marked target must be out of range when aimed at, as the footprint would aim. */
      const aimedOutOfRange = (target: ReturnType<typeof along>) => {
        const aim = aimRocket(rocket, site, target, 'min-energy', earth);
        return !aim.ok && aim.reason === 'out-of-range';
      };
      let marked = 0;
      fc.assert(
        fc.property(
          fc.oneof(
            // On a node (every 2 deg), halfway between two, anywhere.
            fc.integer({ min: 0, max: 179 }).map((k) => 2 * k * DEG),
            fc.integer({ min: 0, max: 179 }).map((k) => (2 * k + 1) * DEG),
            fc.integer({ min: 0, max: 1 << 30 }).map((i) => (2 * Math.PI * i) / (1 << 30)),
          ),
          fc.integer({ min: 0, max: 1 << 30 }).map((i) => i / (1 << 30)),
          (bearing, u) => {
            const range = maximumRange(bearing);
            // Past 19,000 km (near the antipode) the search's answer is no distance on this bearing.
            if (range < 19000e3) {
              for (const inside of [20e3, 1e3, 10])
                expect(reach.surelyOutOfRange(along(bearing, range - inside))).toBe(false);
              // The nearest marked target of a few beyond the margin.
              const beyond = [5.01e3, 6e3, 8e3, 12e3, 25e3, 50e3, 100e3].find((x) =>
                reach.surelyOutOfRange(along(bearing, range + x)),
              );
              if (beyond !== undefined) {
                marked++;
                expect(aimedOutOfRange(along(bearing, range + beyond))).toBe(true);
              }
            }
            // And a target anywhere from 1,000 to 19,000 km out on the bearing.
            const anywhere = along(bearing, 1000e3 + 18000e3 * u);
            if (reach.surelyOutOfRange(anywhere)) expect(aimedOutOfRange(anywhere)).toBe(true);
          },
        ),
        { numRuns: 16, seed: 1979 },
      );
      // Not vacuous: targets just beyond reach were marked.
      expect(marked).toBeGreaterThan(4);
    },
  );

  it('does not mark targets an ICBM reaches east of Tabriz, where its range jumps between nodes (regression)', () => {
    // Toward the east the iran-icbm's reach nears the antipode and its maximum range on a bearing
    // jumps by thousands of km within a degree; two nodes and the margin alone marked 45 of 1,440
    // bearings (every 0.25 deg) where aiming reaches the target (measured while writing the check).
    const rocket = library.requireMissile('iran-icbm', [], 'missile').rocket;
    const site = parsePlace('tabriz', 'from', library.siteCatalog());
    const reach = new ReachByBearing(rocket, site, earth);
    for (const [bearing, distance] of [
      [69, 12170e3],
      [75.75, 12740e3],
      [143, 12200e3],
    ] as const) {
      const p = geodesicDirect(site.lat / DEG, site.lon / DEG, bearing, distance, earth.ellipsoid);
      const target = { lat: p.lat * DEG, lon: p.lon * DEG, height: 0 };
      expect(aimRocket(rocket, site, target, 'min-energy', earth).ok).toBe(true);
      expect(reach.surelyOutOfRange(target)).toBe(false);
    }
  });
});
