import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { earthModel } from '../../src/earth/earth-model.js';
import { geodeticToEcef } from '../../src/earth/geodetic.js';
import { fitSyntheticBooster, type Interceptor } from '../../src/engagement/interceptor.js';
import { ReachTable, type ReachTableOptions } from '../../src/engagement/reach-table.js';
import { boostDuration } from '../../src/flight/rocket.js';

// The indexed look-up (reach-table.ts, PackedFamily) must answer exactly as the plain search of
// every curve: same arrivals, same azimuths, lofts and cutoffs, to the last bit, everywhere:
// inside the full-burn fan, under its fold (earliest pass above, energy management), at its edges
// and outside it.

const DEG = Math.PI / 180;
const earth = earthModel();
// Fast (8.5 km/s), so that it flies over low, far points and energy management answers there.
const booster = fitSyntheticBooster(
  { burnoutSpeed: 8500, burnTime: 120, stageCount: 2, payloadMass: 64, diameter: 1.27, launchMass: 13000 },
  earth,
);
const interceptor: Interceptor = {
  id: 'fitted',
  name: 'fitted interceptor',
  booster,
  burnoutSpeed: 8500,
  killVehicle: { mass: 64, divertVelocity: 1000, seekerAcquisitionRange: 600e3 },
  minInterceptAltitude: 100e3,
  maxInterceptAltitude: 2000e3,
  launchDelay: 0,
};
const site = { lat: 54.4728 * DEG, lon: 17.1231 * DEG, height: 0 };
// A coarser table than the default, so that the test flies in seconds: lofts every 2 deg (refined
// where ranges jump, as always), a few energy-managed cutoffs and lofts.
const options: ReachTableOptions = {
  sectors: 24,
  lofts: Array.from({ length: 45 }, (_, i) => (0.5 + 2 * i) * DEG),
  horizon: 1800,
  managedCutoffs: [0.95, 0.85, 0.7, 0.5],
  managedLofts: [20, 40, 60, 75, 80, 83, 86, 88, 89.5].map((d) => d * DEG),
};
const indexed = new ReachTable(interceptor, site, earth, options);
const searched = new ReachTable(interceptor, site, earth, { ...options, indexed: false });

/**
 * Points east of the site (bearings 45 to 135 deg: five sectors of 24), 0 to 3,500 km out and 0 to
 * 1,800 km up, or 1,000 to 8,000 km out and 80 to 400 km up.
 */
const uniform = (min: number, max: number) =>
  fc.integer({ min: 0, max: 1 << 30 }).map((i) => min + ((max - min) * i) / (1 << 30));
const point = fc.oneof(
  fc.record({ bearing: uniform(45 * DEG, 135 * DEG), range: uniform(0, 3500e3), height: uniform(0, 1800e3) }),
  // Low and far, where the full burn flies over and energy management answers.
  fc.record({
    bearing: uniform(45 * DEG, 135 * DEG),
    range: uniform(1000e3, 8000e3),
    height: uniform(80e3, 400e3),
  }),
);

function ecef(p: { bearing: number; range: number; height: number }): [number, number, number] {
  // A point at that great-circle range and bearing from the site (sphere of the table's radius).
  const d = p.range / earth.ellipsoid.a;
  const lat = Math.asin(
    Math.sin(site.lat) * Math.cos(d) + Math.cos(site.lat) * Math.sin(d) * Math.cos(p.bearing),
  );
  const lon =
    site.lon +
    Math.atan2(
      Math.sin(p.bearing) * Math.sin(d) * Math.cos(site.lat),
      Math.cos(d) - Math.sin(site.lat) * Math.sin(lat),
    );
  const r = geodeticToEcef({ lat, lon, height: p.height }, earth.ellipsoid);
  return [r[0], r[1], r[2]];
}

