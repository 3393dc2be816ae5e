import { timelineJson } from '../../report/timeline-json.js';
import type { ScenarioStudy } from '../../scenario/scenario-schema.js';
import type { Radar } from '../../sensors/radar.js';
import type { StudyContext, StudyStep } from '../study-context.js';

/** What the defence's sensors see of each threat and when it can commit, under the study's sharing arrangement and sensors. */
export function sensingStudy(
  study: Extract<ScenarioStudy, { kind: 'sensing' }>,
  ctx: StudyContext,
  step: StudyStep,
): unknown[] {
  const { flown, sensorSetOf, sensorSet, timeline } = ctx;
  const { ids } = step;
  const results: unknown[] = ids.map((tid) => {
    const t = flown(tid);
    return 'trajectory' in t.flown
      ? {
          threat: tid,
          ...timelineJson(
            timeline(tid, t.flown, study),
            detectionRanges(study.sensors ? sensorSetOf(study.sensors).radars : sensorSet.radars),
          ),
        }
      : { threat: tid, reason: t.flown.message };
  });
  return results;
}

function detectionRanges(radars: readonly Radar[]): Map<string, number> {
  return new Map(radars.map((r) => [r.id, r.detectionRange]));
}
