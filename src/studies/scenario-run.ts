import type { EarthModel } from '../earth/earth-model.js';
import type { Geodetic } from '../earth/geodetic.js';
import { solveEngagement } from '../engagement/intercept.js';
import type { Interceptor } from '../engagement/interceptor.js';
import { ReachTable } from '../engagement/reach-table.js';
import { flyThreat, type Threat } from '../engagement/threat.js';
import type { Rocket } from '../flight/rocket.js';
import { engagementJson } from '../report/engagement-json.js';
import { flightJson } from '../report/flight-json.js';
import { timelineJson } from '../report/timeline-json.js';
import type { Scenario, ScenarioStudy } from '../scenario/scenario-schema.js';
import type { InfraredConstellation } from '../sensors/infrared.js';
import type { Radar } from '../sensors/radar.js';
import { OWN_SENSORS, type SharingArrangement } from '../sensors/sharing.js';
import { type DefenceTimeline, defenceTimeline } from '../sensors/timeline.js';
import { russiaQuestion } from './russia-question.js';

/**
 * A scenario's studies, run: a pure function from a checked scenario and the catalog entries it
 * names to plain, JSON-ready results (the same fields as the command line's). Deterministic: the
 * same scenario gives the same numbers, bit for bit.
 */

/** The catalog entries a scenario names, resolved (with its overrides) by the caller. */
export interface ScenarioCatalog {
  place(value: string | { lat: number; lon: number }): Geodetic;
  missile(id: string): Rocket;
  /** An interceptor; with a burnout speed (m/s), fitted to it as `--set ID.burnoutSpeed` would. */
  interceptor(id: string, burnoutSpeed?: number): Interceptor;
  /** A radar against a threat object, or an infrared constellation. */
  sensor(id: string, object: string): Radar | InfraredConstellation;
  arrangement(id: string): SharingArrangement;
  /** The Russian ICBM bases of 2007, with their missiles. */
  russianBases(): ReadonlyArray<{ id: string; site: Geodetic; missileId: string; missile: Rocket }>;
  /** The same catalog with one more override (ID.FIELD=VALUE), for sweeps. */
  withOverride(text: string): ScenarioCatalog;
}

/** A scenario threat aimed and flown (or why it cannot reach its target). */
export function flyScenarioThreat(
  spec: Scenario['threats'][number],
  catalog: ScenarioCatalog,
  earth: EarthModel,
): ReturnType<typeof flyThreat> {
  return flyThreat(
    catalog.missile(spec.missile),
    catalog.place(spec.from),
    catalog.place(spec.to),
    spec.trajectory,
    earth,
  );
}

export interface StudyResult {
  readonly id: string;
  readonly kind: ScenarioStudy['kind'];
  readonly results: readonly unknown[];
}

