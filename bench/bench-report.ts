import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { arch, availableParallelism, cpus, loadavg, platform, release, totalmem } from 'node:os';
import { join } from 'node:path';
import type { DeliveryFigures, ExchangeBenchmarkFigures } from './exchange.js';

/**
 * What `npm run bench` writes: bench/results/latest.json (the machine, then each section's figures
 * and its headline measures) and bench/results/latest.md (one table made from that JSON object).
 *
 * Every section returns its figures as a plain object, units in the key names (`_us`, `_ms`, `_s`,
 * `_per_s`, `_x` for ratios). `measuresOf` turns a section's figures into the table's rows: the
 * shieldlab figure, the peer's where the section has one, their ratio, and the target the section
 * states. A new section adds its figures type to SectionFigures, its rows to `measuresOf` and an
 * entry to the list in run.ts.
 */

// ---------------------------------------------------------------------------------------------
// Section figures

export interface IcbmFigures {
  runs: number;
  warmup_runs: number;
  ground_range_km: number;
  recorded_states: number;
  rhs_evaluations: number;
  median_us: number;
  min_us: number;
  target_median_us: number;
}

/** shieldlab and SciPy at one tolerance (both atol = rtol x 1e6 m and x 1e3 m/s). */
export interface FreeFlightSameTolerance {
  rtol: number;
  shieldlab_events_us: number;
  shieldlab_full_history_us: number;
  shieldlab_miss_m: number;
  scipy_us: number;
  scipy_miss_m: number;
  /** SciPy's time over shieldlab's. */
  speedup_events_x: number;
  speedup_full_history_x: number;
}

/** shieldlab tightened until its miss is no larger than SciPy's at `scipy_rtol` (null: none matched). */
export interface FreeFlightEqualAccuracy {
  scipy_rtol: number;
  scipy_miss_m: number;
  scipy_us: number;
  shieldlab_rtol: number | null;
  shieldlab_miss_m: number | null;
  shieldlab_events_us: number | null;
  shieldlab_full_history_us: number | null;
  speedup_events_x: number | null;
  speedup_full_history_x: number | null;
}

export interface FreeFlightFigures {
  reference_rtol: number;
  reference_impact_time_s: number;
  same_tolerance: FreeFlightSameTolerance[];
  equal_accuracy: FreeFlightEqualAccuracy[];
  target_speedup_equal_accuracy_x: number;
  peer: { python: string; scipy: string; numpy: string };
}

export interface MaxRangeMissileFigures {
  missile: string;
  flights: number;
  range_km: number;
  time_ms: number;
}

export interface AimingFigures {
  missile: string;
  family: 'min-energy';
  pairs: number;
  solved: number;
  not_solved: number;
  /** Flights of each solved aim, in pair order. */
  flights: number[];
  flights_median: number;
  flights_p90: number;
  flights_max: number;
  /** Solved aims whose two-parameter solve ran out of its budget and fell back (max range + pitch solve). */
  fallbacks: number;
  /** Flights those fallbacks spent finding the maximum range on the target's bearing. */
  fallback_max_range_flights: number;
  /** The median of the aims that did not fall back (null when none). */
  flights_median_without_fallbacks: number | null;
  /** The two-parameter solve's budget (flights) before the fallback (src/flight/aim.ts). */
  two_parameter_budget_flights: number;
  worst_miss_m: number;
  time_median_ms: number;
}

export interface TargetingFigures {
  max_range: {
    missiles: MaxRangeMissileFigures[];
    flights_median: number;
    flights_max: number;
    time_median_ms: number;
    target_flights_max: number;
  };
  aiming: AimingFigures[];
  /** "At most 15 flights in the typical case": checked against the median and the 90th percentile. */
  target_aiming_flights_typical: number;
}

export interface EngagementFigures {
  first_engagement_ms: number;
  fan_flights: number;
  cached_runs: number;
  cached_median_ms: number;
  target_cached_ms: number;
  russia_engagements: number;
  russia_s: number;
  target_russia_s: number;
}

