import { findRoot, minimize } from '../core/optimize.js';
import type { EarthModel } from '../earth/earth-model.js';
import { geodesicInverse } from '../earth/geodesic.js';
import type { Geodetic } from '../earth/geodetic.js';
import { minimumEnergyBurnout } from './closed-form.js';
import { type FlightOptions, type FlightResult, flyFromBurnout, flyRocket } from './fly.js';
import { maximumRangeOfRocket } from './max-range.js';
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
class Shooter {
  azimuth: number;
  evaluations = 0;
  readonly distance: number;
  private readonly targetAzimuth: number;
  best: (Shot & { x: number; azimuth: number }) | undefined;

  constructor(
    private readonly site: Geodetic,
    private readonly target: Geodetic,
    private readonly earth: EarthModel,
    private readonly flyAt: (azimuth: number, x: number) => FlightResult,
  ) {
    const g = geodesicInverse(
      site.lat / DEG,
      site.lon / DEG,
      target.lat / DEG,
      target.lon / DEG,
      earth.ellipsoid,
    );
    this.distance = g.distance;
    this.targetAzimuth = g.azimuth1 * DEG;
    this.azimuth = this.targetAzimuth;
  }

  /** Fly shaping value x at the current azimuth; then correct the azimuth by the cross-track angle. */
  shoot(x: number): Shot {
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
    const toImpact = geodesicInverse(s.lat / DEG, s.lon / DEG, impact.lat / DEG, impact.lon / DEG, e);
    const miss = geodesicInverse(
      impact.lat / DEG,
      impact.lon / DEG,
      this.target.lat / DEG,
      this.target.lon / DEG,
      e,
    ).distance;
    const cross = Math.atan2(
      Math.sin(toImpact.azimuth1 * DEG - this.targetAzimuth),
      Math.cos(toImpact.azimuth1 * DEG - this.targetAzimuth),
    );
    const shot = { flight, down: toImpact.distance - this.distance, cross, miss };
    if (!this.best || miss < this.best.miss) this.best = { ...shot, x, azimuth };
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
  shooter: Shooter,
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
    if (Math.abs(b - a) < 1e-12 * Math.max(1, Math.abs(b))) return;
  }
}

function result(
  shooter: Shooter,
  shape: (x: number) => AimShape,
  evaluations: number,
  maxRangeEvaluations: number,
): AimResult {
  const best = shooter.best!;
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
    message: `out of range: maximum ${km(maxRange)} toward that azimuth, target at ${km(distance)}`,
    maxRange,
    targetDistance: distance,
    evaluations,
  };
}

/** Aim a staged rocket from `site` at `target`. */
export function aimRocket(
  rocket: Rocket,
  site: Geodetic,
  target: Geodetic,
  family: TrajectoryFamily,
  earth: EarthModel,
  options: AimOptions = {},
): AimResult {
  const tol = options.missTolerance ?? 100;
  const flightOptions: FlightOptions = { ...options, history: 'events' };
  const withShape = (pitch: number, cutoff?: number) => {
    const shaped = { ...rocket, guidance: { ...rocket.guidance, pitchoverAngle: pitch } };
    return cutoff === undefined || cutoff >= boostDuration(rocket)
      ? shaped
      : withThrustCutoff(shaped, cutoff);
  };
  const probe = new Shooter(site, target, earth, () => {
    throw new Error('unused');
  });
  const max = maximumRangeOfRocket(rocket, site, probe.azimuth, earth, flightOptions);
  if (max.range < probe.distance) return outOfRange(max.range, probe.distance, max.evaluations);
  const pitchStar = max.shape;
  const full = boostDuration(rocket);
  const budget = 30;

  if (family === 'min-energy') {
    const shooter = new Shooter(site, target, earth, (az, cutoff) =>
      flyRocket(withShape(pitchStar, cutoff), { site, azimuth: az }, earth, flightOptions),
    );
    // Full burn overshoots (max range >= distance); a burn cut at a fifth undershoots.
    const dHi = max.range - probe.distance;
    const lo = 0.2 * full;
    const sLo = shooter.shoot(lo);
    if (sLo.down > 0)
      return {
        ok: false,
        reason: 'no-solution',
        message: 'target too close for this missile even with an early cutoff',
        targetDistance: probe.distance,
        evaluations: shooter.evaluations + max.evaluations,
      };
    closeOnTarget(shooter, lo, full, sLo.down, dHi, tol, budget);
    return result(
      shooter,
      (c) => ({ pitchoverAngle: pitchStar, cutoffTime: c }),
      shooter.evaluations + max.evaluations,
      max.evaluations,
    );
  }
  const shooter = new Shooter(site, target, earth, (az, pitch) =>
    flyRocket(withShape(pitch), { site, azimuth: az }, earth, flightOptions),
  );
  // Lofted: steeper than the optimum (smaller pitch-over); depressed: flatter.
  const end = family === 'lofted' ? 0.5 * DEG : 85 * DEG;
  const sEnd = shooter.shoot(end);
  if (sEnd.down > 0) {
    return {
      ok: false,
      reason: 'no-solution',
      message: `no ${family} trajectory reaches only ${km(probe.distance)}: even the extreme pitch-over overshoots`,
      targetDistance: probe.distance,
      evaluations: shooter.evaluations + max.evaluations,
    };
  }
  closeOnTarget(shooter, end, pitchStar, sEnd.down, max.range - probe.distance, tol, budget);
  return result(
    shooter,
    (p) => ({ pitchoverAngle: p }),
    shooter.evaluations + max.evaluations,
    max.evaluations,
  );
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
