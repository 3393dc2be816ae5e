import { heightAndNormalInto } from '../earth/geodetic.js';
import { flyRocket } from '../flight/fly.js';
import { boostDuration } from '../flight/rocket.js';
import { geodeticOfState, type Trajectory } from '../flight/trajectory.js';
import { type Arrival, boosterFor, type ReachTable } from './reach-table.js';

/**
 * Intercept solver: from a threat trajectory and an interceptor site's reach table, when the
 * interceptors can be launched (the launch window), where and when they can meet the threat (the
 * intercept window), the earliest intercept of each shot under shoot-look-shoot, each one flown
 * out and checked against the kill vehicle's divert capability, and why not when they cannot.
 * Times are seconds from the threat's launch; the threat's positions are ECI (equal to ECEF at its
 * launch), taken into ECEF at each time to be looked up in the Earth-fixed reach table; shots are
 * flown in their own launch frame, turned by omega times the launch time.
 */

export type NoInterceptReason =
  | 'threat already impacted'
  | 'launched too late'
  | 'too slow'
  | 'below the altitude floor'
  | 'above the ceiling'
  | 'divert insufficient';

export interface InterceptSolution {
  /** Interceptor launch time and intercept time (s from threat launch). */
  readonly launchTime: number;
  readonly time: number;
  /** Intercept point: height (m), latitude and longitude (rad, Earth-fixed). */
  readonly altitude: number;
  readonly lat: number;
  readonly lon: number;
  /** Relative speed of interceptor and threat at intercept (m/s). */
  readonly closingSpeed: number;
  /** Angle between the two velocities (rad): pi head-on, pi/2 crossing, 0 tail chase. */
  readonly geometryAngle: number;
  /** Launch azimuth and loft (pitch-over angle) flown (rad). */
  readonly azimuth: number;
  readonly loft: number;
  /** Thrust cutoff flown (s from launch; the full boost when the booster burns out). */
  readonly cutoff: number;
  /** Closest approach of the flown interceptor before homing (m), and the divert it needs (m/s). */
  readonly miss: number;
  readonly divertNeeded: number;
  /** Whether the kill vehicle's divert covers the miss. */
  readonly divertOk: boolean;
  /** Closest approach on the reach table's own aim, before fire-control corrections (m). */
  readonly initialMiss: number;
}

export interface EngagementResult {
  readonly feasible: boolean;
  readonly reason: NoInterceptReason | undefined;
  /** Interceptor launch times that can still intercept (s from threat launch). */
  readonly launchWindow: { readonly earliest: number; readonly latest: number } | undefined;
  /** Threat times at which an intercept is possible (s from threat launch). */
  readonly interceptWindow: { readonly earliest: number; readonly latest: number } | undefined;
  /** The shots of shoot-look-shoot, first to last. */
  readonly intercepts: readonly InterceptSolution[];
  /** How many sequential shots fit in the window. */
  readonly shots: number;
  /** What happens when, for a timeline chart. */
  readonly timeline: ReadonlyArray<{ readonly time: number; readonly event: string }>;
  /**
   * When launched too late: the latest launch (s from threat launch) that would still have met the
   * threat in the altitude band, for comparison with the commit and launch delay.
   */
  readonly latestUsefulLaunch?: number;
}

export interface EngagementOptions {
  /** Decision to engage (s from threat launch); the interceptor flies launchDelay later. */
  readonly commitTime: number;
  /** From an intercept to the decision to fire again (s); default 60. */
  readonly killAssessmentTime?: number;
  /** Step along the threat trajectory (s); default 4 (window edges are refined between steps). */
  readonly sampleInterval?: number;
  /** Most shots to count; default 10. */
  readonly maxShots?: number;
}

/** For one threat time: where the threat is and which launches reach it there. */
interface Opportunity {
  readonly t: number;
  readonly altitude: number;
  /** Latest and earliest launch (s) that meet the threat at t; undefined if out of the fan. */
  readonly latestLaunch: number | undefined;
  readonly earliestLaunch: number | undefined;
  readonly fastest: Arrival | undefined;
  readonly slowest: Arrival | undefined;
  /** Whether the reach table was asked (see `opportunity`); if not, the four above are undefined. */
  readonly looked: boolean;
}

