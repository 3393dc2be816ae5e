import type { Finding } from '../../../src/studies/findings.js';
import type { ResultFile } from '../../../src/studies/run-scenario-text.js';
import type { GlobeScene } from '../globe/globe-scene.js';

/** What the page asks the physics worker, and what the worker answers. Plain data: structured-cloned. */

export interface RunRequest {
  readonly type: 'run';
  readonly runId: number;
  readonly file: string;
  readonly text: string;
}

export type WorkerRequest = RunRequest;

export interface ProgressMessage {
  readonly type: 'progress';
  readonly runId: number;
  readonly done: number;
  readonly total: number;
  readonly what: string;
}

/** One section of the report, as the page shows it. */
export interface ResultSection {
  readonly id: string;
  readonly title: string;
  readonly kind: string;
  readonly html: string;
}

/** Everything the page shows of a finished run. */
export interface RunOutputs {
  readonly name: string;
  readonly result: ResultFile;
  readonly findings: readonly Finding[];
  readonly sections: readonly ResultSection[];
  readonly scene: GlobeScene;
  /** Download files by name: result.json, report.html, map.geojson, trajectories.czml, .kml, THREAT.csv. */
  readonly files: ReadonlyArray<{ readonly name: string; readonly type: string; readonly content: string }>;
  /** Milliseconds the run took in the worker. */
  readonly elapsed: number;
}

export interface DoneMessage {
  readonly type: 'done';
  readonly runId: number;
  readonly outputs: RunOutputs;
}

/** Bad input (each problem on a line, naming file, field, value and expectation), or the model's failure, in words. */
export interface FailedMessage {
  readonly type: 'failed';
  readonly runId: number;
  readonly message: string;
}

export type WorkerMessage = ProgressMessage | DoneMessage | FailedMessage;
