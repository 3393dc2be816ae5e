import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SHIELDLAB_VERSION } from '../../src/version.js';
import { runCli } from './run-cli.js';

describe('shieldlab demo (the README main job)', () => {
  it('prints the three studies and the closed form agrees with the flown numbers', async () => {
    const { code, stdout } = await runCli('demo', '--format', 'json');
    expect(code).toBe(0);
    const r = JSON.parse(stdout);
    for (const row of r.minimumEnergy) {
      expect(Math.abs(row.flownRange / row.range - 1)).toBeLessThan(1e-6);
      expect(Math.abs(row.flownTime - row.closedFormTime)).toBeLessThan(1e-3);
    }
    const [east, west] = r.rotation;
    expect(east.azimuth).toBe(90);
    expect(east.range).toBeGreaterThan(west.range);
    expect(r.stagedMissile.impact).not.toBeNull();
    // The hypothetical Iranian missiles were fitted to reach London and Washington from Tabriz
    // (their catalog design criteria); the Shahab-3 does not reach Warsaw.
    const reach = Object.fromEntries(
      r.reach.map((x: { missile: string; inReach: boolean }) => [x.missile, x.inReach]),
    );
    expect(reach).toMatchObject({ 'shahab-3': false, 'iran-irbm': true, 'iran-icbm': true, 'ss-25': true });
    for (const e of r.engagements) expect(typeof e.feasible).toBe('boolean');
    const table = await runCli('demo');
    expect(table.code).toBe(0);
    expect(table.stdout).toMatch(/1\. Minimum-energy/);
    expect(table.stdout).toMatch(/3\. Illustrative three-stage solid ICBM/);
    expect(table.stdout).toMatch(/4\. Catalog missiles/);
  });

  it('carries the package version', () => {
    const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { version: string };
    expect(SHIELDLAB_VERSION).toBe(pkg.version);
  });
});
