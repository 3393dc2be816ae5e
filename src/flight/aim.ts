import { findRoot, minimize } from '../core/optimize.js';
import type { EarthModel } from '../earth/earth-model.js';
import { geodesicBetween } from '../earth/geodesic.js';
import type { Geodetic } from '../earth/geodetic.js';
import { minimumEnergyBurnout } from './closed-form.js';
import { type FlightOptions, type FlightResult, flyFromBurnout, flyRocket } from './fly.js';
import { type MaximumRange, maximumRangeOfRocket } from './max-range.js';
import { maximumRangeToward } from './max-range-toward.js';
import { boostDuration, type ReentryVehicle, type Rocket } from './rocket.js';
import { withThrustCutoff } from './thrust-termination.js';

/**
 * Aiming on the rotating, oblate Earth: the launch azimuth and trajectory-shaping parameter that
 * put the impact on a target, by shooting. The impact's cross-track angle corrects the azimuth
 * after every flight; a safeguarded secant (Illinois) on the shaping parameter closes the
 * down-range error. Families:
 * - `min-energy`: for a staged rocket, the pitch-over of the maximum-range trajectory with the
 *   burn cut short (thrust termination) to fall on the target; for a burnout state, the burnout
 *   speed is the least that reaches the target, at the best flight-path angle.
 * - `lofted` / `depressed`: for a staged rocket, the full burn with the pitch-over on the steep
 *   or the flat side of the optimum; for a burnout state, a flight-path angle above or below the
 *   minimum-energy one, given directly or chosen so the flight reaches an apogee or flight time.
 */

const DEG = Math.PI / 180;

/**
 * Beyond this fraction of the maximum range the minimum-energy trajectory is taken to be the full
 * burn near the optimal pitch-over (the cut-short family cannot get there; the range curve is flat).
 */
const NEAR_MAXIMUM_RANGE = 0.97;

/** An aim is a solution only if it lands within this distance of the target (m). */
const AIM_ACCEPTANCE = 1000;

export type TrajectoryFamily = 'min-energy' | 'lofted' | 'depressed';

/** What shapes a lofted or depressed burnout-state trajectory (at most one). */
export interface ShapeConstraint {
  /** Burnout flight-path angle, ground-relative (rad). */
  readonly flightPathAngle?: number;
  /** Apogee height above the ellipsoid (m). */
  readonly apogee?: number;
  /** Burnout-to-impact (or launch-to-impact) flight time (s). */
  readonly flightTime?: number;
}

export interface AimOptions extends FlightOptions {
  /** Stop when the impact is within this distance of the target (m); default 100 m. */
  readonly missTolerance?: number;
}

/** The shaping parameters an aim found (SI; angles in rad). */
export interface AimShape {
  readonly pitchoverAngle?: number;
  readonly cutoffTime?: number;
  readonly burnoutSpeed?: number;
  readonly flightPathAngle?: number;
}

export type AimResult =
  | {
      readonly ok: true;
      readonly flight: FlightResult;
      /** Launch azimuth (rad). */
      readonly azimuth: number;
      /** Distance from the impact point to the target (m). */
      readonly missDistance: number;
      /** Ground distance from launch point to target (m). */
      readonly targetDistance: number;
      /** The shaping parameters found. */
      readonly shape: AimShape;
      /** Trajectories flown while aiming, and of those, while finding the maximum range. */
      readonly evaluations: number;
      readonly maxRangeEvaluations: number;
    }
  | {
      readonly ok: false;
      readonly reason: 'out-of-range' | 'no-solution';
      /** One sentence for people. */
      readonly message: string;
      /** Maximum range toward the target's azimuth (m), when known. */
      readonly maxRange?: number;
      readonly targetDistance: number;
      readonly evaluations: number;
    };

const km = (m: number) => `${Math.round(m / 1000).toLocaleString('en-US')} km`;

