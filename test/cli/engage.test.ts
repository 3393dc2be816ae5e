import { describe, expect, it } from 'vitest';
import { runCli, runJson } from './run-cli.js';

describe('shieldlab engage', () => {
  it('an Iranian IRBM at London against Redzikowo: windows, intercepts and shots in the contract fields', async () => {
    const r = await runJson(
      'engage',
      '--threat',
      'iran-irbm',
      '--from',
      'tabriz',
      '--to',
      'london',
      '--interceptor',
      'gbi-2stage',
      '--site',
      'redzikowo',
      '--commit-time',
      '150s',
    );
    expect(r.feasible).toBe(true);
    expect(r.reason).toBeNull();
    expect(r.launchWindow.earliest).toBeCloseTo(150 + 30, 6); // commit + the 30 s launch delay
    expect(r.interceptWindow.earliest).toBeLessThan(r.interceptWindow.latest);
    expect(r.shots).toBeGreaterThanOrEqual(1);
    const first = r.intercepts[0];
    for (const key of ['time', 'altitude', 'lat', 'lon', 'closingSpeed', 'geometryAngle'])
      expect(first[key]).toEqual(expect.any(Number));
    expect(first.altitude).toBeGreaterThan(100e3);
    expect(first.miss).toBeLessThan(1000);
    expect(r.timeline.map((e: { event: string }) => e.event)).toContain('shot 1 intercept');
  });

  it('--set changes the disputed burnout speed and a faster interceptor meets the threat no later', async () => {
    const at = async (speed: string) =>
      JSON.parse(
        (
          await runCli(
            'engage',
            '--threat',
            'iran-irbm',
            '--from',
            'tabriz',
            '--to',
            'london',
            '--commit-time',
            '150s',
            '--set',
            `gbi-2stage.burnoutSpeed=${speed}`,
            '--format',
            'json',
          )
        ).stdout,
      );
    const slow = await at('5.4km/s');
    const fast = await at('8.3km/s');
    expect(slow.interceptor.burnoutSpeed).toBe(5400);
    expect(fast.interceptor.booster).toBe('fitted');
    expect(fast.interceptWindow.earliest).toBeLessThanOrEqual(slow.interceptWindow.earliest);
  });

  it('bad input: exit 2 and one line', async () => {
    for (const args of [
      ['--threat', 'ss-99', '--from', 'tabriz', '--to', 'london'],
      ['--threat', 'iran-irbm', '--from', 'tabriz', '--to', 'london', '--commit-time', 'soon'],
      ['--threat', 'iran-irbm', '--from', 'tabriz', '--to', 'london', '--set', 'gbi-2stage.burnoutSpeed'],
      ['--threat', 'iran-irbm', '--from', 'tabriz', '--to', 'london', '--interceptor', 'thaad'],
      // A target 10 km from the launch point is not a ballistic-missile engagement.
      ['--threat', 'iran-irbm', '--from', '38,46', '--to', '38.05,46.05'],
      ['--threat', 'iran-irbm', '--from', '90,46', '--to', 'london'],
    ]) {
      const { code, stderr } = await runCli('engage', ...args);
      expect(code, args.join(' ')).toBe(2);
      expect(stderr.trimEnd().split('\n')).toHaveLength(1);
    }
  });
});

describe('shieldlab russia-table bad input', () => {
  it('exit 2 and one line naming the flag', async () => {
    for (const [args, message] of [
      [['--speeds', '0:9:3'], /--speeds/],
      [['--targets', ''], /--targets/],
    ] as const) {
      const { code, stderr } = await runCli('russia-table', ...args);
      expect(code, args.join(' ')).toBe(2);
      expect(stderr.trimEnd().split('\n')).toHaveLength(1);
      expect(stderr).toMatch(message);
    }
  });
});

describe('shieldlab russia-table', () => {
  it('answers for every base, target and burnout speed, with reasons', async () => {
    const r = await runJson('russia-table', '--speeds', '5:9:4', '--targets', 'washington');
    expect(r.rows).toHaveLength(6);
    for (const row of r.rows) {
      expect(row.target).toBe('washington');
      expect(row.results.map((x: { burnoutSpeed: number }) => x.burnoutSpeed)).toEqual([5000, 9000]);
      for (const x of row.results) if (!x.feasible) expect(x.reason).toEqual(expect.any(String));
    }
    expect(r.basesSource).toMatch(/Russian nuclear forces, 2007/);
  });
});
