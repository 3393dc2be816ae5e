/// <reference lib="webworker" />
import { InputError, InputErrors } from '../../../src/core/errors.js';
import { findings } from '../../../src/studies/findings.js';
import { runScenarioText } from '../../../src/studies/run-scenario-text.js';
import { bundledCatalog } from '../catalog/bundled-catalog.js';
import type { WorkerMessage, WorkerRequest } from './messages.js';
import { runOutputs } from './run-outputs.js';

/**
 * The physics core in a Web Worker: the page stays responsive while a scenario runs, and
 * cancelling is terminating the worker (the core has no await points to check a flag at, and a
 * fresh worker costs only the catalog parse).
 */

const post = (message: WorkerMessage) => (self as unknown as DedicatedWorkerGlobalScope).postMessage(message);

self.onmessage = (event: MessageEvent<WorkerRequest>) => {
  const request = event.data;
  if (request.type !== 'run') return;
  const started = performance.now();
  const { runId } = request;
  let lastPost = 0;
  try {
    const run = runScenarioText(request.file, request.text, bundledCatalog(), {
      progress: (done, total, what) => {
        // A few messages a second are enough for a progress bar.
        const now = performance.now();
        if (now - lastPost < 100 && done < total) return;
        lastPost = now;
        post({ type: 'progress', runId, done, total, what });
      },
    });
    post({ type: 'progress', runId, done: 1, total: 1, what: 'figures and exports' });
    const outputs = runOutputs(run, findings(run.result.studies), performance.now() - started);
    post({ type: 'done', runId, outputs: { ...outputs, elapsed: performance.now() - started } });
  } catch (e) {
    post(failure(runId, e));
  }
};

/** Bad input with its lines, or what went wrong in words; never a stack trace in the page. */
function failure(runId: number, e: unknown): WorkerMessage {
  // The page checks the scenario before it runs, so bad input found here is in a catalog entry the
  // scenario's overrides changed (data/...:LINE), never at a line of the editor's text.
  const errors = e instanceof InputErrors ? e.errors : e instanceof InputError ? [e] : [];
  if (errors.length > 0) return { type: 'failed', runId, message: errors.map((x) => x.message).join('\n') };
  const message = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
  return { type: 'failed', runId, message: `The run failed: ${message}` };
}
