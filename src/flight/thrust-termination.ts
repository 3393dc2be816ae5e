import { InputError } from '../core/errors.js';
import type { Rocket, Stage } from './rocket.js';

/**
 * Thrust termination: the rocket's burn ends at `cutoffTime` (s from liftoff), as range-control
 * systems of ballistic missiles do for targets short of maximum range. The stage burning then
 * keeps its unburnt propellant as dead mass (dropped with the stage); later stages never fire.
 */
export function withThrustCutoff(rocket: Rocket, cutoffTime: number): Rocket {
  if (!(Number.isFinite(cutoffTime) && cutoffTime > 0))
    throw new InputError('cutoffTime', cutoffTime, 'a time > 0 (s)');
  const stages: Stage[] = [];
  let ignition = 0;
  for (const stage of rocket.stages) {
    if (ignition >= cutoffTime) break;
    const burnout = ignition + stage.burnTime;
    if (burnout <= cutoffTime) {
      stages.push(stage);
    } else {
      const burnTime = cutoffTime - ignition;
      const burnt = (stage.propellantMass * burnTime) / stage.burnTime;
      stages.push({
        ...stage,
        burnTime,
        propellantMass: burnt,
        dryMass: stage.dryMass + stage.propellantMass - burnt,
      });
    }
    ignition = burnout + stage.coastAfter;
  }
  // The last stage that fires carries the stages that never fired as dead weight to burnout.
  const unfired = rocket.stages.slice(stages.length).reduce((m, s) => m + s.dryMass + s.propellantMass, 0);
  const last = stages.length - 1;
  stages[last] = { ...stages[last]!, dryMass: stages[last]!.dryMass + unfired };
  return { ...rocket, stages };
}