/** What the comparison below reaches inside a table: each look-up in its plain and indexed form. */
interface Curve {
  readonly rho: Float64Array;
  readonly h: Float64Array;
}
type Found = { earliest?: unknown; latest?: unknown };
interface Internals {
  sector(i: number): { readonly curves: Curve[]; readonly packed: unknown };
  managed(sector: unknown): {
    readonly rows: Curve[][];
    readonly columns: Curve[][];
    readonly packed: unknown[];
  };
  earliestAbove(curves: Curve[], rho: number, h: number): number | undefined;
  packedEarliestAbove(packed: unknown, rho: number, h: number): number | undefined;
  passesAbove(curves: Curve[], rho: number, h: number): boolean;
  packedPassesAbove(packed: unknown, rho: number, h: number): boolean;
  familyReach(curves: Curve[], rho: number, h: number, bearing: number, found: Found): void;
  packedFamilyReach(packed: unknown, rho: number, h: number, bearing: number, found: Found): void;
}

describe('reach table: indexed look-up', () => {
  it('each family answers as its plain search, bit for bit, on 40,000 queries at and between its samples', () => {
    // Every family of two sectors (full burn, energy-managed rows and columns). Queries: a
    // sample's own range and height, nudged by nothing, a rounding, a metre or kilometres (the
    // edges of the height envelopes and of the range buckets), and points anywhere.
    const t = indexed as unknown as Internals;
    const families: Array<{ curves: Curve[]; packed: unknown }> = [];
    for (const i of [4, 5]) {
      const sector = t.sector(i);
      families.push({ curves: sector.curves, packed: sector.packed });
      const m = t.managed(sector);
      for (const [j, curves] of [...m.rows, ...m.columns].entries())
        families.push({ curves, packed: m.packed[j] });
    }
    const query = fc
      .record({
        family: fc.nat(families.length - 1),
        curve: fc.nat(1000),
        sample: fc.nat(100000),
        between: fc.oneof(fc.constant(0), uniform(0, 1)),
        nudge: fc.constantFrom(0, 1e-9, -1e-9, 1, -1, 3e3, -3e3, 30e3, -30e3),
        anywhere: fc.boolean(),
        rho: uniform(-1e3, 12000e3),
        h: uniform(-10e3, 3000e3),
      })
      .map((q) => {
        const f = families[q.family]!;
        const c = f.curves[q.curve % f.curves.length]!;
        if (q.anywhere || c.rho.length < 2) return { family: q.family, rho: q.rho, h: q.h };
        const i = q.sample % (c.rho.length - 1);
        const rho = c.rho[i]! + q.between * (c.rho[i + 1]! - c.rho[i]!);
        const h = c.h[i]! + q.between * (c.h[i + 1]! - c.h[i]!);
        return { family: q.family, rho, h: h + q.nudge * (Math.abs(q.nudge) < 1e-6 ? Math.abs(h) : 1) };
      });
    let straddled = 0;
    fc.assert(
      fc.property(query, ({ family, rho, h }) => {
        const f = families[family]!;
        expect(t.packedEarliestAbove(f.packed, rho, h)).toBe(t.earliestAbove(f.curves, rho, h));
        expect(t.packedPassesAbove(f.packed, rho, h)).toBe(t.passesAbove(f.curves, rho, h));
        const a: Found = {};
        const b: Found = {};
        t.packedFamilyReach(f.packed, rho, h, 1.3, a);
        t.familyReach(f.curves, rho, h, 1.3, b);
        expect(a).toStrictEqual(b);
        if (b.earliest) straddled++;
      }),
      { numRuns: 40000, seed: 54 },
    );
    expect(straddled).toBeGreaterThan(10000);
  });

  it('answers as the search of every curve, bit for bit, on 3,000 random points', () => {
    const full = boostDuration(booster);
    const seen = { inFan: 0, managed: 0 };
    fc.assert(
      fc.property(point, (p) => {
        const [x, y, z] = ecef(p);
        const a = indexed.reach(x, y, z);
        expect(a).toStrictEqual(searched.reach(x, y, z));
        if (a) seen.inFan++;
        if (a && a.earliest.cutoff < full - 1e-6) seen.managed++;
      }),
      { numRuns: 3000, seed: 2007 },
    );
    // Points in and out of the fan, and points whose earliest arrival is energy-managed (under
    // the fold, or out of the full-burn fan), were all asked.
    expect(seen.inFan).toBeGreaterThan(300);
    expect(seen.inFan).toBeLessThan(2700);
    expect(seen.managed).toBeGreaterThan(100);
  });
});