interface Shot {
  readonly flight: FlightResult;
  /** Down-range error: range to impact minus range to target (m). */
  readonly down: number;
  /** Cross-track angle: azimuth to the impact minus azimuth to the target (rad, wrapped). */
  readonly cross: number;
  readonly miss: number;
}

/** Shoots toward a target: flies, measures the errors, and corrects the azimuth. */
class Shooter<X = number> {
  azimuth: number;
  evaluations = 0;
  readonly distance: number;
  private readonly targetAzimuth: number;
  best: (Shot & { x: X; azimuth: number; score: number }) | undefined;
  /** How good a shot is (smaller is better): by default its miss distance (m). */
  score: (shot: Shot) => number = (shot) => shot.miss;

  constructor(
    private readonly site: Geodetic,
    private readonly target: Geodetic,
    private readonly earth: EarthModel,
    readonly flyAt: (azimuth: number, x: X) => FlightResult,
  ) {
    const g = geodesicBetween(site, target, earth.ellipsoid);
    this.distance = g.distance;
    this.targetAzimuth = g.azimuth1;
    this.azimuth = this.targetAzimuth;
  }

  /** Fly shaping value x at the current azimuth; then correct the azimuth by the cross-track angle. */
  shoot(x: X): Shot {
    const azimuth = this.azimuth;
    const flight = this.flyAt(azimuth, x);
    this.evaluations++;
    const impact = flight.summary.impact;
    if (!impact) {
      // Not an impact (orbital): as far as can be; the shaping parameter must come down.
      return { flight, down: Number.POSITIVE_INFINITY, cross: 0, miss: Number.POSITIVE_INFINITY };
    }
    const s = this.site;
    const e = this.earth.ellipsoid;
    const toImpact = geodesicBetween(s, impact, e);
    const miss = geodesicBetween(impact, this.target, e).distance;
    const cross = Math.atan2(
      Math.sin(toImpact.azimuth1 - this.targetAzimuth),
      Math.cos(toImpact.azimuth1 - this.targetAzimuth),
    );
    const shot = { flight, down: toImpact.distance - this.distance, cross, miss };
    const score = this.score(shot);
    if (!this.best || score < this.best.score) this.best = { ...shot, x, azimuth, score };
    // The impact moves almost rigidly with the azimuth: subtract the cross-track angle.
    if (toImpact.distance > 1000) this.azimuth -= cross;
    return shot;
  }
}

/**
 * Find x in [lo, hi] (down-range error of opposite signs at the ends, given) so that the impact
 * falls on the target, correcting the azimuth as it goes. Illinois-safeguarded secant.
 */
function closeOnTarget(
  shooter: { shoot(x: number): Shot; readonly evaluations: number },
  lo: number,
  hi: number,
  dLo: number,
  dHi: number,
  tol: number,
  budget: number,
) {
  let a = lo;
  let b = hi;
  let fa = dLo;
  let fb = dHi;
  let side = 0;
  const collapsed = 1e-9 * Math.abs(hi - lo);
  while (shooter.evaluations < budget) {
    let x = Number.isFinite(fa) && Number.isFinite(fb) ? (a * fb - b * fa) / (fb - fa) : 0.5 * (a + b);
    if (!(x > Math.min(a, b) && x < Math.max(a, b))) x = 0.5 * (a + b);
    const s = shooter.shoot(x);
    if (s.miss <= tol) return;
    const fx = s.down;
    if (fx * fb < 0) {
      a = b;
      fa = fb;
      side = 0;
    } else if (side === -1) {
      fa *= 0.5;
    } else {
      side = -1;
    }
    b = x;
    fb = fx;
    if (Math.abs(b - a) <= collapsed || !(fa * fb < 0)) {
      // The azimuth has moved under the bracket (down-range errors were measured at different
      // azimuths): measure the whole interval again from the corrected azimuth.
      a = lo;
      fa = shooter.shoot(lo).down;
      b = hi;
      fb = shooter.shoot(hi).down;
      side = 0;
      if (!(fa * fb < 0)) return;
    }
  }
}

