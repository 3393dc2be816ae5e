import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { suiteTemporaryDirectory } from '../support/temporary-directory.js';
import { runCli, runJson } from './run-cli.js';

/**
 * `shieldlab findings`: scenarios run in their own processes, each into its own folder, and a
 * short table of findings whose numbers are those of each result.json.
 */
describe('shieldlab findings', () => {
  const out = suiteTemporaryDirectory('findings');

  it('runs each scenario into its own folder and states its findings from result.json', async () => {
    const all = await runJson(
      'findings',
      'test/fixtures/scenarios/irbm-london.yaml',
      'test/fixtures/scenarios/sharing-compare.yaml',
      '--out',
      out,
    );
    expect(all.map((s: { name: string }) => s.name)).toEqual([
      'IRBM at London',
      'Gabala data without satellites',
    ]);
    for (const s of all) expect(existsSync(s.report)).toBe(true);

    // The engagement finding carries the result's shots and window (rounded to the second).
    const result = JSON.parse(readFileSync(join(out, 'irbm-london', 'result.json'), 'utf8'));
    const shots = result.studies.find((s: { id: string }) => s.id === 'shots').results[0];
    const finding = all[0].findings.find((f: { study: string }) => f.study === 'shots');
    expect(finding.subject).toBe('irbm-london from redzikowo');
    expect(finding.answer).toBe(
      `defended: ${shots.shots} shot${shots.shots === 1 ? '' : 's'}, intercepts ${Math.round(shots.interceptWindow.earliest)} s to ${Math.round(shots.interceptWindow.latest)} s after launch, commit at ${Math.round(shots.commitTime)} s`,
    );

    // Two sensing studies under different arrangements are compared: without satellites, the
    // Czech radar needs a cue, which only Gabala's relayed data give.
    const compare = JSON.parse(readFileSync(join(out, 'sharing-compare', 'result.json'), 'utf8'));
    const [own, withGabala] = compare.studies.map(
      (s: { results: Array<{ warning: number | null }> }) => s.results[0],
    );
    expect(own.warning).toBeNull();
    expect(withGabala.warning).toBeGreaterThan(0);
    const gain = all[1].findings.find((f: { study: string }) => f.study === 'with-gabala vs own');
    expect(gain.answer).toBe(
      `warning ${Math.round(withGabala.warning)} s instead of none, fire-control track ${Math.round(withGabala.fireControlTrack)} s instead of none`,
    );
  }, 60_000);

  it('a scenario that fails: exit 2 and one line naming it, never a stack trace', async () => {
    const broken = join(out, 'broken.yaml');
    writeFileSync(broken, 'name: broken\nthreats: []\nstudies: []\n');
    const { code, stderr } = await runCli('findings', broken, '--out', out);
    expect(code).toBe(2);
    // Progress lines, then one error line.
    const errors = stderr.split('\n').filter((l) => l.startsWith('shieldlab: '));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toContain('broken.yaml');
    expect(stderr).not.toMatch(/\n\s+at /);
  }, 30_000);
});