export interface SensingFigures {
  trajectories: number;
  radars: number;
  shieldlab_median_ms: number;
  shieldlab_intervals: number;
  numpy_median_ms: number;
  numpy_intervals: number;
  numpy_sampling_s: number;
  numpy_version: string;
  /** NumPy's time over shieldlab's. */
  ratio_x: number;
  pairs_differing: number;
  target_ms: number;
}

export interface Estimate {
  value: number;
  low: number;
  high: number;
}

export interface RaidFigures {
  trials: number;
  shieldlab_median_s: number;
  shieldlab_trials_per_s: number;
  numpy_median_s: number;
  numpy_trials_per_s: number;
  numpy_version: string;
  /** NumPy's time over shieldlab's. */
  ratio_x: number;
  target_trials_per_s_per_core: number;
  threads: {
    trials: number;
    one_thread_s: number;
    two_threads_s: number;
    speedup_x: number;
    identical_tallies: boolean;
  };
  estimates: {
    no_leaker: Estimate;
    numpy_no_leaker: number;
    expected_leakers: Estimate;
    numpy_expected_leakers: number;
    interceptors_used: Estimate;
    numpy_interceptors_used: number;
  };
}

export interface GlobeModeFigures {
  fps: number;
  main_thread_ms_per_frame: number;
}

export type GlobeFigures =
  | { skipped: string }
  | {
      skipped: null;
      trajectories: number;
      points_per_trajectory: number;
      runs: number;
      renderer: string;
      static_polylines: GlobeModeFigures;
      dynamic_paths: GlobeModeFigures;
      globe_alone: GlobeModeFigures;
      target_static_fps: number;
    };

export interface FootprintStatusCounts {
  defended: number;
  not_defended: number;
  out_of_range: number;
  not_aimed: number;
}

/** One timed footprint run (footprint.ts, distributed.ts). */
export interface FootprintRun {
  label: string;
  wall_s: number;
  points_per_s: number;
  /** CPU time of the benchmark's process over the run, all its threads (worker threads included). */
  process_cpu_s: number;
  /**
   * CPU seconds every process on the machine used over the run (/proc/stat; null off Linux): of
   * wall_s x cores available. What is not this run's shows the machine's other load.
   */
  machine_busy_cpu_s: number | null;
  /**
   * machine_busy_cpu_s less this run's own CPU (this process's; for distributed runs the workers'
   * too): whatever else ran on the machine (Redis included). Null off Linux.
   */
  other_processes_cpu_s: number | null;
  load_1min_at_start: number;
  /** What the wall time includes (pool start, reach table builds). */
  includes: string;
}

/**
 * A 10,000-point footprint map (bench/scenarios/footprint-10k.yaml), serial, on 1 worker thread
 * and on 2. Target: under 60 s on 2 cores.
 */
export interface FootprintFigures {
  scenario: string;
  points: number;
  status: FootprintStatusCounts;
  /** os.availableParallelism(). */
  cores: number;
  serial_s: number;
  one_thread_s: number;
  two_threads_s: number;
  /** one_thread_s / two_threads_s. */
  speedup_x: number;
  serial_over_two_threads_x: number;
  /** Serial, 1 thread, 2 threads. */
  runs: FootprintRun[];
  /** The fastest of the three ("serial", "1 thread", "2 threads"), which the target is about. */
  best_configuration: string;
  best_s: number;
  /** Whether the serial run found the site's reach table already cached in this process. */
  serial_reach_table_was_cached: boolean;
  /**
   * The site's reach table, which each run pays once per thread computing points: the fan flights
   * the serial run's table flew (null if it was not in the cache after), and a fresh table's build
   * alone, every sector's fan flown (reachTableBuild), outside the cache.
   */
  reach_table: {
    serial_run_fan_flights: number | null;
    fresh_build_s: number;
    fresh_build_fan_flights: number;
  };
  /** Both threaded runs' studies are the serial run's, byte for byte (JSON). */
  identical: boolean;
  load_average_before: [number, number, number];
  load_average_after: [number, number, number];
  target_two_cores_s: number;
}

