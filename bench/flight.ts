import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ECI } from '../src/core/vector.js';
import { vec3 } from '../src/core/vector.js';
import { earthModel } from '../src/earth/earth-model.js';
import { eciToEcef } from '../src/earth/frames.js';
import { flyFromState, flyRocket } from '../src/flight/fly.js';
import { parseMissileFile } from '../src/scenario/missile-file.js';
import type {
  FreeFlightEqualAccuracy,
  FreeFlightFigures,
  FreeFlightSameTolerance,
  IcbmFigures,
} from './bench-report.js';

/**
 * Benchmarks of the flight core, each against a peer in the same run (never a timed unit test).
 *
 * 1. A full ICBM trajectory: three-stage boost, midcourse, reentry with drag, rotating J2 Earth
 *    with the 1976 atmosphere, relative tolerance 1e-9; median time on one core.
 * 2. The same kind of free flight (burnout to impact, J2, rotation) against a SciPy solve_ivp
 *    DOP853 program with the same equations and tolerance (bench/peer): median times, their
 *    ratio, and the accuracy of both against a tight-tolerance SciPy reference. shieldlab is timed
 *    twice: keeping only the event states (the same work as the SciPy program, which returns its
 *    impact event and keeps no dense output; shieldlab's summary is computed only when read), and
 *    keeping the full dense history.
 */

/** Free flight: at least this many times faster than SciPy at equal accuracy. */
const TARGET_SPEEDUP = 30;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : 0.5 * (s[m - 1]! + s[m]!);
}

/** Time fn (ms) `runs` times after `warmup` calls; returns the median and the minimum. */
function time(fn: () => void, runs: number, warmup: number): { median: number; min: number } {
  for (let i = 0; i < warmup; i++) fn();
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    fn();
    samples.push(performance.now() - t0);
  }
  return { median: median(samples), min: Math.min(...samples) };
}

interface PeerResult {
  median_s: number;
  min_s: number;
  nfev: number;
  t_impact: number;
  r_impact: [number, number, number];
  scipy: string;
  numpy: string;
  python: string;
}

function runPeer(root: string, input: object): PeerResult {
  const out = execFileSync('python3', [join(root, 'bench', 'peer', 'free_flight_scipy.py')], {
    input: JSON.stringify(input),
    encoding: 'utf8',
  });
  return JSON.parse(out) as PeerResult;
}

export function icbmBenchmark(root: string): IcbmFigures {
  const file = join(root, 'examples', 'missiles', 'illustrative-icbm.yaml');
  const { rocket } = parseMissileFile('illustrative-icbm.yaml', readFileSync(file, 'utf8'));
  const earth = earthModel();
  const plan = {
    site: { lat: (55.75 * Math.PI) / 180, lon: (37.69 * Math.PI) / 180, height: 150 },
    azimuth: (330 * Math.PI) / 180,
  };
  let range = 0;
  let steps = 0;
  let evaluations = 0;
  const runs = 1000;
  const warmup = 200;
  const target = 500;
  const t = time(
    () => {
      const r = flyRocket(rocket, plan, earth, { rtol: 1e-9 });
      range = r.summary.groundRange ?? 0;
      steps = r.trajectory.columns.t.length;
      evaluations = r.stats.rhsEvaluations;
    },
    runs,
    warmup,
  );
  console.log(
    '1. Full ICBM trajectory (3-stage boost, midcourse, reentry with drag; rotating J2 Earth, US 1976 atmosphere; rtol 1e-9)',
  );
  console.log(
    `   ground range ${(range / 1000).toFixed(1)} km, ${steps} recorded states, ${evaluations} right-hand-side evaluations`,
  );
  console.log(
    `   median ${(t.median * 1000).toFixed(0)} us, min ${(t.min * 1000).toFixed(0)} us per trajectory (target < ${target} us)`,
  );
  return {
    runs,
    warmup_runs: warmup,
    ground_range_km: range / 1000,
    recorded_states: steps,
    rhs_evaluations: evaluations,
    median_us: t.median * 1000,
    min_us: t.min * 1000,
    target_median_us: target,
  };
}

