import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { join } from 'node:path';
import { shippedCatalog } from '../src/cli/catalog-files.js';
import { geodeticToEcef } from '../src/earth/geodetic.js';
import { ReachTable } from '../src/engagement/reach-table.js';
import { ThreadPoolRunner } from '../src/scale/thread-pool-runner.js';
import {
  checkScenarioText,
  type ResultFile,
  runScenarioText,
  runScenarioTextOn,
} from '../src/studies/run-scenario-text.js';
import { cachedReachTable, reachKey } from '../src/studies/study-context.js';
import type { FootprintFigures, FootprintRun, FootprintStatusCounts } from './bench-report.js';

const TARGET_TWO_CORES_S = 60;

/** A scenario of bench/scenarios/, as a run takes it. */
export interface BenchScenario {
  readonly file: string;
  readonly text: string;
}

export function benchScenario(root: string, name: string): BenchScenario {
  return { file: name, text: readFileSync(join(root, 'bench', 'scenarios', name), 'utf8') };
}

/** The footprint's summary (its single study, single threat). */
export function footprintSummary(result: ResultFile): FootprintStatusCounts & { points: number } {
  const study = result.studies[0];
  const summary = (
    study?.results[0] as
      | {
          summary?: {
            points: number;
            defended: number;
            notDefended: number;
            outOfRange: number;
            notAimed: number;
          };
        }
      | undefined
  )?.summary;
  if (study?.kind !== 'footprint' || !summary) throw new Error('the scenario did not give a footprint');
  return {
    points: summary.points,
    defended: summary.defended,
    not_defended: summary.notDefended,
    out_of_range: summary.outOfRange,
    not_aimed: summary.notAimed,
  };
}

/** CPU seconds every process on the machine has used (all cores, from /proc/stat); null off Linux. */
export function machineBusyCpuSeconds(): number | null {
  try {
    const line = readFileSync('/proc/stat', 'utf8').split('\n')[0]!;
    // cpu user nice system idle iowait irq softirq steal ...: busy is all but idle and iowait.
    const t = line.trim().split(/\s+/).slice(1, 9).map(Number);
    const busy = t.reduce((a, b) => a + b, 0) - (t[3] ?? 0) - (t[4] ?? 0);
    return busy / TICKS_PER_S;
  } catch {
    return null;
  }
}

/** Clock ticks per second of /proc's CPU times. */
export const TICKS_PER_S = (() => {
  const r = spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' });
  const n = Number(r.stdout?.trim());
  return Number.isFinite(n) && n > 0 ? n : 100;
})();

/** The 1-minute load average, two decimals. */
export const load1 = () => Math.round((loadavg()[0] ?? 0) * 100) / 100;

/**
 * One timed run: wall time, and the CPU time of this process (every thread of it: the worker
 * threads' too) over the same span.
 */
export async function timedRun(
  label: string,
  points: number | null,
  run: () => ResultFile | Promise<ResultFile>,
  includes: string,
): Promise<{ run: FootprintRun; result: ResultFile }> {
  const load = load1();
  const busy0 = machineBusyCpuSeconds();
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const result = await run();
  const seconds = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  const busy1 = machineBusyCpuSeconds();
  const n = points ?? footprintSummary(result).points;
  const r: FootprintRun = {
    label,
    wall_s: seconds,
    points_per_s: n / seconds,
    process_cpu_s: (cpu.user + cpu.system) / 1e6,
    machine_busy_cpu_s: busy0 === null || busy1 === null ? null : busy1 - busy0,
    other_processes_cpu_s: null,
    load_1min_at_start: load,
    includes,
  };
  if (r.machine_busy_cpu_s !== null) r.other_processes_cpu_s = r.machine_busy_cpu_s - r.process_cpu_s;
  console.log(
    `   ${label}: ${seconds.toFixed(1)} s, ${Math.round(r.points_per_s)} points/s, CPU ${r.process_cpu_s.toFixed(1)} s, ` +
      `machine ${r.machine_busy_cpu_s === null ? '?' : r.machine_busy_cpu_s.toFixed(1)} CPU s of ${(seconds * availableParallelism()).toFixed(1)} (load ${load.toFixed(2)} at start)`,
  );
  return { run: r, result };
}

/** A scenario's first interceptor site's reach table: its cache key and what builds one. */
function siteTable(scenario: BenchScenario) {
  const checked = checkScenarioText(scenario.file, scenario.text, shippedCatalog());
  const site = checked.scenario.defence!.interceptorSites[0]!;
  const interceptor = checked.catalog.interceptor(site.interceptor);
  const place = checked.catalog.place(site.site);
  return {
    key: reachKey(interceptor, place, checked.earth),
    place,
    fresh: () => new ReachTable(interceptor, place, checked.earth),
  };
}

/** The site's table in this process's cache, if there (a probe that builds nothing). */
function cachedTable(key: string): ReachTable | undefined {
  const probe = new Error('not cached');
  try {
    return cachedReachTable(key, () => {
      throw probe;
    });
  } catch (e) {
    if (e !== probe) throw e;
    return undefined;
  }
}

/**
 * A fresh reach table of the scenario's site, filled as a footprint fills it: the table flies a
 * sector's fan when first asked, so it is asked at 96 bearings (800 km out, 200 km up), which flies
 * every sector's full-burn fan. Outside the cache. What each thread computing points pays once.
 */
