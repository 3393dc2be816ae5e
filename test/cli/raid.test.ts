import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runChecked } from '../../src/cli/run-command.js';
import { runCli, runJson } from './run-cli.js';

describe('shieldlab raid', () => {
  it("runs the scenario's threats as one raid: assignments with reasons and estimates with intervals", async () => {
    const r = await runJson('raid', 'test/fixtures/scenarios/raid.yaml', '--trials', '4000', '--sspk', '0.8');
    expect(r.trials).toBe(4000);
    expect(r.assignments.map((a: { object: string }) => a.object)).toContain('berlin/decoy-1');
    for (const a of r.assignments) expect(a.reason).toMatch(/^redzikowo: \d+ looks? from /);
    // Ten interceptors for at most seven shots: the closed form holds within 3 standard errors.
    const exact = r.noLeakerUnlimited;
    expect(Math.abs(r.noLeaker.value - exact)).toBeLessThan(3 * Math.sqrt((exact * (1 - exact)) / 4000));
    expect(r.noLeaker.low).toBeLessThan(r.noLeaker.value);
    expect(r.noLeaker.high).toBeGreaterThan(r.noLeaker.value);
  });

  it('the same numbers as shieldlab run gives for the raid study, and the study own commit time', async () => {
    const viaRaid = await runJson('raid', 'test/fixtures/scenarios/raid.yaml');
    const { result } = runChecked(
      'test/fixtures/scenarios/raid.yaml',
      readFileSync('test/fixtures/scenarios/raid.yaml', 'utf8'),
    );
    expect(viaRaid).toEqual(JSON.parse(JSON.stringify(result.studies[1]!.results[0])));
    // No sensors: the raid study's commitTime is enough (no --commit-time needed).
    const twoSites = await runJson('raid', 'test/fixtures/scenarios/raid-two-sites.yaml', '--trials', '1000');
    expect(twoSites.assignments).toHaveLength(2);
  });

  it('bad flags: exit 2 and one line naming the flag, value and expectation', async () => {
    for (const [flag, value, expected] of [
      ['--sspk', '1.5', 'a probability in [0, 1]'],
      ['--trials', '10', 'an integer from 100 to 10000000'],
      ['--salvo', 'two', 'an integer from 1 to 8'],
      ['--sspk', '0x1', 'a probability in [0, 1]'],
      ['--commit-time', '-50s', 'a time from 0 to 10,000 s after launch'],
      ['--doctrine', 'fastest', 'first-come or preferential'],
    ] as const) {
      const { code, stderr } = await runCli('raid', 'test/fixtures/scenarios/raid.yaml', flag, value);
      expect(code).toBe(2);
      expect(stderr.trimEnd().split('\n')).toHaveLength(1);
      expect(stderr).toContain(`${flag}: got "${value}", expected ${expected}`);
    }
  });
});
