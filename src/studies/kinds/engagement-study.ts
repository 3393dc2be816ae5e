import { solveEngagement } from '../../engagement/intercept.js';
import { engagementJson } from '../../report/engagement-json.js';
import type { ScenarioStudy } from '../../scenario/scenario-schema.js';
import type { StudyContext, StudyStep } from '../study-context.js';

/** Each threat against each interceptor site: windows and shots, committed from the sensors or at the study's commit time. */
export function engagementStudy(
  study: Extract<ScenarioStudy, { kind: 'engagement' }>,
  ctx: StudyContext,
  step: StudyStep,
): unknown[] {
  const { flown, timeline, reach, defence: d } = ctx;
  const { ids } = step;
  const results: unknown[] = ids.flatMap((tid) => {
    const t = flown(tid);
    return d!.interceptorSites.map((site, k) => {
      const head = {
        threat: tid,
        interceptorSite: site.id ?? `site-${k + 1}`,
        inventory: site.inventory,
      };
      if (!('trajectory' in t.flown)) return { ...head, reason: t.flown.message };
      const threat = t.flown;
      const commit =
        study.commitTime?.value ??
        ((study.sensors ?? d?.sensors ?? []).length > 0 ? timeline(tid, threat, study).commit : undefined);
      if (commit === undefined)
        return { ...head, commitTime: null, feasible: false, reason: 'no fire-control track' };
      const result = solveEngagement(threat.trajectory, reach(k), {
        commitTime: commit,
        killAssessmentTime: d!.killAssessmentTime?.value ?? 60,
        maxShots: Math.max(1, site.inventory),
      });
      return { ...head, commitTime: Number(commit.toFixed(3)), ...engagementJson(result) };
    });
  });
  return results;
}