function result<X>(
  shooter: Shooter<X>,
  shape: (x: X) => AimShape,
  evaluations: number,
  maxRangeEvaluations: number,
): AimResult {
  const best = shooter.best!;
  // Never a silent miss: an aim that did not close within a kilometre is reported as such.
  if (!(best.miss <= AIM_ACCEPTANCE)) {
    return {
      ok: false,
      reason: 'no-solution',
      message: `no converged solution: the best of ${evaluations} trajectories missed by ${km(best.miss)}`,
      targetDistance: shooter.distance,
      evaluations,
    };
  }

  return {
    ok: true,
    flight: best.flight,
    azimuth: best.azimuth,
    missDistance: best.miss,
    targetDistance: shooter.distance,
    shape: shape(best.x),
    evaluations,
    maxRangeEvaluations,
  };
}

function outOfRange(maxRange: number, distance: number, evaluations: number): AimResult {
  return {
    ok: false,
    reason: 'out-of-range',
    message: `out of range: maximum ${km(maxRange)} on the target's bearing, target at ${km(distance)}`,
    maxRange,
    targetDistance: distance,
    evaluations,
  };
}

/** Shaping parameters of a staged rocket: pitch-over angle (rad) and thrust cutoff time (s). */
type RocketShape = readonly [pitch: number, cutoff: number];

/**
 * Aim a staged rocket from `site` at `target`. Minimum-energy: the burn is cut short and the
 * pitch-over set so that the burnout flight-path angle (ground-relative) is the minimum-energy
 * angle of the closed form for the range and the actual burnout altitude (near the optimum the
 * energy needed is flat in the angle, so this is the least-energy trajectory to well within the
 * model's fidelity). Lofted or depressed: the full burn with the pitch-over on the steep or flat
 * side of the maximum-range one; or, given an apogee, flight time or burnout angle, that
 * condition met with the burn cut short.
 */
