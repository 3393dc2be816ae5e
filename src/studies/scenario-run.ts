import { InputError } from '../core/errors.js';
import type { EarthModel } from '../earth/earth-model.js';
import { geodesicInverse } from '../earth/geodesic.js';
import type { Geodetic } from '../earth/geodetic.js';
import { solveEngagement } from '../engagement/intercept.js';
import type { Interceptor } from '../engagement/interceptor.js';
import { ReachTable } from '../engagement/reach-table.js';
import { flyThreat, type Threat } from '../engagement/threat.js';
import type { Rocket } from '../flight/rocket.js';
import { engagementJson } from '../report/engagement-json.js';
import { flightJson } from '../report/flight-json.js';
import { timelineJson } from '../report/timeline-json.js';
import type { CatalogParameter } from '../scenario/catalog-entry.js';
import type { Scenario, ScenarioStudy } from '../scenario/scenario-schema.js';
import type { InfraredConstellation } from '../sensors/infrared.js';
import type { Radar } from '../sensors/radar.js';
import { OWN_SENSORS, type SharingArrangement } from '../sensors/sharing.js';
import { type DefenceTimeline, defenceTimeline } from '../sensors/timeline.js';
import { type RaidResult, runRaid } from './raid.js';
import { russiaQuestion } from './russia-question.js';
import { type Answers, runUncertainty } from './uncertainty.js';

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
  /** The cited parameters of a catalog entry (missile, interceptor or sensor), overrides applied. */
  parameters(id: string): readonly CatalogParameter[];
  /** The same catalog with more overrides (ID.FIELD=VALUE), for sweeps and uncertainty studies. */
  withOverrides(texts: readonly string[]): ScenarioCatalog;
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

/**
 * Reach tables of recent runs, by interceptor (all of its data, which is plain), site and Earth
 * model: a table costs one to two seconds to fly, and sweeps, uncertainty samples
 * and the nominal run of a study often need the same one again. A table answers every lookup the
 * same whatever was asked before, so reuse does not change a result. At most a few are kept.
 */
const reachTables = new Map<string, ReachTable>();
const REACH_TABLES_KEPT = 3;

/**
 * What a reach table depends on: the interceptor's flight (not its kill probability, which no
 * flight uses, so sampling it reuses the table), its site and the Earth.
 */
function reachKey(interceptor: Interceptor, place: Geodetic, earth: EarthModel): string {
  const { singleShotKillProbability: _unused, ...killVehicle } = interceptor.killVehicle;
  return JSON.stringify([{ ...interceptor, killVehicle }, place, earth]);
}

function cachedReachTable(key: string, build: () => ReachTable): ReachTable {
  let table = reachTables.get(key);
  if (table) reachTables.delete(key);
  else table = build();
  reachTables.set(key, table);
  if (reachTables.size > REACH_TABLES_KEPT) reachTables.delete(reachTables.keys().next().value!);
  return table;
}