export function reachTableBuild(scenario: BenchScenario): { seconds: number; fan_flights: number } {
  const { place, fresh } = siteTable(scenario);
  const t0 = performance.now();
  const table = fresh();
  const d = 800e3 / table.earth.ellipsoid.a;
  for (let k = 0; k < 96; k++) {
    const b = (k * 2 * Math.PI) / 96;
    const lat = Math.asin(
      Math.sin(place.lat) * Math.cos(d) + Math.cos(place.lat) * Math.sin(d) * Math.cos(b),
    );
    const lon =
      place.lon +
      Math.atan2(
        Math.sin(b) * Math.sin(d) * Math.cos(place.lat),
        Math.cos(d) - Math.sin(place.lat) * Math.sin(lat),
      );
    const [x, y, z] = geodeticToEcef({ lat, lon, height: 200e3 }, table.earth.ellipsoid);
    table.reach(x, y, z);
  }
  return { seconds: (performance.now() - t0) / 1000, fan_flights: table.flights };
}

/** A local run of `scenario` on `threads` worker threads (a fresh pool, closed after). */
export async function threadRun(scenario: BenchScenario, threads: number, points: number | null) {
  const runner = new ThreadPoolRunner(scenario, threads);
  try {
    return await timedRun(
      `${threads} thread${threads === 1 ? '' : 's'}`,
      points,
      async () => (await runScenarioTextOn(scenario.file, scenario.text, shippedCatalog(), runner)).result,
      `a fresh pool of ${threads} worker thread${threads === 1 ? '' : 's'}: starting ${threads === 1 ? 'it' : 'them'}, ` +
        'and in each thread loading the catalog, checking the scenario and building its own reach table',
    );
  } finally {
    await runner.close();
  }
}

export const sameStudies = (a: ResultFile, b: ResultFile) =>
  JSON.stringify(a.studies) === JSON.stringify(b.studies);

/**
 * Section 10: a 9,954-point footprint map (bench/scenarios/footprint-10k.yaml), serial in this
 * thread, then on 1 and 2 worker threads (ThreadPoolRunner, a fresh pool each). Target: under
 * 60 s on this machine's 2 cores. There is no external peer; the 2-thread row's peer is the
 * 1-thread run (ratio = speed-up).
 *
 * The serial run is the first study run in this process (no earlier section runs one), so it
 * builds the interceptor site's reach table itself, as each worker thread does in its own
 * module-level cache: every run pays one table per thread that computes points. The table's build
 * alone (every sector's fan) is measured after the runs, outside the cache.
 */
export async function footprintBenchmark(root: string): Promise<FootprintFigures> {
  const scenario = benchScenario(root, 'footprint-10k.yaml');
  const library = shippedCatalog();
  const { key } = siteTable(scenario);
  const tableWasCached = cachedTable(key) !== undefined;
  const loadBefore = loadavg();
  console.log(
    `\n10. Footprint map (${scenario.file}: iran-irbm from Tabriz at a 0.33° grid over Europe, GBI at Redzikowo; ${availableParallelism()} cores)`,
  );
  const serial = await timedRun(
    'serial',
    null,
    () => runScenarioText(scenario.file, scenario.text, library).result,
    tableWasCached
      ? 'this thread; the reach table was already cached by an earlier run in this process'
      : "this thread, building the site's reach table (the first study run in this process)",
  );
  const counts = footprintSummary(serial.result);
  const one = await threadRun(scenario, 1, counts.points);
  const two = await threadRun(scenario, 2, counts.points);
  const identical = sameStudies(serial.result, one.result) && sameStudies(serial.result, two.result);
  const serialFlights = cachedTable(key)?.flights ?? null;
  const table = reachTableBuild(scenario);
  const runs = [serial.run, one.run, two.run];
  const best = runs.reduce((a, b) => (b.wall_s < a.wall_s ? b : a));
  console.log(
    `   ${counts.points} points: ${counts.defended} defended, ${counts.not_defended} not defended, ${counts.out_of_range} out of range, ${counts.not_aimed} not aimed`,
  );
  console.log(
    `   speed-up 1 -> 2 threads ${(one.run.wall_s / two.run.wall_s).toFixed(2)}x; best: ${best.label}, ${best.wall_s.toFixed(1)} s (target < ${TARGET_TWO_CORES_S} s); ` +
      `one reach table ${table.seconds.toFixed(1)} s, ${table.fan_flights} fan flights (the serial run's: ${serialFlights ?? '?'}), paid once per thread; identical to serial: ${identical ? 'yes' : 'NO'}`,
  );
  return {
    scenario: `bench/scenarios/${scenario.file}`,
    points: counts.points,
    status: {
      defended: counts.defended,
      not_defended: counts.not_defended,
      out_of_range: counts.out_of_range,
      not_aimed: counts.not_aimed,
    },
    cores: availableParallelism(),
    serial_s: serial.run.wall_s,
    one_thread_s: one.run.wall_s,
    two_threads_s: two.run.wall_s,
    speedup_x: one.run.wall_s / two.run.wall_s,
    serial_over_two_threads_x: serial.run.wall_s / two.run.wall_s,
    runs,
    best_configuration: best.label,
    best_s: best.wall_s,
    serial_reach_table_was_cached: tableWasCached,
    reach_table: {
      serial_run_fan_flights: serialFlights,
      fresh_build_s: table.seconds,
      fresh_build_fan_flights: table.fan_flights,
    },
    identical,
    load_average_before: [loadBefore[0] ?? 0, loadBefore[1] ?? 0, loadBefore[2] ?? 0],
    load_average_after: loadavg() as [number, number, number],
    target_two_cores_s: TARGET_TWO_CORES_S,
  };
}