export function aimRocket(
  rocket: Rocket,
  site: Geodetic,
  target: Geodetic,
  family: TrajectoryFamily,
  earth: EarthModel,
  options: AimOptions & { readonly constraint?: ShapeConstraint } = {},
): AimResult {
  const tol = options.missTolerance ?? 100;
  const flightOptions: FlightOptions = { ...options, history: 'events' };
  const full = boostDuration(rocket);
  const shaped = (pitch: number, cutoff: number) => {
    const r = { ...rocket, guidance: { ...rocket.guidance, pitchoverAngle: pitch } };
    return cutoff >= full ? r : withThrustCutoff(r, cutoff);
  };
  const shooter = new Shooter<RocketShape>(site, target, earth, (az, [pitch, cutoff]) =>
    flyRocket(shaped(pitch, cutoff), { site, azimuth: az }, earth, flightOptions),
  );
  const constraint = options.constraint ?? {};
  const hasConstraint =
    constraint.apogee !== undefined ||
    constraint.flightTime !== undefined ||
    constraint.flightPathAngle !== undefined;
  const budget = 30;
  // On the target's bearing, as `range --to` reports it (not along the last azimuth tried).
  const maxRange = () =>
    maximumRangeToward(site, target, earth, (az) =>
      maximumRangeOfRocket(rocket, site, az, earth, flightOptions),
    );

  if (family === 'min-energy' || hasConstraint) {
    // Condition besides the down-range error: the burnout angle, apogee or flight time.
    const r2 = earth.ellipsoid.a;
    const condition = (f: FlightResult): number => {
      const s = f.summary;
      if (family === 'min-energy') {
        const b = s.burnout;
        if (!b) return 0;
        const best = minimumEnergyBurnout(r2 + Math.max(0, b.altitude), r2, shooter.distance / r2, earth.gm);
        return (b.relativeFlightPathAngle - best.flightPathAngle) / DEG;
      }
      if (constraint.apogee !== undefined) return (s.apogee.altitude - constraint.apogee) / 10e3;
      if (constraint.flightTime !== undefined) return (s.flightTime - constraint.flightTime) / 10;
      return ((s.burnout?.relativeFlightPathAngle ?? 0) - constraint.flightPathAngle!) / DEG;
    };
    const solved = solveTwoParameters(
      shooter,
      condition,
      [rocket.guidance.pitchoverAngle, full],
      full,
      tol,
      budget,
    );
    if (!solved) {
      const max = maxRange();
      if (max.range < shooter.distance)
        return outOfRange(max.range, shooter.distance, shooter.evaluations + max.evaluations);
      if (family === 'min-energy' && !hasConstraint && shooter.distance >= NEAR_MAXIMUM_RANGE * max.range) {
        // Within reach but past the cut-short family's reach: close to the maximum range the
        // minimum-energy trajectory is the full burn near the optimal pitch-over. Take the side
        // whose burnout angle moves toward the closed-form optimum.
        const side = condition(max.flight) > 0 ? 'depressed' : 'lofted';
        const spent = shooter.evaluations;
        const r = fullBurn(side, max, new Shooter<RocketShape>(site, target, earth, shooter.flyAt));
        return { ...r, evaluations: r.evaluations + spent };
      }
      const second = new Shooter<RocketShape>(site, target, earth, shooter.flyAt);
      if (solveByPitch(second, condition, full, tol)) {
        return result(
          second,
          ([pitch, cutoff]) => ({ pitchoverAngle: pitch, cutoffTime: cutoff }),
          shooter.evaluations + max.evaluations + second.evaluations,
          max.evaluations,
        );
      }
      return {
        ok: false,
        reason: 'no-solution',
        message: `no ${family} trajectory of this missile meets that condition at ${km(shooter.distance)}`,
        targetDistance: shooter.distance,
        evaluations: shooter.evaluations + max.evaluations + second.evaluations,
      };
    }
    return result(
      shooter,
      ([pitch, cutoff]) => ({ pitchoverAngle: pitch, cutoffTime: cutoff }),
      shooter.evaluations,
      0,
    );
  }

  // Full burn: the pitch-over on one side of the maximum-range one.
  const max = maxRange();
  if (max.range < shooter.distance) return outOfRange(max.range, shooter.distance, max.evaluations);
  return fullBurn(family, max, shooter);

  function fullBurn(
    family: 'lofted' | 'depressed',
    max: MaximumRange,
    shooter: Shooter<RocketShape>,
  ): AimResult {
    const pitchStar = max.shape;
    const end = family === 'lofted' ? 0.5 * DEG : 85 * DEG;
    const sEnd = shooter.shoot([end, full]);
    if (sEnd.down > 0) {
      return {
        ok: false,
        reason: 'no-solution',
        message: `no ${family} trajectory reaches only ${km(shooter.distance)}: even the extreme pitch-over overshoots`,
        targetDistance: shooter.distance,
        evaluations: shooter.evaluations + max.evaluations,
      };
    }
    const onPitch = {
      shoot: (pitch: number) => shooter.shoot([pitch, full]),
      get evaluations() {
        return shooter.evaluations;
      },
    };
    closeOnTarget(onPitch, end, pitchStar, sEnd.down, max.range - shooter.distance, tol, budget);
    return result(
      shooter,
      ([pitch]) => ({ pitchoverAngle: pitch }),
      shooter.evaluations + max.evaluations,
      max.evaluations,
    );
  }
}

/**
 * The slower, sturdier way to meet both conditions when Broyden's method strays (measured: 3 of
 * 20 random iran-icbm pairs, whose long liquid burn bends the residuals): for each pitch-over, the
 * cutoff that lands on the target (one-dimensional, the range grows with the burn); a coarse scan
 * of pitch-overs for a change of sign of `condition`, then an Illinois search between.
 */