export interface StudyResult {
  readonly id: string;
  readonly kind: ScenarioStudy['kind'];
  /** The study the findings compare this one with (sensing and engagement). */
  readonly compareWith?: string;
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
  /** Radars and satellites by id, against the warhead. */
  const sensorSetOf = (ids: readonly string[]) => {
    const sensors = ids.map((id) => catalog.sensor(id, 'warhead'));
    return {
      radars: sensors.filter((s): s is Radar => 'detectionRange' in s),
      infrared: sensors.filter((s): s is InfraredConstellation => 'geostationaryLongitudes' in s),
    };
  };
  const sensorSet = sensorSetOf(d?.sensors ?? []);
  const arrangementOf = (id: string | undefined) => (id ? catalog.arrangement(id) : OWN_SENSORS);
  const arrangement = arrangementOf(d?.sharing);
  /** What the defence's sensors make of a trajectory, under a sharing arrangement. */
  const timelineOf = (trajectory: Threat['trajectory'], sharing = arrangement, set = sensorSet) =>
    defenceTimeline(trajectory, set, d?.party ?? 'united-states', sharing, earth, {
      refraction: d?.refraction ? 4 / 3 : 1,
      decisionTime: d?.decisionTime?.value ?? 0,
    });
  const timelines = new Map<string, DefenceTimeline>();
  /**
   * A scenario threat's timeline, under the study's sharing arrangement and sensors, or the
   * defence's.
   */
  const timeline = (
    id: string,
    threat: Threat,
    view: { sharing?: string | undefined; sensors?: readonly string[] | undefined } = {},
  ) => {
    const sharing = view.sharing ?? d?.sharing;
    const key = JSON.stringify([id, sharing ?? '', view.sensors ?? null]);
    let t = timelines.get(key);
    if (!t) {
      t = timelineOf(
        threat.trajectory,
        arrangementOf(sharing),
        view.sensors ? sensorSetOf(view.sensors) : sensorSet,
      );
      timelines.set(key, t);
    }
    return t;
  };
  const reach = (k: number) => {
    const site = d!.interceptorSites[k]!;
    const place = catalog.place(site.site);
    const interceptor = catalog.interceptor(site.interceptor);
    return cachedReachTable(
      reachKey(interceptor, place, earth),
      () => new ReachTable(interceptor, place, earth),
    );
  };

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
            ? {
                threat: tid,
                ...timelineJson(
                  timeline(tid, t.flown, study),
                  detectionRanges(study.sensors ? sensorSetOf(study.sensors).radars : sensorSet.radars),
                ),
              }
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
              ((study.sensors ?? d?.sensors ?? []).length > 0
                ? timeline(tid, threat, study).commit
                : undefined);
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
          const to = catalog.place(spec.to);
          const points: unknown[] = [];
          const rows = Math.floor((g.north - g.south) / g.spacing + 1e-9) + 1;
          const columns = Math.floor((g.east - g.west) / g.spacing + 1e-9) + 1;
          const part = (done: number) =>
            progress?.(
              index + (ids.indexOf(tid) + done / (rows * columns)) / ids.length,
              total,
              `${id} ${tid}`,
            );
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
        break;
      }
      case 'sweep': {
        // The scenario's engagements again for each value of one catalog parameter.
        results = study.values.map((value, k) => {
          progress?.(index + k / study.values.length, total, `${id} ${study.parameter}=${value}`);
          const engagement = {
            kind: 'engagement' as const,
            id: 'sweep',
            ...(study.threat ? { threat: study.threat } : {}),
            ...(study.commitTime ? { commitTime: study.commitTime } : {}),
          };
          const [run] = runScenario(
            { ...scenario, studies: [engagement] },
            catalog.withOverrides([`${study.parameter}=${value}`]),
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
      case 'uncertainty': {
        // The inner study, run once with the nominal catalog and once per sample.
        const inner = (s: Scenario, c: ScenarioCatalog, commitTime: number | undefined): Answers => {
          if (study.of === 'raid') {
            const own = scenario.studies.find(
              (x): x is Extract<ScenarioStudy, { kind: 'raid' }> => x.kind === 'raid',
            );
            const raid = {
              kind: 'raid' as const,
              id: 'sample',
              trials: study.raidTrials,
              salvo: own?.salvo ?? 1,
              discrimination: own?.discrimination ?? 1,
              doctrine: own?.doctrine ?? ('first-come' as const),
              assignment: own?.assignment ?? ('greedy' as const),
              ...(own?.lastLookSalvo !== undefined ? { lastLookSalvo: own.lastLookSalvo } : {}),
              ...(own?.maxLooks !== undefined ? { maxLooks: own.maxLooks } : {}),
              ...(own?.singleShotKillProbability !== undefined
                ? { singleShotKillProbability: own.singleShotKillProbability }
                : {}),
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
        const summary = runUncertainty(
          study,
          scenario,
          catalog,
          (scenario.seed ?? 0) + index,
          inner,
          progress
            ? (done, n) => progress(index + done / (n + 1), total, `${id} sample ${done}/${n}`)
            : undefined,
        );
        results = [summary];
        break;
      }
      case 'raid': {
        // Each threat's engagement from each site (commit from the sensors, or the study's), then
        // the Monte Carlo over the whole raid.
        const sites = d!.interceptorSites.map((site, k) => {
          const sspk =
            study.singleShotKillProbability ??
            catalog.interceptor(site.interceptor).killVehicle.singleShotKillProbability;
          if (sspk === undefined)
            throw new InputError(
              `studies[${index}].singleShotKillProbability`,
              undefined,
              `a single-shot kill probability in [0, 1] (${site.interceptor} has no cited one)`,
            );
          return {
            id: site.id ?? `site-${k + 1}`,
            inventory: site.inventory,
            singleShotKillProbability: sspk,
          };
        });
        // Threat evaluation: the defended asset nearest each threat's predicted impact, within
        // that asset's radius (no assets: every threat is engaged).
        const DEG = 180 / Math.PI;
        const assets = (d!.assets ?? []).map((a) => ({ ...a, place: catalog.place(a.site) }));
        const evaluate = (threat: Threat) => {
          if (assets.length === 0) return undefined;
          const impact = threat.trajectory.geodeticAt(threat.trajectory.endTime)!;
          const near = assets
            .map((a, index) => ({
              index,
              a,
              // GeographicLib takes degrees.
              distance: geodesicInverse(
                impact.lat * DEG,
                impact.lon * DEG,
                a.place.lat * DEG,
                a.place.lon * DEG,
                earth.ellipsoid,
              ).distance,
            }))
            .sort((x, y) => x.distance - y.distance || x.index - y.index);
          // The nearest asset whose radius holds the impact; else the nearest, to say how far.
          const within = near.find((x) => x.distance <= x.a.radius);
          if (within) return { index: within.index };
          const nearest = near[0]!;
          return {
            none: `impact ${(nearest.distance / 1000).toFixed(0)} km from the nearest defended asset (${nearest.a.id}, radius ${(nearest.a.radius / 1000).toFixed(0)} km), outside every asset's radius`,
          };
        };
        const raidThreats = scenario.threats.map((spec) => {
          const t = flown(spec.id);
          const base = { id: spec.id, launchTime: spec.launchTime?.value ?? 0, objects: spec.objects ?? [] };
          if (!('trajectory' in t.flown)) return { ...base, engagements: [], unflown: t.flown.message };
          const asset = evaluate(t.flown);
          const evaluated = asset ? { ...base, asset } : base;
          const threat = t.flown;
          const commit =
            study.commitTime?.value ??
            ((study.sensors ?? d?.sensors ?? []).length > 0
              ? timeline(spec.id, threat, study).commit
              : undefined);
          if (commit === undefined)
            return { ...evaluated, engagements: [], unengageable: 'no fire-control track' };
          return {
            ...evaluated,
            engagements: d!.interceptorSites.map((_, k) =>
              solveEngagement(threat.trajectory, reach(k), {
                commitTime: commit,
                killAssessmentTime: d!.killAssessmentTime?.value ?? 60,
                maxShots: 20,
              }),
            ),
          };
        });
        results = [
          runRaid(
            raidThreats,
            sites,
            {
              trials: study.trials,
              seed: (scenario.seed ?? 0) + index,
              salvo: study.salvo,
              maxLooks: study.maxLooks,
              discrimination: study.discrimination,
              doctrine: study.doctrine,
              assignment: study.assignment,
              lastLookSalvo: study.lastLookSalvo,
            },
            assets.map((a) => ({ id: a.id, value: a.value, salvo: a.salvo, lastLookSalvo: a.lastLookSalvo })),
          ),
        ];
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
        results = rows.map((row) => ({
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
        break;
      }
    }
    progress?.(index + 1, total, id);
    return {
      id,
      kind: study.kind,
      ...('compareWith' in study && study.compareWith ? { compareWith: study.compareWith } : {}),
      results,
    };
  });
}

function detectionRanges(radars: readonly Radar[]): Map<string, number> {
  return new Map(radars.map((r) => [r.id, r.detectionRange]));
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
