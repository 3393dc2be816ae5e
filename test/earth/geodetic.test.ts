import proj4 from 'proj4';
import { describe, expect, it } from 'vitest';
import { vec3 } from '../../src/core/vector.js';
import { sphere, WGS84 } from '../../src/earth/ellipsoid.js';
import { ecefToGeodetic, geodeticFromDegrees, geodeticToEcef } from '../../src/earth/geodetic.js';

const DEG = Math.PI / 180;

describe('geodetic <-> ECEF on WGS84', () => {
  it('agrees with PROJ (proj4js, an independent implementation) to 1e-8 m and 1e-12 rad', () => {
    // Cross-check against another library, as hapsira and CesiumJS do: proj4js' geocentric
    // conversion (shared/STACK.md measured 5e-9 m agreement).
    const geocentric = '+proj=geocent +datum=WGS84 +units=m +no_defs';
    for (const [lat, lon, h] of [
      [53.8094, 2.1295, 73],
      [-33.86, 151.21, 58],
      [54.4728, 17.1231, 0],
      [89.999, -45, 1e6],
      [-60, -179.5, -100],
      [0, 0, 5e6],
    ] as const) {
      const [x, y, z] = proj4('EPSG:4326', geocentric, [lon, lat, h]) as [number, number, number];
      const r = geodeticToEcef(geodeticFromDegrees(lat, lon, h), WGS84);
      expect(Math.hypot(r[0] - x, r[1] - y, r[2] - z)).toBeLessThan(1e-8);
      const [lon2, lat2, h2] = proj4(geocentric, 'EPSG:4326', [x, y, z]) as [number, number, number];
      const g = ecefToGeodetic(vec3(x, y, z), WGS84);
      expect(Math.abs(g.lat / DEG - lat2) * DEG).toBeLessThan(1e-12);
      expect(Math.abs(g.lon / DEG - lon2) * DEG).toBeLessThan(1e-12);
      expect(Math.abs(g.height - h2)).toBeLessThan(1e-6);
    }
  });

  it('defining points: equator and poles (a and b of NIMA TR8350.2)', () => {
    const eq = geodeticToEcef({ lat: 0, lon: 0, height: 0 }, WGS84);
    expect(eq[0]).toBe(6378137);
    const pole = geodeticToEcef({ lat: Math.PI / 2, lon: 0, height: 0 }, WGS84);
    expect(Math.abs(pole[2] - 6356752.3142)).toBeLessThan(1e-4);
    const g = ecefToGeodetic(vec3(0, 0, -6356752.3142 - 1000), WGS84);
    expect(g.lat).toBeCloseTo(-Math.PI / 2, 14);
    expect(Math.abs(g.height - 1000)).toBeLessThan(1e-4);
  });

  it('round trip within 1 mm everywhere, poles included, from -10 km to 40 000 km', () => {
    let worst = 0;
    let worstAngle = 0;
    for (let lat = -90; lat <= 90; lat += 2.5) {
      for (const lon of [-180, -123.4, -45, 0, 17.1, 90, 179.99]) {
        for (const h of [-10e3, 0, 100, 86e3, 1e6, 36e6, 40e6]) {
          const p = geodeticFromDegrees(lat, lon, h);
          const r = geodeticToEcef(p, WGS84);
          const q = ecefToGeodetic(r, WGS84);
          const r2 = geodeticToEcef(q, WGS84);
          worst = Math.max(
            worst,
            Math.hypot(r2[0] - r[0], r2[1] - r[1], r2[2] - r[2]),
            Math.abs(q.height - h),
          );
          worstAngle = Math.max(worstAngle, Math.abs(q.lat - p.lat));
        }
      }
    }
    expect(worst).toBeLessThan(1e-3);
    expect(worstAngle * 6.4e6).toBeLessThan(1e-3);
  });

  it('on a sphere the height is |r| - R and the latitude geocentric', () => {
    const s = sphere();
    const g = ecefToGeodetic(vec3(4e6, 3e6, 5e6), s);
    expect(g.height).toBeCloseTo(Math.hypot(4e6, 3e6, 5e6) - 6371e3, 6);
    expect(g.lat).toBeCloseTo(Math.atan2(5e6, 5e6), 12);
    expect(g.lon).toBeCloseTo(Math.atan2(3, 4), 12);
    expect(DEG).toBeGreaterThan(0);
  });
});
