import { describe, expect, it } from 'vitest';
import { earthModel } from '../../src/earth/earth-model.js';
import { flyFromBurnout } from '../../src/flight/fly.js';
import { maximumRangeOfBurnout } from '../../src/flight/max-range.js';
import { reconstructTest } from '../../src/flight/reconstruct.js';

const DEG = Math.PI / 180;

describe('reconstruction of an observed test', () => {
  it.each([
    { speed: 6000, gamma: 65, altitude: 200e3 },
    { speed: 7000, gamma: 80, altitude: 300e3 },
    { speed: 4500, gamma: 15, altitude: 100e3 },
  ])(
    'round trip: a known $gamma deg flight at $speed m/s is recovered within 0.5 %',
    ({ speed, gamma, altitude }) => {
      // Fly a known trajectory on the non-rotating Earth, keep what an observer reports (apogee,
      // range, flight time), and reconstruct from those alone.
      const earth = earthModel();
      const still = earthModel({ rotation: false });
      const known = flyFromBurnout(
        { site: { lat: 0.7, lon: 2.1, height: altitude }, speed, flightPathAngle: gamma * DEG, azimuth: 2.5 },
        still,
      ).summary;
      const boost = 170;
      const r = reconstructTest(
        {
          apogee: known.apogee.altitude,
          range: known.groundRange!,
          flightTime: known.flightTime + boost,
          burnoutAltitude: altitude,
        },
        earth,
      );
      expect(Math.abs(r.burnout.speed / speed - 1)).toBeLessThan(5e-3);
      expect(Math.abs(r.burnout.flightPathAngle / DEG - gamma)).toBeLessThan(0.5);
      expect(r.lofted).toBe(gamma > 40);
      expect(Math.abs(r.impliedBoostTime! - boost)).toBeLessThan(5);
      // The minimum-energy range of the recovered speed is the maximum over the angle.
      const direct = maximumRangeOfBurnout(speed, { lat: 0, lon: 0, height: altitude }, 0, still).range;
      expect(Math.abs(r.equivalentRangeNoRotation / direct - 1)).toBeLessThan(1e-2);
      expect(r.equivalentRangeNoRotation).toBeGreaterThan(known.groundRange!);
    },
  );
});
