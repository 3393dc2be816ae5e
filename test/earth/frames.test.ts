import { describe, expect, it } from 'vitest';
import { EARTH_ROTATION_RATE } from '../../src/core/constants.js';
import { type ECEF, type ECI, vec3 } from '../../src/core/vector.js';
import { sphere } from '../../src/earth/ellipsoid.js';
import {
  ecefStateToEci,
  ecefToEci,
  eciStateToEcef,
  eciToEcef,
  enuDirection,
  enuVectorToEcef,
  lookAngles,
} from '../../src/earth/frames.js';
import { geodeticFromDegrees, geodeticToEcef } from '../../src/earth/geodetic.js';

const W = EARTH_ROTATION_RATE;
const DEG = Math.PI / 180;

describe('ECI <-> ECEF', () => {
  it('a quarter day later the inertial x axis lies at longitude -90 deg', () => {
    const t = Math.PI / 2 / W;
    const r = eciToEcef(vec3<ECI>(1, 0, 0), t, W);
    expect(r[0]).toBeCloseTo(0, 12);
    expect(r[1]).toBeCloseTo(-1, 12);
  });

  it('a point fixed on the Earth moves at omega x r in ECI, and the state round-trips', () => {
    const site = vec3<ECEF>(6378137, 0, 0);
    const s = ecefStateToEci({ position: site, velocity: vec3<ECEF>(0, 0, 0) }, 0, W);
    expect(s.velocity[1]).toBeCloseTo(W * 6378137, 9); // 465.1 m/s at the equator
    const t = 1234.5;
    const back = eciStateToEcef(
      ecefStateToEci({ position: site, velocity: vec3<ECEF>(10, -20, 30) }, t, W),
      t,
      W,
    );
    expect(back.position[0]).toBeCloseTo(6378137, 6);
    expect(back.velocity[0]).toBeCloseTo(10, 9);
    expect(back.velocity[1]).toBeCloseTo(-20, 9);
    expect(back.velocity[2]).toBeCloseTo(30, 9);
    const r = ecefToEci(eciToEcef(vec3<ECI>(1e6, 2e6, 3e6), t, W), t, W);
    expect(r[1]).toBeCloseTo(2e6, 6);
  });

  it('frames are distinct types', () => {
    const eci = vec3<ECI>(1, 2, 3);
    // @ts-expect-error an ECI vector is not an ECEF vector
    eciToEcef(eciToEcef(eci, 0, W), 0, W);
    expect(eci.length).toBe(3);
  });
});

describe('ENU and look angles', () => {
  it('enuDirection and enuVectorToEcef: up at the equator is +x, north is +z', () => {
    const site = geodeticFromDegrees(0, 0, 0);
    const up = enuVectorToEcef(enuDirection(0, Math.PI / 2), site);
    expect(up[0]).toBeCloseTo(1, 12);
    const north = enuVectorToEcef(enuDirection(0, 0), site);
    expect(north[2]).toBeCloseTo(1, 12);
    const east = enuVectorToEcef(enuDirection(Math.PI / 2, 0), site);
    expect(east[1]).toBeCloseTo(1, 12);
  });

  // shared/reference section 2: radar horizon on a sphere (no refraction), radar at 0.7 km.
  // Lowest visible target altitude at a ground range for minimum elevation 0 and 3 deg; the table
  // is rounded to 1 km.
  const horizon = [
    { range: 1000e3, h0: 80e3, h3: 134e3 },
    { range: 2000e3, h0: 328e3, h3: 444e3 },
    { range: 3000e3, h0: 779e3, h3: 975e3 },
    { range: 4000e3, h0: 1502e3, h3: 1813e3 },
  ];
  it.each(horizon)('radar horizon at $range m matches the reference (within 1 km)', ({ range, h0, h3 }) => {
    const s = sphere();
    const site = { lat: 0, lon: 0, height: 700 };
    const siteEcef = geodeticToEcef(site, s);
    const elevation = (h: number) =>
      lookAngles(geodeticToEcef({ lat: range / 6371e3, lon: 0, height: h }, s), siteEcef, site).elevation;
    const lowestVisible = (minElevation: number) => {
      let lo = 0;
      let hi = 3e6;
      for (let i = 0; i < 80; i++) {
        const mid = 0.5 * (lo + hi);
        if (elevation(mid) >= minElevation) hi = mid;
        else lo = mid;
      }
      return hi;
    };
    expect(Math.abs(lowestVisible(0) - h0)).toBeLessThan(1000);
    expect(Math.abs(lowestVisible(3 * DEG) - h3)).toBeLessThan(1000);
    const north = lookAngles(geodeticToEcef({ lat: range / 6371e3, lon: 0, height: h0 }, s), siteEcef, site);
    expect(north.azimuth).toBeCloseTo(0, 9);
  });
});
