import type { Scenario, ScenarioStudy } from '../../scenario/scenario-schema.js';
import type { RaidResult } from '../raid.js';
import type { ScenarioCatalog } from '../scenario-catalog.js';
import { runScenario } from '../scenario-run.js';
import type { StudyContext, StudyStep } from '../study-context.js';
import type { StudySplit } from '../study-split.js';
import type { Answers, SampleOutcome } from '../uncertainty.js';
import { uncertaintyRuns } from '../uncertainty.js';
import { raidSettings } from './raid-study.js';

type UncertaintySpec = Extract<ScenarioStudy, { kind: 'uncertainty' }>;

/**
 * The answers of an engagement, sensing or raid study with every cited range sampled, as
 * independent runs (study-split.ts): the nominal one, then one per sample.
 */
export function uncertaintySplit(study: UncertaintySpec, ctx: StudyContext, step: StudyStep): StudySplit {
  const { scenario, catalog, earth } = ctx;
  // The inner study, run once with the nominal catalog and once per sample.
  const inner = (s: Scenario, c: ScenarioCatalog, commitTime: number | undefined): Answers => {
    if (study.of === 'raid') {
      // The file's raid settings, with this study's commit time, sharing and sensors.
      const { commitTime: _c, sharing: _s, sensors: _n, ...own } = raidSettings(scenario).study;
      const raid = {
        ...own,
        id: 'sample',
        trials: study.raidTrials,
        ...(study.sharing ? { sharing: study.sharing } : {}),
        ...(study.sensors ? { sensors: study.sensors } : {}),
        ...(commitTime !== undefined ? { commitTime: { value: commitTime } } : {}),
      };
      const [run] = runScenario({ ...s, studies: [raid] }, c, earth);
      return raidAnswers(run!.results[0] as RaidResult);
    }
    const spec =
      study.of === 'sensing'
        ? {
            kind: 'sensing' as const,
            id: 'sample',
            ...(study.threat ? { threat: study.threat } : {}),
            ...(study.sharing ? { sharing: study.sharing } : {}),
            ...(study.sensors ? { sensors: study.sensors } : {}),
          }
        : {
            kind: 'engagement' as const,
            id: 'sample',
            ...(study.threat ? { threat: study.threat } : {}),
            ...(study.sharing ? { sharing: study.sharing } : {}),
            ...(study.sensors ? { sensors: study.sensors } : {}),
            ...(commitTime !== undefined ? { commitTime: { value: commitTime } } : {}),
          };
    const [run] = runScenario({ ...s, studies: [spec] }, c, earth);
    return study.of === 'sensing' ? sensingAnswers(run!.results) : engagementAnswers(run!.results);
  };
  const runs = uncertaintyRuns(study, scenario, catalog, (scenario.seed ?? 0) + step.index, inner);
  return {
    count: runs.count,
    // A run is a whole engagement, sensing or raid study, often with its own reach table: one per chunk.
    chunk: 1,
    item: (i) => runs.run(i),
    label: (i) => (i === 0 ? 'nominal' : `sample ${i}/${runs.count - 1}`),
    assemble: (items) => [runs.summary(items as SampleOutcome[])],
  };
}

/** The numbers of an engagement study's rows, by threat and interceptor site (yes/no as 1/0). */
function engagementAnswers(results: readonly unknown[]): Answers {
  const out: Record<string, Record<string, number | null>> = {};
  for (const r of results as Array<{
    threat: string;
    interceptorSite: string;
    commitTime?: number | null;
    feasible?: boolean;
    shots?: number;
    interceptWindow?: { earliest: number; latest: number } | null;
  }>) {
    const w = r.interceptWindow ?? null;
    // A threat that cannot reach its target with the drawn parameters has no engagement at all.
    const reaches = r.feasible !== undefined;
    out[`${r.threat} @ ${r.interceptorSite}`] = {
      reachesTarget: reaches ? 1 : 0,
      feasible: r.feasible ? 1 : 0,
      feasibleIfReaches: reaches ? (r.feasible ? 1 : 0) : null,
      shots: reaches ? (r.shots ?? 0) : null,
      commitTime: r.commitTime ?? null,
      interceptWindowEarliest: w ? w.earliest : null,
      interceptWindowLatest: w ? w.latest : null,
      interceptWindowLength: w ? w.latest - w.earliest : null,
    };
  }
  return out;
}

/** The numbers of a sensing study's rows, by threat. */
function sensingAnswers(results: readonly unknown[]): Answers {
  const out: Record<string, Record<string, number | null>> = {};
  for (const r of results as Array<{
    threat: string;
    reason?: string;
    warning?: number | null;
    firstTrack?: number | null;
    fireControlTrack?: number | null;
    commit?: number | null;
  }>)
    out[r.threat] = {
      reachesTarget: r.reason === undefined ? 1 : 0,
      warning: r.warning ?? null,
      firstTrack: r.firstTrack ?? null,
      fireControlTrack: r.fireControlTrack ?? null,
      commit: r.commit ?? null,
    };
  return out;
}

/** The numbers of a raid: the whole raid, and each defended asset (its Monte Carlo noise included). */
function raidAnswers(r: RaidResult): Answers {
  const out: Record<string, Record<string, number | null>> = {
    raid: {
      noLeaker: r.noLeaker.value,
      expectedLeakers: r.expectedLeakers.value,
      interceptorsUsed: r.interceptorsUsed.value,
    },
  };
  for (const a of r.assets) out[`asset ${a.asset}`] = { survival: a.survival.value };
  return out;
}
