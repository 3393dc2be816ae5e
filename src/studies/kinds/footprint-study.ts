import type { Geodetic } from '../../earth/geodetic.js';
import { solveEngagement } from '../../engagement/intercept.js';
import { flyThreat } from '../../engagement/threat.js';
import type { Rocket } from '../../flight/rocket.js';
import type { Scenario, ScenarioStudy } from '../../scenario/scenario-schema.js';
import type { StudyContext, StudyStep } from '../study-context.js';

/** The threat's missile and trajectory family aimed at every point of a grid (targets, or launch points): whether the defence can engage. */
export function footprintStudy(
  study: Extract<ScenarioStudy, { kind: 'footprint' }>,
  ctx: StudyContext,
  step: StudyStep,
): unknown[] {
  const { scenario, catalog, earth, timelineOf, reach, defence: d } = ctx;
  const { index, total, id, ids, progress } = step;
  /** One grid point of a footprint (a target or a launch point): whether the threat flies, and the defence's best answer. */
  const footprintPoint = (
    rocket: Rocket,
    from: Geodetic,
    to: Geodetic,
    family: Scenario['threats'][number]['trajectory'],
    point: Geodetic,
  ) => {
    const DEG = 180 / Math.PI;
    const head = { lat: Number((point.lat * DEG).toFixed(6)), lon: Number((point.lon * DEG).toFixed(6)) };
    const f = flyThreat(rocket, from, to, family, earth);
    if (!('trajectory' in f))
      return {
        ...head,
        // Beyond the missile's reach, or an aim that did not converge: not the same thing.
        status: f.message.startsWith('out of range') ? 'out of range' : 'not aimed',
        shots: 0,
        interceptWindow: null,
        commitTime: null,
      };
    const t = timelineOf(f.trajectory);
    if (t.commit === undefined)
      return { ...head, status: 'not defended', shots: 0, interceptWindow: null, commitTime: null };
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
  // The threat's missile, launch site and trajectory family, aimed at every grid point.
  const g = study.grid;
  const DEG = 180 / Math.PI;
  return ids.map((tid) => {
    const spec = scenario.threats.find((t) => t.id === tid)!;
    const rocket = catalog.missile(spec.missile);
    const from = catalog.place(spec.from);
    const to = catalog.place(spec.to);
    const points: unknown[] = [];
    const rows = Math.floor((g.north - g.south) / g.spacing + 1e-9) + 1;
    const columns = Math.floor((g.east - g.west) / g.spacing + 1e-9) + 1;
    const part = (done: number) =>
      progress?.(index + (ids.indexOf(tid) + done / (rows * columns)) / ids.length, total, `${id} ${tid}`);
    for (let lat = g.south; lat <= g.north + 1e-12; lat += g.spacing) {
      for (let lon = g.west; lon <= g.east + 1e-12; lon += g.spacing) {
        const point = { lat, lon, height: 0 };
        points.push(
          study.over === 'launch-points'
            ? footprintPoint(rocket, point, to, spec.trajectory, point)
            : footprintPoint(rocket, from, point, spec.trajectory, point),
        );
        part(points.length);
      }
    }
    const count = (status: string) =>
      points.filter((p) => (p as { status: string }).status === status).length;
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
  });
}
