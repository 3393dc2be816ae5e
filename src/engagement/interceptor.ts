import { STANDARD_GRAVITY } from '../core/constants.js';
import { InputError } from '../core/errors.js';
import type { EarthModel } from '../earth/earth-model.js';
import { flyRocket } from '../flight/fly.js';
import { makeRocket, type Rocket, type StageInput } from '../flight/rocket.js';

/**
 * An interceptor: a booster (a staged rocket, from stage data or fitted to a burnout speed and
 * burn time), a kill vehicle with its divert capability and seeker, the altitudes it may
 * intercept at, and the delay from commit to first motion. SI units.
 */
export interface KillVehicle {
  /** Mass (kg). */
  readonly mass: number;
  /** Total lateral velocity change available for homing (m/s). */
  readonly divertVelocity: number;
  /** Range at which the seeker acquires the target (m). */
  readonly seekerAcquisitionRange: number;
  /**
   * Single-shot kill probability: the chance that one interceptor, fired at the right object,
   * destroys it (dimensionless, in [0, 1]). From the catalog's test records; absent when the
   * interceptor file gives none.
   */
  readonly singleShotKillProbability?: number;
}

export interface Interceptor {
  readonly id: string;
  readonly name: string;
  /** The booster carrying the kill vehicle (its reentry vehicle is the kill vehicle). */
  readonly booster: Rocket;
  /** The burnout speed the booster was built or fitted for (m/s, inertial, on the reference loft). */
  readonly burnoutSpeed: number;
  readonly killVehicle: KillVehicle;
  /** Lowest and highest intercept altitude (m). */
  readonly minInterceptAltitude: number;
  readonly maxInterceptAltitude: number;
  /** From commit to first motion (s). */
  readonly launchDelay: number;
}

/** Guidance of interceptor boosters: a short vertical rise, then a quick pitch-over. */
export const INTERCEPTOR_GUIDANCE = {
  verticalRiseTime: 2,
  pitchoverDuration: 8,
  pitchoverAngle: (40 * Math.PI) / 180,
};

/**
 * Reference loft on which a fitted booster reaches its burnout speed: the pitch-over angle above.
 * The burnout speed of a rocket depends on its trajectory (gravity and drag losses), so a
 * published burnout speed is matched on this one trajectory, launched due east from the equator
 * with the Earth's rotation removed from the figure (ground-relative speed).
 */
const REFERENCE_AZIMUTH = Math.PI / 2;

/** Assumptions of the fitted booster, each a typical value for solid motors (Sutton & Biblarz, ch. 14). */
export const SYNTHETIC_BOOSTER = {
  /** Vacuum specific impulse (s) and at sea level for the first stage (s). */
  specificImpulse: 285,
  specificImpulseSeaLevel: 255,
  /** Structural fraction: dry mass over loaded stage mass. */
  structuralFraction: 0.1,
};

export interface SyntheticBoosterInput {
  /** Ground-relative burnout speed to reach on the reference loft (m/s). */
  readonly burnoutSpeed: number;
  /** Total burn time (s), split equally between stages. */
  readonly burnTime: number;
  readonly stageCount: number;
  /** Kill vehicle mass (kg). */
  readonly payloadMass: number;
  /**
   * Launch mass (kg), when published: the stages are scaled to it, and what remains above the
   * last stage (kill vehicle, shroud, adapter) is the payload. Without it the payload is taken as
   * five kill-vehicle masses (shroud and adapter), an assumption stated in the catalog.
   */
  readonly launchMass?: number;
  /** Booster diameter (m). */
  readonly diameter: number;
}

/**
 * A booster fitted to a burnout speed and burn time, for comparisons in the literature's terms:
 * equal stages of typical solid motors whose ideal velocity is raised until the flown burnout
 * speed (ground-relative, on the reference loft, with gravity and drag) matches. Newton-like
 * iteration on the ideal velocity, a few flights.
 */
