import { describe, expect, it } from 'vitest';
import { runChecked } from '../../src/cli/run-command.js';
import type { UncertaintySummary } from '../../src/studies/uncertainty.js';

/**
 * The uncertainty study: which parameters it samples, and that each sample is the inner study run
 * with the drawn values (checked against a sweep over the same values, which goes through the
 * catalog overrides independently).
 */

const base = `
name: IRBM at London, uncertain
seed: 5
threats:
  - { id: irbm-london, missile: iran-irbm, from: tabriz, to: london }
defence:
  interceptorSites:
    - { id: redzikowo, site: redzikowo, interceptor: gbi-2stage, inventory: 2 }
`;

describe('uncertainty study', () => {
  it('samples every cited range that can change an answer, and nothing else', () => {
    const text = `${base}  sensors: [emr-brdy, ew-satellites, gabala-radar]
  sharing: all
  decisionTime: { low: 0 s, high: 120 s }
studies:
  - { kind: uncertainty, samples: 2, of: sensing }
`;
    // A sensing study: no interceptor is flown, so this stays fast.
    const { result, catalog } = runChecked('uncertain.yaml', text);
    const summary = result.studies[0]!.results[0] as UncertaintySummary;
    const names = summary.parameters.map((p) => p.parameter);
    // The disputed burnout speed is sampled, so the booster is fitted to it and its stage data unused.
    expect(names).toContain('gbi-2stage.booster.burnoutSpeed');
    expect(names.filter((n) => n.startsWith('gbi-2stage.booster.stages'))).toEqual([]);
    // The missile's stages are model inputs; its reported performance is not.
    expect(names).toContain('iran-irbm.stages[0].specificImpulse');
    expect(names.filter((n) => n.includes('.performance.'))).toEqual([]);
    // The radar sees the warhead: only the warhead's cross-section matters.
    expect(names).toContain('emr-brdy.radarCrossSection.warhead');
    expect(names.filter((n) => /radarCrossSection\.(tank|decoy)/.test(n))).toEqual([]);
    expect(names).toContain('defence.decisionTime');
    // The relay latency of a shared sensor the defence has; not of one it does not have.
    expect(names).toContain('sharing.all.gabala-radar.latency');
    expect(names).not.toContain('sharing.all.fylingdales-uewr.latency');
    // Every other ranged parameter of the entries is there.
    for (const id of ['iran-irbm', 'emr-brdy', 'ew-satellites', 'gabala-radar']) {
      for (const p of catalog.parameters(id)) {
        const ranged = p.cited.low !== undefined && p.cited.high !== undefined && p.cited.low < p.cited.high;
        const excluded = p.path.startsWith('performance.') || /radarCrossSection\.(tank|decoy)/.test(p.path);
        expect(names.includes(`${id}.${p.path}`)).toBe(ranged && !excluded);
      }
    }
    // Each draw lies within its parameter's range.
    for (const d of summary.draws)
      d.values.forEach((v, j) => {
        expect(v).toBeGreaterThanOrEqual(summary.parameters[j]!.low);
        expect(v).toBeLessThanOrEqual(summary.parameters[j]!.high);
      });
  });

  it("a scenario's own range for a catalog parameter (ID.FIELD=VALUE in LOW..HIGH) is the one sampled", () => {
    const text = `${base}  sensors: [emr-brdy, ew-satellites]
overrides: ["gbi-2stage.burnoutSpeed=8 km/s in 7.5 km/s..8.5 km/s", "emr-brdy.lossesDb=12 in 11..13"]
studies:
  - { kind: uncertainty, samples: 8, of: sensing, parameters: [gbi-2stage.burnoutSpeed, emr-brdy.lossesDb] }
`;
    const summary = runChecked('ranged.yaml', text).result.studies[0]!.results[0] as UncertaintySummary;
    expect(summary.parameters.map((p) => [p.parameter, p.value, p.low, p.high])).toEqual([
      ['gbi-2stage.booster.burnoutSpeed', 8000, 7500, 8500],
      ['emr-brdy.radar.lossesDb', 12, 11, 13],
    ]);
    // Latin hypercube: one draw in each eighth of the range's probability, by the distribution
    // function of the triangle (7500, 8000, 8500): F(x) = (x - a)^2 / ((b - a)(c - a)) below c.
    const F = (x: number) => (x < 8000 ? (x - 7500) ** 2 / (1000 * 500) : 1 - (8500 - x) ** 2 / (1000 * 500));
    const strata = summary.draws.map((d) => Math.floor(F(d.values[0]!) * 8)).sort((a, b) => a - b);
    expect(strata).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
  });

  it('drivers: only parameters that can move the row, above the noise of n samples; unshared sensors not sampled', () => {
    const text = `name: two threats
seed: 8
threats:
  - { id: irbm-london, missile: iran-irbm, from: tabriz, to: london }
  - { id: shahab-ankara, missile: shahab-3, from: tabriz, to: "39.93,32.86" }
defence:
  interceptorSites:
    - { id: redzikowo, site: redzikowo, interceptor: gbi-2stage, inventory: 2 }
  sensors: [emr-brdy, ew-satellites, gabala-radar]
  sharing: uk-us
studies:
  - { kind: uncertainty, samples: 16, of: sensing }
`;
    const summary = runChecked('two.yaml', text).result.studies[0]!.results[0] as UncertaintySummary;
    const names = summary.parameters.map((p) => p.parameter);
    // Under the UK-US arrangement Gabala's data never reach the United States.
    expect(names.filter((n) => n.startsWith('gabala-radar.'))).toEqual([]);
    expect(names.some((n) => n.startsWith('shahab-3.'))).toBe(true);
    let shown = 0;
    for (const row of summary.rows) {
      const other = row.row === 'irbm-london' ? 'shahab-3.' : 'iran-irbm.';
      for (const a of Object.values(row.answers))
        for (const d of a.drivers) {
          shown++;
          expect(d.parameter.startsWith(other), `${row.row}: ${d.parameter}`).toBe(false);
          expect(Math.abs(d.rankCorrelation)).toBeGreaterThanOrEqual(2 / Math.sqrt(a.spread!.count) - 1e-3);
        }
    }
    expect(shown).toBeGreaterThan(0);
  });

  it('a draw the model cannot fly is recorded with its reason; the study goes on', () => {
    // The same propellant burnt over more than about 135 s gives less thrust than the missile's
    // weight: the top sixth of the triangle (60 s in 30 s..200 s) is above that in every design.
    const text = `${base}  sensors: [emr-brdy, ew-satellites]
overrides: ["iran-irbm.stages[0].burnTime=60 s in 30 s..200 s"]
studies:
  - { kind: uncertainty, samples: 6, of: sensing, parameters: ['iran-irbm.stages[0].burnTime'] }
`;
    const summary = runChecked('failing.yaml', text).result.studies[0]!.results[0] as UncertaintySummary;
    expect(summary.failed.length).toBeGreaterThan(0);
    expect(summary.failed.length).toBeLessThan(6);
    for (const f of summary.failed) {
      expect(f.reason).toMatch(/thrust/);
      expect(summary.draws[f.sample]!.answers).toEqual({});
    }
    const warning = summary.rows[0]!.answers.warning!;
    expect(warning.spread?.count).toBeLessThanOrEqual(6 - summary.failed.length);
  });

  it('each sample is the engagement at the drawn values: the same numbers as a sweep over them', () => {
    const text = `${base}studies:
  - kind: uncertainty
    samples: 3
    parameters: [gbi-2stage.burnoutSpeed]
    catalogDistribution: uniform
    commitTime: 200 s
`;
    const { result } = runChecked('uncertain.yaml', text);
    const summary = result.studies[0]!.results[0] as UncertaintySummary;
    expect(summary.parameters.map((p) => p.parameter)).toEqual(['gbi-2stage.booster.burnoutSpeed']);
    const speeds = summary.draws.map((d) => d.values[0]!);

    const sweep = runChecked(
      'sweep.yaml',
      `${base}studies:
  - kind: sweep
    parameter: gbi-2stage.burnoutSpeed
    values: [${speeds.join(', ')}]
    commitTime: 200 s
`,
    ).result.studies[0]!.results as Array<{
      results: Array<{ shots: number; interceptWindow: { earliest: number; latest: number } | null }>;
    }>;
    speeds.forEach((_, i) => {
      const answer = summary.draws[i]!.answers['irbm-london @ redzikowo']!;
      const swept = sweep[i]!.results[0]!;
      expect(answer.shots).toBe(swept.shots);
      expect(answer.interceptWindowEarliest).toBe(swept.interceptWindow?.earliest ?? null);
      expect(answer.interceptWindowLatest).toBe(swept.interceptWindow?.latest ?? null);
    });

    // A faster interceptor never has a shorter window (issue 4's property), so the window's
    // length rises with the burnout speed across the samples, and the speed drives it.
    const byspeed = summary.draws
      .map((d) => ({ v: d.values[0]!, length: d.answers['irbm-london @ redzikowo']!.interceptWindowLength }))
      .sort((a, b) => a.v - b.v);
    for (let i = 1; i < byspeed.length; i++)
      expect(byspeed[i]!.length ?? 0).toBeGreaterThanOrEqual((byspeed[i - 1]!.length ?? 0) - 1e-9);
    const length = summary.rows[0]!.answers.interceptWindowLength!;
    // Three samples are too few to name what drives an answer.
    expect(length.drivers).toEqual([]);
    // The summary is the spread of the samples' own answers: every sample has a window here.
    const lengths = byspeed.map((x) => x.length).filter((v): v is number => v !== null);
    expect(lengths).toHaveLength(3);
    expect(length.spread?.count).toBe(3);
    const sorted = [...lengths].sort((a, b) => a - b);
    expect(length.spread?.median).toBeCloseTo(sorted[1]!, 3);
  });
});
