import type { EarthModel } from '../earth/earth-model.js';
import type { Geodetic } from '../earth/geodetic.js';
import type { Interceptor } from '../engagement/interceptor.js';
import { ReachTable } from '../engagement/reach-table.js';
import type { Threat } from '../engagement/threat.js';
import type { Scenario } from '../scenario/scenario-schema.js';
import type { InfraredConstellation } from '../sensors/infrared.js';
import type { Radar } from '../sensors/radar.js';
import { OWN_SENSORS } from '../sensors/sharing.js';
import { type DefenceTimeline, defenceTimeline } from '../sensors/timeline.js';
import { flyScenarioThreat, type ScenarioCatalog } from './scenario-catalog.js';

/**
 * What the studies of one run share: the scenario's threats flown once, the defence's sensing
 * timelines under each sharing arrangement and set of sensors, and the reach table of each
 * interceptor site. Each study kind (kinds/) takes this context; results stay the same whichever
 * study asks first.
 */

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
export function reachKey(interceptor: Interceptor, place: Geodetic, earth: EarthModel): string {
  const { singleShotKillProbability: _unused, ...killVehicle } = interceptor.killVehicle;
  return JSON.stringify([{ ...interceptor, killVehicle }, place, earth]);
}

export function cachedReachTable(key: string, build: () => ReachTable): ReachTable {
  let table = reachTables.get(key);
  if (table) reachTables.delete(key);
  else table = build();
  reachTables.set(key, table);
  if (reachTables.size > REACH_TABLES_KEPT) reachTables.delete(reachTables.keys().next().value!);
  return table;
}

export function studyContext(scenario: Scenario, catalog: ScenarioCatalog, earth: EarthModel) {
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
  // Each site's table resolved once per context: resolving parses the interceptor's entry and keys
  // the cache with all of its data (2.4 ms), which a footprint would otherwise pay at every point.
  const resolved = new Map<number, ReachTable>();
  const reach = (k: number) => {
    let table = resolved.get(k);
    if (!table) {
      const site = d!.interceptorSites[k]!;
      const place = catalog.place(site.site);
      const interceptor = catalog.interceptor(site.interceptor);
      table = cachedReachTable(
        reachKey(interceptor, place, earth),
        () => new ReachTable(interceptor, place, earth),
      );
      resolved.set(k, table);
    }
    return table;
  };
  return { scenario, catalog, earth, defence: d, flown, sensorSetOf, sensorSet, timelineOf, timeline, reach };
}

export type StudyContext = ReturnType<typeof studyContext>;

/** Where a study stands in its run, for results and the progress bar. */
export interface StudyStep {
  readonly index: number;
  readonly total: number;
  readonly id: string;
  /** The threats it concerns (its `threat`, or all). */
  readonly ids: readonly string[];
  readonly progress: ((done: number, total: number, what: string) => void) | undefined;
}