export function solveEngagement(
  threat: Trajectory,
  table: ReachTable,
  options: EngagementOptions,
): EngagementResult {
  const interceptor = table.interceptor;
  const earth = table.earth;
  const w = earth.rotationRate;
  const launch0 = options.commitTime + interceptor.launchDelay;
  const dt = options.sampleInterval ?? 4;
  const assessment = options.killAssessmentTime ?? 60;
  const impact = threat.endTime;
  const timeline: Array<{ time: number; event: string }> = [
    { time: options.commitTime, event: 'commit' },
    { time: launch0, event: 'earliest interceptor launch' },
    { time: impact, event: 'threat impact' },
  ];
  const none = (reason: NoInterceptReason): EngagementResult => ({
    feasible: false,
    reason,
    launchWindow: undefined,
    interceptWindow: undefined,
    intercepts: [],
    shots: 0,
    timeline: timeline.sort((a, b) => a.time - b.time),
  });
  if (launch0 >= impact) return none('threat already impacted');

  const state = new Float64Array(7);
  const scratch = { height: 0, nx: 0, ny: 0, nz: 1 };
  const { minInterceptAltitude, maxInterceptAltitude } = interceptor;
  /**
   * The threat at time t and the launches that reach it there. Outside the altitude band, or
   * before the earliest launch (an arrival takes a positive flight time), a point is never
   * feasible nor met whatever the table says, so its look-up (most of the solver's time) is left
   * out, unless `always`: the reason for no intercept looks at every sample.
   */
  const opportunity = (t: number, always = false): Opportunity => {
    threat.stateAt(t, state);
    const altitude = heightAndNormalInto(state[0]!, state[1]!, state[2]!, earth.ellipsoid, scratch).height;
    if (!always && (t < launch0 || altitude < minInterceptAltitude || altitude > maxInterceptAltitude))
      return {
        t,
        altitude,
        latestLaunch: undefined,
        earliestLaunch: undefined,
        fastest: undefined,
        slowest: undefined,
        looked: false,
      };
    // Into ECEF at time t, where the reach table is built: the answer does not depend on when
    // the interceptor is launched.
    const c = Math.cos(w * t);
    const s = Math.sin(w * t);
    const reach = table.reach(c * state[0]! + s * state[1]!, -s * state[0]! + c * state[1]!, state[2]!);
    return {
      t,
      altitude,
      latestLaunch: reach ? t - reach.earliest.time : undefined,
      earliestLaunch: reach ? t - reach.latest.time : undefined,
      fastest: reach?.earliest,
      slowest: reach?.latest,
      looked: true,
    };
  };

  const samples: Opportunity[] = [];
  // From the threat's launch, not the interceptor's: a reason ("launched too late") needs to know
  // where the threat could have been met had the interceptor flown earlier.
  for (let t = dt; t < impact; t += dt) samples.push(opportunity(t));
  const inBand = (o: Opportunity) => o.altitude >= minInterceptAltitude && o.altitude <= maxInterceptAltitude;
  const canLaunch = (o: Opportunity) => o.latestLaunch !== undefined && o.latestLaunch >= launch0;
  const feasible = (o: Opportunity) => inBand(o) && canLaunch(o);

  const first = samples.findIndex(feasible);
  if (first < 0) {
    for (let k = 0; k < samples.length; k++)
      if (!samples[k]!.looked) samples[k] = opportunity(samples[k]!.t, true);
    const reachable = samples.filter((o) => o.latestLaunch !== undefined);
    if (reachable.length === 0) return none('too slow');
    if (reachable.some(inBand)) {
      const latestUseful = Math.max(...reachable.filter(inBand).map((o) => o.latestLaunch!));
      return { ...none('launched too late'), latestUsefulLaunch: latestUseful };
    }
    if (reachable.some(canLaunch)) {
      return none(
        reachable.filter(canLaunch).every((o) => o.altitude < minInterceptAltitude)
          ? 'below the altitude floor'
          : 'above the ceiling',
      );
    }
    return none('launched too late');
  }
  let last = first;
  for (let k = samples.length - 1; k >= first; k--) {
    if (feasible(samples[k]!)) {
      last = k;
      break;
    }
  }
  // Refine the window's ends between samples by bisection on feasibility.
  const edge = (a: number, b: number, wantFeasibleAtB: boolean) => {
    let lo = a;
    let hi = b;
    for (let i = 0; i < 12; i++) {
      const mid = 0.5 * (lo + hi);
      if (feasible(opportunity(mid)) === wantFeasibleAtB) hi = mid;
      else lo = mid;
    }
    return hi;
  };
  const earliest = first > 0 ? edge(samples[first - 1]!.t, samples[first]!.t, true) : samples[first]!.t;
  const latest =
    last < samples.length - 1 ? edge(samples[last + 1]!.t, samples[last]!.t, true) : samples[last]!.t;
  let latestLaunch = launch0;
  for (let k = first; k <= last; k++) {
    const o = samples[k]!;
    if (feasible(o)) latestLaunch = Math.max(latestLaunch, o.latestLaunch!);
  }

  // Shoot-look-shoot: each shot meets the threat as early as it can after it is allowed to fly
  // (launched at once, or held until its slowest trajectory would not arrive early); the next is
  // decided after a kill assessment.
  const intercepts: InterceptSolution[] = [];
  let allowed = launch0;
  const maxShots = options.maxShots ?? 10;
  const meetsAfter = (o: Opportunity, from: number) =>
    inBand(o) && o.latestLaunch !== undefined && o.latestLaunch >= from && o.t > from;
  while (intercepts.length < maxShots && allowed <= latestLaunch) {
    const from = allowed;
    const k = samples.findIndex((o) => meetsAfter(o, from));
    if (k < 0) break;
    let tHit =
      k > 0 && samples[k - 1]!.t > from
        ? refine(samples[k - 1]!.t, samples[k]!.t, (t) => meetsAfter(opportunity(t), from))
        : samples[k]!.t;
    const refined = opportunity(tHit);
    // The refined point met the threat; if a look-up at it now misses, keep the sample's.
    const o = refined.fastest && refined.slowest && meetsAfter(refined, from) ? refined : samples[k]!;
    tHit = o.t;
    const launchTime = Math.max(from, o.earliestLaunch ?? from);
    // The flight time is fixed by launch and meeting time; loft and azimuth vary between the
    // fastest and the slowest way of arriving.
    const span = o.latestLaunch! - o.earliestLaunch!;
    const f = span > 1e-9 ? (o.latestLaunch! - launchTime) / span : 0;
    const arrival = {
      time: tHit - launchTime,
      azimuth:
        o.fastest!.azimuth +
        f *
          Math.atan2(
            Math.sin(o.slowest!.azimuth - o.fastest!.azimuth),
            Math.cos(o.slowest!.azimuth - o.fastest!.azimuth),
          ),
      loft: o.fastest!.loft + f * (o.slowest!.loft - o.fastest!.loft),
      cutoff: o.fastest!.cutoff + f * (o.slowest!.cutoff - o.fastest!.cutoff),
    };
    intercepts.push(flyOut(threat, table, launchTime, tHit, arrival));
    timeline.push({ time: launchTime, event: `shot ${intercepts.length} launch` });
    timeline.push({ time: tHit, event: `shot ${intercepts.length} intercept` });
    // The next shot is decided after the kill assessment and flies a launch delay later.
    allowed = tHit + assessment + interceptor.launchDelay;
  }
  const shots = intercepts.filter((x) => x.divertOk).length;
  timeline.push(
    { time: earliest, event: 'intercept window opens' },
    { time: latest, event: 'intercept window closes' },
  );
  return {
    feasible: shots > 0,
    reason: shots > 0 ? undefined : 'divert insufficient',
    launchWindow: { earliest: launch0, latest: latestLaunch },
    interceptWindow: { earliest, latest },
    intercepts,
    shots,
    timeline: timeline.sort((a, b) => a.time - b.time),
  };
}