function solveByPitch(
  shooter: Shooter<RocketShape>,
  condition: (f: FlightResult) => number,
  full: number,
  tol: number,
): boolean {
  const budget = 150;
  const met = 0.05; // as in solveTwoParameters: 0.05 deg, 500 m of apogee, 0.5 s
  shooter.score = (shot) => shot.miss + 10e3 * Math.abs(condition(shot.flight));
  // The condition on the trajectory that lands on the target with this pitch-over, if one does.
  const landed = (pitch: number): number | undefined => {
    const hi = shooter.shoot([pitch, full]);
    if (hi.miss <= tol) return condition(hi.flight);
    if (!(hi.down > 0)) return undefined; // even the full burn falls short
    const lo = shooter.shoot([pitch, 0.2 * full]);
    if (!(lo.down < 0)) return undefined;
    let last: Shot = lo;
    const onCutoff = {
      shoot: (cutoff: number) => {
        last = shooter.shoot([pitch, cutoff]);
        return last;
      },
      get evaluations() {
        return shooter.evaluations;
      },
    };
    closeOnTarget(onCutoff, 0.2 * full, full, lo.down, hi.down, tol, shooter.evaluations + 15);
    return last.miss <= tol ? condition(last.flight) : undefined;
  };
  let previous: { pitch: number; g: number } | undefined;
  let infeasible: number | undefined;
  for (const degrees of [0.5, 2, 5, 10, 20, 35, 50, 70, 85]) {
    if (shooter.evaluations > budget) return false;
    const pitch = degrees * DEG;
    const g = landed(pitch);
    if (g === undefined) {
      previous = undefined;
      infeasible = pitch;
      continue;
    }
    if (Math.abs(g) < met) return true;
    if (!previous && infeasible !== undefined) {
      // Just past the edge of what lands (the full burn falls short before it): the condition
      // may change sign between the edge and here. Bisect toward the edge for a bracket.
      let out = infeasible;
      let inside = pitch;
      for (let k = 0; k < 6 && shooter.evaluations < budget; k++) {
        const mid = 0.5 * (out + inside);
        const gm = landed(mid);
        if (gm === undefined) {
          out = mid;
          continue;
        }
        if (Math.abs(gm) < met) return true;
        if (gm * g < 0) {
          previous = { pitch: mid, g: gm };
          break;
        }
        inside = mid;
      }
      infeasible = undefined;
    }
    if (previous && previous.g * g < 0) {
      // Brent's method on the pitch-over (core/optimize); a pitch-over inside the bracket whose
      // cutoff cannot land ends the search.
      const offFamily = new Error('no landing cutoff');
      const conditionAt = (x: number): number => {
        const v = landed(x);
        if (v === undefined) throw offFamily;
        return v;
      };
      try {
        const root = findRoot(conditionAt, previous.pitch, pitch, previous.g, g, 1e-4 * DEG, met, 12);
        return Math.abs(root.value) < met;
      } catch (error) {
        if (error === offFamily) return false;
        throw error;
      }
    }
    previous = { pitch, g };
  }
  return false;
}

/**
 * Solve two conditions - the down-range error and `condition` - for the pitch-over angle and the
 * cutoff time by Broyden's method (finite-difference Jacobian to start, rank-one updates after),
 * the azimuth corrected by every shot. Steps are kept inside pitch in [0.5, 85] deg and cutoff in
 * [0.2, 1] of the full burn. Returns false when it cannot meet both.
 */
