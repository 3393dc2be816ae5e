import { ReachTable } from '../../engagement/reach-table.js';
import type { Threat } from '../../engagement/threat.js';
import { engagementJson } from '../../report/engagement-json.js';
import type { ScenarioStudy } from '../../scenario/scenario-schema.js';
import { russiaQuestion } from '../russia-question.js';
import { cachedReachTable, reachKey, type StudyContext, type StudyStep } from '../study-context.js';

/** The 2007 Russia question as a table: each base and target at each burnout speed. */
export function russiaQuestionStudy(
  study: Extract<ScenarioStudy, { kind: 'russia-question' }>,
  ctx: StudyContext,
  step: StudyStep,
): unknown[] {
  const { catalog, earth, timelineOf, defence: d } = ctx;
  const { index, total, id, progress } = step;
  const site = d!.interceptorSites[0]!;
  const speeds = study.burnoutSpeeds ?? [5000, 5500, 6000, 6500, 7000, 7500, 8000, 8500, 9000];
  const targets = (study.targets ?? ['washington', 'new-york', 'boston']).map((t) => ({
    id: t,
    site: catalog.place(t),
  }));
  const rows = russiaQuestion({
    bases: catalog.russianBases(),
    targets,
    site: catalog.place(site.site),
    interceptorAt: (v) => catalog.interceptor(site.interceptor, v),
    burnoutSpeeds: speeds,
    commitTime: study.commitAfterBurnout ?? 0,
    commitAfterBurnout: true,
    ...(study.commitFrom === 'sensors'
      ? { commitFor: (threat: Threat) => timelineOf(threat.trajectory).commit }
      : {}),
    reachTable: (interceptor) =>
      cachedReachTable(
        reachKey(interceptor, catalog.place(site.site), earth),
        () => new ReachTable(interceptor, catalog.place(site.site), earth),
      ),
    earth,
    ...(progress
      ? {
          progress: (done: number, n: number) =>
            progress(index + done / n, total, `${id} ${done}/${n} engagements`),
        }
      : {}),
  });
  return rows.map((row) => ({
    base: row.base,
    missile: row.missile,
    target: row.target,
    flightTime: row.flightTime ?? null,
    unflyable: row.unflyable ?? null,
    results: row.results.map((r) => ({
      burnoutSpeed: r.burnoutSpeed,
      commitTime: r.commitTime === undefined ? null : Number(r.commitTime.toFixed(3)),
      ...(r.engagement
        ? engagementJson(r.engagement)
        : {
            feasible: false,
            reason: row.unflyable ? 'threat not flown' : 'no fire-control track',
          }),
    })),
  }));
}
