import { InputError, IntegrationError } from '../../../src/core/errors.js';
import { maximumRangeOfRocket } from '../../../src/flight/max-range.js';
import type { MapPlace } from '../../../src/report/html/report-input.js';
import { interceptPoints } from '../../../src/report/run-points.js';
import { epochMillis } from '../../../src/report/scenario-time.js';
import { keyEvents, thinnedTimes } from '../../../src/report/thinning.js';
import type { CheckedRun } from '../../../src/studies/run-scenario-text.js';
import { flyScenarioThreat } from '../../../src/studies/scenario-run.js';
import type { GlobeInterceptorSite, GlobeRadar, GlobeScene, GlobeThreat } from '../globe/globe-scene.js';

const DEG = 180 / Math.PI;

/**
 * The globe's scene of a run: each threat's thinned track and key events (the samples the CZML
 * and KML exports use), the intercepts of the engagement studies, the radars' detection ranges
 * against a warhead and each interceptor site's reach. Times are seconds from the scenario epoch.
 */
export function globeScene(run: CheckedRun, places: readonly MapPlace[]): GlobeScene {
  const { scenario, catalog, earth } = run;
  const threats: GlobeThreat[] = [];
  const launchTimes = new Map<string, number>();
  for (const spec of scenario.threats) {
    const flown = flyScenarioThreat(spec, catalog, earth);
    if (!('trajectory' in flown)) continue;
    const t0 = spec.launchTime?.value ?? 0;
    launchTimes.set(spec.id, t0);
    const trajectory = flown.trajectory;
    const at = (t: number) => {
      const g = trajectory.geodeticAt(t);
      return g ? { time: t0 + t, lat: g.lat * DEG, lon: g.lon * DEG, altitude: g.height } : undefined;
    };
    threats.push({
      id: spec.id,
      missile: spec.missile,
      points: thinnedTimes(trajectory).flatMap((t) => at(t) ?? []),
      events: keyEvents(trajectory).flatMap((e) => {
        const p = at(e.time);
        return p ? [{ ...p, name: e.name }] : [];
      }),
    });
  }
  const intercepts = interceptPoints(run.result.studies).map((i) => ({
    threat: i.threat,
    interceptorSite: i.interceptorSite,
    shot: i.shot,
    time: (launchTimes.get(i.threat) ?? 0) + i.time,
    lat: i.lat,
    lon: i.lon,
    altitude: i.altitude,
  }));
  const radars: GlobeRadar[] = (scenario.defence?.sensors ?? []).flatMap((id) => {
    const sensor = catalog.sensor(id, 'warhead');
    return 'site' in sensor && 'detectionRange' in sensor
      ? [{ id, lat: sensor.site.lat * DEG, lon: sensor.site.lon * DEG, range: sensor.detectionRange }]
      : [];
  });
  const interceptorSites: GlobeInterceptorSite[] = (scenario.defence?.interceptorSites ?? []).map((s) => {
    const site = catalog.place(s.site);
    return {
      id:
        s.id ??
        (typeof s.site === 'string'
          ? s.site
          : `${(site.lat * DEG).toFixed(2)},${(site.lon * DEG).toFixed(2)}`),
      interceptor: s.interceptor,
      lat: site.lat * DEG,
      lon: site.lon * DEG,
      reach: interceptorReach(run, s.interceptor, site),
    };
  });
  return {
    epoch: new Date(epochMillis(scenario.epoch)).toISOString(),
    threats,
    intercepts,
    radars,
    interceptorSites,
    // The report's places (one id formula for every output), less those drawn on their own.
    places: places.filter((p) => p.role === 'launch site' || p.role === 'target'),
  };
}

/**
 * How far from its site an interceptor's booster can carry the kill vehicle over the ground: the
 * maximum range of the booster flown north as a ballistic rocket. An outer bound drawn for
 * orientation: intercepts happen inside it, at altitude.
 */
function interceptorReach(
  run: CheckedRun,
  interceptorId: string,
  site: ReturnType<CheckedRun['catalog']['place']>,
): number | null {
  try {
    const interceptor = run.catalog.interceptor(interceptorId);
    return maximumRangeOfRocket(interceptor.booster, site, 0, run.earth).range;
  } catch (e) {
    // An interceptor the model cannot fly as a rocket gets no ring; the run still shows.
    if (e instanceof InputError || e instanceof IntegrationError) return null;
    throw e;
  }
}
