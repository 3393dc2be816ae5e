import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { seededRandom } from '../src/core/random.js';
import { earthModel } from '../src/earth/earth-model.js';
import { geodesicDirect } from '../src/earth/geodesic.js';
import { aimRocket } from '../src/flight/aim.js';
import { maximumRangeOfRocket } from '../src/flight/max-range.js';
import { parseMissileCatalog } from '../src/scenario/missile-catalog.js';
import type { AimingFigures, MaxRangeMissileFigures, TargetingFigures } from './bench-report.js';

/**
 * Targeting benchmark: trajectory evaluations (flights) that aiming and maximum range need, and
 * their time. Targets: aiming converges in at most 15 flights in the typical case; maximum range
 * in at most 40.
 */

const DEG = Math.PI / 180;
const TARGET_AIMING_TYPICAL = 15;
const TARGET_MAX_RANGE = 40;
/**
 * Flights aimRocket's two-parameter (pitch-over, cut-off) solve may spend before it falls back to
 * the maximum range on the target's bearing and a solve by pitch (`budget` in src/flight/aim.ts).
 */
const TWO_PARAMETER_BUDGET = 30;

const percentile = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(p * s.length))]!;
};

export function targetingBenchmark(root: string): TargetingFigures {
  const dir = join(root, 'data', 'missiles');
  const catalog = parseMissileCatalog(
    readdirSync(dir)
      .filter((f) => f.endsWith('.yaml'))
      .map((f) => ({ file: `data/missiles/${f}`, text: readFileSync(join(dir, f), 'utf8') })),
  );
  const earth = earthModel();
  console.log('\n3. Targeting (rotating WGS84 Earth, J2, 1976 atmosphere; default rtol 1e-10)');

  const maxEvals: number[] = [];
  const maxTimes: number[] = [];
  const maxRange: MaxRangeMissileFigures[] = [];
  for (const m of catalog.missiles) {
    const t0 = performance.now();
    const best = maximumRangeOfRocket(m.rocket, { lat: 0, lon: 0, height: 0 }, 0, earth);
    maxTimes.push(performance.now() - t0);
    maxEvals.push(best.evaluations);
    maxRange.push({
      missile: m.id!,
      flights: best.evaluations,
      range_km: best.range / 1000,
      time_ms: maxTimes[maxTimes.length - 1]!,
    });
  }
  console.log(
    `   maximum range, ${catalog.missiles.length} catalog missiles: flights median ${percentile(maxEvals, 0.5)}, max ${Math.max(...maxEvals)} (target <= ${TARGET_MAX_RANGE}); ` +
      `time median ${percentile(maxTimes, 0.5).toFixed(1)} ms`,
  );

  const aiming: AimingFigures[] = [];
  const pairs = 20;
  for (const id of ['ss-25', 'iran-icbm']) {
    const missile = catalog.get(id)!;
    const random = seededRandom(2007);
    const evals: number[] = [];
    const withoutFallbacks: number[] = [];
    const times: number[] = [];
    let worstMiss = 0;
    let failures = 0;
    let fallbacks = 0;
    let fallbackMaxRangeFlights = 0;
    for (let k = 0; k < pairs; k++) {
      const lat = -60 + 120 * random();
      const lon = -180 + 360 * random();
      const end = geodesicDirect(lat, lon, 360 * random(), 2000e3 + 6000e3 * random());
      const t0 = performance.now();
      const aim = aimRocket(
        missile.rocket,
        { lat: lat * DEG, lon: lon * DEG, height: 0 },
        { lat: end.lat * DEG, lon: end.lon * DEG, height: 0 },
        'min-energy',
        earth,
      );
      times.push(performance.now() - t0);
      if (!aim.ok) {
        failures++;
        continue;
      }
      evals.push(aim.evaluations);
      if (aim.maxRangeEvaluations > 0) {
        fallbacks++;
        fallbackMaxRangeFlights += aim.maxRangeEvaluations;
      } else withoutFallbacks.push(aim.evaluations);
      worstMiss = Math.max(worstMiss, aim.missDistance);
    }
    console.log(
      `   aiming ${id} minimum-energy, 20 random pairs 2,000-8,000 km: flights median ${percentile(evals, 0.5)}, ` +
        `90th percentile ${percentile(evals, 0.9)}, max ${Math.max(...evals)} (target <= ${TARGET_AIMING_TYPICAL} typical); worst miss ${worstMiss.toFixed(0)} m; ` +
        `time median ${percentile(times, 0.5).toFixed(1)} ms${failures ? `; ${failures} not solved` : ''}`,
    );
    aiming.push({
      missile: id,
      family: 'min-energy',
      pairs,
      solved: evals.length,
      not_solved: failures,
      flights: evals,
      flights_median: percentile(evals, 0.5),
      flights_p90: percentile(evals, 0.9),
      flights_max: Math.max(...evals),
      fallbacks,
      fallback_max_range_flights: fallbackMaxRangeFlights,
      flights_median_without_fallbacks: withoutFallbacks.length ? percentile(withoutFallbacks, 0.5) : null,
      two_parameter_budget_flights: TWO_PARAMETER_BUDGET,
      worst_miss_m: worstMiss,
      time_median_ms: percentile(times, 0.5),
    });
  }
  return {
    max_range: {
      missiles: maxRange,
      flights_median: percentile(maxEvals, 0.5),
      flights_max: Math.max(...maxEvals),
      time_median_ms: percentile(maxTimes, 0.5),
      target_flights_max: TARGET_MAX_RANGE,
    },
    aiming,
    target_aiming_flights_typical: TARGET_AIMING_TYPICAL,
  };
}