/** First time in (a, b] where `ok` holds, knowing it fails at a and holds at b (bisection). */
function refine(a: number, b: number, ok: (t: number) => boolean): number {
  let lo = a;
  let hi = b;
  for (let i = 0; i < 12; i++) {
    const mid = 0.5 * (lo + hi);
    if (ok(mid)) hi = mid;
    else lo = mid;
  }
  return hi;
}

/**
 * Fly the interceptor toward the predicted intercept point and measure its closest approach to
 * the threat, correcting azimuth and loft by Newton steps (finite-difference Jacobian of the miss
 * across the line of sight) as fire control would; the divert the kill vehicle needs is the
 * remaining miss over the time to go after seeker acquisition.
 */
function flyOut(
  threat: Trajectory,
  table: ReachTable,
  launchTime: number,
  tHit: number,
  arrival: Arrival,
): InterceptSolution {
  const { interceptor, earth, site } = table;
  const w = earth.rotationRate;
  const booster = interceptor.booster;
  const c = Math.cos(w * launchTime);
  const s = Math.sin(w * launchTime);
  const threatState = new Float64Array(7);
  const full = boostDuration(booster);
  const closest = (azimuth: number, loft: number, cutoff: number) => {
    const flight = flyRocket(
      boosterFor(booster, loft, cutoff),
      { site: { ...site, height: 0 }, azimuth },
      earth,
      // Only threat times up to tHit + 30 s are looked at (the search below): followed to
      // FLYOUT_MARGIN past them rather than to the horizon, the flight is the same there.
      { maxFlightTime: Math.min(table.horizonTime, tHit + 30 - launchTime + FLYOUT_MARGIN) },
    );
    const traj = flight.trajectory;
    const own = new Float64Array(7);
    // Relative position (ECI) at threat time t.
    const rel = (t: number) => {
      if (!traj.stateAt(t - launchTime, own) || !threat.stateAt(t, threatState)) return undefined;
      return [
        c * own[0]! - s * own[1]! - threatState[0]!,
        s * own[0]! + c * own[1]! - threatState[1]!,
        own[2]! - threatState[2]!,
      ] as const;
    };
    const dist = (t: number) => {
      const r = rel(t);
      return r ? Math.hypot(r[0], r[1], r[2]) : Number.POSITIVE_INFINITY;
    };
    let a = tHit - 30;
    let b = tHit + 30;
    for (let i = 0; i < 60 && b - a > 1e-4; i++) {
      const m1 = a + (b - a) / 3;
      const m2 = b - (b - a) / 3;
      if (dist(m1) < dist(m2)) b = m2;
      else a = m1;
    }
    const t = 0.5 * (a + b);
    const r = rel(t) ?? [Number.POSITIVE_INFINITY, 0, 0];
    traj.stateAt(t - launchTime, own);
    threat.stateAt(t, threatState);
    const vi = [c * own[3]! - s * own[4]!, s * own[3]! + c * own[4]!, own[5]!];
    return {
      t,
      miss: Math.hypot(r[0], r[1], r[2]),
      r,
      vi,
      vt: [threatState[3]!, threatState[4]!, threatState[5]!],
    };
  };
  let azimuth = arrival.azimuth;
  let loft = arrival.loft;
  const cutoff = Math.min(full, arrival.cutoff);
  // The second control is the loft on a full burn, the cutoff on an energy-managed one.
  const managed = cutoff < full - 1e-6;
  let shape = managed ? cutoff : loft;
  const fly = (a: number, x: number) => (managed ? closest(a, loft, x) : closest(a, x, full));
  let best = fly(azimuth, shape);
  const initialMiss = best.miss;
  // Newton on (azimuth, shape) to cancel the miss vector's two components across the relative velocity.
  for (let iter = 0; iter < 4 && best.miss > 10; iter++) {
    const dA = 1e-4;
    const dS = managed ? 1e-3 : 1e-4;
    const pa = fly(azimuth + dA, shape);
    const pl = fly(azimuth, shape + dS);
    // Project the miss vectors on two axes perpendicular to the relative velocity.
    const vr = [best.vi[0]! - best.vt[0]!, best.vi[1]! - best.vt[1]!, best.vi[2]! - best.vt[2]!];
    const vn = Math.hypot(vr[0]!, vr[1]!, vr[2]!);
    const u = [vr[0]! / vn, vr[1]! / vn, vr[2]! / vn];
    const any = Math.abs(u[2]!) < 0.9 ? [0, 0, 1] : [1, 0, 0];
    const e1 = normalize(cross(u, any));
    const e2 = cross(u, e1);
    const proj = (r: readonly number[]) => [dot(r, e1), dot(r, e2)];
    const m0 = proj(best.r);
    const ma = proj(pa.r);
    const ml = proj(pl.r);
    const j = [
      [(ma[0]! - m0[0]!) / dA, (ml[0]! - m0[0]!) / dS],
      [(ma[1]! - m0[1]!) / dA, (ml[1]! - m0[1]!) / dS],
    ];
    const det = j[0]![0]! * j[1]![1]! - j[0]![1]! * j[1]![0]!;
    if (!(Math.abs(det) > 0)) break;
    const da = -(j[1]![1]! * m0[0]! - j[0]![1]! * m0[1]!) / det;
    const ds = -(-j[1]![0]! * m0[0]! + j[0]![0]! * m0[1]!) / det;
    // A cutoff stays within the boost.
    const nextShape = managed ? Math.min(full, Math.max(1, shape + ds)) : shape + ds;
    const next = fly(azimuth + da, nextShape);
    if (!(next.miss < best.miss)) break;
    azimuth += da;
    shape = nextShape;
    best = next;
  }
  if (!managed) loft = shape;
  const closing = Math.hypot(best.vi[0]! - best.vt[0]!, best.vi[1]! - best.vt[1]!, best.vi[2]! - best.vt[2]!);
  const speedI = Math.hypot(best.vi[0]!, best.vi[1]!, best.vi[2]!);
  const speedT = Math.hypot(best.vt[0]!, best.vt[1]!, best.vt[2]!);
  const angle = Math.acos(Math.max(-1, Math.min(1, dot(best.vi, best.vt) / (speedI * speedT))));
  // Homing after acquisition: the time to go is the acquisition range over the closing speed.
  const timeToGo = interceptor.killVehicle.seekerAcquisitionRange / closing;
  const divertNeeded = best.miss / timeToGo;
  threat.stateAt(best.t, threatState);
  const g = geodeticOfState(threatState, best.t, earth);
  return {
    launchTime,
    time: best.t,
    altitude: g.height,
    lat: g.lat,
    lon: g.lon,
    closingSpeed: closing,
    geometryAngle: angle,
    azimuth,
    loft,
    cutoff: managed ? shape : full,
    miss: best.miss,
    initialMiss,
    divertNeeded,
    // The divert estimate is a small-angle one (heading error = miss / acquisition range); a shot
    // whose corrected fly-out still misses by more than a tenth of the acquisition range (6 deg of
    // heading error) is not an intercept: it happens at the edge of the fan, where no trajectory
    // passes through the predicted point.
    divertOk:
      divertNeeded <= interceptor.killVehicle.divertVelocity &&
      best.miss <= MAX_HEADING_ERROR * interceptor.killVehicle.seekerAcquisitionRange,
  };
}

