import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { type RaidPlan, raidEstimates, simulateRaid } from '../src/engagement/raid-monte-carlo.js';
import { simulateRaidParallel } from '../src/engagement/raid-parallel.js';
import type { RaidFigures } from './bench-report.js';

const TARGET_TRIALS_PER_S = 200_000;

/**
 * Raid Monte Carlo benchmark. Target: at least 200,000 trials per second per core for a raid of
 * five warheads against ten interceptors with precomputed windows (issue on battle management).
 * Peer in the same run: a NumPy program simulating the same doctrine vectorized over trials
 * (bench/peer/raid_numpy.py); both estimates must agree within sampling error.
 */
export async function raidBenchmark(root: string): Promise<RaidFigures> {
  // Five warheads, three shoot-look-shoot looks each, one shot a look, ten interceptors at one
  // site: about 7 shots on average, so the inventory runs out in some trials.
  const plan: RaidPlan = {
    objects: Array.from({ length: 5 }, (_, j) => ({
      id: `w${j}`,
      kind: 'warhead' as const,
      site: 0,
      looks: [600 + 20 * j, 760 + 20 * j, 920 + 20 * j],
      salvo: 1,
      sspk: 0.7,
    })),
    inventories: [10],
    discrimination: 1,
  };
  const trials = 1_000_000;
  simulateRaid(plan, 20_000, 1); // warm-up
  const times: number[] = [];
  let tally = simulateRaid(plan, trials, 1);
  for (let run = 0; run < 5; run++) {
    const t0 = performance.now();
    tally = simulateRaid(plan, trials, 2 + run);
    times.push((performance.now() - t0) / 1000);
  }
  times.sort((a, b) => a - b);
  const seconds = times[2]!;
  const e = raidEstimates(tally);
  const peer = JSON.parse(
    execFileSync('python3', [join(root, 'bench', 'peer', 'raid_numpy.py')], {
      input: JSON.stringify({ ...plan, trials, seed: 1 }),
      encoding: 'utf8',
    }),
  ) as {
    noLeaker: number;
    expectedLeakers: number;
    interceptorsUsed: number;
    median_s: number;
    numpy: string;
  };
  const rate = (s: number, n = trials) => `${Math.round(n / s / 1000).toLocaleString('en-US')}k trials/s`;
  console.log(
    '\n7. Raid Monte Carlo (5 warheads, 3 looks of 1 shot each, 10 interceptors, SSPK 0.7; one core)',
  );
  console.log(
    `   shieldlab: ${rate(seconds)} (median of 5 runs of ${trials.toLocaleString('en-US')}), target >= ${TARGET_TRIALS_PER_S / 1000}k trials/s`,
  );
  console.log(
    `   NumPy ${peer.numpy} vectorized: ${rate(peer.median_s)}; ratio ${(peer.median_s / seconds).toFixed(1)}x`,
  );
  // Worker threads: the same chunks, so the same tallies; wall time with 1 and 2 threads
  // (each run starts its own pool, included in the time).
  const big = 8_000_000;
  const wall = async (threads: number) => {
    const t0 = performance.now();
    const t = await simulateRaidParallel(plan, big, 1, threads);
    return { seconds: (performance.now() - t0) / 1000, tally: t };
  };
  await wall(2); // warm-up
  const one = await wall(1);
  const two = await wall(2);
  const same = JSON.stringify(one.tally) === JSON.stringify(two.tally);
  console.log(
    `   worker threads, ${big.toLocaleString('en-US')} trials (pool start included): 1 thread ${one.seconds.toFixed(2)} s (${rate(one.seconds, big)}), 2 threads ${two.seconds.toFixed(2)} s (${rate(two.seconds, big)}); speed-up ${(one.seconds / two.seconds).toFixed(2)}x; identical tallies: ${same ? 'yes' : 'NO'}`,
  );
  console.log(
    `   P(no leaker) ${e.noLeaker.value.toFixed(4)} (95 %: ${e.noLeaker.low.toFixed(4)}-${e.noLeaker.high.toFixed(4)}) vs NumPy ${peer.noLeaker.toFixed(4)}; leakers ${e.expectedLeakers.value.toFixed(4)} vs ${peer.expectedLeakers.toFixed(4)}; interceptors ${e.interceptorsUsed.value.toFixed(3)} vs ${peer.interceptorsUsed.toFixed(3)}`,
  );
  const estimate = (x: { value: number; low: number; high: number }) => ({
    value: x.value,
    low: x.low,
    high: x.high,
  });
  return {
    trials,
    shieldlab_median_s: seconds,
    shieldlab_trials_per_s: trials / seconds,
    numpy_median_s: peer.median_s,
    numpy_trials_per_s: trials / peer.median_s,
    numpy_version: peer.numpy,
    ratio_x: peer.median_s / seconds,
    target_trials_per_s_per_core: TARGET_TRIALS_PER_S,
    threads: {
      trials: big,
      one_thread_s: one.seconds,
      two_threads_s: two.seconds,
      speedup_x: one.seconds / two.seconds,
      identical_tallies: same,
    },
    estimates: {
      no_leaker: estimate(e.noLeaker),
      numpy_no_leaker: peer.noLeaker,
      expected_leakers: estimate(e.expectedLeakers),
      numpy_expected_leakers: peer.expectedLeakers,
      interceptors_used: estimate(e.interceptorsUsed),
      numpy_interceptors_used: peer.interceptorsUsed,
    },
  };
}
