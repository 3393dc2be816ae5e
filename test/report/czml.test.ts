import { Cartesian3, Cartographic, CzmlDataSource, type Entity, JulianDate, TimeInterval } from 'cesium';
import { beforeAll, describe, expect, it } from 'vitest';
import { epochMillis } from '../../src/report/scenario-time.js';
import { keyEvents, thinnedTimes } from '../../src/report/thinning.js';
import { EPOCH, exportRun, LAUNCH_TIME, NAME, recordedIntercepts } from './run-fixture.js';

/**
 * The CZML export read by Cesium's own CzmlDataSource: the positions Cesium computes are compared
 * with the flown trajectory.
 */

// CzmlDataSource tells property types apart by comparing them, in a switch, with the browser's
// Image constructor; Node has none, so reading any property listed after it (a path's width, a
// label's style) throws a ReferenceError. A distinct class equals no other type, and the document
// holds no images.
(globalThis as { Image?: unknown }).Image ??= class Image {};

const run = exportRun();
const czml = JSON.parse(run.files.get('trajectories.czml')!) as Array<{ id: string }>;
const launch = JulianDate.addSeconds(
  JulianDate.fromDate(new Date(epochMillis(EPOCH))),
  LAUNCH_TIME,
  new JulianDate(),
);
const atFlightTime = (t: number) => JulianDate.addSeconds(launch, t, new JulianDate());
let source: CzmlDataSource;
let threat: Entity;

/** Where the trajectory is at time t (s from launch), as a Cesium Earth-fixed position (WGS84). */
function truth(t: number): Cartesian3 {
  const g = run.trajectory.geodeticAt(t)!;
  return Cartesian3.fromRadians(g.lon, g.lat, g.height);
}

/** Horizontal and vertical distance (m) between two Earth-fixed positions. */
function separation(a: Cartesian3, b: Cartesian3): { horizontal: number; vertical: number } {
  const ca = Cartographic.fromCartesian(a);
  const cb = Cartographic.fromCartesian(b);
  const level = Cartesian3.fromRadians(cb.longitude, cb.latitude, ca.height);
  return { horizontal: Cartesian3.distance(a, level), vertical: Math.abs(ca.height - cb.height) };
}

beforeAll(async () => {
  source = await CzmlDataSource.load(czml);
  threat = source.entities.getById('irbm-london')!;
});

