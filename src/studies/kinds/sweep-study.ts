import type { ScenarioStudy } from '../../scenario/scenario-schema.js';
import { runScenario } from '../scenario-run.js';
import type { StudyContext } from '../study-context.js';
import type { StudySplit } from '../study-split.js';

/**
 * The scenario's engagements again for each value of one catalog parameter, one value per item
 * (study-split.ts): each value changes the catalog, so each flies its own threats and tables.
 */
export function sweepSplit(study: Extract<ScenarioStudy, { kind: 'sweep' }>, ctx: StudyContext): StudySplit {
  const { scenario, catalog, earth } = ctx;
  const item = (k: number) => {
    const value = study.values[k]!;
    const engagement = {
      kind: 'engagement' as const,
      id: 'sweep',
      ...(study.threat ? { threat: study.threat } : {}),
      ...(study.commitTime ? { commitTime: study.commitTime } : {}),
    };
    const [run] = runScenario(
      { ...scenario, studies: [engagement] },
      catalog.withOverrides([`${study.parameter}=${value}`]),
      earth,
    );
    return {
      value,
      results: run!.results.map((r) => {
        const e = r as Record<string, unknown>;
        return {
          threat: e.threat,
          interceptorSite: e.interceptorSite,
          commitTime: e.commitTime ?? null,
          feasible: e.feasible ?? false,
          reason: e.reason ?? null,
          shots: e.shots ?? 0,
          interceptWindow: e.interceptWindow ?? null,
        };
      }),
    };
  };
  return {
    count: study.values.length,
    chunk: 1,
    item,
    label: (k) => `${study.parameter}=${study.values[k]}`,
    assemble: (items) => [...items],
  };
}
