import { describe, expect, it } from 'vitest';
import {
  expectedShotsShootLookShoot,
  killProbability,
  noLeakerProbability,
} from '../../src/engagement/layered-defence.js';
import {
  CHUNK_TRIALS,
  combineTallies,
  type RaidObject,
  type RaidPlan,
  raidChunks,
  raidEstimates,
  simulateRaid,
  simulateRaidChunk,
} from '../../src/engagement/raid-monte-carlo.js';
import { simulateRaidParallel } from '../../src/engagement/raid-parallel.js';

/**
 * Layered-defence arithmetic against the derived table of the project's shared reference
 * (section 3: P kill = 1 - (1 - SSPK)^n, P no leaker = that^N), and the Monte Carlo of the same
 * doctrine within 3 of its own standard errors, as that section asks.
 */
const TABLE = [
  { sspk: 0.8, n: 1, kill: 0.8, n5: 0.3277, n10: 0.1074 },
  { sspk: 0.8, n: 2, kill: 0.96, n5: 0.8154, n10: 0.6648 },
  { sspk: 0.5, n: 4, kill: 0.9375, n5: 0.7242, n10: 0.5245 },
  { sspk: 0.25, n: 4, kill: 0.6836, n5: 0.1493, n10: 0.0223 },
  { sspk: 0.9, n: 2, kill: 0.99, n5: 0.951, n10: 0.9044 },
];

const warheads = (count: number, looks: number, sspk: number, salvo = 1): RaidObject[] =>
  Array.from({ length: count }, (_, j) => ({
    id: `w${j}`,
    kind: 'warhead' as const,
    site: 0,
    // Looks 100 s apart, threats 10 s apart: every threat's looks interleave with the others'.
    looks: Array.from({ length: looks }, (_, i) => 300 + 10 * j + 100 * i),
    salvo,
    sspk,
  }));

describe('layered-defence arithmetic (shared reference, section 3)', () => {
  it('kill and no-leaker probabilities of the table, to its four decimals', () => {
    for (const row of TABLE) {
      expect(killProbability(row.sspk, row.n)).toBeCloseTo(row.kill, 4);
      expect(noLeakerProbability(row.sspk, row.n, 5)).toBeCloseTo(row.n5, 4);
      expect(noLeakerProbability(row.sspk, row.n, 10)).toBeCloseTo(row.n10, 4);
    }
  });

  it('shoot-look-shoot fires 1 + q + q^2 + ... shots on average (q = 1 - SSPK)', () => {
    expect(expectedShotsShootLookShoot(0.8, 1, 2)).toBeCloseTo(1.2, 12);
    expect(expectedShotsShootLookShoot(0.5, 1, 4)).toBeCloseTo(1 + 0.5 + 0.25 + 0.125, 12);
    // Salvos of two: the second salvo when both shots of the first missed, (1 - SSPK)^2.
    expect(expectedShotsShootLookShoot(0.5, 2, 2)).toBeCloseTo(2 * (1 + 0.25), 12);
  });
});

