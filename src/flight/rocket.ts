import { STANDARD_GRAVITY } from '../core/constants.js';
import { InputError } from '../core/errors.js';
import { DEFAULT_MISSILE_DRAG, type DragTable } from './drag-table.js';

/**
 * A staged rocket: the hardware. How it is flown (launch point, azimuth, pitch-over) is the
 * flight plan, kept apart as in Thrusty (Forden's open missile program).
 */

/** One stage, burning at constant mass flow. All SI. */
export interface Stage {
  readonly name: string;
  /** Mass of the stage without propellant (kg), dropped at separation. */
  readonly dryMass: number;
  /** Propellant mass (kg), burnt at constant rate over the burn time. */
  readonly propellantMass: number;
  /** Specific impulse in vacuum (s). */
  readonly specificImpulse: number;
  /** Specific impulse at sea level (s); thrust then falls with ambient pressure. Default: vacuum value. */
  readonly specificImpulseSeaLevel?: number;
  /** Burn time (s). */
  readonly burnTime: number;
  /** Reference diameter for drag (m). */
  readonly diameter: number;
  /** Drag coefficient against Mach number, referred to pi d^2 / 4. */
  readonly drag: DragTable;
  /** Unpowered coast after this stage burns out and separates, before the next ignites (s). */
  readonly coastAfter: number;
}

/** The payload flown after the last stage separates: a reentry vehicle. */
export interface ReentryVehicle {
  /** Mass (kg). */
  readonly mass: number;
  /** Ballistic coefficient beta = m / (Cd A) (kg/m^2); drag acceleration is rho v^2 / (2 beta). */
  readonly ballisticCoefficient: number;
}

/**
 * Boost guidance: vertical rise, a pitch-over (kick) at constant rate toward the launch azimuth,
 * then a gravity turn with thrust along the velocity relative to the rotating atmosphere.
 */
export interface BoostGuidance {
  /** Vertical rise (s from liftoff). */
  readonly verticalRiseTime: number;
  /** Duration of the pitch-over (s). */
  readonly pitchoverDuration: number;
  /** Angle the thrust turns from the local vertical during the pitch-over (rad); shapes the trajectory. */
  readonly pitchoverAngle: number;
}

export interface Rocket {
  readonly name: string;
  readonly stages: readonly Stage[];
  readonly reentryVehicle: ReentryVehicle;
  readonly guidance: BoostGuidance;
}

/** Mass flow of a stage (kg/s). */
export function massFlow(stage: Stage): number {
  return stage.propellantMass / stage.burnTime;
}

/** Vacuum thrust of a stage (N). */
export function vacuumThrust(stage: Stage): number {
  return massFlow(stage) * STANDARD_GRAVITY * stage.specificImpulse;
}

/** Liftoff mass: every stage full plus the reentry vehicle (kg). */
export function liftoffMass(rocket: Rocket): number {
  return rocket.stages.reduce((m, s) => m + s.dryMass + s.propellantMass, rocket.reentryVehicle.mass);
}

/**
 * Ideal velocity (rocket equation, vacuum, no gravity, no drag): the sum over stages of
 * g0 Isp ln(m0 / m1) (m/s). Tsiolkovsky.
 */
export function idealDeltaV(rocket: Rocket): number {
  let above = rocket.reentryVehicle.mass;
  let dv = 0;
  for (let i = rocket.stages.length - 1; i >= 0; i--) {
    const s = rocket.stages[i]!;
    const m0 = above + s.dryMass + s.propellantMass;
    const m1 = above + s.dryMass;
    dv += STANDARD_GRAVITY * s.specificImpulse * Math.log(m0 / m1);
    above = m0;
  }
  return dv;
}

/** Total boost time: burns and coasts up to the last stage's burnout (s). */
export function boostDuration(rocket: Rocket): number {
  return rocket.stages.reduce(
    (t, s, i) => t + s.burnTime + (i < rocket.stages.length - 1 ? s.coastAfter : 0),
    0,
  );
}

export interface StageInput {
  readonly name?: string;
  readonly dryMass: number;
  readonly propellantMass: number;
  readonly specificImpulse: number;
  readonly specificImpulseSeaLevel?: number;
  /** Either the burn time (s) or the vacuum thrust (N). */
  readonly burnTime?: number;
  readonly thrust?: number;
  readonly diameter: number;
  readonly drag?: DragTable;
  readonly coastAfter?: number;
}

