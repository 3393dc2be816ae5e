import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../src/core/random.js';
import { earthModel } from '../../src/earth/earth-model.js';
import { enuDirection, lookAngles } from '../../src/earth/frames.js';
import { geodeticToEcef } from '../../src/earth/geodetic.js';
import { type Radar, RadarGeometry, STANDARD_REFRACTION } from '../../src/sensors/radar.js';
import { BOLTZMANN, detectionRange, fromDecibels, SPEED_OF_LIGHT } from '../../src/sensors/radar-equation.js';

const DEG = Math.PI / 180;

function sees(radar: RadarGeometry, p: readonly [number, number, number]): boolean {
  return radar.sees(p[0], p[1], p[2]);
}

/** A radar that sees everywhere above its minimum elevation, for geometry tests. */
function openRadar(site: Radar['site'], minElevation: number, overrides: Partial<Radar> = {}): Radar {
  return {
    id: 'test',
    name: 'test radar',
    party: 'united-states',
    site,
    minElevation,
    maxElevation: 90 * DEG,
    minRange: 0,
    detectionRange: 1e9,
    coverage: { kind: 'mechanical', azimuthCentre: 0, azimuthWidth: 2 * Math.PI },
    needsCue: false,
    track: { firmTrackTime: 10, fireControlTime: 20, fireControlQuality: true },
    ...overrides,
  };
}

describe('radar horizon (shared/reference section 2: 0.7 km radar, spherical Earth, no refraction)', () => {
  // Lowest visible target altitude (km) at a ground range (km), for minimum elevation 0 and 3 deg.
  const table: Array<[number, number, number]> = [
    [1000, 80, 134],
    [2000, 328, 444],
    [3000, 779, 975],
    [4000, 1502, 1813],
  ];
  const earth = earthModel({ spherical: true });
  const R = earth.ellipsoid.a;
  it.each(table)(
    'at %i km the lowest visible altitude is %i km (0 deg) and %i km (3 deg), within 1 km',
    (range, h0, h3) => {
      for (const [minElevation, expected] of [
        [0, h0],
        [3 * DEG, h3],
      ] as const) {
        const radar = new RadarGeometry(openRadar({ lat: 0, lon: 0, height: 700 }, minElevation), earth);
        const at = (h: number) =>
          geodeticToEcef({ lat: 0, lon: (range * 1e3) / R, height: h }, earth.ellipsoid);
        // Bisection on the visibility predicate for the lowest visible altitude.
        let lo = 0;
        let hi = 5000e3;
        expect(sees(radar, at(hi))).toBe(true);
        expect(sees(radar, at(lo))).toBe(false);
        while (hi - lo > 10) {
          const mid = 0.5 * (lo + hi);
          if (sees(radar, at(mid))) hi = mid;
          else lo = mid;
        }
        expect(Math.abs(hi / 1e3 - expected)).toBeLessThan(1);
      }
    },
  );

  it('4/3-Earth refraction: the effective-radius horizon for targets within the refracting layer', () => {
    // Radar 700 m up, target 5 km up (both inside the 10 km layer), no elevation limit: visible out
    // to the effective-Earth horizon distance kR [acos(kR / (kR + h_r)) + acos(kR / (kR + h_t))].
    const radar = new RadarGeometry(
      openRadar({ lat: 0, lon: 0, height: 700 }, -90 * DEG),
      earth,
      STANDARD_REFRACTION,
    );
    const Re = STANDARD_REFRACTION * R;
    const expected = Re * (Math.acos(Re / (Re + 700)) + Math.acos(Re / (Re + 5000)));
    const at = (d: number) => geodeticToEcef({ lat: 0, lon: d / R, height: 5000 }, earth.ellipsoid);
    let lo = 0;
    let hi = 1000e3;
    while (hi - lo > 10) {
      const mid = 0.5 * (lo + hi);
      if (sees(radar, at(mid))) lo = mid;
      else hi = mid;
    }
    expect(Math.abs(lo - expected)).toBeLessThan(200);
    // Without refraction the geometric horizon is shorter.
    const straight = new RadarGeometry(openRadar({ lat: 0, lon: 0, height: 700 }, -90 * DEG), earth);
    expect(sees(straight, at(expected - 5e3))).toBe(false);
  });

  it('refraction of rays to targets above the air: at most what the layer bends (0.8 deg at the horizon)', () => {
    const radar = new RadarGeometry(
      openRadar({ lat: 0, lon: 0, height: 700 }, -90 * DEG),
      earth,
      STANDARD_REFRACTION,
    );
    const straight = new RadarGeometry(openRadar({ lat: 0, lon: 0, height: 700 }, -90 * DEG), earth);
    for (const [range, height] of [
      [4000e3, 1500e3],
      [3000e3, 800e3],
      [1000e3, 2000e3],
    ]) {
      const p = geodeticToEcef({ lat: 0, lon: range! / R, height: height! }, earth.ellipsoid);
      const bent = radar.look(p[0], p[1], p[2]).elevation;
      const geometric = straight.look(p[0], p[1], p[2]).elevation;
      // Cap: (1 - 3/4) / R x path through the 10 km layer; at elevation e the path is at most the
      // horizontal one, sqrt((R + 10 km)^2 - (R + 0.7 km)^2).
      const horizontalPath = Math.sqrt((R + 10e3) ** 2 - (R + 700) ** 2);
      expect(bent - geometric).toBeGreaterThan(0);
      expect(bent - geometric).toBeLessThanOrEqual((0.25 / R) * horizontalPath + 1e-12);
      expect((bent - geometric) / DEG).toBeLessThan(0.8);
    }
  });

  it('on the ellipsoid, the line of sight is blocked exactly where the segment dips below the surface', () => {
    const wgs = earthModel();
    // Minimum elevation -90 deg: only the Earth itself hides the target.
    const site = { lat: 60 * DEG, lon: 10 * DEG, height: 1000 };
    const radar = new RadarGeometry(openRadar(site, -90 * DEG), wgs);
    const random = seededRandom(3);
    for (let k = 0; k < 200; k++) {
      const target = geodeticToEcef(
        { lat: (random() * 180 - 90) * DEG, lon: random() * 2 * Math.PI, height: random() * 3000e3 },
        wgs.ellipsoid,
      );
      const s = geodeticToEcef(site, wgs.ellipsoid);
      // Brute force: does any of 2,000 points of the segment lie inside the ellipsoid?
      let blocked = false;
      for (let i = 1; i < 2000 && !blocked; i++) {
        const f = i / 2000;
        const p = [0, 1, 2].map((j) => s[j]! + f * (target[j]! - s[j]!));
        const b = wgs.ellipsoid.a * (1 - wgs.ellipsoid.f);
        blocked = (p[0]! / wgs.ellipsoid.a) ** 2 + (p[1]! / wgs.ellipsoid.a) ** 2 + (p[2]! / b) ** 2 < 1;
      }
      expect(sees(radar, target), `target ${k}`).toBe(!blocked);
    }
  });
});

