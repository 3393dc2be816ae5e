import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { earthModel } from '../../src/earth/earth-model.js';
import { geodesicBetween, geodesicDirect } from '../../src/earth/geodesic.js';
import { aimRocket } from '../../src/flight/aim.js';
import { maximumRangeOfRocket } from '../../src/flight/max-range.js';
import { maximumRangeToward } from '../../src/flight/max-range-toward.js';
import { parseMissileFile } from '../../src/scenario/missile-file.js';

const DEG = Math.PI / 180;
const earth = earthModel();
const { rocket } = parseMissileFile('iran-icbm.yaml', readFileSync('data/missiles/iran-icbm.yaml', 'utf8'));
const tabriz = { lat: 38.08 * DEG, lon: 46.29 * DEG, height: 0 };
const washington = { lat: 38.8977 * DEG, lon: -77.0365 * DEG, height: 0 };

describe('maximum range toward a target (westward, where rotation bends the track most)', () => {
  const along = (az: number) => maximumRangeOfRocket(rocket, tabriz, az, earth, { history: 'events' });
  const best = maximumRangeToward(tabriz, washington, earth, along);
  const bearing = geodesicBetween(tabriz, washington, earth.ellipsoid).azimuth1;

  it('puts the farthest impact on the target bearing (1e-5 rad, 100 m across at 10,000 km)', () => {
    const impact = best.flight.summary.impact!;
    const d = geodesicBetween(tabriz, impact, earth.ellipsoid).azimuth1 - bearing;
    expect(Math.abs(Math.atan2(Math.sin(d), Math.cos(d)))).toBeLessThan(1e-5);
    expect(best.iterations).toBeLessThanOrEqual(5);
    // Rotation bends a westward track: the launch azimuth differs from the bearing by degrees.
    expect(Math.abs(best.azimuth - bearing) / DEG).toBeGreaterThan(1);
  });

  it('agrees with aiming: a point 1 % short on that bearing is hit, 1 % beyond is out of range', () => {
    const at = (distance: number) => {
      const p = geodesicDirect(tabriz.lat / DEG, tabriz.lon / DEG, bearing / DEG, distance, earth.ellipsoid);
      return { lat: p.lat * DEG, lon: p.lon * DEG, height: 0 };
    };
    const short = aimRocket(rocket, tabriz, at(best.range * 0.99), 'min-energy', earth);
    expect(short.ok).toBe(true);
    const beyond = aimRocket(rocket, tabriz, at(best.range * 1.01), 'min-energy', earth);
    expect(beyond.ok).toBe(false);
    if (!beyond.ok) expect(beyond.reason).toBe('out-of-range');
  });
});
