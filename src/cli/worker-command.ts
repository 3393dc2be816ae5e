import { availableParallelism } from 'node:os';
import type { Command } from 'commander';
import { flagInteger } from './parse-options.js';
import { closeOnSignal } from './until-signal.js';

/**
 * `shieldlab worker --queue redis://HOST:PORT [--threads N] [--stall-timeout S]`: compute chunks
 * of footprints, sweeps and uncertainty studies for `shieldlab run --queue` on any machine, until
 * Ctrl-C (chunks in hand are finished first). The scale modules (BullMQ, ioredis) are loaded here,
 * not with the command line.
 */
export function registerWorker(program: Command): void {
  program
    .command('worker')
    .description('compute chunks of runs started with run --queue, until Ctrl-C')
    .requiredOption('--queue <url>', 'the Redis server the runs use (redis://HOST:PORT)')
    .option('--threads <n>', 'worker threads, and chunks taken at once (default: one per core)')
    .option(
      '--stall-timeout <seconds>',
      'how soon a chunk held by a worker that died is given to another',
      '30',
    )
    .option('--quiet', 'no line per chunk')
    .action(async (flags: { queue: string; threads?: string; stallTimeout: string; quiet?: boolean }) => {
      const { checkRedis, redisUrl } = await import('../scale/redis-queue.js');
      const { queueWorker } = await import('../scale/queue-worker.js');
      const url = redisUrl('--queue', flags.queue);
      const threads =
        flags.threads === undefined
          ? availableParallelism()
          : flagInteger(flags.threads, '--threads', 1, 1024);
      const stallTimeout = flagInteger(flags.stallTimeout, '--stall-timeout', 1, 86_400);
      await checkRedis('--queue', url);
      const log = (line: string) => process.stderr.write(`${line}\n`);
      const worker = queueWorker(url, { threads, stallTimeout, ...(flags.quiet ? {} : { log }) });
      await worker.worker.waitUntilReady();
      log(`shieldlab worker: ${threads} thread${threads === 1 ? '' : 's'}, taking chunks from ${url.href}`);
      await closeOnSignal(worker);
    });
}
