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
  /**
   * The commit from the defence's sensors for a threat (s from its launch; undefined when they
   * never give a fire-control track); when given, it replaces `commitTime`.
   */
  readonly commitFor?: (threat: Threat) => number | undefined;
  /** The reach table of an interceptor (a shared cache, for example); by default a new one. */
  readonly reachTable?: (interceptor: Interceptor) => ReachTable;
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
    /** Undefined when the sensors never give a fire-control track. */
    readonly commitTime: number | undefined;
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
    Array<{ burnoutSpeed: number; commitTime: number | undefined; engagement: EngagementResult | undefined }>
  >();
  // The commit does not depend on the interceptor: once per threat.
  const commits = threats.map((t) => {
    if (typeof t.threat === 'string') return undefined;
    if (input.commitFor) return input.commitFor(t.threat);
    const burnout = t.threat.trajectory.event('burnout')?.time ?? 0;
    return input.commitAfterBurnout ? burnout + input.commitTime : input.commitTime;
  });
  // One interceptor and reach table per speed, reused for every threat.
  for (const speed of input.burnoutSpeeds) {
    const interceptor = input.interceptorAt(speed);
    const table = input.reachTable?.(interceptor) ?? new ReachTable(interceptor, input.site, input.earth);
    threats.forEach((t, k) => {
      const list = results.get(k) ?? [];
      results.set(k, list);
      const commitTime = commits[k];
      if (typeof t.threat === 'string' || commitTime === undefined) {
        list.push({ burnoutSpeed: speed, commitTime, engagement: undefined });
      } else {
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