describe('raid Monte Carlo', () => {
  const TRIALS = 40_000;

  it('agrees with the table within 3 standard errors (shoot-look-shoot, enough interceptors)', () => {
    for (const row of TABLE) {
      for (const count of [5, 10]) {
        const plan: RaidPlan = {
          objects: warheads(count, row.n, row.sspk),
          inventories: [1000],
          discrimination: 1,
        };
        const e = raidEstimates(simulateRaid(plan, TRIALS, 7));
        const exact =
          count === 5 ? noLeakerProbability(row.sspk, row.n, 5) : noLeakerProbability(row.sspk, row.n, 10);
        const label = `SSPK ${row.sspk}, n ${row.n}, N ${count}`;
        expect(Math.abs(e.noLeaker.value - exact), label).toBeLessThan(
          3 * Math.sqrt((exact * (1 - exact)) / TRIALS),
        );
        const leakers = count * (1 - killProbability(row.sspk, row.n));
        expect(Math.abs(e.expectedLeakers.value - leakers), label).toBeLessThan(
          3 * e.expectedLeakers.standardError + 1e-12,
        );
        const shots = count * expectedShotsShootLookShoot(row.sspk, 1, row.n);
        // (One look fires exactly one shot per threat: no spread at all, hence the 1e-9.)
        expect(Math.abs(e.interceptorsUsed.value - shots), label).toBeLessThanOrEqual(
          3 * e.interceptorsUsed.standardError + 1e-9,
        );
      }
    }
  });

  it('a window that fits exactly two sequential shots: kill 1 - (1 - SSPK)^2, shots 1 + (1 - SSPK)', () => {
    const plan: RaidPlan = { objects: warheads(1, 2, 0.7), inventories: [10], discrimination: 1 };
    const e = raidEstimates(simulateRaid(plan, TRIALS, 3));
    expect(Math.abs(e.noLeaker.value - (1 - 0.3 ** 2))).toBeLessThan(3 * e.noLeaker.standardError + 1e-3);
    expect(Math.abs(e.interceptorsUsed.value - 1.3)).toBeLessThan(3 * e.interceptorsUsed.standardError);
  });

  it('shoot-look-shoot while there is time, a salvo when there is none (lastSalvo at the last look)', () => {
    const q = 0.4;
    // Two looks: one shot, then (if it missed) a salvo of two: survival q x q^2, shots 1 + 2q.
    const two = { ...warheads(1, 2, 1 - q)[0]!, lastSalvo: 2 };
    const a = raidEstimates(
      simulateRaid({ objects: [two], inventories: [10], discrimination: 1 }, TRIALS, 5),
    );
    expect(Math.abs(a.noLeaker.value - (1 - q ** 3))).toBeLessThan(3 * a.noLeaker.standardError + 1e-3);
    expect(Math.abs(a.interceptorsUsed.value - (1 + 2 * q))).toBeLessThan(
      3 * a.interceptorsUsed.standardError,
    );
    // One look only: the salvo of two at once.
    const one = { ...warheads(1, 1, 1 - q)[0]!, lastSalvo: 2 };
    const b = raidEstimates(
      simulateRaid({ objects: [one], inventories: [10], discrimination: 1 }, TRIALS, 5),
    );
    expect(Math.abs(b.noLeaker.value - (1 - q ** 2))).toBeLessThan(3 * b.noLeaker.standardError + 1e-3);
    expect(b.interceptorsUsed.value).toBe(2);
  });

  it('an inventory that runs out mid-raid: the latest threat gets nothing and leaks', () => {
    // Three warheads, salvos of two that always kill, four interceptors: the first two threats
    // (by look time) take all four.
    const plan: RaidPlan = { objects: warheads(3, 2, 1, 2), inventories: [4], discrimination: 1 };
    const t = simulateRaid(plan, 1000, 1);
    expect(t.noLeaker).toBe(0);
    expect(t.leakers).toBe(1000);
    expect(t.interceptors).toBe(4000);
    expect(t.survived).toEqual([0, 0, 1000]);
    // Shots that always miss: every look fires while interceptors last, then all three leak.
    const misses = simulateRaid({ ...plan, objects: warheads(3, 2, 0, 2) }, 1000, 1);
    expect(misses.interceptors).toBe(4000);
    expect(misses.leakers).toBe(3000);
  });

  it('a decoy draws a shot: undiscriminated, it takes the one interceptor meant for the warhead', () => {
    const decoyFirst: RaidObject[] = [
      { id: 'decoy', kind: 'decoy', site: 0, looks: [300], salvo: 1, sspk: 0.9 },
      { id: 'warhead', kind: 'warhead', site: 0, looks: [320], salvo: 1, sspk: 0.9 },
    ];
    const run = (discrimination: number) =>
      raidEstimates(simulateRaid({ objects: decoyFirst, inventories: [1], discrimination }, TRIALS, 11));
    expect(run(0).noLeaker.value).toBe(0);
    expect(run(1).noLeaker.value).toBeCloseTo(0.9, 1);
    // Half the decoys recognised: the warhead is engaged half the time, P(no leaker) = 0.5 x 0.9.
    const half = run(0.5);
    expect(Math.abs(half.noLeaker.value - 0.45)).toBeLessThan(3 * Math.sqrt((0.45 * 0.55) / TRIALS));
    // A decoy that is not killed is no leaker.
    expect(run(1).expectedLeakers.value).toBeCloseTo(0.1, 1);
  });

  it("a threat's objects at one look are taken in a random order: the warhead is not always first", () => {
    // A warhead and two decoys, all at one look, one interceptor, no discrimination: the shot goes
    // to the warhead one time in three, so it leaks with probability 1 - SSPK/3.
    const objects: RaidObject[] = ['warhead', 'decoy', 'decoy'].map((kind, j) => ({
      id: `o${j}`,
      kind: kind as 'warhead' | 'decoy',
      site: 0,
      group: 0,
      looks: [500],
      salvo: 1,
      sspk: 0.9,
    }));
    const e = raidEstimates(simulateRaid({ objects, inventories: [1], discrimination: 0 }, TRIALS, 13));
    const leak = 1 - 0.9 / 3;
    expect(Math.abs(e.survival[0]!.value - leak)).toBeLessThan(3 * Math.sqrt((leak * (1 - leak)) / TRIALS));
  });

  it('preferential defence frees what a dead or recognised object no longer needs', () => {
    // Rank 0: a warhead (looks at 500 and 700 s) with two decoys that are always recognised;
    // rank 3: a second warhead at 600 s; two interceptors. At 600 s the second warhead may use
    // the site's one remaining interceptor only if the first warhead is dead (0.9): the decoys hold
    // nothing back. So it leaks 0.1 + 0.9 x 0.1 = 0.19, and the first leaks 0.1 x 0.1 = 0.01.
    // (First come, first served would give 0.1 and 0.1; decoys that held their shots, 1.)
    const objects: RaidObject[] = [
      { id: 'w1', kind: 'warhead', site: 0, group: 0, looks: [500, 700], salvo: 1, sspk: 0.9, priority: 0 },
      { id: 'd1', kind: 'decoy', site: 0, group: 0, looks: [500, 700], salvo: 1, sspk: 0.9, priority: 1 },
      { id: 'd2', kind: 'decoy', site: 0, group: 0, looks: [500, 700], salvo: 1, sspk: 0.9, priority: 2 },
      { id: 'w2', kind: 'warhead', site: 0, group: 1, looks: [600], salvo: 1, sspk: 0.9, priority: 3 },
    ];
    const e = raidEstimates(simulateRaid({ objects, inventories: [2], discrimination: 1 }, TRIALS, 17));
    const within3 = (value: number, exact: number) =>
      expect(Math.abs(value - exact)).toBeLessThan(3 * Math.sqrt((exact * (1 - exact)) / TRIALS));
    within3(e.survival[3]!.value, 0.19);
    within3(e.survival[0]!.value, 0.01);
  });

  it('the Wilson interval: 0 of 10 gives [0, 0.2775]; 10 of 18 gives [0.337, 0.755] at 95 %', () => {
    const tally = (k: number, n: number) => ({
      trials: n,
      noLeaker: k,
      leakers: 0,
      leakersSquared: 0,
      interceptors: 0,
      interceptorsSquared: 0,
      survived: [],
      assetsSurvived: [],
    });
    const zero = raidEstimates(tally(0, 10)).noLeaker;
    expect(zero.low).toBeCloseTo(0, 6);
    expect(zero.high).toBeCloseTo(0.2775, 4);
    const ten = raidEstimates(tally(10, 18)).noLeaker;
    expect(ten.low).toBeCloseTo(0.337, 3);
    expect(ten.high).toBeCloseTo(0.7546, 3);
  });

  it('the same seed gives the same tallies, and chunks combine to the same bits in any order', () => {
    const plan: RaidPlan = { objects: warheads(5, 3, 0.6), inventories: [12], discrimination: 1 };
    const trials = 3 * CHUNK_TRIALS + 123;
    const serial = simulateRaid(plan, trials, 42);
    expect(simulateRaid(plan, trials, 42)).toEqual(serial);
    const chunks = raidChunks(trials).map(([c, n]) => simulateRaidChunk(plan, 42, c, n));
    expect(combineTallies([...chunks].reverse())).toEqual(serial);
    expect(simulateRaid(plan, trials, 43)).not.toEqual(serial);
  });
});

describe('raid Monte Carlo across worker threads', () => {
  it('one or two worker threads give the serial tallies, bit for bit', async () => {
    // Warheads with decoys at shared looks (shuffled each trial) under the preferential doctrine:
    // every random path of the engine is taken.
    const plan: RaidPlan = {
      objects: warheads(5, 3, 0.6).flatMap((w, j) => [
        { ...w, group: j, priority: 2 * j },
        { ...w, id: `d${j}`, kind: 'decoy' as const, group: j, priority: 2 * j + 1 },
      ]),
      inventories: [12],
      discrimination: 0.5,
    };
    const trials = 5 * CHUNK_TRIALS + 7;
    const serial = simulateRaid(plan, trials, 5);
    expect(await simulateRaidParallel(plan, trials, 5, 1)).toEqual(serial);
    expect(await simulateRaidParallel(plan, trials, 5, 2)).toEqual(serial);
  }, 30_000);
});
