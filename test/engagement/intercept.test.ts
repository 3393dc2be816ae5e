import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { STANDARD_GRAVITY } from '../../src/core/constants.js';
import { earthModel } from '../../src/earth/earth-model.js';
import { geodeticToEcef } from '../../src/earth/geodetic.js';
import { solveEngagement } from '../../src/engagement/intercept.js';
import { fitSyntheticBooster, type Interceptor } from '../../src/engagement/interceptor.js';
import { ReachTable } from '../../src/engagement/reach-table.js';
import { flyThreat } from '../../src/engagement/threat.js';
import { flyFromBurnout } from '../../src/flight/fly.js';
import { makeRocket, type Rocket } from '../../src/flight/rocket.js';
import { parseInterceptorFile } from '../../src/scenario/interceptor-file.js';
import { parseMissileFile } from '../../src/scenario/missile-file.js';

const DEG = Math.PI / 180;
const earth = earthModel();
const redzikowo = { lat: 54.4728 * DEG, lon: 17.1231 * DEG, height: 0 };
const fixture = readFileSync('test/fixtures/interceptors/test-gbi.yaml', 'utf8');
const interceptorAt = (speed: number) =>
  parseInterceptorFile('test-gbi.yaml', fixture, earth, [
    { id: 'test-gbi', path: 'burnoutSpeed', value: `${speed} m/s`, text: `test-gbi.burnoutSpeed=${speed}` },
  ]).interceptor;
const irbm = parseMissileFile('iran-irbm.yaml', readFileSync('data/missiles/iran-irbm.yaml', 'utf8')).rocket;
/** A missile's minimum-energy trajectory between two places (lat, lon in degrees). */
function minimumEnergy(rocket: Rocket, from: [number, number], to: [number, number]) {
  const place = ([lat, lon]: [number, number]) => ({ lat: lat * DEG, lon: lon * DEG, height: 0 });
  const t = flyThreat(rocket, place(from), place(to), 'min-energy', earth);
  if (!('trajectory' in t)) throw new Error(t.message);
  return t.trajectory;
}
const threat = minimumEnergy(irbm, [38.08, 46.29], [51.506, -0.097]);
const tables = new Map<number, ReachTable>();
const tableAt = (speed: number) => {
  let t = tables.get(speed);
  if (!t) {
    t = new ReachTable(interceptorAt(speed), redzikowo, earth);
    tables.set(speed, t);
  }
  return t;
};