export interface DistributedRun extends FootprintRun {
  workers: number;
  /** CPU seconds each worker process used over the run (null where /proc is not readable). */
  worker_cpu_s: Array<number | null>;
  identical_to_local: boolean;
}

/**
 * A 2,500-point footprint (bench/scenarios/footprint-2500.yaml) through Redis on 1 and then 2
 * fresh worker processes (`shieldlab worker --threads 1`), against a local 1-thread run.
 */
export type DistributedFigures =
  | { skipped: string }
  | {
      skipped: null;
      scenario: string;
      points: number;
      cores: number;
      /** The local reference: the same scenario on 1 worker thread in the benchmark's process. */
      local_one_thread: FootprintRun;
      one_worker_s: number;
      two_workers_s: number;
      /** one_worker_s / two_workers_s. */
      speedup_x: number;
      /** A fresh reach table's build (reachTableBuild): what each worker pays once. */
      reach_table_build_s: number;
      /** one_worker_s / the local 1-thread run's time: what the queue costs. */
      queue_overhead_one_worker_x: number;
      runs: DistributedRun[];
      /** Both distributed runs' studies are the local run's, byte for byte (JSON). */
      identical: boolean;
      load_average_before: [number, number, number];
      load_average_after: [number, number, number];
    };

/** Each section's figures, by the name that selects it on the command line (run order). */
export interface SectionFigures {
  icbm: IcbmFigures;
  'free-flight': FreeFlightFigures;
  targeting: TargetingFigures;
  engagement: EngagementFigures;
  sensing: SensingFigures;
  raid: RaidFigures;
  globe: GlobeFigures;
  exchange: ExchangeBenchmarkFigures;
  footprint: FootprintFigures;
  distributed: DistributedFigures;
}

export type SectionName = keyof SectionFigures;

// ---------------------------------------------------------------------------------------------
// Measures: the table's rows

export type Comparison = '<' | '<=' | '>=' | '>';

export interface Target {
  /** The target bounds shieldlab's figure (`value`) or its ratio to the peer (`ratio`). */
  of: 'value' | 'ratio';
  op: Comparison;
  bound: number;
  /** As the section states it, e.g. "< 500 µs". */
  text: string;
}

export interface Measure {
  benchmark: string;
  unit: string;
  /** Which way is better for this figure (decides the ratio's direction). */
  better: 'lower' | 'higher';
  shieldlab: number | null;
  peer: { name: string; value: number | null; unit: string } | null;
  /**
   * shieldlab's advantage over the peer: peer / shieldlab when lower is better, shieldlab / peer
   * when higher is; above 1 means shieldlab is ahead. Null without a peer.
   */
  ratio: number | null;
  target: Target | null;
  /** Null when there is no target or the figure is missing. */
  met: boolean | null;
  note: string | null;
}

function compare(x: number, op: Comparison, bound: number): boolean {
  switch (op) {
    case '<':
      return x < bound;
    case '<=':
      return x <= bound;
    case '>=':
      return x >= bound;
    case '>':
      return x > bound;
  }
}

interface MeasureInput {
  benchmark: string;
  unit: string;
  better: 'lower' | 'higher';
  value: number | null;
  peer?: { name: string; value: number | null; unit?: string };
  /** [op, bound] on the value, or on the ratio with `of: 'ratio'`. */
  target?: { op: Comparison; bound: number; of?: 'value' | 'ratio'; text?: string };
  /**
   * A condition besides the target's (e.g. the offered rate was kept); false makes met false, even
   * when the figure is missing (e.g. no tolerance reached the peer's accuracy).
   */
  alsoRequired?: boolean;
  note?: string | null;
}

const ratioText = (x: number) => `${formatNumber(x)}x`;

