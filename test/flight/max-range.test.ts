import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { MEAN_EARTH_RADIUS, TEXTBOOK_GM } from '../../src/core/constants.js';
import { earthModel } from '../../src/earth/earth-model.js';
import { minimumEnergyBurnout } from '../../src/flight/closed-form.js';
import { flyRocket } from '../../src/flight/fly.js';
import { maximumRangeFootprint } from '../../src/flight/footprint.js';
import { maximumRangeOfBurnout, maximumRangeOfRocket } from '../../src/flight/max-range.js';
import { boostDuration, idealDeltaV, liftoffMass } from '../../src/flight/rocket.js';
import { withThrustCutoff } from '../../src/flight/thrust-termination.js';
import { parseMissileFile } from '../../src/scenario/missile-file.js';

const DEG = Math.PI / 180;
const icbm = parseMissileFile(
  'illustrative',
  readFileSync('examples/missiles/illustrative-icbm.yaml', 'utf8'),
).rocket;

describe('maximum range', () => {
  it("a burnout state's maximum range on the textbook Earth is Wheelon's, at Wheelon's angle", () => {
    const R = MEAN_EARTH_RADIUS;
    const textbook = earthModel({ spherical: true, rotation: false, atmosphere: false, gm: TEXTBOOK_GM });
    for (const km of [1000, 5000, 10000]) {
      const closed = minimumEnergyBurnout(R, R, (km * 1000) / R, TEXTBOOK_GM);
      const best = maximumRangeOfBurnout(closed.speed, { lat: 0.3, lon: 0, height: 0 }, 1, textbook);
      expect(Math.abs(best.range / (km * 1000) - 1)).toBeLessThan(1e-6);
      expect(Math.abs(best.shape - closed.flightPathAngle) / DEG).toBeLessThan(0.02);
      expect(best.evaluations).toBeLessThanOrEqual(40);
    }
  });

  it('a staged missile: the best pitch-over beats its neighbours, in at most 40 flights', () => {
    const earth = earthModel();
    const site = { lat: 55.75 * DEG, lon: 37.69 * DEG, height: 0 };
    const best = maximumRangeOfRocket(icbm, site, 320 * DEG, earth);
    expect(best.evaluations).toBeLessThanOrEqual(40);
    for (const delta of [-1, 1]) {
      const other = flyRocket(
        { ...icbm, guidance: { ...icbm.guidance, pitchoverAngle: best.shape + delta * DEG } },
        { site, azimuth: 320 * DEG },
        earth,
      );
      expect(other.summary.groundRange!).toBeLessThan(best.range);
    }
  });

  it('Earth rotation: from the equator the eastward maximum range exceeds the westward one', () => {
    const earth = earthModel();
    const site = { lat: 0, lon: 0, height: 0 };
    const east = maximumRangeOfBurnout(6000, site, 90 * DEG, earth).range;
    const west = maximumRangeOfBurnout(6000, site, 270 * DEG, earth).range;
    expect(east).toBeGreaterThan(west + 500e3);
  });

  it('the footprint is a closed ring; on a non-rotating sphere it is a circle', () => {
    const still = earthModel({ spherical: true, rotation: false, oblateness: false, atmosphere: false });
    const fp = maximumRangeFootprint(icbm, { lat: 0.5, lon: 0.5, height: 0 }, still, 60 * DEG);
    expect(fp.ring).toHaveLength(7);
    expect(fp.ring[6]).toEqual(fp.ring[0]);
    const ranges = fp.ring.map((p) => p.range);
    expect(Math.max(...ranges) - Math.min(...ranges)).toBeLessThan(1000);
    const rotating = maximumRangeFootprint(
      icbm,
      { lat: 0.5, lon: 0.5, height: 0 },
      earthModel({ atmosphere: false }),
      90 * DEG,
    );
    const [north, east, , west] = rotating.ring.map((p) => p.range);
    expect(east!).toBeGreaterThan(west!);
    expect(north!).toBeGreaterThan(0);
  });
});

describe('thrust termination', () => {
  it('keeps the mass: cutting the last stage at half its burn leaves half its propellant as dead mass', () => {
    const full = boostDuration(icbm);
    const last = icbm.stages[2]!;
    const cut = withThrustCutoff(icbm, full - last.burnTime / 2);
    expect(liftoffMass(cut)).toBeCloseTo(liftoffMass(icbm), 9);
    expect(cut.stages[2]!.propellantMass).toBeCloseTo(last.propellantMass / 2, 9);
    expect(cut.stages[2]!.burnTime).toBeCloseTo(last.burnTime / 2, 9);
    expect(idealDeltaV(cut)).toBeLessThan(idealDeltaV(icbm));
    // A cut in the first stage: later stages never fire and ride as dead weight.
    const early = withThrustCutoff(icbm, 30);
    expect(early.stages).toHaveLength(1);
    expect(liftoffMass(early)).toBeCloseTo(liftoffMass(icbm), 9);
    const flown = flyRocket(early, { site: { lat: 0, lon: 0, height: 0 }, azimuth: 0 }, earthModel());
    expect(flown.trajectory.event('burnout')!.time).toBeCloseTo(30, 9);
  });
});
