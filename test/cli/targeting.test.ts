import { describe, expect, it } from 'vitest';
import { runCli, runJson } from './run-cli.js';

const ICBM = 'examples/missiles/illustrative-icbm.yaml';

describe('shieldlab fly --to', () => {
  it('aims a missile at a catalog site and reports the miss distance', async () => {
    const r = await runJson('fly', '--missile', ICBM, '--from', 'moscow', '--to', 'washington');
    expect(r.missDistance).toBeLessThan(1000);
    expect(r.aim.trajectory).toBe('min-energy');
    expect(r.aim.target).toEqual({ lat: 38.951, lon: -77.013 });
    expect(Math.abs(r.impact.lat - 38.951)).toBeLessThan(0.01);
    expect(r.aim.cutoffTime).toBeLessThanOrEqual(182);
  });

  it('the burnout state joining two places (the literature calculation), e.g. Tehran to Berlin', async () => {
    const r = await runJson(
      'fly',
      '--from',
      'tehran',
      '--to',
      'berlin',
      '--trajectory',
      'min-energy',
      '--burnout-altitude',
      '0',
    );
    expect(r.missDistance).toBeLessThan(1000);
    // About 3,500 km: the minimum-energy speed of the closed form is 5.2-5.3 km/s (reference section 1).
    expect(r.aim.targetDistance).toBeGreaterThan(3.4e6);
    expect(r.aim.burnoutSpeed).toBeGreaterThan(5100);
    expect(r.aim.burnoutSpeed).toBeLessThan(5400);
  });

  it('a lofted burnout-state trajectory chosen by apogee', async () => {
    const r = await runJson(
      'fly',
      '--from',
      'tehran',
      '--to',
      'berlin',
      '--trajectory',
      'lofted',
      '--apogee',
      '1500km',
    );
    expect(Math.abs(r.apogeeAltitude - 1.5e6)).toBeLessThan(2e3);
    expect(r.missDistance).toBeLessThan(1000);
  });

  it('a target out of reach: a clear answer, exit 0, no trajectory', async () => {
    const { code, stdout } = await runCli('fly', '--missile', ICBM, '--from', '0,0', '--to', '0,-140');
    expect(code).toBe(0);
    expect(stdout).toMatch(/out of range: maximum [\d,]+ km on the target's bearing, target at [\d,]+ km/);
  });

  it('rejects contradictory flags with one line', async () => {
    for (const args of [
      ['--missile', ICBM, '--from', 'tehran', '--to', 'berlin', '--azimuth', '30'],
      ['--from', 'tehran', '--to', 'berlin', '--trajectory', 'sideways'],
      ['--from', 'tehran', '--to', 'berlin', '--trajectory', 'lofted'],
      [
        '--from',
        'tehran',
        '--to',
        'berlin',
        '--trajectory',
        'lofted',
        '--apogee',
        '1000km',
        '--flight-time',
        '20min',
      ],
      ['--from', 'tehran', '--to', 'atlantis'],
      ['--from', 'tehran', '--to', 'tehran'],
    ]) {
      const { code, stderr } = await runCli('fly', ...args);
      expect(code, args.join(' ')).toBe(2);
      expect(stderr.trimEnd().split('\n')).toHaveLength(1);
    }
  });
});

describe('shieldlab range', () => {
  it('maximum range toward a target, with the DESIGN fields', async () => {
    const r = await runJson('range', '--missile', ICBM, '--from', 'moscow', '--to', 'washington');
    expect(r.maxRange).toBeGreaterThan(r.targetDistance);
    expect(r.inReach).toBe(true);
    expect(r.trajectory.groundRange).toBeCloseTo(r.maxRange, 0);
    expect(r.azimuth).toBeGreaterThan(300);
    // Each maximum-range search within 40 flights; a few searches to land on the target's bearing.
    expect(r.searches).toBeLessThanOrEqual(5);
    expect(r.evaluations).toBeLessThanOrEqual(40 * r.searches);
  });

  it('a footprint is a closed ring', async () => {
    const r = await runJson('range', '--missile', ICBM, '--from', 'moscow', '--footprint', '90');
    expect(r.footprint).toHaveLength(5);
    expect(r.footprint[4]).toEqual(r.footprint[0]);
  });
});

describe('shieldlab reconstruct', () => {
  it('the November 2017 test figures (apogee 4,475 km, range 950 km, 53 min): burnout speed, boost, ranges', async () => {
    const r = await runJson(
      'reconstruct',
      '--apogee',
      '4475km',
      '--range',
      '950km',
      '--flight-time',
      '53min',
      '--toward',
      'washington',
      '--from',
      '39.0,125.7',
    );
    expect(Math.abs(r.check.apogee - 4475e3)).toBeLessThan(1e3);
    expect(Math.abs(r.check.range - 950e3)).toBeLessThan(1e3);
    expect(r.trajectory).toBe('lofted');
    // Lofted to 4,475 km, the burnout speed is near orbital-class ICBM speed (> 7 km/s).
    expect(r.burnout.speed).toBeGreaterThan(7000);
    expect(r.impliedBoostTime).toBeGreaterThan(0);
    expect(r.equivalentRange.noRotation).toBeGreaterThan(9e6);
    expect(r.equivalentRange.withRotation.some((w: { target?: string }) => w.target === 'washington')).toBe(
      true,
    );
    expect(r.method).toMatch(/Burnout state solved numerically/);
  });

  it('bad input: exit 2 with the flag named', async () => {
    const { code, stderr } = await runCli('reconstruct', '--apogee', 'high', '--range', '950km');
    expect(code).toBe(2);
    expect(stderr).toMatch(/--apogee: got "high", expected a length/);
    for (const [args, message] of [
      // An apogee no ballistic flight of that range can have, and a flight too short to hold a boost.
      [['--apogee', '100000km', '--range', '950km'], /--apogee/],
      [['--apogee', '4475km', '--range', '950km', '--flight-time', '10s'], /--flight-time/],
      [['--apogee', '4475km', '--range', '950km', '--toward', 'london'], /--from/],
    ] as const) {
      const r = await runCli('reconstruct', ...args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
      expect(r.stderr).toMatch(message);
    }
  });
});