export function fitSyntheticBooster(
  input: SyntheticBoosterInput,
  earth: EarthModel,
  path = 'booster',
): Rocket {
  const { burnoutSpeed, burnTime, stageCount, payloadMass, diameter } = input;
  if (!(burnoutSpeed > 500 && burnoutSpeed <= 11e3))
    throw new InputError(`${path}.burnoutSpeed`, burnoutSpeed, 'a burnout speed in (0.5, 11] km/s');
  if (!(burnTime > 5 && burnTime <= 1000))
    throw new InputError(`${path}.burnTime`, burnTime, 'a burn time in (5, 1000] s');
  if (!(Number.isInteger(stageCount) && stageCount >= 1 && stageCount <= 4))
    throw new InputError(`${path}.stageCount`, stageCount, 'a whole number of stages from 1 to 4');
  const build = (idealDeltaV: number): Rocket => {
    const { specificImpulse, specificImpulseSeaLevel, structuralFraction: eps } = SYNTHETIC_BOOSTER;
    const perStage = idealDeltaV / stageCount;
    const massRatio = Math.exp(perStage / (STANDARD_GRAVITY * specificImpulse));
    if (!(eps * massRatio < 1)) {
      throw new InputError(
        `${path}.burnoutSpeed`,
        burnoutSpeed,
        `a speed ${stageCount} stages of typical solid motors can give (raise the stage count)`,
      );
    }
    // Stage masses for a unit payload; everything scales with the payload.
    const loaded: number[] = [];
    let above = 1;
    for (let i = stageCount - 1; i >= 0; i--) {
      // Loaded stage mass s with dry = eps s: (above + s) / (above + eps s) = massRatio.
      const stage = (above * (massRatio - 1)) / (1 - eps * massRatio);
      loaded.unshift(stage);
      above += stage;
    }
    // A published launch mass too small for the speed asked (typical motors cannot do it) would
    // leave less than the kill vehicle: the booster then grows to carry it, heavier than published.
    const payload = Math.max(
      payloadMass,
      input.launchMass !== undefined ? input.launchMass / above : 5 * payloadMass,
    );
    const stages: StageInput[] = loaded.map((m, i) => ({
      name: `stage ${i + 1} (fitted)`,
      dryMass: eps * m * payload,
      propellantMass: (1 - eps) * m * payload,
      specificImpulse,
      ...(i === 0 ? { specificImpulseSeaLevel } : {}),
      burnTime: burnTime / stageCount,
      diameter,
    }));
    return makeRocket(
      'fitted booster',
      stages,
      { mass: payload, ballisticCoefficient: 1e4 },
      INTERCEPTOR_GUIDANCE,
    );
  };
  const flown = (rocket: Rocket) => referenceBurnoutSpeed(rocket, earth, path);
  // Start from the speed plus a typical loss of 10 % and correct by the shortfall.
  let dv = 1.1 * burnoutSpeed;
  let rocket = build(dv);
  for (let k = 0; k < 8; k++) {
    const v = flown(rocket);
    if (Math.abs(v - burnoutSpeed) < 0.5) return rocket;
    dv += burnoutSpeed - v;
    rocket = build(dv);
  }
  // Not within 0.5 m/s after eight corrections: accept a close fit, refuse a poor one.
  const v = flown(rocket);
  if (!(Math.abs(v - burnoutSpeed) < 5)) {
    throw new InputError(
      `${path}.burnoutSpeed`,
      burnoutSpeed,
      `a burnout speed this booster can be fitted to (the fit reached ${v.toFixed(0)} m/s)`,
    );
  }
  return rocket;
}

/**
 * The burnout speed a booster reaches on the reference loft (ground-relative, m/s): the measure
 * in which burnout speeds are stated and fitted here.
 */
export function referenceBurnoutSpeed(rocket: Rocket, earth: EarthModel, path = 'booster'): number {
  const boost = rocket.stages.reduce((t, s) => t + s.burnTime + s.coastAfter, 0);
  const r = flyRocket(rocket, { site: { lat: 0, lon: 0, height: 0 }, azimuth: REFERENCE_AZIMUTH }, earth, {
    history: 'events',
    maxFlightTime: boost + 10,
  });
  const b = r.trajectory.event('burnout');
  if (!b) throw new InputError(`${path}.burnTime`, boost, 'a booster that burns out before it falls back');
  const w = earth.rotationRate;
  return Math.hypot(b.state[3]! + w * b.state[1]!, b.state[4]! - w * b.state[0]!, b.state[5]!);
}
