import { setMaxListeners } from 'node:events';
import type { Piscina } from 'piscina';
import { threadPool } from '../core/thread-pool.js';
import type { ItemRunner } from '../studies/scenario-run.js';
import type { StudySplit } from '../studies/study-split.js';
import { chunkRanges, chunkTask, type StudyJob } from './chunk-task.js';

/**
 * Split studies' items on worker threads (piscina), chunk by chunk: the items are those of a
 * serial run, bit for bit, whatever the number of threads. The pool starts at the first split
 * study, so a scenario without one never starts a thread. `cancel()` stops the queued and
 * running chunks (Ctrl-C); the run's promise then rejects with an AbortError.
 */
export class ThreadPoolRunner implements ItemRunner {
  #pool: Piscina | undefined;
  readonly #abort = new AbortController();

  constructor(
    readonly job: StudyJob,
    readonly threads: number,
  ) {
    // Every chunk queued listens to the signal: a hundred is the design, not a leak.
    setMaxListeners(0, this.#abort.signal);
  }

  async items(
    studyIndex: number,
    split: Pick<StudySplit, 'count' | 'chunk'>,
    done: (items: number) => void,
  ): Promise<unknown[]> {
    this.#pool ??= threadPool(new URL('./chunk-worker', import.meta.url), this.threads);
    const pool = this.#pool;
    let finished = 0;
    const parts = await Promise.all(
      chunkRanges(split).map(async ([start, end]) => {
        const text = (await pool.run(chunkTask(this.job, studyIndex, start, end), {
          signal: this.#abort.signal,
        })) as string;
        finished += end - start;
        done(finished);
        return JSON.parse(text) as unknown[];
      }),
    );
    return parts.flat();
  }

  cancel(): void {
    this.#abort.abort();
  }

  async close(): Promise<void> {
    await this.#pool?.destroy();
    this.#pool = undefined;
  }
}
