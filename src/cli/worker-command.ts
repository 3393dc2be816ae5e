import { availableParallelism } from 'node:os';
import type { Command } from 'commander';
import { flagInteger } from './parse-options.js';

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
      const { checkRedis, redisUrl, shownUrl } = await import('../scale/redis-queue.js');
      const { queueWorker } = await import('../scale/queue-worker.js');
      const url = redisUrl('--queue', flags.queue);
      const threads =
        flags.threads === undefined
          ? availableParallelism()
          : flagInteger(flags.threads, '--threads', 1, 1024);
      const stallTimeout = flagInteger(flags.stallTimeout, '--stall-timeout', 1, 86_400);
      await checkRedis('--queue', url);
      const { compatibilityFingerprint } = await import('../scale/compatibility.js');
      const say = (line: string) => process.stderr.write(`${line}\n`);
      const worker = queueWorker(url, {
        threads,
        stallTimeout,
        warn: say,
        ...(flags.quiet ? {} : { log: say }),
      });
      await worker.worker.waitUntilReady();
      say(
        `shieldlab worker: ${threads} thread${threads === 1 ? '' : 's'}, taking chunks from ${shownUrl(url)} for this code, catalog and Node engine (${compatibilityFingerprint()})`,
      );
      await untilStopped(worker, say);
    });
}

/**
 * Until SIGINT or SIGTERM: then finish the chunks in hand and stop; a second signal stops at
 * once (the chunks in hand go to other workers when their locks lapse).
 */
function untilStopped(worker: { close(): Promise<void> }, say: (line: string) => void): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const first = () => {
      process.off('SIGINT', first);
      process.off('SIGTERM', first);
      process.once('SIGINT', () => process.exit(130));
      process.once('SIGTERM', () => process.exit(143));
      say('shieldlab worker: finishing the chunks in hand (Ctrl-C again to stop now)');
      worker.close().then(resolve, reject);
    };
    process.on('SIGINT', first);
    process.on('SIGTERM', first);
  });
}
