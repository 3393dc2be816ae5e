import type { Geodetic } from '../../earth/geodetic.js';
import { solveEngagement } from '../../engagement/intercept.js';
import { flyThreat } from '../../engagement/threat.js';
import type { Rocket } from '../../flight/rocket.js';
import type { Scenario, ScenarioStudy } from '../../scenario/scenario-schema.js';
import { ReachByBearing } from '../footprint/reach-by-bearing.js';
import type { StudyContext, StudyStep } from '../study-context.js';
import type { StudySplit } from '../study-split.js';

export type FootprintSpec = Extract<ScenarioStudy, { kind: 'footprint' }>;

const DEG = 180 / Math.PI;

/** One grid point's row: whether the threat flies, and the defence's best answer. */
export interface FootprintRow {
  readonly lat: number;
  readonly lon: number;
  readonly status: 'defended' | 'not defended' | 'out of range' | 'not aimed';
  readonly shots: number;
  readonly interceptWindow: { readonly earliest: number; readonly latest: number } | null;
  readonly commitTime: number | null;
}

/**
 * The grid's points (rad), south to north and west to east, by the serial accumulation the study
 * has always used: `south + i * spacing` rounds differently, and a point must be the same
 * wherever it is computed.
 */
export function footprintGrid(study: FootprintSpec): Geodetic[] {
  const g = study.grid;
  const points: Geodetic[] = [];
  for (let lat = g.south; lat <= g.north + 1e-12; lat += g.spacing)
    for (let lon = g.west; lon <= g.east + 1e-12; lon += g.spacing) points.push({ lat, lon, height: 0 });
  return points;
}

/** What every point of one threat's footprint shares, built on first use. */
interface ThreatPlan {
  readonly rocket: Rocket;
  readonly from: Geodetic;
  readonly to: Geodetic;
  readonly family: Scenario['threats'][number]['trajectory'];
  /** Over targets: the missile's reach by bearing from its site, to skip aims surely out of range. */
  readonly reach: ReachByBearing | undefined;
}

/**
 * The threat's missile and trajectory family aimed at every point of a grid (targets, or launch
 * points): whether the defence can engage. One item per (threat, grid point), threat-major in the
 * order of `step.ids`, points in grid order; each item is computed from scenario-fixed data alone
 * (the threat's missile and sites, the context's reach tables, and the reach by bearing, whose
 * every node is a function of its bearing), so it is the same whatever was computed before it.
 */
export function footprintSplit(study: FootprintSpec, ctx: StudyContext, step: StudyStep): StudySplit {
  const { scenario, catalog, earth, timelineOf, reach, defence: d } = ctx;
  const grid = footprintGrid(study);
  const ids = step.ids;
  const plans = new Map<string, ThreatPlan>();
  const planOf = (tid: string): ThreatPlan => {
    let plan = plans.get(tid);
    if (!plan) {
      const spec = scenario.threats.find((t) => t.id === tid)!;
      const rocket = catalog.missile(spec.missile);
      const from = catalog.place(spec.from);
      plan = {
        rocket,
        from,
        to: catalog.place(spec.to),
        family: spec.trajectory,
        reach: study.over === 'targets' ? new ReachByBearing(rocket, from, earth) : undefined,
      };
      plans.set(tid, plan);
    }
    return plan;
  };

  /** One grid point of a footprint (a target or a launch point). */
  const footprintPoint = (plan: ThreatPlan, point: Geodetic): FootprintRow => {
    const head = { lat: Number((point.lat * DEG).toFixed(6)), lon: Number((point.lon * DEG).toFixed(6)) };
    const unanswered = { shots: 0, interceptWindow: null, commitTime: null };
    if (plan.reach?.surelyOutOfRange(point)) return { ...head, status: 'out of range', ...unanswered };
    const from = study.over === 'launch-points' ? point : plan.from;
    const to = study.over === 'launch-points' ? plan.to : point;
    const f = flyThreat(plan.rocket, from, to, plan.family, earth);
    if (!('trajectory' in f))
      return {
        ...head,
        // Beyond the missile's reach, or an aim that did not converge: not the same thing.
        status: f.message.startsWith('out of range') ? 'out of range' : 'not aimed',
        ...unanswered,
      };
    const t = timelineOf(f.trajectory);
    if (t.commit === undefined) return { ...head, status: 'not defended', ...unanswered };
    let best: { shots: number; window: { earliest: number; latest: number } | undefined } = {
      shots: 0,
      window: undefined,
    };
    d!.interceptorSites.forEach((site, k) => {
      const r = solveEngagement(f.trajectory, reach(k), {
        commitTime: t.commit!,
        killAssessmentTime: d!.killAssessmentTime?.value ?? 60,
        maxShots: Math.max(1, site.inventory),
      });
      if (r.shots > best.shots) best = { shots: r.shots, window: r.interceptWindow };
    });
    return {
      ...head,
      status: best.shots > 0 ? 'defended' : 'not defended',
      shots: best.shots,
      interceptWindow: best.window
        ? { earliest: Number(best.window.earliest.toFixed(3)), latest: Number(best.window.latest.toFixed(3)) }
        : null,
      commitTime: Number(t.commit.toFixed(3)),
    };
  };

  const g = study.grid;
  return {
    count: ids.length * grid.length,
    // A point costs about 5 ms to 20 ms: 100 of them outweigh a message many times over.
    chunk: 100,
    item: (i) => footprintPoint(planOf(ids[Math.floor(i / grid.length)]!), grid[i % grid.length]!),
    label: (i) => ids[Math.floor(i / grid.length)]!,
    assemble: (items) =>
      ids.map((tid, n) => {
        const points = items.slice(n * grid.length, (n + 1) * grid.length) as FootprintRow[];
        const count = (status: FootprintRow['status']) => points.filter((p) => p.status === status).length;
        return {
          threat: tid,
          over: study.over,
          grid: {
            south: g.south * DEG,
            north: g.north * DEG,
            west: g.west * DEG,
            east: g.east * DEG,
            spacing: g.spacing * DEG,
          },
          summary: {
            points: points.length,
            defended: count('defended'),
            notDefended: count('not defended'),
            outOfRange: count('out of range'),
            notAimed: count('not aimed'),
          },
          points,
        };
      }),
  };
}