export function measure(m: MeasureInput): Measure {
  const peerValue = m.peer?.value ?? null;
  const ratio =
    m.value === null || peerValue === null || m.value === 0 || peerValue === 0
      ? null
      : m.better === 'lower'
        ? peerValue / m.value
        : m.value / peerValue;
  let target: Target | null = null;
  let met: boolean | null = null;
  if (m.target) {
    const of = m.target.of ?? 'value';
    const bound = m.target.bound;
    const op = m.target.op.replace('<=', '≤').replace('>=', '≥');
    target = {
      of,
      op: m.target.op,
      bound,
      text:
        m.target.text ??
        (of === 'ratio' ? `${op} ${ratioText(bound)}` : `${op} ${formatNumber(bound)} ${m.unit}`),
    };
    const x = of === 'ratio' ? ratio : m.value;
    met = m.alsoRequired === false ? false : x === null ? null : compare(x, m.target.op, bound);
  }
  return {
    benchmark: m.benchmark,
    unit: m.unit,
    better: m.better,
    shieldlab: m.value,
    peer: m.peer ? { name: m.peer.name, value: peerValue, unit: m.peer.unit ?? m.unit } : null,
    ratio,
    target,
    met,
    note: m.note ?? null,
  };
}

const exp = (x: number) => x.toExponential(0);

/**
 * "; machine shared: ..." when other processes used more than 5 % of the machine's CPU over a
 * run (its times, and a speed-up, then measure the sharing as much as shieldlab).
 */
function sharedNote(run: FootprintRun | undefined, cores: number): string {
  if (run?.other_processes_cpu_s == null) return '';
  const available = run.wall_s * cores;
  return run.other_processes_cpu_s > 0.05 * available
    ? `; machine shared: other processes used ${formatNumber(run.other_processes_cpu_s)} of its ${formatNumber(available)} CPU s`
    : '';
}