describe('intercept solver: the closed-form head-on case', () => {
  it('no gravity, no air: straight-line threat and interceptor meet when the closed form says', () => {
    // With no gravity every flight is a straight line from the site, and a one-stage booster at
    // constant mass flow covers s(tau) = c [tau ln m0 - (m0 ln m0 - m0 - m1 ln m1 + m1) / mdot],
    // m1 = m0 - mdot tau, c = g0 Isp (Tsiolkovsky, integrated), then coasts at its burnout speed.
    // The earliest intercept of a threat P(t) by a launch at tL is the first t with
    // s(t - tL) = |P(t) - site|.
    const still = earthModel({ gm: 0, rotation: false, atmosphere: false });
    const m0 = 1100;
    const mdot = 30;
    const burn = 30;
    const c = STANDARD_GRAVITY * 300;
    const booster = makeRocket(
      'straight-line test booster',
      [{ dryMass: 100, propellantMass: 900, specificImpulse: 300, burnTime: burn, diameter: 1 }],
      { mass: 100, ballisticCoefficient: 1e4 },
      { verticalRiseTime: 0, pitchoverDuration: 0, pitchoverAngle: 0.5 },
    );
    const distance = (tau: number) => {
      const t = Math.min(tau, burn);
      const m1 = m0 - mdot * t;
      const s = c * (t * Math.log(m0) - (m0 * Math.log(m0) - m0 - m1 * Math.log(m1) + m1) / mdot);
      return tau <= burn ? s : s + c * Math.log(m0 / (m0 - mdot * burn)) * (tau - burn);
    };
    const interceptor: Interceptor = {
      id: 'straight',
      name: 'straight-line test interceptor',
      booster,
      burnoutSpeed: c * Math.log(m0 / 200),
      killVehicle: { mass: 100, divertVelocity: 1000, seekerAcquisitionRange: 600e3 },
      minInterceptAltitude: 100e3,
      maxInterceptAltitude: 5000e3,
      launchDelay: 0,
    };
    const site = { lat: 0, lon: 0, height: 0 };
    const threatLine = flyFromBurnout(
      {
        site: { lat: 15 * DEG, lon: 0, height: 1500e3 },
        speed: 5000,
        flightPathAngle: -20 * DEG,
        azimuth: 180 * DEG,
      },
      still,
    ).trajectory;
    const commitTime = 40;
    const result = solveEngagement(threatLine, new ReachTable(interceptor, site, still), { commitTime });
    expect(result.feasible).toBe(true);
    const siteEcef = geodeticToEcef(site, still.ellipsoid);
    const gap = (t: number) => {
      const p = threatLine.stateAt(t)!;
      return (
        distance(t - commitTime) - Math.hypot(p[0]! - siteEcef[0], p[1]! - siteEcef[1], p[2]! - siteEcef[2])
      );
    };
    let lo = commitTime + 1;
    let hi = threatLine.endTime;
    expect(gap(lo)).toBeLessThan(0);
    expect(gap(hi)).toBeGreaterThan(0);
    for (let i = 0; i < 60; i++) {
      const mid = 0.5 * (lo + hi);
      if (gap(mid) < 0) lo = mid;
      else hi = mid;
    }
    // The table interpolates between lofts and samples: agreement within 1 s.
    expect(Math.abs(result.interceptWindow!.earliest - hi)).toBeLessThan(1);
    const first = result.intercepts[0]!;
    expect(Math.abs(first.time - hi)).toBeLessThan(1);
    expect(first.miss).toBeLessThan(1000);
    // Head-on: the interceptor climbs toward the descending threat.
    expect(first.geometryAngle / DEG).toBeGreaterThan(120);
  });
});

