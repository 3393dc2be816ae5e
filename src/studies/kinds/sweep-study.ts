import type { ScenarioStudy } from '../../scenario/scenario-schema.js';
import { runScenario } from '../scenario-run.js';
import type { StudyContext, StudyStep } from '../study-context.js';

/** The scenario's engagements again for each value of one catalog parameter. */
export function sweepStudy(
  study: Extract<ScenarioStudy, { kind: 'sweep' }>,
  ctx: StudyContext,
  step: StudyStep,
): unknown[] {
  const { scenario, catalog, earth } = ctx;
  const { index, total, id, progress } = step;
  // The scenario's engagements again for each value of one catalog parameter.
  return study.values.map((value, k) => {
    progress?.(index + k / study.values.length, total, `${id} ${study.parameter}=${value}`);
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
  });
}
