import { describe, expect, it } from 'vitest';
import { runCli } from './run-cli.js';

describe('shieldlab catalog', () => {
  it('list: every site and missile with kind, name and sources (DESIGN.md JSON shape)', async () => {
    const { code, stdout } = await runCli('catalog', 'list', '--format', 'json');
    expect(code).toBe(0);
    const entries = JSON.parse(stdout) as Array<{
      id: string;
      kind: string;
      name: string;
      sources: string[];
    }>;
    expect(entries.filter((e) => e.kind === 'site')).toHaveLength(26);
    expect(entries.filter((e) => e.kind === 'missile')).toHaveLength(10);
    for (const e of entries) {
      expect(e.name.length).toBeGreaterThan(0);
      expect(e.sources.length).toBeGreaterThan(0);
    }
  });

  it('show ID: every parameter with its value, unit, range and source', async () => {
    const { code, stdout } = await runCli('catalog', 'show', 'scud-b', '--format', 'json');
    expect(code).toBe(0);
    const m = JSON.parse(stdout);
    expect(m.kind).toBe('missile');
    const isp = m.parameters.find((p: { parameter: string }) => p.parameter === 'stages[0].specificImpulse');
    expect(isp).toMatchObject({ value: 230, unit: 's', source: 'forden2007' });
    expect(m.sources.forden2007).toMatch(/Science & Global Security 15/);
    const table = await runCli('catalog', 'show', 'ss-25');
    expect(table.stdout).toMatch(/sources:/);
  });

  it('an unknown id is bad input (exit 2, one line)', async () => {
    const { code, stderr } = await runCli('catalog', 'show', 'ss-99');
    expect(code).toBe(2);
    expect(stderr).toMatch(/catalog show: got "ss-99", expected a catalog id \(redzikowo, /);
  });

  it('a catalog id works wherever a missile file does', async () => {
    const fly = await runCli(
      'fly',
      '--missile',
      'ss-27',
      '--from',
      'teykovo',
      '--to',
      'washington',
      '--format',
      'json',
    );
    expect(fly.code).toBe(0);
    expect(JSON.parse(fly.stdout).missDistance).toBeLessThan(1000);
    const range = await runCli(
      'range',
      '--missile',
      'shahab-3',
      '--from',
      'semnan',
      '--to',
      'warsaw',
      '--format',
      'json',
    );
    expect(range.code).toBe(0);
    expect(JSON.parse(range.stdout).inReach).toBe(false);
  });
});
