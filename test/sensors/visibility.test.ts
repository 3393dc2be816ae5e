import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { earthModel } from '../../src/earth/earth-model.js';
import { geodesicBetween } from '../../src/earth/geodesic.js';
import { flyThreat } from '../../src/engagement/threat.js';
import type { Rocket } from '../../src/flight/rocket.js';
import { parseMissileFile } from '../../src/scenario/missile-file.js';
import {
  geostationaryRadius,
  type InfraredConstellation,
  infraredDetection,
} from '../../src/sensors/infrared.js';
import { type Radar, RadarGeometry } from '../../src/sensors/radar.js';
import { radarVisibility } from '../../src/sensors/radar-visibility.js';
import { OWN_SENSORS } from '../../src/sensors/sharing.js';
import { ThreatPath } from '../../src/sensors/threat-path.js';
import { defenceTimeline } from '../../src/sensors/timeline.js';
import { trackTimes } from '../../src/sensors/track.js';
import type { Interval } from '../../src/sensors/visibility.js';

const DEG = Math.PI / 180;
const earth = earthModel();
const missile = (id: string): Rocket =>
  parseMissileFile(`${id}.yaml`, readFileSync(`data/missiles/${id}.yaml`, 'utf8')).rocket;
function minimumEnergy(rocket: Rocket, from: [number, number], to: [number, number]) {
  const place = ([lat, lon]: [number, number]) => ({ lat: lat * DEG, lon: lon * DEG, height: 0 });
  const t = flyThreat(rocket, place(from), place(to), 'min-energy', earth);
  if (!('trajectory' in t)) throw new Error(t.message);
  return t.trajectory;
}
// An Iranian IRBM from Tabriz at London, and an ICBM from Tabriz at New York.
const irbm = minimumEnergy(missile('iran-irbm'), [38.08, 46.29], [51.506, -0.097]);
const icbm = minimumEnergy(missile('iran-icbm'), [38.08, 46.29], [40.679, -73.947]);

const track = { firmTrackTime: 10, fireControlTime: 20, fireControlQuality: true };
// Radar sites from shared/reference section 4; limits of the kind of the catalog's radars.
const fylingdalesLike: Radar = {
  id: 'faces',
  name: 'three faces',
  party: 'united-kingdom',
  site: { lat: 54.361758 * DEG, lon: -0.670051 * DEG, height: 300 },
  minElevation: 3 * DEG,
  maxElevation: 85 * DEG,
  minRange: 0,
  detectionRange: 4800e3,
  coverage: {
    kind: 'faces',
    faces: [0, 120, 240].map((az) => ({ azimuth: az * DEG, tilt: 20 * DEG, maxScan: 60 * DEG })),
  },
  needsCue: false,
  track,
};
const brdyLike: Radar = {
  id: 'mount',
  name: 'mechanical X-band',
  party: 'united-states',
  site: { lat: 49.63522 * DEG, lon: 13.74794 * DEG, height: 720 },
  minElevation: 2 * DEG,
  maxElevation: 90 * DEG,
  minRange: 50e3,
  detectionRange: 2000e3,
  coverage: { kind: 'mechanical', azimuthCentre: 120 * DEG, azimuthWidth: 180 * DEG },
  needsCue: true,
  track,
};

/** Geostationary infrared satellites over Europe and the Indian Ocean (assumed longitudes). */
const constellation: InfraredConstellation = {
  id: 'ir',
  name: 'geostationary infrared',
  party: 'united-states',
  geostationaryLongitudes: [10 * DEG, 70 * DEG],
  minElevation: 5 * DEG,
  detectionAltitude: 12e3,
  reportingLatency: 30,
  azimuthAfter: 20,
};

/** Brute force: visibility sampled every dt seconds, intervals from the samples. */
function sampled(radar: RadarGeometry, path: ThreatPath, dt: number): Interval[] {
  const out: Array<{ start: number; end: number }> = [];
  const p: [number, number, number] = [0, 0, 0];
  let open: number | undefined;
  for (let t = path.startTime; t <= path.endTime; t += dt) {
    path.positionAt(t, p);
    const v = radar.sees(p[0], p[1], p[2]);
    if (v && open === undefined) open = t;
    if (!v && open !== undefined) {
      out.push({ start: open, end: t - dt });
      open = undefined;
    }
  }
  if (open !== undefined) out.push({ start: open, end: path.endTime });
  return out;
}

