import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runChecked } from '../../src/cli/run-command.js';
import type { RaidResult } from '../../src/studies/raid.js';
import type { UncertaintySummary } from '../../src/studies/uncertainty.js';

/**
 * The raid study on the intercept solver's windows: each warhead's looks are its engagement's
 * shoot-look-shoot shots, shifted by its launch time in the raid; with interceptors to spare the
 * Monte Carlo meets the closed form; a short inventory costs the later threats.
 */
const FIXTURE = 'test/fixtures/scenarios/raid.yaml';
const text = readFileSync(FIXTURE, 'utf8');

describe('raid study', () => {
  const { result } = runChecked(FIXTURE, text);
  const windows = result.studies[0]!.results as Array<{
    threat: string;
    shots: number;
    intercepts: Array<{ launchTime: number }>;
  }>;
  const raid = result.studies[1]!.results[0] as RaidResult;
  const launchTime: Record<string, number> = { london: 0, berlin: 60, warsaw: 120 };

  it("each object's looks are its threat's shoot-look-shoot shots, at their times in the raid", () => {
    expect(raid.assignments.map((a) => a.object)).toEqual([
      'london',
      'berlin',
      'berlin/decoy-1',
      'berlin/decoy-2',
      'warsaw',
    ]);
    for (const a of raid.assignments) {
      const e = windows.find((w) => w.threat === a.threat)!;
      expect(a.looks).toHaveLength(e.shots);
      a.looks.forEach((t, i) => {
        expect(t).toBeCloseTo(launchTime[a.threat]! + e.intercepts[i]!.launchTime, 2);
      });
      expect(a.site).toBe('redzikowo');
    }
  });

  it('with interceptors to spare, P(no leaker) is the closed form within 3 standard errors', () => {
    // At most 7 shots for 10 interceptors: the inventory never binds and decoys take nothing a
    // warhead needed, so discrimination does not matter.
    const looks = raid.assignments.reduce((n, a) => n + a.looks.length, 0);
    expect(looks).toBeLessThanOrEqual(10);
    expect(Math.abs(raid.noLeaker.value - raid.noLeakerUnlimited)).toBeLessThan(
      3 * Math.sqrt((raid.noLeakerUnlimited * (1 - raid.noLeakerUnlimited)) / raid.trials),
    );
    for (const w of raid.leak) {
      const a = raid.assignments.find((x) => x.object === w.object)!;
      const exact = 0.3 ** a.looks.length;
      expect(Math.abs(w.probability.value - exact), w.object).toBeLessThan(
        3 * Math.sqrt((exact * (1 - exact)) / raid.trials) + 1e-6,
      );
    }
  });

  it('a short inventory: two interceptors go to the first looks, the later threats leak more', () => {
    const short = runChecked(FIXTURE, text.replace('inventory: 10', 'inventory: 2')).result.studies[1]!
      .results[0] as RaidResult;
    expect(short.interceptorsUsed.high).toBeLessThanOrEqual(2 + 1e-9);
    expect(short.noLeaker.value).toBeLessThan(raid.noLeaker.value - 5 * raid.noLeaker.standardError);
    // Berlin's looks come last (721 s): it gets an interceptor only when London's two looks
    // (418 s on) and Warsaw's (594 s) left one, and its decoys compete for it.
    const leak = (r: RaidResult, id: string) => r.leak.find((w) => w.object === id)!.probability.value;
    expect(leak(short, 'berlin')).toBeGreaterThan(leak(raid, 'berlin') + 0.1);
  });
});