function solveTwoParameters(
  shooter: Shooter<RocketShape>,
  condition: (f: FlightResult) => number,
  start: RocketShape,
  full: number,
  tol: number,
  budget: number,
): boolean {
  const lo = [0.5 * DEG, 0.2 * full];
  const hi = [85 * DEG, full];
  const clamp = (x: number[]) => x.map((v, i) => Math.min(hi[i]!, Math.max(lo[i]!, v)));
  const residual = (x: number[]): [number, number] | undefined => {
    const s = shooter.shoot([x[0]!, x[1]!]);
    if (!Number.isFinite(s.down)) return undefined;
    return [s.down / 10e3, condition(s.flight)];
  };
  // The best shot both lands near the target and meets the condition (1 unit of it ~ 10 km).
  shooter.score = (shot) => shot.miss + 10e3 * Math.abs(condition(shot.flight));
  let x = clamp([start[0], start[1]]);
  let f = residual(x);
  if (!f) return false;
  // Finite-difference Jacobian: 2 deg of pitch-over, 5 % of the burn.
  const steps = [2 * DEG, -0.05 * full];
  const jac = [
    [0, 0],
    [0, 0],
  ] as [[number, number], [number, number]];
  for (let j = 0; j < 2; j++) {
    const xj = [...x];
    xj[j] = xj[j]! + steps[j]!;
    const fj = residual(clamp(xj));
    if (!fj) return false;
    for (let i = 0; i < 2; i++) jac[i]![j] = (fj[i]! - f[i]!) / steps[j]!;
  }
  const done = () =>
    shooter.best !== undefined && shooter.best.miss <= tol && Math.abs(condition(shooter.best.flight)) < 0.05;
  while (shooter.evaluations < budget && !done()) {
    const det = jac[0][0] * jac[1][1] - jac[0][1] * jac[1][0];
    if (!(Math.abs(det) > 0)) return false;
    const dx = [-(jac[1][1] * f[0] - jac[0][1] * f[1]) / det, -(-jac[1][0] * f[0] + jac[0][0] * f[1]) / det];
    const next = clamp([x[0]! + dx[0]!, x[1]! + dx[1]!]);
    const step = [next[0]! - x[0]!, next[1]! - x[1]!];
    if (Math.hypot(step[0]! / DEG, step[1]!) < 1e-9) return done();
    const fn = residual(next);
    if (!fn) return false;
    // Broyden's rank-one update with the step actually taken.
    const norm2 = step[0]! * step[0]! + step[1]! * step[1]!;
    for (let i = 0; i < 2; i++) {
      const predicted = jac[i as 0 | 1][0] * step[0]! + jac[i as 0 | 1][1] * step[1]!;
      const err = fn[i]! - f[i]! - predicted;
      jac[i as 0 | 1][0] += (err * step[0]!) / norm2;
      jac[i as 0 | 1][1] += (err * step[1]!) / norm2;
    }
    x = next;
    f = fn;
  }
  return done();
}

/**
 * The burnout state (speed and flight-path angle, relative to the ground, at `site.height`) that
 * joins `site` to `target`: the literature's standard calculation, on any Earth model.
 */