describe('CZML export, read by Cesium', () => {
  it('holds the document, the threat, its events and every planned intercept', () => {
    const intercepts = recordedIntercepts(run.result);
    expect(intercepts.length).toBeGreaterThan(0);
    const ids = [
      'irbm-london',
      'irbm-london/burnout',
      'irbm-london/apogee',
      'irbm-london/impact',
      ...intercepts.map((_, k) => `irbm-london/intercept/shots/redzikowo/${k + 1}`),
    ];
    expect(czml[0]!.id).toBe('document');
    expect(source.name).toBe(NAME);
    expect(source.entities.values.map((e) => e.id).sort()).toEqual([...ids].sort());
    for (const id of ids.slice(1))
      expect(source.entities.getById(id)!.label!.text!.getValue(launch)).toBeTruthy();
    expect(
      source.entities.getById('irbm-london/intercept/shots/redzikowo/1')!.properties!.event!.getValue(launch),
    ).toBe('intercept');
  });

  it('places the flight on the calendar: availability and clock span launch to impact', () => {
    expect(threat.availability!.length).toBe(1);
    const interval = threat.availability!.get(0) as TimeInterval;
    // The epoch of the scenario plus the threat's launch time; impact at the flight time after it.
    expect(JulianDate.secondsDifference(interval.start, launch)).toBeCloseTo(run.trajectory.startTime, 6);
    expect(JulianDate.secondsDifference(interval.stop, launch)).toBeCloseTo(run.trajectory.endTime, 6);
    expect(JulianDate.toIso8601(launch, 0)).toBe('2010-03-01T12:01:30Z');
    expect(JulianDate.secondsDifference(source.clock.startTime, interval.start)).toBeCloseTo(0, 6);
    expect(JulianDate.secondsDifference(source.clock.stopTime, interval.stop)).toBeCloseTo(0, 6);
    expect(TimeInterval.contains(interval, atFlightTime(run.trajectory.endTime / 2))).toBe(true);
    expect(threat.isAvailable(atFlightTime(-1))).toBe(false);
    expect(threat.isAvailable(atFlightTime(run.trajectory.endTime + 1))).toBe(false);
  });

  it('at every sample time and event, Cesium puts the threat where the trajectory is (5 cm)', () => {
    // Degrees to 7 decimals (at most 0.56 cm per axis), heights to 1 cm, times to 1 us (at most
    // 0.8 cm at 8 km/s): 5 cm covers the rounding with room to spare.
    const times = thinnedTimes(run.trajectory);
    expect(times.length).toBeLessThanOrEqual(203);
    for (const t of times) {
      const d = separation(threat.position!.getValue(atFlightTime(t))!, truth(t));
      expect(d.horizontal, `t = ${t}`).toBeLessThan(0.05);
      expect(d.vertical, `t = ${t}`).toBeLessThan(0.05);
    }
    for (const e of keyEvents(run.trajectory)) {
      const marker = source.entities.getById(`irbm-london/${e.name}`)!;
      const d = separation(marker.position!.getValue(atFlightTime(e.time))!, truth(e.time));
      expect(d.horizontal + d.vertical, e.name).toBeLessThan(0.05);
      expect(marker.properties!.time!.getValue(launch)).toBeCloseTo(e.time, 3);
      // Each marker appears when its event happens.
      expect(JulianDate.secondsDifference(marker.availability!.start, launch)).toBeCloseTo(e.time, 5);
    }
  });

  it('between samples the error of linear interpolation is (spacing)^2/8 times the acceleration, never more', () => {
    // Linear interpolation of x(t) between t0 and t1 misses by (t - t0)(t1 - t)/2 x''(xi) for some
    // xi in between (Rolle), so at most h^2/8 max|x''| with h = t1 - t0, in Earth-fixed Cartesian
    // coordinates where Cesium interpolates. max|x''| is taken from second differences of the
    // flown trajectory on 20 sub-steps (+10 % for peaks between them); 5 cm is the rounding.
    const times = thinnedTimes(run.trajectory);
    const ratios: number[] = [];
    for (let i = 0; i + 1 < times.length; i++) {
      const [t0, t1] = [times[i]!, times[i + 1]!];
      const h = t1 - t0;
      const step = h / 20;
      let acceleration = 0;
      for (let k = 1; k < 20; k++) {
        const t = t0 + k * step;
        const second = Cartesian3.subtract(
          Cartesian3.add(truth(t - step), truth(t + step), new Cartesian3()),
          Cartesian3.multiplyByScalar(truth(t), 2, new Cartesian3()),
          new Cartesian3(),
        );
        acceleration = Math.max(acceleration, Cartesian3.magnitude(second) / step ** 2);
      }
      const mid = 0.5 * (t0 + t1);
      const error = Cartesian3.distance(threat.position!.getValue(atFlightTime(mid))!, truth(mid));
      const bound = (h ** 2 / 8) * acceleration;
      expect(error, `between ${t0} and ${t1} s`).toBeLessThanOrEqual(1.1 * bound + 0.05);
      ratios.push(error / bound);
    }
    // In smooth flight the bound is nearly reached (the error is h^2/8 |x''| at the midpoint): the
    // samples are joined by straight chords, as the map and the KML draw them.
    const median = [...ratios].sort((a, b) => a - b)[Math.floor(ratios.length / 2)]!;
    expect(median).toBeGreaterThan(0.9);
  });

  it('places each planned intercept on the trajectory at its time', () => {
    recordedIntercepts(run.result).forEach((i, k) => {
      const marker = source.entities.getById(`irbm-london/intercept/shots/redzikowo/${k + 1}`)!;
      const at = marker.position!.getValue(atFlightTime(i.time))!;
      const c = Cartographic.fromCartesian(at);
      // The recorded point (micro-degrees, millimetres) ...
      expect((c.latitude * 180) / Math.PI).toBeCloseTo(i.lat, 6);
      expect((c.longitude * 180) / Math.PI).toBeCloseTo(i.lon, 6);
      expect(c.height).toBeCloseTo(i.altitude, 2);
      // ... is the threat's position at the intercept time, recorded to the millisecond (at most
      // 4 m at 8 km/s) and to the micro-degree (0.1 m).
      const d = separation(at, truth(i.time));
      expect(d.horizontal + d.vertical).toBeLessThan(5);
      expect(JulianDate.secondsDifference(marker.availability!.start, launch)).toBeCloseTo(i.time, 5);
    });
  });
});