/** The table's rows for each section, from its figures. */
export const measuresOf: { [N in SectionName]: (f: SectionFigures[N]) => Measure[] } = {
  icbm: (f) => [
    measure({
      benchmark: 'ICBM trajectory (3 stages, J2, drag; rtol 1e-9), median',
      unit: 'µs',
      better: 'lower',
      value: f.median_us,
      target: { op: '<', bound: f.target_median_us },
    }),
  ],
  'free-flight': (f) =>
    f.equal_accuracy.flatMap((e) =>
      (['events', 'full history'] as const).map((kind) =>
        measure({
          benchmark: `Free flight at SciPy's accuracy (SciPy rtol ${exp(e.scipy_rtol)}), ${kind === 'events' ? 'events only' : 'full history'}`,
          unit: 'µs',
          better: 'lower',
          value: kind === 'events' ? e.shieldlab_events_us : e.shieldlab_full_history_us,
          peer: { name: 'SciPy DOP853', value: e.scipy_us },
          // The target compares the same work: SciPy keeps only its impact event.
          ...(kind === 'events'
            ? {
                target: { op: '>=' as const, bound: f.target_speedup_equal_accuracy_x, of: 'ratio' as const },
              }
            : {}),
          alsoRequired: e.shieldlab_rtol !== null,
          note:
            e.shieldlab_rtol === null || e.shieldlab_miss_m === null
              ? `no shieldlab tolerance down to 1 % of SciPy's matched its miss of ${formatNumber(e.scipy_miss_m)} m`
              : `shieldlab rtol ${e.shieldlab_rtol.toExponential(1)}, miss ${formatNumber(e.shieldlab_miss_m)} m vs SciPy ${formatNumber(e.scipy_miss_m)} m`,
        }),
      ),
    ),
  targeting: (f) => {
    const worst = f.max_range.missiles.reduce((a, b) => (b.flights > a.flights ? b : a));
    const typical = f.target_aiming_flights_typical;
    return [
      measure({
        benchmark: `Maximum range, flights, worst of ${f.max_range.missiles.length} catalog missiles: ${worst.missile}`,
        unit: 'flights',
        better: 'lower',
        value: f.max_range.flights_max,
        target: { op: '<=', bound: f.max_range.target_flights_max },
        note: `median ${f.max_range.flights_median} flights, ${formatNumber(f.max_range.time_median_ms)} ms`,
      }),
      ...f.aiming.flatMap((a) => {
        // Why the tail is long: Broyden's two-parameter solve strays on some pairs (the long
        // liquid burn of iran-icbm bends the residuals, src/flight/aim.ts), and the fallback first
        // finds the maximum range on the bearing, then solves by pitch.
        const reason =
          a.fallbacks > 0
            ? `${a.fallbacks} of ${a.solved} aims fell back when the ${a.two_parameter_budget_flights}-flight two-parameter (Broyden) solve strayed: maximum range on the bearing (${a.fallback_max_range_flights} flights in all), then a solve by pitch`
            : null;
        const unsolved = a.not_solved > 0 ? `${a.not_solved} of ${a.pairs} not solved` : null;
        const withoutFallbacks =
          a.fallbacks > 0 && a.flights_median_without_fallbacks !== null
            ? `${a.solved - a.fallbacks} aims without a fallback: median ${a.flights_median_without_fallbacks}`
            : null;
        const notes = (xs: Array<string | null>) => xs.filter((s) => s !== null).join('; ') || null;
        return (['median', '90th percentile'] as const).map((q) =>
          measure({
            benchmark: `Aiming ${a.missile} (minimum energy, ${a.pairs} pairs 2,000-8,000 km), flights, ${q}`,
            unit: 'flights',
            better: 'lower',
            value: q === 'median' ? a.flights_median : a.flights_p90,
            target: { op: '<=', bound: typical, text: `≤ ${typical} flights (typical)` },
            note:
              q === 'median' ? notes([withoutFallbacks, unsolved]) : notes([`max ${a.flights_max}`, reason]),
          }),
        );
      }),
    ];
  },
  engagement: (f) => [
    measure({
      benchmark: 'One engagement (gbi-2stage vs IRBM), reach table cached, median',
      unit: 'ms',
      better: 'lower',
      value: f.cached_median_ms,
      target: { op: '<', bound: f.target_cached_ms },
      note: `first ${formatNumber(f.first_engagement_ms)} ms, ${formatNumber(f.fan_flights)} fan flights`,
    }),
    measure({
      benchmark: `Russia table (${f.russia_engagements} engagements)`,
      unit: 's',
      better: 'lower',
      value: f.russia_s,
      target: { op: '<', bound: f.target_russia_s },
    }),
  ],
  sensing: (f) => [
    measure({
      benchmark: `Radar visibility, ${f.trajectories} trajectories x ${f.radars} radars, median`,
      unit: 'ms',
      better: 'lower',
      value: f.shieldlab_median_ms,
      peer: { name: `NumPy brute force every ${f.numpy_sampling_s} s`, value: f.numpy_median_ms },
      target: { op: '<', bound: f.target_ms },
      note: `${f.shieldlab_intervals} intervals vs ${f.numpy_intervals}; ${f.pairs_differing} pairs differ`,
    }),
  ],
  raid: (f) => [
    measure({
      benchmark: 'Raid Monte Carlo (5 warheads, 10 interceptors), one core',
      unit: 'trials/s',
      better: 'higher',
      value: f.shieldlab_trials_per_s,
      peer: { name: 'NumPy vectorized', value: f.numpy_trials_per_s },
      target: { op: '>=', bound: f.target_trials_per_s_per_core },
    }),
    measure({
      benchmark: `Raid Monte Carlo, ${formatNumber(f.threads.trials)} trials, 2 threads`,
      unit: 's',
      better: 'lower',
      value: f.threads.two_threads_s,
      peer: { name: '1 thread', value: f.threads.one_thread_s },
      note: `ratio = speed-up; identical tallies: ${f.threads.identical_tallies ? 'yes' : 'NO'}`,
    }),
  ],
  footprint: (f) => {
    const statuses =
      `${formatNumber(f.status.defended)} defended, ${formatNumber(f.status.not_defended)} not defended, ` +
      `${formatNumber(f.status.out_of_range)} out of range, ${formatNumber(f.status.not_aimed)} not aimed`;
    const rate = (label: string) => run(label)?.points_per_s ?? 0;
    const run = (label: string) => f.runs.find((r) => r.label === label);
    const times = f.runs.map((r) => `${r.label} ${formatNumber(r.wall_s)} s`).join(', ');
    return [
      measure({
        benchmark: `Footprint map, ${formatNumber(f.points)} points, best on 2 cores (${f.best_configuration})`,
        unit: 's',
        better: 'lower',
        value: f.best_s,
        target: { op: '<', bound: f.target_two_cores_s, text: `< ${f.target_two_cores_s} s on 2 cores` },
        note:
          `${formatNumber(rate(f.best_configuration))} points/s; ${times}; ${statuses}` +
          sharedNote(run(f.best_configuration), f.cores),
      }),
      measure({
        benchmark: `Footprint map, ${formatNumber(f.points)} points, 2 threads`,
        unit: 's',
        better: 'lower',
        value: f.two_threads_s,
        peer: { name: '1 thread', value: f.one_thread_s },
        note:
          `ratio = speed-up; ${formatNumber(rate('2 threads'))} points/s; ` +
          `a reach table per thread, ${formatNumber(f.reach_table.fresh_build_s)} s alone; ` +
          `identical to serial: ${f.identical ? 'yes' : 'NO'}` +
          sharedNote(run('1 thread'), f.cores).replace('machine shared', 'machine shared (1 thread)') +
          sharedNote(run('2 threads'), f.cores).replace('machine shared', 'machine shared (2 threads)'),
      }),
    ];
  },
  distributed: (f) =>
    f.skipped !== null
      ? []
      : [
          measure({
            benchmark: `Distributed workers over Redis, ${formatNumber(f.points)} points, 2 workers`,
            unit: 's',
            better: 'lower',
            value: f.two_workers_s,
            peer: { name: '1 worker', value: f.one_worker_s },
            note:
              `ratio = speed-up; ${f.cores} cores; local 1 thread ${formatNumber(f.local_one_thread.wall_s)} s; ` +
              `a reach table per worker, ${formatNumber(f.reach_table_build_s)} s alone; ` +
              `identical to local: ${f.identical ? 'yes' : 'NO'}` +
              sharedNote(f.runs[0], f.cores).replace('machine shared', 'machine shared (1 worker)') +
              sharedNote(f.runs[1], f.cores).replace('machine shared', 'machine shared (2 workers)'),
          }),
        ],
  globe: (f) =>
    f.skipped !== null
      ? []
      : [
          measure({
            benchmark: `Globe, ${f.trajectories} trajectories, static polylines`,
            unit: 'frames/s',
            better: 'higher',
            value: f.static_polylines.fps,
            peer: { name: 'time-dynamic paths, CZML-like', value: f.dynamic_paths.fps },
            target: { op: '>=', bound: f.target_static_fps },
            note: `renderer ${f.renderer}; the globe alone ${formatNumber(f.globe_alone.fps)} frames/s`,
          }),
          measure({
            benchmark: `Globe, ${f.trajectories} trajectories, main-thread time per frame`,
            unit: 'ms',
            better: 'lower',
            value: f.static_polylines.main_thread_ms_per_frame,
            peer: { name: 'time-dynamic paths', value: f.dynamic_paths.main_thread_ms_per_frame },
          }),
        ],
  exchange: (f) => {
    const delivery = (label: string, d: DeliveryFigures, withTarget: boolean) => {
      const kept = d.published_msgs_per_s >= 0.98 * d.offered_msgs_per_s;
      const complete = d.delivered_fraction >= 0.999;
      return measure({
        benchmark: `Exchange delivery to ${f.delivery_subscribers} subscribers, ${label}, p99`,
        unit: 'ms',
        better: 'lower',
        value: d.p99_ms,
        peer: {
          name: `Mosquitto QoS 1 at ${formatNumber(f.delivery_mosquitto?.offered_msgs_per_s ?? 0)}/s`,
          value: f.delivery_mosquitto?.p99_ms ?? null,
        },
        ...(withTarget ? { target: { op: '<' as const, bound: f.delivery_target_p99_ms } } : {}),
        alsoRequired: kept && complete,
        note:
          `published ${formatNumber(d.published_msgs_per_s)}/s of ${formatNumber(d.offered_msgs_per_s)} offered, ` +
          `${formatNumber(d.delivered_fraction * 100)} % delivered, p99 from schedule ${formatNumber(d.p99_from_schedule_ms)} ms` +
          (withTarget && !(kept && complete)
            ? '; the target needs the offered rate kept and every copy delivered'
            : ''),
      });
    };
    return [
      ...f.ingest.map((i) =>
        measure({
          benchmark: `Exchange durable ingest, ${i.concurrency} publisher${i.concurrency === 1 ? '' : 's'}`,
          unit: 'msgs/s',
          better: 'higher',
          value: i.exchange_msgs_per_s,
          peer: { name: 'Mosquitto PUBACK, in memory', value: i.mosquitto_msgs_per_s },
          target: { op: '>=', bound: f.ingest_target_msgs_per_s },
          note: i.exchange_refused_msgs > 0 ? `${i.exchange_refused_msgs} refused` : null,
        }),
      ),
      delivery(
        `${formatNumber(f.delivery_exchange.offered_msgs_per_s)}/s offered`,
        f.delivery_exchange,
        true,
      ),
      ...(f.delivery_exchange_sustained
        ? [
            delivery(
              `${formatNumber(f.delivery_exchange_sustained.offered_msgs_per_s)}/s (half the rate reached)`,
              f.delivery_exchange_sustained,
              false,
            ),
          ]
        : []),
      delivery(
        `${formatNumber(f.delivery_exchange_few_partners.offered_msgs_per_s)}/s, ${f.delivery_few_partners} partners`,
        f.delivery_exchange_few_partners,
        true,
      ),
    ];
  },
};

