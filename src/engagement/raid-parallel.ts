import { availableParallelism } from 'node:os';
import { threadPool } from '../core/thread-pool.js';
import { combineTallies, type RaidPlan, type RaidTally, raidChunks } from './raid-monte-carlo.js';

/**
 * The raid Monte Carlo across worker threads (piscina): the same chunks as the serial run, each
 * with its own seeded generator, so the combined tallies are the serial run's, bit for bit,
 * whatever the number of threads.
 */
export async function simulateRaidParallel(
  plan: RaidPlan,
  trials: number,
  seed: number,
  threads = availableParallelism(),
): Promise<RaidTally> {
  const pool = threadPool(new URL('./raid-worker', import.meta.url), threads);
  try {
    // A few tasks per thread (each a run of chunks), so that a slow thread does not hold the rest.
    const chunks = raidChunks(trials);
    const tasks = Math.min(chunks.length, threads * 4);
    const groups = Array.from({ length: tasks }, (_, g) => chunks.filter((_, c) => c % tasks === g));
    const tallies = await Promise.all(
      groups.map((group) => pool.run({ plan, seed, chunks: group }) as Promise<RaidTally>),
    );
    return combineTallies(tallies);
  } finally {
    await pool.destroy();
  }
}
