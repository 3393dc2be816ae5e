import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { earthModel } from '../src/earth/earth-model.js';
import { solveEngagement } from '../src/engagement/intercept.js';
import { ReachTable } from '../src/engagement/reach-table.js';
import { flyThreat } from '../src/engagement/threat.js';
import { parseInterceptorFile } from '../src/scenario/interceptor-file.js';
import { parseMissileFile } from '../src/scenario/missile-file.js';
import { parseOverride } from '../src/scenario/overrides.js';
import { parseSiteCatalog, siteGeodetic } from '../src/scenario/site-catalog.js';
import { russiaQuestion } from '../src/studies/russia-question.js';
import type { EngagementFigures } from './bench-report.js';

/**
 * Engagement benchmark. Targets: one threat against one site in under 50 ms with a cached reach
 * table; the full Russia table (6 bases x 3 targets x 9 burnout speeds) in under 30 s.
 */
const TARGET_CACHED_MS = 50;
const TARGET_RUSSIA_S = 30;

export function engagementBenchmark(root: string): EngagementFigures {
  const earth = earthModel();
  const read = (p: string) => readFileSync(join(root, p), 'utf8');
  const sites = parseSiteCatalog('data/sites.yaml', read('data/sites.yaml'));
  const missile = (id: string) =>
    parseMissileFile(`data/missiles/${id}.yaml`, read(`data/missiles/${id}.yaml`)).rocket;
  const interceptorAt = (speed?: number) =>
    parseInterceptorFile(
      'data/interceptors/gbi-2stage.yaml',
      read('data/interceptors/gbi-2stage.yaml'),
      earth,
      speed === undefined ? [] : [parseOverride(`gbi-2stage.burnoutSpeed=${speed}`)],
    ).interceptor;
  const site = (id: string) => siteGeodetic(sites.get(id)!);

  console.log(
    '\n4. Engagement (gbi-2stage at Redzikowo against an Iranian IRBM aimed at London, commit 150 s)',
  );
  const threat = flyThreat(missile('iran-irbm'), site('tabriz'), site('london'), 'min-energy', earth);
  if (!('trajectory' in threat)) throw new Error(threat.message);
  const table = new ReachTable(interceptorAt(), site('redzikowo'), earth);
  let t0 = performance.now();
  solveEngagement(threat.trajectory, table, { commitTime: 150 });
  const cold = performance.now() - t0;
  const times: number[] = [];
  for (let k = 0; k < 15; k++) {
    t0 = performance.now();
    solveEngagement(threat.trajectory, table, { commitTime: 150 + k });
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  console.log(
    `   first engagement ${cold.toFixed(0)} ms (flies ${table.flights} fan trajectories); with the table cached: median ${times[7]!.toFixed(1)} ms (target < ${TARGET_CACHED_MS} ms)`,
  );

  console.log('\n5. The Russia table (6 bases x 3 US cities x 9 burnout speeds, commit at threat burnout)');
  const bases = (
    parse(read('data/russian-icbm-bases.yaml')) as { bases: Array<{ site: string; missile: string }> }
  ).bases;
  t0 = performance.now();
  const rows = russiaQuestion({
    bases: bases.map((b) => ({
      id: b.site,
      site: site(b.site),
      missileId: b.missile,
      missile: missile(b.missile),
    })),
    targets: ['washington', 'new-york', 'boston'].map((id) => ({ id, site: site(id) })),
    site: site('redzikowo'),
    interceptorAt: (v) => interceptorAt(v),
    burnoutSpeeds: [5000, 5500, 6000, 6500, 7000, 7500, 8000, 8500, 9000],
    commitTime: 0,
    commitAfterBurnout: true,
    earth,
  });
  const total = performance.now() - t0;
  const engagements = rows.reduce((n, r) => n + r.results.length, 0);
  console.log(
    `   ${engagements} engagements in ${(total / 1000).toFixed(1)} s (target < ${TARGET_RUSSIA_S} s)`,
  );
  return {
    first_engagement_ms: cold,
    fan_flights: table.flights,
    cached_runs: times.length,
    cached_median_ms: times[7]!,
    target_cached_ms: TARGET_CACHED_MS,
    russia_engagements: engagements,
    russia_s: total / 1000,
    target_russia_s: TARGET_RUSSIA_S,
  };
}