export function freeFlightBenchmark(root: string): FreeFlightFigures {
  const sample = JSON.parse(readFileSync(join(root, 'bench', 'peer', 'sample-input.json'), 'utf8')) as {
    r0: [number, number, number];
    v0: [number, number, number];
  };
  const earth = earthModel({ atmosphere: false });
  const state = { position: vec3<ECI>(...sample.r0), velocity: vec3<ECI>(...sample.v0) };
  const reference = runPeer(root, { ...sample, reference: true, repeats: 1, t_max: 7200 });
  const refEcef = eciToEcef(vec3<ECI>(...reference.r_impact), reference.t_impact, earth.rotationRate);

  console.log(
    '\n2. Free flight, burnout to impact (point mass + J2, rotating Earth; impact on WGS84), same equations',
  );
  console.log(`   truth: SciPy DOP853 at rtol 2.3e-14, impact at t = ${reference.t_impact.toFixed(6)} s`);
  // shieldlab at a tolerance, timed, with its impact miss against the reference.
  const measure = (rtol: number, history: 'events' | 'full') => {
    let miss = 0;
    const t = time(
      () => {
        const r = flyFromState(state, earth, undefined, {
          rtol,
          atol: [rtol * 1e6, rtol * 1e3, 1],
          maxFlightTime: 7200,
          history,
        });
        const impact = r.trajectory.event('impact');
        if (!impact || Math.abs(impact.time - reference.t_impact) > 1) {
          throw new Error('benchmark flight missed the reference impact');
        }
        const p = eciToEcef(
          vec3<ECI>(impact.state[0]!, impact.state[1]!, impact.state[2]!),
          impact.time,
          earth.rotationRate,
        );
        miss = Math.hypot(p[0] - refEcef[0], p[1] - refEcef[1], p[2] - refEcef[2]);
      },
      3000,
      300,
    );
    return { us: t.median * 1000, miss };
  };
  console.log('   Same tolerance (rtol; atol = rtol x 1e6 m and x 1e3 m/s for both):');
  console.log(
    '   rtol    shieldlab: events only | full history          SciPy solve_ivp DOP853       speed-up (events | full)',
  );
  const peers: Array<{ rtol: number; us: number; miss: number }> = [];
  const sameTolerance: FreeFlightSameTolerance[] = [];
  for (const rtol of [1e-6, 1e-9, 1e-12]) {
    const eventsOnly = measure(rtol, 'events');
    const full = measure(rtol, 'full');
    const peer = runPeer(root, {
      ...sample,
      rtol,
      atol_pos: rtol * 1e6,
      atol_vel: rtol * 1e3,
      repeats: 200,
      t_max: 7200,
    });
    const peerEcef = eciToEcef(vec3<ECI>(...peer.r_impact), peer.t_impact, earth.rotationRate);
    const peerMiss = Math.hypot(peerEcef[0] - refEcef[0], peerEcef[1] - refEcef[1], peerEcef[2] - refEcef[2]);
    const peerUs = peer.median_s * 1e6;
    peers.push({ rtol, us: peerUs, miss: peerMiss });
    sameTolerance.push({
      rtol,
      shieldlab_events_us: eventsOnly.us,
      shieldlab_full_history_us: full.us,
      shieldlab_miss_m: eventsOnly.miss,
      scipy_us: peerUs,
      scipy_miss_m: peerMiss,
      speedup_events_x: peerUs / eventsOnly.us,
      speedup_full_history_x: peerUs / full.us,
    });
    console.log(
      `   ${rtol.toExponential(0)}   ${eventsOnly.us.toFixed(1).padStart(6)} | ${full.us.toFixed(1).padStart(6)} us, miss ${eventsOnly.miss.toExponential(1)} m` +
        `      ${peerUs.toFixed(0).padStart(5)} us, miss ${peerMiss.toExponential(1)} m` +
        `     ${(peerUs / eventsOnly.us).toFixed(0).padStart(3)}x | ${(peerUs / full.us).toFixed(0)}x`,
    );
  }
  // Equal accuracy: the loosest shieldlab tolerance whose miss is no larger than SciPy's.
  console.log("   Equal accuracy (shieldlab tightened until its miss is no larger than SciPy's):");
  const equalAccuracy: FreeFlightEqualAccuracy[] = [];
  for (const peer of peers) {
    let chosen: { rtol: number; us: number; miss: number; full: number } | undefined;
    for (const factor of [1, 0.8, 0.6, 0.5, 0.4, 0.3, 0.2, 0.1, 0.05, 0.01]) {
      const rtol = peer.rtol * factor;
      const m = measure(rtol, 'events');
      if (m.miss <= peer.miss) {
        chosen = { rtol, ...m, full: measure(rtol, 'full').us };
        break;
      }
    }
    if (!chosen) {
      equalAccuracy.push({
        scipy_rtol: peer.rtol,
        scipy_miss_m: peer.miss,
        scipy_us: peer.us,
        shieldlab_rtol: null,
        shieldlab_miss_m: null,
        shieldlab_events_us: null,
        shieldlab_full_history_us: null,
        speedup_events_x: null,
        speedup_full_history_x: null,
      });
      console.log(
        `   SciPy rtol ${peer.rtol.toExponential(0)}: no shieldlab tolerance down to 1 % of it matched`,
      );
      continue;
    }
    equalAccuracy.push({
      scipy_rtol: peer.rtol,
      scipy_miss_m: peer.miss,
      scipy_us: peer.us,
      shieldlab_rtol: chosen.rtol,
      shieldlab_miss_m: chosen.miss,
      shieldlab_events_us: chosen.us,
      shieldlab_full_history_us: chosen.full,
      speedup_events_x: peer.us / chosen.us,
      speedup_full_history_x: peer.us / chosen.full,
    });
    console.log(
      `   SciPy rtol ${peer.rtol.toExponential(0)} (miss ${peer.miss.toExponential(1)} m, ${peer.us.toFixed(0)} us) vs shieldlab rtol ${chosen.rtol.toExponential(1)} ` +
        `(miss ${chosen.miss.toExponential(1)} m, ${chosen.us.toFixed(1)} | ${chosen.full.toFixed(1)} us): ` +
        `${(peer.us / chosen.us).toFixed(0)}x | ${(peer.us / chosen.full).toFixed(0)}x`,
    );
  }
  const any = runPeer(root, { ...sample, repeats: 1 });
  console.log(
    `   peer: Python ${any.python}, SciPy ${any.scipy}, NumPy ${any.numpy}; shieldlab on Node ${process.versions.node}`,
  );
  console.log(`   target: at least ${TARGET_SPEEDUP}x faster than SciPy at equal accuracy`);
  return {
    reference_rtol: 2.3e-14,
    reference_impact_time_s: reference.t_impact,
    same_tolerance: sameTolerance,
    equal_accuracy: equalAccuracy,
    target_speedup_equal_accuracy_x: TARGET_SPEEDUP,
    peer: { python: any.python, scipy: any.scipy, numpy: any.numpy },
  };
}
