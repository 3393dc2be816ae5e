import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../src/core/random.js';
import { earthModel } from '../../src/earth/earth-model.js';
import { fitSyntheticBooster, type Interceptor } from '../../src/engagement/interceptor.js';
import { ReachTable } from '../../src/engagement/reach-table.js';
import { flyFromBurnout, flyRocket } from '../../src/flight/fly.js';

const DEG = Math.PI / 180;
const earth = earthModel();
const booster = fitSyntheticBooster(
  { burnoutSpeed: 7000, burnTime: 120, stageCount: 2, payloadMass: 64, diameter: 1.27, launchMass: 13000 },
  earth,
);
const interceptor: Interceptor = {
  id: 'fitted',
  name: 'fitted interceptor',
  booster,
  burnoutSpeed: 7000,
  killVehicle: { mass: 64, divertVelocity: 1000, seekerAcquisitionRange: 600e3 },
  minInterceptAltitude: 100e3,
  maxInterceptAltitude: 2000e3,
  launchDelay: 0,
};
const site = { lat: 54.4728 * DEG, lon: 17.1231 * DEG, height: 0 };

describe('fitted booster', () => {
  it('reaches the burnout speed it was fitted to on the reference loft (0.5 m/s), for 5 to 9 km/s', () => {
    for (const speed of [5000, 7000, 9000]) {
      const b = fitSyntheticBooster(
        {
          burnoutSpeed: speed,
          burnTime: 120,
          stageCount: 2,
          payloadMass: 64,
          diameter: 1.27,
          launchMass: 13000,
        },
        earth,
      );
      const f = flyRocket(b, { site: { lat: 0, lon: 0, height: 0 }, azimuth: Math.PI / 2 }, earth, {
        maxFlightTime: 10,
      });
      const s = f.trajectory.event('burnout')!.state;
      const w = earth.rotationRate;
      expect(Math.abs(Math.hypot(s[3]! + w * s[1]!, s[4]! - w * s[0]!, s[5]!) - speed)).toBeLessThan(0.5);
      expect(f.trajectory.event('burnout')!.time).toBeCloseTo(120, 9);
    }
  });
});

describe('reach table (flyout fan) against direct flights', () => {
  it('predicts when a directly flown interceptor reaches a point (within 1 s) and how (within 1 km)', () => {
    // Points on trajectories flown directly at random azimuths, lofts and times; the table, built
    // from other flights, must say when the interceptor can be there.
    const table = new ReachTable(interceptor, site, earth);
    const random = seededRandom(11);
    for (let k = 0; k < 25; k++) {
      const azimuth = 2 * Math.PI * random();
      const loft = (10 + 70 * random()) * DEG;
      const tau = 150 + 700 * random();
      const direct = flyRocket(
        { ...booster, guidance: { ...booster.guidance, pitchoverAngle: loft } },
        { site, azimuth },
        earth,
        {
          maxFlightTime: 2400,
        },
      );
      const p = direct.trajectory.stateAt(tau);
      if (!p) continue;
      const reach = table.reach(p[0]!, p[1]!, p[2]!);
      expect(reach, `azimuth ${azimuth / DEG} loft ${loft / DEG}`).toBeDefined();
      const nearest =
        Math.abs(reach!.earliest.time - tau) < Math.abs(reach!.latest.time - tau)
          ? reach!.earliest
          : reach!.latest;
      expect(Math.abs(nearest.time - tau)).toBeLessThan(1);
      expect(Math.abs(nearest.loft - loft) / DEG).toBeLessThan(0.3);
      // Flown on the table's azimuth and loft, the interceptor passes within 1 km of the point
      // (steep lofts below 20 deg, whose late points are very sensitive to the loft, excepted:
      // there the fire-control correction of the fly-out closes the last kilometres).
      if (loft < 20 * DEG) continue;
      const aimed = flyRocket(
        { ...booster, guidance: { ...booster.guidance, pitchoverAngle: nearest.loft } },
        { site, azimuth: nearest.azimuth },
        earth,
        { maxFlightTime: 2400 },
      ).trajectory;
      let closest = Number.POSITIVE_INFINITY;
      for (let t = nearest.time - 20; t <= nearest.time + 20; t += 0.05) {
        const q = aimed.stateAt(t);
        if (q) closest = Math.min(closest, Math.hypot(q[0]! - p[0]!, q[1]! - p[1]!, q[2]! - p[2]!));
      }
      expect(closest).toBeLessThan(1000);
    }
  });

  it('a point no trajectory of the fan passes is out of reach', () => {
    const table = new ReachTable(interceptor, site, earth);
    // 9,000 km up over the site: beyond anything a 7 km/s booster climbs to in the horizon.
    const far = flyFromBurnout(
      { site: { ...site, height: 9000e3 }, speed: 1, flightPathAngle: 0, azimuth: 0 },
      earthModel({ gm: 0 }),
    );
    const p = far.trajectory.stateAt(0)!;
    expect(table.reach(p[0]!, p[1]!, p[2]!)).toBeUndefined();
  });
});

describe('the 2003 booster flight tests (shared/reference section 6)', () => {
  it('a 6.3 km/s burnout at about 47 deg flies 5,300-5,400 km with an apogee near 1,900 km', () => {
    // Free flight from the surface of the non-rotating Earth, the textbook setting of such figures.
    const s = flyFromBurnout(
      {
        site: { lat: 35 * DEG, lon: -120 * DEG, height: 0 },
        speed: 6300,
        flightPathAngle: 47 * DEG,
        azimuth: 270 * DEG,
      },
      earthModel({ rotation: false, atmosphere: false }),
    ).summary;
    expect(s.groundRange!).toBeGreaterThan(5300e3);
    expect(s.groundRange!).toBeLessThan(5400e3);
    expect(Math.abs(s.apogee.altitude - 1900e3)).toBeLessThan(50e3);
  });
});