describe('intercept solver on the rotating Earth: an Iranian IRBM aimed at London against Redzikowo', () => {
  it('flies each shot out and meets the threat within the kill vehicle divert (fire-control correction)', () => {
    const result = solveEngagement(threat, tableAt(7000), { commitTime: 150 });
    expect(result.feasible).toBe(true);
    expect(result.shots).toBeGreaterThanOrEqual(1);
    for (const shot of result.intercepts) {
      expect(shot.miss).toBeLessThan(1000);
      expect(shot.divertOk).toBe(true);
      expect(shot.altitude).toBeGreaterThan(100e3);
      expect(shot.time).toBeGreaterThanOrEqual(result.interceptWindow!.earliest - 1);
      expect(shot.time).toBeLessThanOrEqual(result.interceptWindow!.latest + 1);
      expect(shot.launchTime).toBeGreaterThanOrEqual(150 + 30);
    }
    // Shoot-look-shoot: shot k+1 flies only after shot k's intercept, the 60 s default kill assessment
    // and the interceptor's launch delay.
    const delay = interceptorAt(7000).launchDelay;
    for (let k = 1; k < result.intercepts.length; k++) {
      const before = result.intercepts[k - 1]!;
      expect(result.intercepts[k]!.launchTime).toBeGreaterThanOrEqual(before.time + 60 + delay - 1e-6);
    }
  });

  it('the reach table alone aims within a few km before fire-control corrections (rotation included)', () => {
    // The flyout fan is built in the rotating frame; a table that ignored Earth rotation over a
    // ~10 min flight would be off by tens of km at 55 deg N (465 m/s x cos(lat) x t).
    const result = solveEngagement(threat, tableAt(7000), { commitTime: 150 });
    for (const shot of result.intercepts) expect(shot.initialMiss).toBeLessThan(5000);
  });

  it('a later commit never gives an earlier intercept', () => {
    let previous = Number.NEGATIVE_INFINITY;
    for (const commitTime of [100, 200, 300, 400, 500]) {
      const r = solveEngagement(threat, tableAt(7000), { commitTime });
      if (!r.interceptWindow) break;
      expect(r.interceptWindow.earliest).toBeGreaterThanOrEqual(previous - 0.5);
      previous = r.interceptWindow.earliest;
    }
  });

  it('a faster interceptor never shrinks the intercept window', () => {
    let previous: { earliest: number; latest: number } | undefined;
    for (const speed of [5000, 6000, 7000, 8000]) {
      const r = solveEngagement(threat, tableAt(speed), { commitTime: 150 });
      expect(r.interceptWindow).toBeDefined();
      if (previous) {
        expect(r.interceptWindow!.earliest).toBeLessThanOrEqual(previous.earliest + 0.5);
        expect(r.interceptWindow!.latest - r.interceptWindow!.earliest).toBeGreaterThanOrEqual(
          previous.latest - previous.earliest - 1,
        );
      }
      previous = r.interceptWindow!;
    }
  });

  it('a faster interceptor never shrinks the window of a long ICBM flight either (energy management)', () => {
    // SS-19 from Kozelsk at Washington: its last in-band points are low and ~6,300 km from
    // Redzikowo. A full-burn 9 km/s booster flies over them on every loft (it is super-orbital);
    // only with a cutoff does it reach them, as the 7 km/s booster does on a full burn.
    const ss19 = parseMissileFile('ss-19.yaml', readFileSync('data/missiles/ss-19.yaml', 'utf8')).rocket;
    const t = { trajectory: minimumEnergy(ss19, [54.03, 35.78], [38.951, -77.013]) };
    const commitTime = t.trajectory.event('burnout')!.time;
    let previous: { earliest: number; latest: number } | undefined;
    for (const speed of [7000, 8000, 9000]) {
      const table = new ReachTable(interceptorAt(speed), redzikowo, earth);
      const r = solveEngagement(t.trajectory, table, { commitTime, maxShots: 1 });
      expect(r.interceptWindow, `${speed} m/s`).toBeDefined();
      if (previous) {
        expect(r.interceptWindow!.earliest).toBeLessThanOrEqual(previous.earliest + 0.5);
        expect(r.interceptWindow!.latest).toBeGreaterThanOrEqual(previous.latest - 1);
      }
      previous = r.interceptWindow!;
    }
  });

  it('says why there is no intercept', () => {
    expect(solveEngagement(threat, tableAt(7000), { commitTime: threat.endTime + 10 }).reason).toBe(
      'threat already impacted',
    );
    const late = solveEngagement(threat, tableAt(7000), { commitTime: threat.endTime - 60 });
    expect(late.reason).toBe('launched too late');
    // The answer says by when a launch would have met the threat, and that time is truly earlier.
    expect(late.latestUsefulLaunch).toBeDefined();
    expect(late.latestUsefulLaunch!).toBeLessThan(threat.endTime - 60 + interceptorAt(7000).launchDelay);
    const inTime = solveEngagement(threat, tableAt(7000), {
      commitTime: late.latestUsefulLaunch! - interceptorAt(7000).launchDelay - 30,
    });
    expect(inTime.interceptWindow).toBeDefined();
    // A slow, short-range interceptor (2 km/s) never reaches the threat's path.
    const slowBooster = fitSyntheticBooster(
      { burnoutSpeed: 2000, burnTime: 60, stageCount: 1, payloadMass: 64, diameter: 0.5 },
      earth,
    );
    const slow = new ReachTable(
      { ...interceptorAt(7000), booster: slowBooster, burnoutSpeed: 2000 },
      redzikowo,
      earth,
    );
    expect(solveEngagement(threat, slow, { commitTime: 150 }).reason).toBe('too slow');
    const floor = new ReachTable({ ...interceptorAt(7000), minInterceptAltitude: 3000e3 }, redzikowo, earth);
    expect(solveEngagement(threat, floor, { commitTime: 150 }).reason).toBe('below the altitude floor');
  });

  it('shoot-look-shoot: a longer kill assessment never allows more shots', () => {
    const quick = solveEngagement(threat, tableAt(8000), { commitTime: 150, killAssessmentTime: 30 });
    const slow = solveEngagement(threat, tableAt(8000), { commitTime: 150, killAssessmentTime: 300 });
    expect(quick.shots).toBeGreaterThanOrEqual(slow.shots);
    expect(slow.shots).toBeGreaterThanOrEqual(1);
  });
});
