import { combineTallies, type RaidPlan, type RaidTally, simulateRaidChunk } from './raid-monte-carlo.js';

/**
 * Chunks of a raid Monte Carlo, in a worker thread (see raid-parallel.ts): several per task, so
 * that messages between threads stay few; their tallies combine exactly.
 */
export default function raidChunks(task: {
  plan: RaidPlan;
  seed: number;
  chunks: ReadonlyArray<readonly [number, number]>;
}): RaidTally {
  return combineTallies(
    task.chunks.map(([chunk, trials]) => simulateRaidChunk(task.plan, task.seed, chunk, trials)),
  );
}
