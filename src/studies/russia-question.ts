import type { EarthModel } from '../earth/earth-model.js';
import type { Geodetic } from '../earth/geodetic.js';
import { type EngagementResult, solveEngagement } from '../engagement/intercept.js';
import type { Interceptor } from '../engagement/interceptor.js';
import { ReachTable } from '../engagement/reach-table.js';
import { flyThreat, type Threat } from '../engagement/threat.js';
import type { Rocket } from '../flight/rocket.js';

/**
 * The Russia question of 2007, as a table: could interceptors from northern Poland catch Russian
 * ICBMs flown from their bases at the United States? Each base's missile is flown on a
 * minimum-energy trajectory at each target; each interceptor burnout speed is engaged against it
 * with the commit time given. Postol and Lewis argued yes for fast interceptors; the Missile
 * Defense Agency argued the interceptors were too slow and too close. Pure: catalog entries in,
 * plain results out.
 */

export interface RussiaQuestionInput {
  /** Bases with the missile flown from each. */
  readonly bases: ReadonlyArray<{
    readonly id: string;
    readonly site: Geodetic;
    readonly missileId: string;
    readonly missile: Rocket;
  }>;
  readonly targets: ReadonlyArray<{ readonly id: string; readonly site: Geodetic }>;
  /** Interceptor site. */
  readonly site: Geodetic;
  /** Builds the interceptor for a burnout speed (m/s). */
  readonly interceptorAt: (burnoutSpeed: number) => Interceptor;
  readonly burnoutSpeeds: readonly number[];
  /** Commit time after threat launch (s), or relative to the threat's burnout when `afterBurnout`. */
  readonly commitTime: number;
  readonly commitAfterBurnout: boolean;
  readonly earth: EarthModel;
  /** Called after each engagement, for a progress bar. */
  readonly progress?: (done: number, total: number) => void;
}

export interface RussiaQuestionRow {
  readonly base: string;
  readonly missile: string;
  readonly target: string;
  /** The threat's flight time (s), or the reason it could not be flown. */
  readonly flightTime: number | undefined;
  readonly unflyable: string | undefined;
  readonly results: ReadonlyArray<{
    readonly burnoutSpeed: number;
    readonly commitTime: number;
    readonly engagement: EngagementResult | undefined;
  }>;
}

export function russiaQuestion(input: RussiaQuestionInput): RussiaQuestionRow[] {
  const threats: Array<{
    base: (typeof input.bases)[number];
    target: (typeof input.targets)[number];
    threat: Threat | string;
  }> = [];
  for (const base of input.bases) {
    for (const target of input.targets) {
      const t = flyThreat(base.missile, base.site, target.site, 'min-energy', input.earth);
      threats.push({ base, target, threat: 'trajectory' in t ? t : t.message });
    }
  }
  const total = threats.length * input.burnoutSpeeds.length;
  let done = 0;
  const results = new Map<
    number,
    Array<{ burnoutSpeed: number; commitTime: number; engagement: EngagementResult | undefined }>
  >();
  // One interceptor and reach table per speed, reused for every threat.
  for (const speed of input.burnoutSpeeds) {
    const table = new ReachTable(input.interceptorAt(speed), input.site, input.earth);
    threats.forEach((t, k) => {
      const list = results.get(k) ?? [];
      results.set(k, list);
      if (typeof t.threat === 'string') {
        list.push({ burnoutSpeed: speed, commitTime: input.commitTime, engagement: undefined });
      } else {
        const burnout = t.threat.trajectory.event('burnout')?.time ?? 0;
        const commitTime = input.commitAfterBurnout ? burnout + input.commitTime : input.commitTime;
        list.push({
          burnoutSpeed: speed,
          commitTime,
          engagement: solveEngagement(t.threat.trajectory, table, { commitTime }),
        });
      }
      input.progress?.(++done, total);
    });
  }
  return threats.map((t, k) => ({
    base: t.base.id,
    missile: t.base.missileId,
    target: t.target.id,
    flightTime: typeof t.threat === 'string' ? undefined : t.threat.trajectory.endTime,
    unflyable: typeof t.threat === 'string' ? t.threat : undefined,
    results: results.get(k)!,
  }));
}