describe('radar visibility intervals (event engine) against brute-force sampling every 0.1 s', () => {
  for (const [name, trajectory] of [
    ['IRBM Tabriz-London', irbm],
    ['ICBM Tabriz-New York', icbm],
  ] as const) {
    for (const radar of [fylingdalesLike, brdyLike]) {
      it(`${name}, ${radar.name}: same intervals within 0.2 s`, () => {
        const path = new ThreatPath(trajectory, earth.rotationRate);
        const geometry = new RadarGeometry(radar, earth);
        const exact = radarVisibility(geometry, path);
        const brute = sampled(geometry, path, 0.1);
        expect(exact.length).toBe(brute.length);
        expect(exact.length).toBeGreaterThan(0);
        exact.forEach((interval, k) => {
          expect(Math.abs(interval.start - brute[k]!.start)).toBeLessThan(0.2);
          expect(Math.abs(interval.end - brute[k]!.end)).toBeLessThan(0.2);
        });
      });
    }
  }
});

describe('track build-up', () => {
  it('detection at the first visible moment after the cue, firm and fire-control tracks after continuous viewing', () => {
    const intervals = [
      { start: 100, end: 105 },
      { start: 200, end: 260 },
    ];
    // The first interval is too short for a firm track (10 s): the track starts again at 200 s.
    expect(trackTimes(intervals, track)).toEqual({
      firstDetection: 100,
      firmTrack: 210,
      fireControlTrack: 230,
    });
    // Cued at 220 s: detection then, firm at 230 s, fire control at 250 s.
    expect(trackTimes(intervals, track, 220)).toEqual({
      firstDetection: 220,
      firmTrack: 230,
      fireControlTrack: 250,
    });
    // Cued at 235 s: firm at 245 s, but 265 s is past the end of view: no fire-control track.
    expect(trackTimes(intervals, track, 235)).toEqual({
      firstDetection: 235,
      firmTrack: 245,
      fireControlTrack: undefined,
    });
    expect(trackTimes(intervals, { ...track, fireControlQuality: false }).fireControlTrack).toBeUndefined();
  });
});

describe('infrared early warning', () => {
  it('the geostationary radius is (GM / omega^2)^(1/3) = 42,164 km', () => {
    expect(geostationaryRadius(earth) / 1e3).toBeCloseTo(42164.2, 0);
  });
  it('sees the plume when it clears the detection altitude, reports a latency later', () => {
    const path = new ThreatPath(irbm, earth.rotationRate);
    const burnout = irbm.event('burnout')!.time;
    const report = infraredDetection(constellation, path, burnout, earth);
    expect(report.detection).toBeDefined();
    // At the detection time the threat is at the detection altitude (to 1 m).
    expect(Math.abs(irbm.geodeticAt(report.detection!)!.height - 12e3)).toBeLessThan(1);
    expect(report.launchReport).toBeCloseTo(report.detection! + 30, 9);
    expect(report.azimuthReport).toBeCloseTo(report.detection! + 50, 9);
    // The report gives the launch point and a rough azimuth: that of the target from Tabriz, within
    // 3 deg (the early track bends a little with the Earth's rotation and the pitch program).
    expect(report.launchPoint!.lat / DEG).toBeCloseTo(38.08, 3);
    const bearing = geodesicBetween(report.launchPoint!, { lat: 51.506 * DEG, lon: -0.097 * DEG }).azimuth1;
    expect(Math.abs(report.azimuth! - bearing) / DEG).toBeLessThan(3);
  });
  it('sees nothing without a satellite over the launch area, or above burnout altitude', () => {
    const path = new ThreatPath(irbm, earth.rotationRate);
    const burnout = irbm.event('burnout')!.time;
    // A satellite over the Pacific (180 deg) cannot see Tabriz.
    expect(
      infraredDetection({ ...constellation, geostationaryLongitudes: [180 * DEG] }, path, burnout, earth)
        .detection,
    ).toBeUndefined();
    // A coverage assumption instead of orbits sees it anyway, at the detection altitude.
    const assumed = infraredDetection(
      { ...constellation, geostationaryLongitudes: [], assumedCoverage: true },
      path,
      burnout,
      earth,
    );
    expect(Math.abs(irbm.geodeticAt(assumed.detection!)!.height - 12e3)).toBeLessThan(1);
    // A plume threshold above the burnout altitude is never crossed while burning.
    const burnoutHeight = irbm.geodeticAt(burnout)!.height;
    expect(
      infraredDetection({ ...constellation, detectionAltitude: burnoutHeight + 1e3 }, path, burnout, earth)
        .detection,
    ).toBeUndefined();
  });
});

