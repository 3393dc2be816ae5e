import { availableParallelism } from 'node:os';
import { basename } from 'node:path';
import { Cancelled, InputError } from '../core/errors.js';
import { ThreadPoolRunner } from '../scale/thread-pool-runner.js';
import type { Scenario } from '../scenario/scenario-schema.js';
import { type CheckedRun, runScenarioText, runScenarioTextOn } from '../studies/run-scenario-text.js';
import type { ItemRunner } from '../studies/scenario-run.js';
import { shippedCatalog } from './catalog-files.js';
import { flagInteger } from './parse-options.js';
import { progressBar } from './progress-bar.js';

/** Where a run computes its footprints', sweeps' and uncertainty studies' items. */
export interface ScaleFlags {
  /** Worker threads on this machine (default: one per core; 1 computes in this thread). */
  readonly threads?: string;
  /** A Redis server whose `shieldlab worker`s compute them. */
  readonly queue?: string;
}

type Runner = ItemRunner & { cancel(): void; close(): Promise<void> };

/**
 * Check a scenario's text and run its studies against the shipped catalog, with a progress bar
 * on a terminal; split studies on worker threads or queue workers (src/scale), which give the
 * numbers of a serial run, bit for bit.
 *
 * Ctrl-C: while chunks are out, the first SIGINT (or SIGTERM) stops them (threads end, the run's
 * queued chunks are taken back) and the command fails with `Cancelled`; elsewhere the signal has
 * its default effect. Either way nothing has been written: outputs are written only after the
 * whole run.
 */
export async function runStudies(
  file: string,
  text: string,
  flags: ScaleFlags = {},
  options: { progress?: boolean } = {},
): Promise<CheckedRun> {
  if (flags.threads !== undefined && flags.queue !== undefined)
    throw new InputError('--threads', flags.threads, 'no --threads with --queue (each worker sets its own)');
  const threads =
    flags.threads === undefined ? availableParallelism() : flagInteger(flags.threads, '--threads', 1, 1024);
  // BullMQ and ioredis are loaded only for a run that uses them.
  const queue = flags.queue === undefined ? undefined : await import('../scale/queue-runner.js');
  const url = flags.queue === undefined ? undefined : queue!.redisUrl('--queue', flags.queue);
  if (!url && threads === 1) return runChecked(file, text, options.progress);
  const bar = options.progress ? progressBar() : undefined;
  const runOptions = { name: basename(file), ...(bar ? { progress: bar } : {}) };
  const job = { file, text };
  let runner: Runner;
  if (queue && url) {
    await queue.checkRedis('--queue', url);
    runner = new queue.QueueRunner(job, url, (line) => {
      bar?.stop();
      process.stderr.write(`shieldlab: ${line}\n`);
    });
  } else runner = new ThreadPoolRunner(job, threads);
  try {
    return await runScenarioTextOn(file, text, shippedCatalog(), cancellable(runner), runOptions);
  } finally {
    await runner.close();
    bar?.stop();
  }
}

/**
 * Check and run a scenario's text against the shipped catalog in this thread, with a progress bar
 * on a terminal (`--threads 1`, and commands that run studies of their own making).
 */
export function runChecked(
  file: string,
  text: string,
  progress = false,
  /** Applied to the checked scenario before it runs (a command that runs other studies). */
  transform?: (scenario: Scenario) => Scenario,
): CheckedRun {
  const bar = progress ? progressBar() : undefined;
  try {
    return runScenarioText(file, text, shippedCatalog(), {
      name: basename(file),
      ...(bar ? { progress: bar } : {}),
      ...(transform ? { transform } : {}),
    });
  } finally {
    bar?.stop();
  }
}

/** The runner, with Ctrl-C stopping it while it has chunks out. */
function cancellable(runner: Runner): ItemRunner {
  return {
    async items(studyIndex, split, done) {
      let signalled: NodeJS.Signals | undefined;
      const stop = (signal: NodeJS.Signals) => {
        signalled = signal;
        runner.cancel();
      };
      process.on('SIGINT', stop);
      process.on('SIGTERM', stop);
      try {
        return await runner.items(studyIndex, split, done);
      } catch (e) {
        if (signalled)
          throw new Cancelled('cancelled: nothing was written', signalled === 'SIGTERM' ? 143 : 130);
        throw e;
      } finally {
        process.off('SIGINT', stop);
        process.off('SIGTERM', stop);
      }
    },
  };
}
