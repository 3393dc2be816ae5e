import { flightJson } from '../../report/flight-json.js';
import type { ScenarioStudy } from '../../scenario/scenario-schema.js';
import type { StudyContext, StudyStep } from '../study-context.js';

/** Each threat flown (or why it cannot reach its target), in the JSON of `shieldlab fly`. */
export function trajectoryStudy(
  _study: Extract<ScenarioStudy, { kind: 'trajectory' }>,
  ctx: StudyContext,
  step: StudyStep,
): unknown[] {
  const { flown } = ctx;
  const { ids } = step;
  return ids.map((tid) => {
    const t = flown(tid);
    return {
      threat: tid,
      ...('flight' in t.flown ? flightJson(t.flown.flight) : { reason: t.flown.message }),
    };
  });
}
