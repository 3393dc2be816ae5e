import type { RunOutputs, WorkerMessage, WorkerRequest } from './messages.js';

export interface RunHandlers {
  onProgress(done: number, total: number, what: string): void;
}

/** A run that failed: bad input or the model's reason, in words. */
export class RunFailed extends Error {
  override readonly name = 'RunFailed';
}

/** The run was cancelled by the user. */
export class RunCancelled extends Error {
  override readonly name = 'RunCancelled';
}

/**
 * The page's side of the physics worker: one run at a time, with progress, and cancellation by
 * terminating the worker and starting a fresh one for the next run.
 */
export class PhysicsClient {
  private worker: Worker | undefined;
  private runId = 0;
  private pending: { reject: (e: Error) => void } | undefined;

  private ensureWorker(): Worker {
    this.worker ??= new Worker(new URL('./physics-worker.ts', import.meta.url), { type: 'module' });
    return this.worker;
  }

  get running(): boolean {
    return this.pending !== undefined;
  }

  run(file: string, text: string, handlers: RunHandlers): Promise<RunOutputs> {
    this.cancel();
    const worker = this.ensureWorker();
    const runId = ++this.runId;
    return new Promise<RunOutputs>((resolve, reject) => {
      this.pending = { reject };
      worker.onmessage = (event: MessageEvent<WorkerMessage>) => {
        const m = event.data;
        if (m.runId !== runId) return;
        if (m.type === 'progress') handlers.onProgress(m.done, m.total, m.what);
        else {
          this.pending = undefined;
          if (m.type === 'done') resolve(m.outputs);
          else reject(new RunFailed(m.message));
        }
      };
      worker.onerror = (event) => {
        this.pending = undefined;
        this.worker?.terminate();
        this.worker = undefined;
        reject(new RunFailed(`The physics worker stopped: ${event.message || 'unknown error'}`));
      };
      const request: WorkerRequest = { type: 'run', runId, file, text };
      worker.postMessage(request);
    });
  }

  /** Stop the run in progress, if any; its promise rejects with RunCancelled. */
  cancel(): void {
    if (!this.pending) return;
    const { reject } = this.pending;
    this.pending = undefined;
    this.worker?.terminate();
    this.worker = undefined;
    reject(new RunCancelled('cancelled'));
  }
}
