import type { EarthModel } from '../earth/earth-model.js';
import type { Scenario, ScenarioStudy } from '../scenario/scenario-schema.js';
import { engagementStudy } from './kinds/engagement-study.js';
import { footprintStudy } from './kinds/footprint-study.js';
import { raidStudy } from './kinds/raid-study.js';
import { russiaQuestionStudy } from './kinds/russia-question-study.js';
import { sensingStudy } from './kinds/sensing-study.js';
import { sweepStudy } from './kinds/sweep-study.js';
import { trajectoryStudy } from './kinds/trajectory-study.js';
import { uncertaintyStudy } from './kinds/uncertainty-study.js';
import type { ScenarioCatalog } from './scenario-catalog.js';
import { studyContext } from './study-context.js';

export { flyScenarioThreat, type ScenarioCatalog } from './scenario-catalog.js';

/**
 * A scenario's studies, run: a pure function from a checked scenario and the catalog entries it
 * names to plain, JSON-ready results (the same fields as the command line's). Deterministic: the
 * same scenario gives the same numbers, bit for bit. Each study kind is one file in kinds/; what
 * they share (threats flown once, timelines, reach tables) is the study context.
 */

export interface StudyResult {
  readonly id: string;
  readonly kind: ScenarioStudy['kind'];
  /** The study the findings compare this one with (sensing and engagement). */
  readonly compareWith?: string;
  readonly results: readonly unknown[];
}

export function runScenario(
  scenario: Scenario,
  catalog: ScenarioCatalog,
  earth: EarthModel,
  progress?: (done: number, total: number, what: string) => void,
): StudyResult[] {
  const ctx = studyContext(scenario, catalog, earth);
  const total = scenario.studies.length;
  return scenario.studies.map((study, index) => {
    const id = study.id ?? `${study.kind}-${index + 1}`;
    progress?.(index, total, id);
    const ids = 'threat' in study && study.threat ? [study.threat] : scenario.threats.map((t) => t.id);
    const step = { index, total, id, ids, progress };
    const results = ((): unknown[] => {
      switch (study.kind) {
        case 'trajectory':
          return trajectoryStudy(study, ctx, step);
        case 'sensing':
          return sensingStudy(study, ctx, step);
        case 'engagement':
          return engagementStudy(study, ctx, step);
        case 'footprint':
          return footprintStudy(study, ctx, step);
        case 'sweep':
          return sweepStudy(study, ctx, step);
        case 'uncertainty':
          return uncertaintyStudy(study, ctx, step);
        case 'raid':
          return raidStudy(study, ctx, step);
        case 'russia-question':
          return russiaQuestionStudy(study, ctx, step);
      }
    })();
    progress?.(index + 1, total, id);
    return {
      id,
      kind: study.kind,
      ...('compareWith' in study && study.compareWith ? { compareWith: study.compareWith } : {}),
      results,
    };
  });
}