describe('the radar equation, by hand', () => {
  it('the Brdy radar (170 kW, 105 m^2, 9.5 GHz) against a 0.01 m^2 warhead: every step written out', () => {
    const input = {
      averagePower: 170e3, // W (Czech Ministry of Defence, 2007)
      aperture: 105, // m^2
      apertureEfficiency: 0.6,
      frequency: 9.5e9, // Hz
      systemNoiseTemperature: 500, // K
      losses: fromDecibels(10),
      requiredSnr: fromDecibels(13),
      dwellTime: 0.05, // s
    };
    const sigma = 0.01; // m^2
    // lambda = c / f = 299,792,458 / 9.5e9 = 0.0315571 m.
    const lambda = SPEED_OF_LIGHT / 9.5e9;
    expect(lambda).toBeCloseTo(0.0315571, 6);
    // A_e = 0.6 x 105 = 63 m^2. Numerator P t A_e^2 sigma = 170e3 x 0.05 x 63^2 x 0.01 = 337,365.
    const numerator = 170e3 * 0.05 * 63 * 63 * 0.01;
    expect(numerator).toBeCloseTo(337365, 6);
    // 10 dB = 10; 13 dB = 19.9526. Denominator 4 pi lambda^2 k T L SNR
    //   = 12.566371 x 9.958506e-4 x 1.380649e-23 x 500 x 10 x 19.952623 = 1.723683e-20.
    const denominator = 4 * Math.PI * lambda ** 2 * BOLTZMANN * 500 * 10 * 10 ** 1.3;
    expect(denominator / 1.723683e-20).toBeCloseTo(1, 5);
    // R^4 = 337,365 / 1.723683e-20 = 1.957235e25 m^4; R = (4.424065e12)^(1/2) = 2,103.35 km.
    expect(numerator / denominator / 1.957235e25).toBeCloseTo(1, 5);
    expect(detectionRange(input, sigma) / 1e3).toBeCloseTo(2103.3, 1);
    // The fourth-root law: 16 times the cross-section, twice the range.
    expect(detectionRange(input, 16 * sigma) / detectionRange(input, sigma)).toBeCloseTo(2, 12);
  });
});

describe('faces', () => {
  it('a radar sees a target only within a face scan limit, its elevation limits and its range (random geometries)', () => {
    const earth = earthModel();
    const random = seededRandom(21);
    let seen = 0;
    for (let k = 0; k < 300; k++) {
      const site = { lat: (random() * 160 - 80) * DEG, lon: random() * 2 * Math.PI, height: random() * 2000 };
      const faces = Array.from({ length: 1 + Math.floor(random() * 3) }, () => ({
        azimuth: random() * 2 * Math.PI,
        tilt: random() * 30 * DEG,
        maxScan: (20 + random() * 50) * DEG,
      }));
      const radar = openRadar(site, random() * 5 * DEG, {
        maxElevation: (60 + random() * 30) * DEG,
        minRange: random() * 100e3,
        detectionRange: 1000e3 + random() * 4000e3,
        coverage: { kind: 'faces', faces },
      });
      const geometry = new RadarGeometry(radar, earth);
      const s = geodeticToEcef(site, earth.ellipsoid);
      // Targets around the radar, up to 3,000 km up.
      for (let j = 0; j < 20; j++) {
        const target = geodeticToEcef(
          {
            lat: site.lat + (random() - 0.5) * 60 * DEG,
            lon: site.lon + (random() - 0.5) * 60 * DEG,
            height: random() * 3000e3,
          },
          earth.ellipsoid,
        );
        if (!sees(geometry, target)) continue;
        seen++;
        // Independent check with the frames module's look angles.
        const look = lookAngles(target, s, site);
        const direction = enuDirection(look.azimuth, look.elevation);
        const inFace = faces.some((f) => {
          const b = enuDirection(f.azimuth, f.tilt);
          const cos = direction[0] * b[0] + direction[1] * b[1] + direction[2] * b[2];
          return cos >= Math.cos(f.maxScan) - 1e-12;
        });
        expect(inFace).toBe(true);
        expect(look.elevation).toBeGreaterThanOrEqual(radar.minElevation - 1e-12);
        expect(look.elevation).toBeLessThanOrEqual(radar.maxElevation + 1e-12);
        expect(look.range).toBeLessThanOrEqual(radar.detectionRange);
        expect(look.range).toBeGreaterThanOrEqual(radar.minRange);
      }
    }
    expect(seen).toBeGreaterThan(100);
  });
});