// ---------------------------------------------------------------------------------------------
// The report

export interface MachineInfo {
  node: string;
  platform: string;
  cpu_model: string;
  /** Logical CPUs (os.cpus) and what Node may use (os.availableParallelism). */
  cpus: number;
  available_parallelism: number;
  total_memory_gib: number;
  /** 1, 5 and 15 minute load averages when the run started. */
  load_average_at_start: [number, number, number];
  date: string;
  git_commit: string | null;
  /** Whether the working tree had uncommitted changes (null without git). */
  git_dirty: boolean | null;
}

export interface SectionResult<N extends SectionName = SectionName> {
  name: N;
  title: string;
  /** ok: ran; skipped: could not run here (note says why); failed: threw (note has the error). */
  status: 'ok' | 'skipped' | 'failed';
  note: string | null;
  wall_s: number;
  figures: SectionFigures[N] | null;
  measures: Measure[];
}

export interface BenchReport {
  schema: 'shieldlab-bench/1';
  machine: MachineInfo;
  /** The sections asked for on the command line (all, when none were named). */
  sections_requested: SectionName[];
  /** The sections that ran (ok or failed), in order. */
  sections_run: SectionName[];
  wall_s: number;
  sections: { [N in SectionName]?: SectionResult<N> };
}

function git(root: string, args: string[]): string | null {
  try {
    return execFileSync('git', args, { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  } catch {
    return null;
  }
}

export function machineInfo(root: string): MachineInfo {
  const cpu = cpus();
  const [l1, l5, l15] = loadavg();
  const commit = git(root, ['rev-parse', 'HEAD'])?.trim() || null;
  const status = commit ? git(root, ['status', '--porcelain', '--untracked-files=no']) : null;
  return {
    node: process.version,
    platform: `${platform()} ${release()} ${arch()}`,
    cpu_model: cpu[0]?.model.trim() ?? 'unknown',
    cpus: cpu.length,
    available_parallelism: availableParallelism(),
    total_memory_gib: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    load_average_at_start: [l1 ?? 0, l5 ?? 0, l15 ?? 0],
    date: new Date().toISOString(),
    git_commit: commit,
    git_dirty: status === null ? null : status.trim() !== '',
  };
}

/** About 3 significant figures (whole numbers from 100), thousands separated; exponents below 1e-3. */
export function formatNumber(x: number): string {
  if (!Number.isFinite(x)) return String(x);
  const a = Math.abs(x);
  if (a !== 0 && (a < 1e-3 || a >= 1e9)) return x.toExponential(2);
  if (a < 1) return String(Number(x.toPrecision(3)));
  const digits = a >= 100 ? 0 : a >= 10 ? 1 : 2;
  return x.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: 0 });
}

