import type { EarthModel } from '../earth/earth-model.js';
import type { Scenario, ScenarioStudy } from '../scenario/scenario-schema.js';
import { engagementStudy } from './kinds/engagement-study.js';
import { footprintSplit } from './kinds/footprint-study.js';
import { raidStudy } from './kinds/raid-study.js';
import { russiaQuestionStudy } from './kinds/russia-question-study.js';
import { sensingStudy } from './kinds/sensing-study.js';
import { sweepSplit } from './kinds/sweep-study.js';
import { trajectoryStudy } from './kinds/trajectory-study.js';
import { uncertaintySplit } from './kinds/uncertainty-study.js';
import type { ScenarioCatalog } from './scenario-catalog.js';
import { type StudyContext, type StudyStep, studyContext } from './study-context.js';
import { type StudySplit, throughJson } from './study-split.js';

export { flyScenarioThreat, type ScenarioCatalog } from './scenario-catalog.js';

/**
 * A scenario's studies, run: a pure function from a checked scenario and the catalog entries it
 * names to plain, JSON-ready results (the same fields as the command line's). Deterministic: the
 * same scenario gives the same numbers, bit for bit. Each study kind is one file in kinds/; what
 * they share (threats flown once, timelines, reach tables) is the study context.
 *
 * Footprints, sweeps and uncertainty studies split into independent items (study-split.ts). Here
 * they run in this thread, item by item; `runScenarioOn` hands their chunks to an `ItemRunner`
 * (worker threads or a queue of machines, src/scale) and gets the same numbers.
 */

export interface StudyResult {
  readonly id: string;
  readonly kind: ScenarioStudy['kind'];
  /** The study the findings compare this one with (sensing and engagement). */
  readonly compareWith?: string;
  readonly results: readonly unknown[];
}

type Progress = (done: number, total: number, what: string) => void;

/** Computes the items of a split study somewhere else (src/scale): in order, each through JSON. */
export interface ItemRunner {
  items(
    studyIndex: number,
    split: Pick<StudySplit, 'count' | 'chunk'>,
    /** Told how many items are done so far. */
    done: (items: number) => void,
  ): Promise<unknown[]>;
}

/** Where study `index` stands in its run, for results, seeds and the progress bar. */
export function studyStep(scenario: Scenario, index: number, progress?: Progress): StudyStep {
  const study = scenario.studies[index]!;
  const id = study.id ?? `${study.kind}-${index + 1}`;
  const ids = 'threat' in study && study.threat ? [study.threat] : scenario.threats.map((t) => t.id);
  return { index, total: scenario.studies.length, id, ids, progress };
}

/** The study's independent items, for the kinds that have them. */
export function studySplit(study: ScenarioStudy, ctx: StudyContext, step: StudyStep): StudySplit | undefined {
  switch (study.kind) {
    case 'footprint':
      return footprintSplit(study, ctx, step);
    case 'sweep':
      return sweepSplit(study, ctx);
    case 'uncertainty':
      return uncertaintySplit(study, ctx, step);
    default:
      return undefined;
  }
}

/** A study that does not split, in this thread. */
function wholeStudy(study: ScenarioStudy, ctx: StudyContext, step: StudyStep): unknown[] {
  switch (study.kind) {
    case 'trajectory':
      return trajectoryStudy(study, ctx, step);
    case 'sensing':
      return sensingStudy(study, ctx, step);
    case 'engagement':
      return engagementStudy(study, ctx, step);
    case 'raid':
      return raidStudy(study, ctx, step);
    case 'russia-question':
      return russiaQuestionStudy(study, ctx, step);
    default:
      throw new Error(`study kind ${study.kind} splits into items`);
  }
}

function studyResult(study: ScenarioStudy, step: StudyStep, results: unknown[]): StudyResult {
  return {
    id: step.id,
    kind: study.kind,
    ...('compareWith' in study && study.compareWith ? { compareWith: study.compareWith } : {}),
    results,
  };
}

/** Progress within a split study, told after each item. */
function itemProgress(step: StudyStep, split: StudySplit, progress: Progress | undefined) {
  return (done: number) => {
    const what = split.label && done < split.count ? `${step.id} ${split.label(done)}` : step.id;
    progress?.(step.index + done / split.count, step.total, what);
  };
}

export function runScenario(
  scenario: Scenario,
  catalog: ScenarioCatalog,
  earth: EarthModel,
  progress?: Progress,
): StudyResult[] {
  const ctx = studyContext(scenario, catalog, earth);
  return scenario.studies.map((study, index) => {
    const step = studyStep(scenario, index, progress);
    progress?.(index, step.total, step.id);
    const split = studySplit(study, ctx, step);
    let results: unknown[];
    if (split) {
      const told = itemProgress(step, split, progress);
      const items: unknown[] = [];
      for (let i = 0; i < split.count; i++) {
        items.push(throughJson(split.item(i)));
        told(i + 1);
      }
      results = split.assemble(items);
    } else results = wholeStudy(study, ctx, step);
    progress?.(index + 1, step.total, step.id);
    return studyResult(study, step, results);
  });
}

/**
 * The same run with the split studies' items computed by `runner`, chunk by chunk; the other
 * studies run here. The numbers are those of `runScenario`, bit for bit.
 */
export async function runScenarioOn(
  scenario: Scenario,
  catalog: ScenarioCatalog,
  earth: EarthModel,
  runner: ItemRunner,
  progress?: Progress,
): Promise<StudyResult[]> {
  const ctx = studyContext(scenario, catalog, earth);
  const out: StudyResult[] = [];
  for (const [index, study] of scenario.studies.entries()) {
    const step = studyStep(scenario, index, progress);
    progress?.(index, step.total, step.id);
    const split = studySplit(study, ctx, step);
    const results = split
      ? split.assemble(await runner.items(index, split, itemProgress(step, split, progress)))
      : wholeStudy(study, ctx, step);
    progress?.(index + 1, step.total, step.id);
    out.push(studyResult(study, step, results));
  }
  return out;
}
