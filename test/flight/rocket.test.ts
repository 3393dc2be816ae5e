import { describe, expect, it } from 'vitest';
import { STANDARD_GRAVITY } from '../../src/core/constants.js';
import { InputError } from '../../src/core/errors.js';
import { earthModel } from '../../src/earth/earth-model.js';
import { flyRocket } from '../../src/flight/fly.js';
import {
  boostDuration,
  idealDeltaV,
  liftoffMass,
  makeRocket,
  type StageInput,
} from '../../src/flight/rocket.js';
import { inertialSpeed } from '../../src/flight/trajectory.js';

// An illustrative three-stage solid rocket (round numbers of the Minuteman III class); the tests
// below check laws, not this hardware's performance.
const stages: StageInput[] = [
  {
    dryMass: 2300,
    propellantMass: 20800,
    specificImpulse: 267,
    specificImpulseSeaLevel: 237,
    burnTime: 61,
    diameter: 1.67,
  },
  { dryMass: 800, propellantMass: 6200, specificImpulse: 287, burnTime: 66, diameter: 1.33 },
  { dryMass: 400, propellantMass: 3300, specificImpulse: 285, burnTime: 61, diameter: 1.32 },
];
const guidance = { verticalRiseTime: 5, pitchoverDuration: 20, pitchoverAngle: (45 * Math.PI) / 180 };
const rv = { mass: 1000, ballisticCoefficient: 5000 };
const rocket = makeRocket('test ICBM', stages, rv, guidance);
const site = { lat: (55.7 * Math.PI) / 180, lon: (37.6 * Math.PI) / 180, height: 150 };

describe('staged rocket', () => {
  it('Tsiolkovsky: in vacuum with no gravity the burnout speed equals the ideal velocity within 0.1 %', () => {
    // Rocket equation: dv = sum g0 Isp ln(m0/m1) over stages (Tsiolkovsky 1903).
    // Straight up (no pitch-over): a turning thrust would add cosine losses the equation ignores.
    const noGravity = earthModel({ gm: 0, rotation: false, atmosphere: false, oblateness: false });
    const vertical = makeRocket('vertical', stages, rv, { ...guidance, pitchoverAngle: 0 });
    const res = flyRocket(vertical, { site, azimuth: 1 }, noGravity, { maxFlightTime: 10 });
    const burnout = res.trajectory.event('burnout')!;
    const ideal = idealDeltaV(vertical);
    expect(ideal).toBeGreaterThan(6000);
    expect(Math.abs(inertialSpeed(burnout.state) / ideal - 1)).toBeLessThan(1e-3);
    // Computed by hand for the first stage alone, as a check of idealDeltaV itself.
    const m0 = liftoffMass(vertical);
    const stage1 = STANDARD_GRAVITY * 267 * Math.log(m0 / (m0 - 20800));
    const s1 = res.trajectory.event('stage-1-burnout')!;
    expect(Math.abs(inertialSpeed(s1.state) / stage1 - 1)).toBeLessThan(1e-6);
  });

  it('flies a full trajectory with its events in order and the mass accounted for', () => {
    const res = flyRocket(rocket, { site, azimuth: (320 * Math.PI) / 180 }, earthModel());
    const names = res.trajectory.events.map((e) => e.name);
    const order = [
      'liftoff',
      'stage-1-burnout',
      'stage-1-separation',
      'stage-2-ignition',
      'stage-2-burnout',
      'stage-3-ignition',
      'stage-3-burnout',
      'burnout',
      'apogee',
      'impact',
    ];
    const positions = order.map((n) => names.indexOf(n));
    expect(positions.every((p) => p >= 0)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
    const burnout = res.trajectory.event('burnout')!;
    expect(burnout.time).toBeCloseTo(boostDuration(rocket), 9);
    // After the last separation only the reentry vehicle flies.
    const c = res.trajectory.columns;
    expect(c.mass[c.mass.length - 1]).toBeCloseTo(rv.mass, 9);
    const s = res.summary;
    expect(s.impacted).toBe(true);
    expect(s.groundRange).toBeGreaterThan(5e6);
    expect(s.maxDynamicPressure.value).toBeGreaterThan(1e4);
    expect(s.maxDynamicPressure.time).toBeGreaterThan(0);
    for (const v of [s.groundRange!, s.flightTime, s.apogee.altitude, s.impact!.speed, s.burnout!.speed]) {
      expect(Number.isFinite(v)).toBe(true);
    }
  });

  it('rejects bad hardware with the field named', () => {
    expect(() => makeRocket('x', [], rv, guidance)).toThrow(/stages: got \[\], expected at least one stage/);
    expect(() => makeRocket('x', [{ ...stages[0]!, dryMass: -1 }], rv, guidance)).toThrow(InputError);
    expect(() => makeRocket('x', [{ ...stages[0]!, dryMass: -1 }], rv, guidance)).toThrow(
      /stages\[0\]\.dryMass/,
    );
    const { burnTime: _omit, ...noBurn } = stages[1]!;
    expect(() => makeRocket('x', [noBurn], rv, guidance)).toThrow(/stages\[0\]\.burnTime/);
    expect(() => makeRocket('weak', [{ ...stages[0]!, burnTime: 6100 }], rv, guidance)).toThrow(
      /stages\[0\]: got "sea-level thrust 7\.9 kN against liftoff weight 236\.3 kN", expected a thrust-to-weight ratio above 1/,
    );
    expect(() => makeRocket('x', [{ ...stages[0]!, coastAfter: 10 }], rv, guidance)).toThrow(
      /stages\[0\]\.coastAfter/,
    );
    expect(() => makeRocket('x', [{ ...stages[0]!, propellantMass: 1e300 }], rv, guidance)).toThrow(
      /propellantMass: got 1e\+300/,
    );
  });
});

describe('liftoff anywhere', () => {
  it('a rocket on its pad never counts as having impacted, from any site and azimuth (regression)', async () => {
    // A pad launch starts exactly on the impact surface; only a descending start is an impact.
    const { seededRandom } = await import('../../src/core/random.js');
    const random = seededRandom(13);
    const earth = earthModel();
    for (let k = 0; k < 40; k++) {
      const site = {
        lat: (-80 + 160 * random()) * (Math.PI / 180),
        lon: (-180 + 360 * random()) * (Math.PI / 180),
        height: 0,
      };
      const r = flyRocket(rocket, { site, azimuth: 2 * Math.PI * random() }, earth, {
        history: 'events',
        maxFlightTime: 30,
      });
      expect(r.trajectory.events.map((e) => e.name)).not.toContain('impact');
    }
  });
});