export function runScenario(
  scenario: Scenario,
  catalog: ScenarioCatalog,
  earth: EarthModel,
  progress?: (done: number, total: number, what: string) => void,
): StudyResult[] {
  const threats = new Map<
    string,
    { spec: Scenario['threats'][number]; flown: Threat | { message: string } }
  >();
  const flown = (id: string) => {
    let t = threats.get(id);
    if (!t) {
      const spec = scenario.threats.find((x) => x.id === id)!;
      const f = flyScenarioThreat(spec, catalog, earth);
      t = { spec, flown: 'trajectory' in f ? f : { message: f.message } };
      threats.set(id, t);
    }
    return t;
  };
  const d = scenario.defence;
  const sensors = d?.sensors?.map((id) => catalog.sensor(id, 'warhead')) ?? [];
  const sensorSet = {
    radars: sensors.filter((s): s is Radar => 'detectionRange' in s),
    infrared: sensors.filter((s): s is InfraredConstellation => 'geostationaryLongitudes' in s),
  };
  const arrangement = d?.sharing ? catalog.arrangement(d.sharing) : OWN_SENSORS;
  const timelines = new Map<string, DefenceTimeline>();
  const timeline = (id: string, threat: Threat) => {
    let t = timelines.get(id);
    if (!t) {
      t = defenceTimeline(threat.trajectory, sensorSet, d?.party ?? 'united-states', arrangement, earth, {
        refraction: d?.refraction ? 4 / 3 : 1,
        decisionTime: d?.decisionTime?.value ?? 0,
      });
      timelines.set(id, t);
    }
    return t;
  };
  const tables = new Map<number, ReachTable>();
  const reach = (k: number) => {
    let table = tables.get(k);
    if (!table) {
      const site = d!.interceptorSites[k]!;
      table = new ReachTable(catalog.interceptor(site.interceptor), catalog.place(site.site), earth);
      tables.set(k, table);
    }
    return table;
  };

  /** One target point of a footprint: whether the threat reaches it, and the defence's best answer. */
  const footprintPoint = (
    rocket: Rocket,
    from: Geodetic,
    to: Geodetic,
    family: Scenario['threats'][number]['trajectory'],
  ) => {
    const DEG = 180 / Math.PI;
    const head = { lat: Number((to.lat * DEG).toFixed(6)), lon: Number((to.lon * DEG).toFixed(6)) };
    const f = flyThreat(rocket, from, to, family, earth);
    if (!('trajectory' in f))
      return { ...head, status: 'out of range', shots: 0, interceptWindow: null, commitTime: null };
    const t = defenceTimeline(f.trajectory, sensorSet, d?.party ?? 'united-states', arrangement, earth, {
      refraction: d?.refraction ? 4 / 3 : 1,
      decisionTime: d?.decisionTime?.value ?? 0,
    });
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

  const total = scenario.studies.length;
  return scenario.studies.map((study, index) => {
    const id = study.id ?? `${study.kind}-${index + 1}`;
    progress?.(index, total, id);
    const ids = 'threat' in study && study.threat ? [study.threat] : scenario.threats.map((t) => t.id);
    let results: unknown[];
    switch (study.kind) {
      case 'trajectory':
        results = ids.map((tid) => {
          const t = flown(tid);
          return {
            threat: tid,
            ...('flight' in t.flown ? flightJson(t.flown.flight) : { reason: t.flown.message }),
          };
        });
        break;
      case 'sensing':
        results = ids.map((tid) => {
          const t = flown(tid);
          return 'trajectory' in t.flown
            ? { threat: tid, ...timelineJson(timeline(tid, t.flown), detectionRanges(sensorSet.radars)) }
            : { threat: tid, reason: t.flown.message };
        });
        break;
      case 'engagement':
        results = ids.flatMap((tid) => {
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
              (sensorSet.radars.length > 0 ? timeline(tid, threat).commit : undefined);
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
        break;
      case 'footprint': {
        // The threat's missile, launch site and trajectory family, aimed at every grid point.
        const g = study.grid;
        const DEG = 180 / Math.PI;
        results = ids.map((tid) => {
          const spec = scenario.threats.find((t) => t.id === tid)!;
          const rocket = catalog.missile(spec.missile);
          const from = catalog.place(spec.from);
          const points: unknown[] = [];
          for (let lat = g.south; lat <= g.north + 1e-12; lat += g.spacing) {
            for (let lon = g.west; lon <= g.east + 1e-12; lon += g.spacing) {
              points.push(footprintPoint(rocket, from, { lat, lon, height: 0 }, spec.trajectory));
            }
          }
          const count = (status: string) =>
            points.filter((p) => (p as { status: string }).status === status).length;
          return {
            threat: tid,
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
            },
            points,
          };
        });
        break;
      }
      case 'sweep': {
        // The scenario's engagements again for each value of one catalog parameter.
        results = study.values.map((value) => {
          const engagement = {
            kind: 'engagement' as const,
            id: 'sweep',
            ...(study.threat ? { threat: study.threat } : {}),
            ...(study.commitTime ? { commitTime: study.commitTime } : {}),
          };
          const [run] = runScenario(
            { ...scenario, studies: [engagement] },
            catalog.withOverride(`${study.parameter}=${value}`),
            earth,
          );
          return {
            value,
            results: run!.results.map((r) => {
              const e = r as Record<string, unknown>;
              return {
                threat: e.threat,
                interceptorSite: e.interceptorSite,
                commitTime: e.commitTime ?? null,
                feasible: e.feasible ?? false,
                reason: e.reason ?? null,
                shots: e.shots ?? 0,
                interceptWindow: e.interceptWindow ?? null,
              };
            }),
          };
        });
        break;
      }
      case 'russia-question': {
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
          earth,
        });
        results = rows.map((row) => ({
          base: row.base,
          missile: row.missile,
          target: row.target,
          flightTime: row.flightTime ?? null,
          unflyable: row.unflyable ?? null,
          results: row.results.map((r) => ({
            burnoutSpeed: r.burnoutSpeed,
            commitTime: Number(r.commitTime.toFixed(3)),
            ...(r.engagement
              ? engagementJson(r.engagement)
              : { feasible: false, reason: 'threat not flown' }),
          })),
        }));
        break;
      }
    }
    progress?.(index + 1, total, id);
    return { id, kind: study.kind, results };
  });
}

function detectionRanges(radars: readonly Radar[]): Map<string, number> {
  return new Map(radars.map((r) => [r.id, r.detectionRange]));
}
