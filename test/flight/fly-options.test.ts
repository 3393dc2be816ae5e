import { describe, expect, it } from 'vitest';
import { earthModel } from '../../src/earth/earth-model.js';
import { DormandPrince853 } from '../../src/flight/dormand-prince-853.js';
import { flyFromBurnout, flyRocket } from '../../src/flight/fly.js';
import { makeRocket } from '../../src/flight/rocket.js';

const burnout = {
  site: { lat: 0.62, lon: 0.9, height: 150e3 },
  speed: 6500,
  flightPathAngle: 0.5,
  azimuth: 5.5,
};
const rocket = makeRocket(
  'two-stage test rocket',
  [
    {
      dryMass: 1500,
      propellantMass: 14000,
      specificImpulse: 270,
      specificImpulseSeaLevel: 240,
      burnTime: 65,
      diameter: 1.5,
    },
    { dryMass: 500, propellantMass: 4500, specificImpulse: 290, burnTime: 60, diameter: 1.2, coastAfter: 0 },
  ],
  { mass: 800, ballisticCoefficient: 4000 },
  { verticalRiseTime: 5, pitchoverDuration: 20, pitchoverAngle: 0.7 },
);

describe('flight options', () => {
  it('is deterministic: the same inputs give the same bits, whatever the integrator pool holds', () => {
    const a = flyRocket(rocket, { site: burnout.site, azimuth: 1 }, earthModel());
    // Use the pool in between with other tolerances and another flight.
    flyFromBurnout(burnout, earthModel({ atmosphere: false }), undefined, { rtol: 1e-6 });
    const b = flyRocket(rocket, { site: burnout.site, azimuth: 1 }, earthModel());
    expect(b.trajectory.columns.x).toEqual(a.trajectory.columns.x);
    expect(b.summary).toEqual(a.summary);
    expect(b.stats).toEqual(a.stats);
  });

  it("history 'events' gives the same summary and events as 'full', without the dense history", () => {
    const earth = earthModel();
    const full = flyRocket(rocket, { site: burnout.site, azimuth: 2 }, earth);
    const events = flyRocket(rocket, { site: burnout.site, azimuth: 2 }, earth, { history: 'events' });
    expect(events.summary.groundRange).toBe(full.summary.groundRange);
    expect(events.summary.apogee).toEqual(full.summary.apogee);
    expect(events.trajectory.events.map((e) => [e.name, e.time])).toEqual(
      full.trajectory.events.map((e) => [e.name, e.time]),
    );
    expect(events.trajectory.hasHistory).toBe(false);
    expect(events.trajectory.stateAt(100)).toBeUndefined();
    expect(full.trajectory.stateAt(100)).toBeDefined();
    // Max dynamic pressure: the step-end value without history, refined with it (never lower).
    expect(full.summary.maxDynamicPressure.value).toBeGreaterThanOrEqual(
      events.summary.maxDynamicPressure.value,
    );
    expect(full.summary.maxDynamicPressure.value / events.summary.maxDynamicPressure.value - 1).toBeLessThan(
      0.05,
    );
  });

  it('both methods and auto agree on a flight to 10 m', () => {
    const earth = earthModel();
    const ranges = (['auto', 'dopri5', 'dop853'] as const).map(
      (method) =>
        flyRocket(rocket, { site: burnout.site, azimuth: 3 }, earth, { method }).summary.groundRange!,
    );
    expect(Math.abs(ranges[1]! - ranges[0]!)).toBeLessThan(10);
    expect(Math.abs(ranges[2]! - ranges[0]!)).toBeLessThan(10);
  });

  it('a reused integrator gives the same bits as a new one', () => {
    const f = (_t: number, y: Float64Array, d: Float64Array) => {
      d[0] = y[1]!;
      d[1] = -y[0]! - 0.1 * y[1]! ** 3;
    };
    const run = (dp: DormandPrince853) => {
      dp.integrate(f, 0, Float64Array.of(1, 0), 25);
      return Array.from(dp.y);
    };
    const reused = new DormandPrince853(2, { rtol: 1e-6, atol: 1e-9 });
    run(reused);
    reused.configure({ rtol: 1e-10, atol: 1e-12 });
    expect(run(reused)).toEqual(run(new DormandPrince853(2, { rtol: 1e-10, atol: 1e-12 })));
  });
});