export function aimBurnout(
  site: Geodetic,
  target: Geodetic,
  family: TrajectoryFamily,
  earth: EarthModel,
  constraint: ShapeConstraint = {},
  vehicle?: ReentryVehicle,
  options: AimOptions = {},
): AimResult {
  const tol = options.missTolerance ?? 100;
  const flightOptions: FlightOptions = { ...options, history: 'events' };
  let evaluations = 0;
  const shooterFor = (gamma: number) =>
    new Shooter(site, target, earth, (az, v) =>
      flyFromBurnout({ site, speed: v, flightPathAngle: gamma, azimuth: az }, earth, vehicle, flightOptions),
    );
  // Speed that reaches the target at a given flight-path angle. Range grows with speed only until
  // the flight wraps far around the globe, so bracket upward from below, from the minimum-energy
  // speed of the closed form (a lower bound on a sphere), in steps of 10 %.
  const r1 = earth.ellipsoid.a + site.height;
  const r2 = earth.ellipsoid.a;
  const escapeSpeed = Math.sqrt((2 * earth.gm) / r1);
  const solveSpeed = (gamma: number): Shooter => {
    const shooter = shooterFor(gamma);
    const vMin = minimumEnergyBurnout(r1, r2, Math.max(1e-4, shooter.distance / r2), earth.gm).speed;
    let lo = 0.85 * vMin;
    let sLo = shooter.shoot(lo);
    for (let k = 0; k < 10 && sLo.down > 0; k++) {
      lo *= 0.7;
      sLo = shooter.shoot(lo);
    }
    let hi = lo;
    let sHi = sLo;
    for (let k = 0; k < 40 && !(sHi.down > 0) && hi < escapeSpeed; k++) {
      lo = hi;
      sLo = sHi;
      hi = Math.min(1.1 * hi, escapeSpeed);
      sHi = shooter.shoot(hi);
    }
    if (sLo.down < 0 && sHi.down > 0)
      closeOnTarget(shooter, lo, hi, sLo.down, sHi.down, tol, shooter.evaluations + 40);
    evaluations += shooter.evaluations;
    return shooter;
  };
  const speedOf = (s: Shooter) =>
    s.best && s.best.miss <= Math.max(tol, 1000) ? s.best.x : Number.POSITIVE_INFINITY;

  // The minimum-energy flight-path angle: the least speed over the angle.
  const me = minimize((g) => speedOf(solveSpeed(g)), 1 * DEG, 85 * DEG, 0.01 * DEG, 40);
  const gammaMe = me.x;
  const at = solveSpeed;
  const finish = (s: Shooter, gamma: number): AimResult =>
    result(s, (v) => ({ burnoutSpeed: v, flightPathAngle: gamma }), evaluations, 0);
  if (family === 'min-energy') return finish(at(gammaMe), gammaMe);

  const [lo, hi] = family === 'lofted' ? [gammaMe, 89 * DEG] : [-10 * DEG, gammaMe];
  if (constraint.flightPathAngle !== undefined) {
    const g = constraint.flightPathAngle;
    if (!(g >= lo && g <= hi)) {
      return {
        ok: false,
        reason: 'no-solution',
        message: `a ${family} trajectory to this target needs a flight-path angle ${family === 'lofted' ? 'above' : 'below'} ${(gammaMe / DEG).toFixed(1)} deg (the minimum-energy angle)`,
        targetDistance: shooterFor(0).distance,
        evaluations,
      };
    }
    return finish(at(g), g);
  }
  const quantity =
    constraint.apogee !== undefined
      ? 'apogee'
      : constraint.flightTime !== undefined
        ? 'flightTime'
        : undefined;
  if (!quantity) {
    return {
      ok: false,
      reason: 'no-solution',
      message: `a ${family} trajectory needs an apogee, a flight time or a burnout flight-path angle`,
      targetDistance: shooterFor(0).distance,
      evaluations,
    };
  }
  const wanted = quantity === 'apogee' ? constraint.apogee! : constraint.flightTime!;
  const measure = (s: Shooter) => {
    const sum = s.best!.flight.summary;
    return quantity === 'apogee' ? sum.apogee.altitude : sum.flightTime;
  };
  // Apogee and flight time grow with the flight-path angle at a fixed range.
  const fLo = measure(at(lo)) - wanted;
  const fHi = measure(at(hi)) - wanted;
  if (fLo * fHi > 0) {
    return {
      ok: false,
      reason: 'no-solution',
      message: `no ${family} trajectory to this target has that ${quantity === 'apogee' ? 'apogee' : 'flight time'}`,
      targetDistance: shooterFor(0).distance,
      evaluations,
    };
  }
  const root = findRoot(
    (g) => measure(at(g)) - wanted,
    lo,
    hi,
    fLo,
    fHi,
    1e-5 * DEG,
    quantity === 'apogee' ? 100 : 0.1,
    40,
  );
  return finish(at(root.x), root.x);
}

/** Fly a staged rocket once more on an aim's solution, keeping the full history. */
export function flyAimedRocket(
  rocket: Rocket,
  site: Geodetic,
  aim: Extract<AimResult, { ok: true }>,
  earth: EarthModel,
  options: FlightOptions = {},
): FlightResult {
  const s = aim.shape;
  let shaped: Rocket = { ...rocket, guidance: { ...rocket.guidance, pitchoverAngle: s.pitchoverAngle! } };
  if (s.cutoffTime !== undefined && s.cutoffTime < boostDuration(rocket))
    shaped = withThrustCutoff(shaped, s.cutoffTime);
  return flyRocket(shaped, { site, azimuth: aim.azimuth }, earth, { ...options, history: 'full' });
}