describe('defence timeline and shared data', () => {
  it('a narrow-beam radar needs a cue: own X-band alone never commits; a shared early-warning track cues it', () => {
    const sensors = { radars: [brdyLike, fylingdalesLike], infrared: [] };
    const own = defenceTimeline(irbm, sensors, 'united-states', OWN_SENSORS, earth);
    expect(own.fireControlTrack).toBeUndefined();
    expect(own.commit).toBeUndefined();
    const shared = defenceTimeline(
      irbm,
      sensors,
      'united-states',
      {
        id: 'uk-us',
        name: 'UK to US',
        shares: [{ sensor: 'faces', to: 'united-states', latency: 7, quality: 'cueing' }],
      },
      earth,
    );
    const uk = shared.sensors.find((s) => s.id === 'faces')!;
    const x = shared.sensors.find((s) => s.id === 'mount')!;
    if (uk.kind !== 'radar' || x.kind !== 'radar') throw new Error('radars expected');
    // The cue is the UK radar's firm track plus the latency; the X-band radar then searches.
    expect(x.cue).toBeCloseTo(uk.track.firmTrack! + 7, 9);
    expect(x.track.firstDetection!).toBeGreaterThanOrEqual(x.cue!);
    // Fire control from the X-band radar (own, fire-control quality): commit at its fire-control track.
    expect(shared.commit).toBeCloseTo(x.track.fireControlTrack!, 9);
    // Cueing-quality data alone never commit: the UK track is not the commit.
    expect(shared.events.filter((e) => e.event === 'fire-control track').map((e) => e.sensor)).toEqual([
      'mount',
    ]);
  });

  it('an infrared azimuth report cues the narrow-beam radar: search from the report on', () => {
    const t = defenceTimeline(
      irbm,
      { radars: [brdyLike], infrared: [constellation] },
      'united-states',
      OWN_SENSORS,
      earth,
    );
    const ir = t.sensors.find((s) => s.id === 'ir')!;
    const x = t.sensors.find((s) => s.id === 'mount')!;
    if (ir.kind !== 'infrared' || x.kind !== 'radar') throw new Error('kinds');
    expect(x.cue).toBeCloseTo(ir.report.azimuthReport!, 9);
    expect(t.warning).toBeCloseTo(ir.report.launchReport!, 9);
    // The X-band radar's view starts after the cue here, so the cue does not delay it.
    expect(x.track.firstDetection).toBeCloseTo(Math.max(x.cue!, x.intervals[0]!.start), 9);
    expect(t.commit).toBeCloseTo(x.track.firstDetection! + 10 + 20, 9);
  });

  it("a narrow-beam radar is cued by its operator's data, even for a defence that receives only its track", () => {
    // The United Kingdom defends, receiving only the US X-band radar's track (20 s late); the US
    // satellites that cue that radar are not shared with it.
    const t = defenceTimeline(
      irbm,
      { radars: [brdyLike], infrared: [constellation] },
      'united-kingdom',
      {
        id: 'us-uk',
        name: 'US radar to the UK',
        shares: [{ sensor: 'mount', to: 'united-kingdom', latency: 20, quality: 'fire-control' }],
      },
      earth,
    );
    const ir = t.sensors.find((s) => s.id === 'ir')!;
    const x = t.sensors.find((s) => s.id === 'mount')!;
    if (ir.kind !== 'infrared' || x.kind !== 'radar') throw new Error('kinds');
    expect(ir.access).toBeUndefined();
    expect(x.cue).toBeCloseTo(ir.report.azimuthReport!, 9);
    expect(t.commit).toBeCloseTo(x.track.fireControlTrack! + 20, 9);
  });

  it('fire-control data shared from another party arrive late by the latency', () => {
    const sensors = { radars: [fylingdalesLike], infrared: [] };
    const at = (latency: number) =>
      defenceTimeline(
        irbm,
        sensors,
        'united-states',
        {
          id: 'x',
          name: 'x',
          shares: [{ sensor: 'faces', to: 'united-states', latency, quality: 'fire-control' }],
        },
        earth,
      ).commit!;
    expect(at(30) - at(5)).toBeCloseTo(25, 9);
  });
});
