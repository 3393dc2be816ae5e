import { hostname } from 'node:os';
import { Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import { threadPool } from '../core/thread-pool.js';
import type { ChunkTask } from './chunk-task.js';
import { chunkQueueName } from './compatibility.js';
import { redisConnection } from './redis-queue.js';

export interface QueueWorkerOptions {
  /** Worker threads, and chunks taken at once. */
  readonly threads: number;
  /**
   * How long a chunk's lock lasts without renewal (s): a worker that dies holding a chunk gives
   * it up after about this long, and another worker takes it.
   */
  readonly stallTimeout: number;
  /** Told about each chunk done. */
  readonly log?: (line: string) => void;
  /** Told about failed chunks and lost connections (always shown). */
  readonly warn: (line: string) => void;
}

/**
 * `shieldlab worker`: takes chunks from the queue of this code, catalog and engine
 * (compatibility.ts) and computes them on a pool of worker threads. The chunks run off the main
 * thread so that it keeps renewing their locks (BullMQ renews them on a timer): a long chunk is
 * never taken for a dead worker's.
 */
export function queueWorker(url: URL, options: QueueWorkerOptions) {
  const pool = threadPool(new URL('./chunk-worker', import.meta.url), options.threads);
  // One line per kind of connection trouble until it recovers: ioredis retries every few seconds.
  let said = '';
  const connection: Redis = redisConnection(url, (e) => {
    const line = `queue: lost the Redis server (${e.code ?? e.message}); retrying`;
    if (line !== said) options.warn(line);
    said = line;
  });
  connection.on('ready', () => {
    if (said) options.warn('queue: connected again');
    said = '';
  });
  const lock = options.stallTimeout * 1000;
  const worker = new Worker<ChunkTask, string>(
    chunkQueueName(),
    async (job) => {
      const t0 = performance.now();
      const result = (await pool.run(job.data)) as string;
      options.log?.(
        `${job.data.file} ${job.name}: done in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
      );
      return result;
    },
    {
      connection,
      name: `${hostname()}:${process.pid}`,
      concurrency: options.threads,
      lockDuration: lock,
      stalledInterval: lock,
      // A chunk may be given up by several dying workers before one finishes it.
      maxStalledCount: 10,
    },
  );
  worker.on('failed', (job, e) =>
    options.warn(`${job?.data.file ?? ''} ${job?.name ?? 'a chunk'} failed: ${e.message}`),
  );
  // Connection errors reach the connection's listener above.
  worker.on('error', () => {});
  return {
    worker,
    /** Finish the chunks in hand, then stop (SIGINT, SIGTERM). */
    async close(): Promise<void> {
      await worker.close();
      await pool.destroy();
      connection.disconnect();
    },
  };
}