describe('raid with defended assets', () => {
  const { result } = runChecked(
    'test/fixtures/scenarios/raid-assets.yaml',
    readFileSync('test/fixtures/scenarios/raid-assets.yaml', 'utf8'),
  );
  const [firstCome, preferential] = result.studies.map((s) => s.results[0] as RaidResult);
  const survival = (r: RaidResult, asset: string) => r.assets.find((a) => a.asset === asset)!.survival;
  const within3 = (e: { value: number }, exact: number, n: number) =>
    expect(Math.abs(e.value - exact)).toBeLessThanOrEqual(3 * Math.sqrt((exact * (1 - exact)) / n) + 1e-9);

  it('a threat whose impact is far from every defended asset stays out of the raid, with the distance', () => {
    const warsaw = firstCome!.assignments.find((a) => a.object === 'warsaw')!;
    expect(warsaw.site).toBeNull();
    expect(warsaw.reason).toMatch(/^not in the raid: impact \d+ km from the nearest defended asset \(berlin/);
    expect(firstCome!.assignments.find((a) => a.object === 'london')!.asset).toBe('london');
  });

  it('first come, first served: London and Berlin get one interceptor each, as their looks come', () => {
    // London's first look (418 s) and Berlin's (721 s) take the two; London's second (773 s) finds none.
    within3(survival(firstCome!, 'london'), 0.7, firstCome!.trials);
    within3(survival(firstCome!, 'berlin'), 0.7, firstCome!.trials);
    expect(firstCome!.interceptorsUsed.high).toBeLessThanOrEqual(2 + 1e-9);
  });

  it("an asset's own doctrine: salvos of two for London take both interceptors at its first look", () => {
    const text = readFileSync('test/fixtures/scenarios/raid-assets.yaml', 'utf8').replace(
      '{ id: london, site: london, value: 10 }',
      '{ id: london, site: london, value: 10, salvo: 2 }',
    );
    const r = runChecked('salvo.yaml', text).result.studies[0]!.results[0] as RaidResult;
    within3(survival(r, 'london'), 1 - 0.3 ** 2, r.trials);
    expect(survival(r, 'berlin').value).toBe(0);
  });

  it('preferential defence: London ranks first; its second interceptor waits for it unless its first shot killed', () => {
    const reserved = Object.fromEntries(preferential!.assignments.map((a) => [a.object, a.reserved]));
    expect(reserved).toEqual({ london: 2, berlin: 0, warsaw: null });
    // London fires at 418 s; at Berlin's look (721 s) the last interceptor is London's unless
    // London is already dead (0.7): Berlin survives 0.7 x 0.7, London 1 - 0.3^2.
    within3(survival(preferential!, 'london'), 1 - 0.3 ** 2, preferential!.trials);
    within3(survival(preferential!, 'berlin'), 0.7 * 0.7, preferential!.trials);
  });
});

describe('uncertainty of a raid', () => {
  it('each sample is the raid at the drawn kill probability: the closed form within the Monte Carlo noise', () => {
    const text = `${readFileSync(FIXTURE, 'utf8').replace(/studies:[\s\S]*$/, '')}studies:
  - { kind: raid, id: raid, trials: 1000 }
  - kind: uncertainty
    of: raid
    samples: 6
    raidTrials: 4000
    parameters: [gbi-2stage.singleShotKillProbability]
`;
    const { result } = runChecked('raid-uncertain.yaml', text);
    const raid = result.studies[0]!.results[0] as RaidResult;
    const summary = result.studies[1]!.results[0] as UncertaintySummary;
    expect(summary.parameters.map((p) => p.parameter)).toEqual([
      'gbi-2stage.killVehicle.singleShotKillProbability',
    ]);
    const looks = raid.assignments.filter((a) => a.kind === 'warhead').map((a) => a.looks.length);
    for (const d of summary.draws) {
      const p = d.values[0]!;
      expect(p).toBeGreaterThanOrEqual(0.25);
      expect(p).toBeLessThanOrEqual(0.8);
      // Ten interceptors for at most seven shots: no leaker when every warhead dies.
      const exact = looks.reduce((q, n) => q * (1 - (1 - p) ** n), 1);
      const sigma = Math.sqrt((exact * (1 - exact)) / 4000);
      expect(Math.abs(d.answers.raid!.noLeaker! - exact)).toBeLessThan(4 * sigma + 1e-9);
    }
  });
});

describe('exact assignment for a small raid', () => {
  it('two threats, two sites with one interceptor each: exact splits them where greedy doubles up', () => {
    const file = 'test/fixtures/scenarios/raid-two-sites.yaml';
    const { result } = runChecked(file, readFileSync(file, 'utf8'));
    const [greedy, exact] = result.studies.map((s) => s.results[0] as RaidResult);
    // Greedy: both to the first site listed (equal looks, equal times); one interceptor there.
    expect(new Set(greedy!.assignments.map((a) => a.site))).toEqual(new Set(['redzikowo']));
    expect(greedy!.noLeaker.value).toBe(0);
    // Exact: one each, so both are engaged: P(no leaker) = 0.7^2 within 3 standard errors.
    expect(new Set(exact!.assignments.map((a) => a.site))).toEqual(new Set(['redzikowo', 'brdy']));
    expect(Math.abs(exact!.noLeaker.value - 0.49)).toBeLessThan(3 * Math.sqrt((0.49 * 0.51) / exact!.trials));
    expect(exact!.assignments[0]!.reason).toMatch(
      /exact: the best of 4 assignments \(compared on the same seed\) by probability of no leaker/,
    );
  });
});