/**
 * How long past the last time it looks at flyOut follows a shot (s). The integrator shortens a
 * step only when it would reach the end of the flight (within 1 %); every step before is the step
 * of a flight to the horizon, and so are the states up to the last time looked at, to the last
 * bit, as long as the margin exceeds a step. Coast steps measured: at most 52 s for the two- and
 * three-stage GBI and SM-3, 132 s at 9 km/s and 160 s at 10.5 km/s of burnout speed (fitted
 * boosters; the longest high up, late in a lofted flight), over azimuths, lofts and cutoffs. The
 * end counts from the last burnout, which adds the boost to the margin. 600 s costs a few steps
 * and keeps most of the saving (the table's horizon is 3,600 s).
 */
const FLYOUT_MARGIN = 600;

/** Largest miss before homing, as a fraction of the seeker's acquisition range (see flyOut). */
const MAX_HEADING_ERROR = 0.1;

function cross(a: readonly number[], b: readonly number[]): number[] {
  return [a[1]! * b[2]! - a[2]! * b[1]!, a[2]! * b[0]! - a[0]! * b[2]!, a[0]! * b[1]! - a[1]! * b[0]!];
}
function dot(a: readonly number[], b: readonly number[]): number {
  return a[0]! * b[0]! + a[1]! * b[1]! + a[2]! * b[2]!;
}
function normalize(a: readonly number[]): number[] {
  const n = Math.hypot(a[0]!, a[1]!, a[2]!);
  return [a[0]! / n, a[1]! / n, a[2]! / n];
}
