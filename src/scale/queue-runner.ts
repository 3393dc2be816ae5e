import { randomUUID } from 'node:crypto';
import { setMaxListeners } from 'node:events';
import { type Job, Queue, QueueEvents } from 'bullmq';
import type { Redis } from 'ioredis';
import { Unavailable, WorkerFailed } from '../core/errors.js';
import type { ItemRunner } from '../studies/scenario-run.js';
import type { StudySplit } from '../studies/study-split.js';
import { type ChunkTask, chunkRanges, chunkTask, type StudyJob } from './chunk-task.js';
import { chunkQueueName, compatibilityFingerprint } from './compatibility.js';
import { redisConnection, shownUrl } from './redis-queue.js';

export { checkRedis, redisUrl } from './redis-queue.js';

/** How long the run waits for a lost Redis server to come back before it fails. */
const REDIS_LOST_AFTER_MS = 15_000;

/**
 * Split studies' items on workers anywhere (`shieldlab worker --queue URL`), through a BullMQ
 * queue on Redis: each chunk is a job; a worker that dies holding one loses its lock, and BullMQ
 * hands the chunk to another worker. Items depend only on the scenario's text and their index,
 * so the run's result is the local one, bit for bit, whichever worker computed what. The queue is
 * named after the code, catalog and engine (compatibility.ts), so only workers that would compute
 * the same numbers take its chunks.
 */
export class QueueRunner implements ItemRunner {
  readonly #run = randomUUID();
  readonly #connections: Redis[];
  readonly #queue: Queue<ChunkTask, string>;
  readonly #events: QueueEvents;
  readonly #abort = new AbortController();
  /** Jobs of this run not yet collected, to take back from the queue if the run stops. */
  readonly #pending = new Set<string>();
  #lostTimer: NodeJS.Timeout | undefined;

  constructor(
    readonly job: StudyJob,
    readonly url: URL,
    /** Told when no worker has taken a chunk for a while. */
    private readonly idle: (message: string) => void = () => {},
  ) {
    // A lost server: the connections retry; if it is not back soon, the run fails with one line.
    let lastError = '';
    const onError = (e: Error & { code?: string }) => {
      lastError = e.code ?? e.message;
      this.#lostTimer ??= setTimeout(
        () =>
          this.#abort.abort(
            new Unavailable(
              `--queue ${shownUrl(url)}: lost the Redis server for ${REDIS_LOST_AFTER_MS / 1000} s (${lastError})`,
            ),
          ),
        REDIS_LOST_AFTER_MS,
      );
    };
    const onReady = () => {
      clearTimeout(this.#lostTimer);
      this.#lostTimer = undefined;
    };
    this.#connections = [redisConnection(url, onError), redisConnection(url, onError)];
    for (const c of this.#connections) c.on('ready', onReady);
    const name = chunkQueueName();
    this.#queue = new Queue(name, { connection: this.#connections[0]! });
    this.#events = new QueueEvents(name, { connection: this.#connections[1]! });
    // BullMQ reports connection errors on these too; the connections' listener has them already.
    this.#queue.on('error', () => {});
    this.#events.on('error', () => {});
    // Every chunk waited on listens to the queue, its events and the signal: a hundred is the design.
    this.#queue.setMaxListeners(0);
    this.#events.setMaxListeners(0);
    setMaxListeners(0, this.#abort.signal);
  }

  async items(
    studyIndex: number,
    split: Pick<StudySplit, 'count' | 'chunk'>,
    done: (items: number) => void,
  ): Promise<unknown[]> {
    await this.#unlessStopped(this.#events.waitUntilReady());
    const ranges = chunkRanges(split);
    const jobs = await this.#unlessStopped(
      this.#queue.addBulk(
        ranges.map(([start, end]) => ({
          name: `study ${studyIndex} items ${start}-${end}`,
          data: chunkTask(this.job, studyIndex, start, end),
          opts: {
            jobId: `${this.#run}-${studyIndex}-${start}`,
            // A chunk that throws would throw again (same input): one retry covers a machine's
            // trouble; a killed worker's chunk comes back through BullMQ's stalled check instead.
            attempts: 2,
            // Kept until this run has read the result; an abandoned run's are dropped a day later.
            removeOnComplete: { age: 86_400 },
            removeOnFail: { age: 86_400 },
          },
        })),
      ),
    );
    for (const j of jobs) this.#pending.add(j.id!);
    const watch = this.#watchForWorkers();
    let finished = 0;
    let settled = false;
    try {
      const parts = await Promise.all(
        jobs.map(async (j: Job<ChunkTask, string>, k) => {
          const text = await this.#finished(j);
          finished += ranges[k]![1] - ranges[k]![0];
          if (!settled) done(finished);
          this.#pending.delete(j.id!);
          await j.remove().catch(() => {});
          return JSON.parse(text) as unknown[];
        }),
      );
      return parts.flat();
    } finally {
      settled = true;
      clearInterval(watch);
    }
  }

  /** The promise's value, unless the run is cancelled or Redis is lost first. */
  #unlessStopped<T>(promise: Promise<T>): Promise<T> {
    const signal = this.#abort.signal;
    return new Promise<T>((resolve, reject) => {
      const stop = () => reject(signal.reason);
      if (signal.aborted) return stop();
      signal.addEventListener('abort', stop, { once: true });
      promise.then(
        (v) => {
          signal.removeEventListener('abort', stop);
          resolve(v);
        },
        (e: unknown) => {
          signal.removeEventListener('abort', stop);
          reject(e);
        },
      );
    });
  }

  /** The chunk's result, or an error naming why it failed. */
  #finished(j: Job<ChunkTask, string>): Promise<string> {
    return this.#unlessStopped(
      j.waitUntilFinished(this.#events).catch((e: Error) => {
        throw new WorkerFailed(`a worker could not compute ${j.name} of ${this.job.file}: ${e.message}`);
      }),
    );
  }

  /** Say so when no worker has been connected for 10 s: the run would otherwise wait in silence. */
  #watchForWorkers(): NodeJS.Timeout {
    let quiet = 0;
    let said = false;
    return setInterval(() => {
      this.#queue.getWorkersCount().then(
        (n) => {
          quiet = n > 0 ? 0 : quiet + 1;
          if (quiet >= 2 && !said) {
            said = true;
            const url = shownUrl(this.url);
            this.idle(
              `no worker is taking chunks from ${url} for this code, catalog and Node engine (${compatibilityFingerprint()}): start one with shieldlab worker --queue ${url}`,
            );
          }
        },
        () => {},
      );
    }, 5000).unref();
  }

  /** Stop waiting (Ctrl-C); `close()` then takes this run's chunks back. */
  cancel(): void {
    this.#abort.abort(new Error('cancelled'));
  }

  /**
   * Remove the chunks no worker has taken (a running one finishes and its result expires), within
   * 2 s: with the server gone, the connections are simply closed.
   */
  async close(): Promise<void> {
    clearTimeout(this.#lostTimer);
    const tidy = (async () => {
      await Promise.all([...this.#pending].map((id) => this.#queue.remove(id).catch(() => 0)));
      await this.#events.close();
      await this.#queue.close();
    })();
    await Promise.race([tidy.catch(() => {}), new Promise((r) => setTimeout(r, 2000).unref())]);
    for (const c of this.#connections) c.disconnect();
  }
}
