import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';
import type { CatalogLibrary } from '../scenario/catalog-library.js';
import { checkScenarioText } from '../studies/run-scenario-text.js';
import { studySplit, studyStep } from '../studies/scenario-run.js';
import { type StudyContext, studyContext } from '../studies/study-context.js';
import type { StudySplit } from '../studies/study-split.js';
import { SHIELDLAB_VERSION } from '../version.js';

/**
 * A chunk of a split study's items (src/studies/study-split.ts), as a worker thread or a worker
 * on another machine receives it: the scenario's text, not objects, so that any process running
 * the same shieldlab version computes the same items from it.
 */
export interface ChunkTask {
  readonly shieldlabVersion: string;
  /** The scenario file's name, for messages. */
  readonly file: string;
  readonly text: string;
  readonly studyIndex: number;
  /** Items [start, end). */
  readonly start: number;
  readonly end: number;
}

/** What a run's chunks share: its scenario. */
export interface StudyJob {
  readonly file: string;
  readonly text: string;
}

export function chunkTask(job: StudyJob, studyIndex: number, start: number, end: number): ChunkTask {
  return { shieldlabVersion: SHIELDLAB_VERSION, file: job.file, text: job.text, studyIndex, start, end };
}

/** The chunks of a split study's items, in order. */
export function chunkRanges(split: Pick<StudySplit, 'count' | 'chunk'>): Array<readonly [number, number]> {
  const out: Array<readonly [number, number]> = [];
  for (let start = 0; start < split.count; start += split.chunk)
    out.push([start, Math.min(split.count, start + split.chunk)] as const);
  return out;
}

/**
 * Contexts of the scenarios this worker has seen, by the hash of their text: the chunks of one
 * run arrive one after another, and each context keeps what its studies built (flown threats,
 * reach tables, a footprint's lazily filled pre-checks) for the next chunk. A split's items do
 * not depend on what was computed before them, so reuse does not change a number.
 */
const contexts = new Map<string, { ctx: StudyContext; splits: Map<number, StudySplit> }>();
const CONTEXTS_KEPT = 2;

function contextOf(task: ChunkTask, library: CatalogLibrary) {
  const key = bytesToHex(sha256(utf8ToBytes(task.text)));
  let entry = contexts.get(key);
  if (entry) contexts.delete(key);
  else {
    const { scenario, catalog, earth } = checkScenarioText(task.file, task.text, library);
    entry = { ctx: studyContext(scenario, catalog, earth), splits: new Map() };
  }
  contexts.set(key, entry);
  if (contexts.size > CONTEXTS_KEPT) contexts.delete(contexts.keys().next().value!);
  return entry;
}

/** Items [start, end) of the task's study, each through JSON, as every runner returns them. */
export function computeChunk(task: ChunkTask, library: CatalogLibrary): string {
  if (task.shieldlabVersion !== SHIELDLAB_VERSION)
    throw new Error(
      `this worker runs shieldlab ${SHIELDLAB_VERSION}, the run shieldlab ${task.shieldlabVersion}: results would differ`,
    );
  const { ctx, splits } = contextOf(task, library);
  let split = splits.get(task.studyIndex);
  if (!split) {
    const study = ctx.scenario.studies[task.studyIndex];
    split = study && studySplit(study, ctx, studyStep(ctx.scenario, task.studyIndex));
    if (!split) throw new Error(`study ${task.studyIndex} of ${task.file} does not split into items`);
    splits.set(task.studyIndex, split);
  }
  if (!(Number.isInteger(task.start) && task.start >= 0 && task.end <= split.count && task.start < task.end))
    throw new Error(`items ${task.start}..${task.end} are not within the study's ${split.count}`);
  const items: unknown[] = [];
  for (let i = task.start; i < task.end; i++) items.push(split.item(i));
  // One JSON text per chunk: the form items cross machines in, and cheaper to pass between
  // threads than many small objects.
  return JSON.stringify(items);
}