const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');

export function machineLine(m: MachineInfo): string {
  const commit = m.git_commit
    ? `commit ${m.git_commit.slice(0, 10)}${m.git_dirty ? ' with uncommitted changes' : ''}`
    : 'no git commit';
  return (
    `Machine: ${m.cpu_model}, ${m.cpus} CPUs (${m.available_parallelism} available), ${m.total_memory_gib} GiB; ` +
    `Node ${m.node} on ${m.platform}; load average ${m.load_average_at_start.map((x) => x.toFixed(2)).join(' ')} at start; ` +
    `${m.date}; ${commit}.`
  );
}

/** The Markdown report: the machine line, the sections that ran, and one table. */
export function markdownReport(report: BenchReport): string {
  const lines = [
    '# shieldlab benchmarks',
    '',
    machineLine(report.machine),
    '',
    `Sections run: ${report.sections_run.join(', ') || 'none'} (${formatNumber(report.wall_s)} s).`,
    '',
    '| benchmark | shieldlab | peer | ratio | target | met? |',
    '| --- | ---: | --- | ---: | --- | --- |',
  ];
  const withUnit = (v: number | null, unit: string) => (v === null ? '—' : `${formatNumber(v)} ${unit}`);
  for (const section of Object.values(report.sections) as SectionResult[]) {
    if (section.status !== 'ok') {
      const why = section.note ? `: ${section.note}` : '';
      lines.push(`| ${cell(`${section.title}, ${section.status}${why}`)} | — | — | — | — | — |`);
      continue;
    }
    for (const m of section.measures) {
      const benchmark = m.note ? `${m.benchmark} (${m.note})` : m.benchmark;
      const peer = m.peer ? `${withUnit(m.peer.value, m.peer.unit)} (${m.peer.name})` : '—';
      const ratio = m.ratio === null ? '—' : ratioText(m.ratio);
      const met = m.met === null ? '—' : m.met ? 'yes' : '**no**';
      lines.push(
        `| ${cell(benchmark)} | ${withUnit(m.shieldlab, m.unit)} | ${cell(peer)} | ${ratio} | ${cell(m.target?.text ?? '—')} | ${met} |`,
      );
    }
  }
  lines.push(
    '',
    'ratio: how many times shieldlab is ahead of the peer (peer ÷ shieldlab for times, shieldlab ÷ peer for rates); ' +
      'full figures in latest.json.',
    '',
  );
  return lines.join('\n');
}

/** Write latest.json and latest.md into `dir`; returns their paths. */
export function writeReport(dir: string, report: BenchReport): { json: string; markdown: string } {
  mkdirSync(dir, { recursive: true });
  const json = join(dir, 'latest.json');
  const markdown = join(dir, 'latest.md');
  // Six significant figures: timings are not reproducible beyond that.
  const round = (_key: string, v: unknown) =>
    typeof v === 'number' && !Number.isInteger(v) && Number.isFinite(v) ? Number(v.toPrecision(6)) : v;
  writeFileSync(json, `${JSON.stringify(report, round, 2)}\n`);
  writeFileSync(markdown, markdownReport(report));
  return { json, markdown };
}
