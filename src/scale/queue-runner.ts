import { randomUUID } from 'node:crypto';
import { setMaxListeners } from 'node:events';
import { type Job, Queue, QueueEvents } from 'bullmq';
import type { Redis } from 'ioredis';
import type { ItemRunner } from '../studies/scenario-run.js';
import type { StudySplit } from '../studies/study-split.js';
import { type ChunkTask, chunkRanges, chunkTask, type StudyJob } from './chunk-task.js';
import { CHUNK_QUEUE, redisConnection } from './redis-queue.js';

export { checkRedis, redisUrl } from './redis-queue.js';

/**
 * Split studies' items on workers anywhere (`shieldlab worker --queue URL`), through a BullMQ
 * queue on Redis: each chunk is a job; a worker that dies holding one loses its lock, and BullMQ
 * hands the chunk to another worker. Items depend only on the scenario's text and their index,
 * so the run's result is the local one, bit for bit, whichever worker computed what.
 */
export class QueueRunner implements ItemRunner {
  readonly #run = randomUUID();
  readonly #connections: Redis[];
  readonly #queue: Queue<ChunkTask, string>;
  readonly #events: QueueEvents;
  readonly #abort = new AbortController();
  /** Jobs of this run not yet collected, to take back from the queue if the run stops. */
  readonly #pending = new Set<string>();

  constructor(
    readonly job: StudyJob,
    readonly url: URL,
    /** Told when no worker has taken a chunk for a while. */
    private readonly idle: (message: string) => void = () => {},
  ) {
    this.#connections = [redisConnection(url), redisConnection(url)];
    this.#queue = new Queue(CHUNK_QUEUE, { connection: this.#connections[0]! });
    this.#events = new QueueEvents(CHUNK_QUEUE, { connection: this.#connections[1]! });
    // Every chunk waited on listens to the events and to the signal: a hundred is the design.
    this.#events.setMaxListeners(0);
    setMaxListeners(0, this.#abort.signal);
  }

  async items(
    studyIndex: number,
    split: Pick<StudySplit, 'count' | 'chunk'>,
    done: (items: number) => void,
  ): Promise<unknown[]> {
    await this.#events.waitUntilReady();
    const ranges = chunkRanges(split);
    const jobs = await this.#queue.addBulk(
      ranges.map(([start, end]) => ({
        name: `study ${studyIndex} items ${start}-${end}`,
        data: chunkTask(this.job, studyIndex, start, end),
        opts: {
          jobId: `${this.#run}-${studyIndex}-${start}`,
          // A chunk that throws would throw again (same input): one retry covers a machine's
          // trouble; a killed worker's chunk comes back through BullMQ's stalled check instead.
          attempts: 2,
          // Kept until this run has read the result; an abandoned run's jobs expire in a day.
          removeOnComplete: { age: 86_400 },
          removeOnFail: { age: 86_400 },
        },
      })),
    );
    for (const j of jobs) this.#pending.add(j.id!);
    const watch = this.#watchForWorkers();
    let finished = 0;
    try {
      const parts = await Promise.all(
        jobs.map(async (j: Job<ChunkTask, string>, k) => {
          const text = await this.#finished(j);
          finished += ranges[k]![1] - ranges[k]![0];
          done(finished);
          this.#pending.delete(j.id!);
          await j.remove().catch(() => {});
          return JSON.parse(text) as unknown[];
        }),
      );
      return parts.flat();
    } finally {
      clearInterval(watch);
    }
  }

  /** The chunk's result, or an error naming why it failed; rejects at once when cancelled. */
  #finished(j: Job<ChunkTask, string>): Promise<string> {
    const signal = this.#abort.signal;
    return new Promise<string>((resolve, reject) => {
      const stop = () => reject(signal.reason);
      if (signal.aborted) return stop();
      signal.addEventListener('abort', stop, { once: true });
      j.waitUntilFinished(this.#events).then(
        (v: string) => {
          signal.removeEventListener('abort', stop);
          resolve(v);
        },
        (e: Error) => {
          signal.removeEventListener('abort', stop);
          reject(new Error(`a worker could not compute ${j.name}: ${e.message}`));
        },
      );
    });
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
            this.idle(
              `no worker is taking chunks from ${this.url.href}: start one with shieldlab worker --queue ${this.url.href}`,
            );
          }
        },
        () => {},
      );
    }, 5000).unref();
  }

  /** Stop waiting, and take this run's chunks that no worker has started off the queue. */
  cancel(): void {
    this.#abort.abort(new Error('cancelled'));
  }

  async close(): Promise<void> {
    // Chunks no worker has taken are removed; a running one finishes and expires with its result.
    await Promise.all([...this.#pending].map((id) => this.#queue.remove(id).catch(() => 0)));
    await this.#events.close();
    await this.#queue.close();
    for (const c of this.#connections) c.disconnect();
  }
}