/** Build a stage from input, checking every value; throws InputError naming the field. */
export function makeStage(input: StageInput, path: string): Stage {
  // Plausibility bounds far beyond any missile, so a typo is caught as input, not by the integrator.
  positive(input.dryMass, `${path}.dryMass`, 'a dry mass in (0, 1e7] kg', 1e7);
  positive(input.propellantMass, `${path}.propellantMass`, 'a propellant mass in (0, 1e7] kg', 1e7);
  positive(input.specificImpulse, `${path}.specificImpulse`, 'a specific impulse in (0, 1000] s', 1000);
  positive(input.diameter, `${path}.diameter`, 'a diameter in (0, 50] m', 50);
  if (input.specificImpulseSeaLevel !== undefined) {
    positive(input.specificImpulseSeaLevel, `${path}.specificImpulseSeaLevel`, 'a specific impulse > 0 (s)');
    if (input.specificImpulseSeaLevel > input.specificImpulse) {
      throw new InputError(
        `${path}.specificImpulseSeaLevel`,
        input.specificImpulseSeaLevel,
        `at most the vacuum specific impulse ${input.specificImpulse} s`,
      );
    }
  }
  let burnTime: number;
  if (input.burnTime !== undefined && input.thrust !== undefined) {
    throw new InputError(`${path}.thrust`, input.thrust, 'either burnTime or thrust, not both');
  } else if (input.burnTime !== undefined) {
    positive(input.burnTime, `${path}.burnTime`, 'a burn time in (0, 10000] s', 1e4);
    burnTime = input.burnTime;
  } else if (input.thrust !== undefined) {
    positive(input.thrust, `${path}.thrust`, 'a thrust > 0 (N)');
    burnTime = (input.propellantMass * STANDARD_GRAVITY * input.specificImpulse) / input.thrust;
    positive(
      burnTime,
      `${path}.thrust`,
      `a thrust giving a burn time in (0, 10000] s (this one burns ${burnTime.toPrecision(3)} s)`,
      1e4,
    );
  } else {
    throw new InputError(`${path}.burnTime`, undefined, 'a burn time (s) or a thrust (N)');
  }
  const coastAfter = input.coastAfter ?? 0;
  if (!(Number.isFinite(coastAfter) && coastAfter >= 0 && coastAfter <= 1e4)) {
    throw new InputError(`${path}.coastAfter`, coastAfter, 'a coast time in [0, 10000] s');
  }
  return Object.freeze({
    name: input.name ?? path,
    dryMass: input.dryMass,
    propellantMass: input.propellantMass,
    specificImpulse: input.specificImpulse,
    ...(input.specificImpulseSeaLevel !== undefined
      ? { specificImpulseSeaLevel: input.specificImpulseSeaLevel }
      : {}),
    burnTime,
    diameter: input.diameter,
    drag: input.drag ?? DEFAULT_MISSILE_DRAG,
    coastAfter,
  });
}

export function makeRocket(
  name: string,
  stages: readonly StageInput[],
  reentryVehicle: ReentryVehicle,
  guidance: BoostGuidance,
): Rocket {
  if (stages.length === 0) throw new InputError('stages', stages, 'at least one stage');
  const built = stages.map((s, i) => makeStage(s, `stages[${i}]`));
  const last = built.length - 1;
  if (built[last]!.coastAfter > 0) {
    throw new InputError(
      `stages[${last}].coastAfter`,
      built[last]!.coastAfter,
      '0 on the last stage (after it the reentry vehicle flies)',
    );
  }
  positive(reentryVehicle.mass, 'reentryVehicle.mass', 'a mass in (0, 1e5] kg', 1e5);
  positive(
    reentryVehicle.ballisticCoefficient,
    'reentryVehicle.ballisticCoefficient',
    'a ballistic coefficient in (0, 1e6] kg/m^2',
    1e6,
  );
  nonNegative(guidance.verticalRiseTime, 'guidance.verticalRiseTime', 'a time in [0, 1000] s');
  nonNegative(guidance.pitchoverDuration, 'guidance.pitchoverDuration', 'a time in [0, 1000] s');
  if (
    !(
      Number.isFinite(guidance.pitchoverAngle) &&
      guidance.pitchoverAngle >= 0 &&
      guidance.pitchoverAngle < Math.PI / 2
    )
  ) {
    throw new InputError('guidance.pitchoverAngle', guidance.pitchoverAngle, 'an angle in [0, 90) deg');
  }
  const rocket: Rocket = Object.freeze({ name, stages: Object.freeze(built), reentryVehicle, guidance });
  // It must leave the pad: thrust at sea level above the liftoff weight.
  const first = built[0]!;
  const thrust =
    massFlow(first) * STANDARD_GRAVITY * (first.specificImpulseSeaLevel ?? first.specificImpulse);
  const weight = liftoffMass(rocket) * STANDARD_GRAVITY;
  if (!(thrust > weight)) {
    throw new InputError(
      'stages[0]',
      `sea-level thrust ${formatForce(thrust)} against liftoff weight ${formatForce(weight)}`,
      'a thrust-to-weight ratio above 1 at liftoff (more propellant per second, or less mass)',
    );
  }
  return rocket;
}

function formatForce(n: number): string {
  return n >= 1e3 ? `${(n / 1000).toFixed(1)} kN` : `${n.toFixed(1)} N`;
}

function positive(v: number, path: string, expected: string, max = Number.POSITIVE_INFINITY): void {
  if (!(Number.isFinite(v) && v > 0 && v <= max)) throw new InputError(path, v, expected);
}

function nonNegative(v: number, path: string, expected: string): void {
  if (!(Number.isFinite(v) && v >= 0 && v <= 1000)) throw new InputError(path, v, expected);
}
