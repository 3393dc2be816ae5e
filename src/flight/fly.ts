import { STANDARD_GRAVITY } from '../core/constants.js';
import { InputError } from '../core/errors.js';
import type { ECEF } from '../core/vector.js';
import { vec3 } from '../core/vector.js';
import type { EarthModel } from '../earth/earth-model.js';
import { ecefStateToEci, enuDirection, enuVectorToEcef } from '../earth/frames.js';
import { type Geodetic, geodeticToEcef } from '../earth/geodetic.js';
import { createIntegrator, type IntegratorMethod } from './create-integrator.js';
import { altitudeCrossingDetector, apogeeDetector, impactDetector } from './detectors.js';
import {
  type DragModel,
  makeRightHandSide,
  type PhaseForces,
  type RhsScratch,
  STATE_SIZE,
} from './equations-of-motion.js';
import type { EventDetector } from './event.js';
import { boostGuidanceAt, gravityTurn } from './guidance.js';
import type { EmbeddedRungeKutta } from './integrator.js';
import type { ReentryVehicle, Rocket } from './rocket.js';
import { liftoffMass, vacuumThrust } from './rocket.js';
import { type FlightSummary, summarize } from './summary.js';
import { type Trajectory, TrajectoryRecorder } from './trajectory.js';

/** How a flight is computed. */
export interface FlightOptions {
  /** Relative tolerance of the integrator (default 1e-10). */
  readonly rtol?: number;
  /** Integration method (default 'dop853'). */
  readonly method?: IntegratorMethod;
  /** Give up looking for impact after this long (s); default 4 h. */
  readonly maxFlightTime?: number;
  /** Height above the ellipsoid that counts as impact (m); default 0. */
  readonly impactAltitude?: number;
  /** Heights (m) whose crossings are logged as events. */
  readonly altitudeCrossings?: readonly number[];
  /** User-defined detectors, evaluated on every phase. */
  readonly detectors?: readonly EventDetector[];
}

export interface FlightResult {
  readonly trajectory: Trajectory;
  readonly summary: FlightSummary;
}

/** Where and toward which azimuth a rocket is launched. */
export interface LaunchPlan {
  /** Launch point (rad, rad, m above the ellipsoid). */
  readonly site: Geodetic;
  /** Launch azimuth (rad, clockwise from north). */
  readonly azimuth: number;
}

/** The literature's simplified missile: a burnout state above a launch point. */
export interface BurnoutState {
  /** Launch point under burnout (rad, rad); `height` is the burnout altitude (m). */
  readonly site: Geodetic;
  /** Burnout speed relative to the rotating Earth (m/s). */
  readonly speed: number;
  /** Burnout flight-path angle above the local horizontal, Earth-relative (rad). */
  readonly flightPathAngle: number;
  /** Azimuth of the Earth-relative velocity (rad, clockwise from north). */
  readonly azimuth: number;
}

interface Phase {
  readonly start: number;
  readonly end: number;
  readonly forces: PhaseForces;
  /** Events logged when the phase begins, and a state change (mass drop) applied then. */
  readonly enterEvents: readonly string[];
  readonly dropMass?: number;
}

const DEFAULT_MAX_FLIGHT_TIME = 4 * 3600;

/** Fly a staged rocket from liftoff to impact. */
export function flyRocket(
  rocket: Rocket,
  plan: LaunchPlan,
  earth: EarthModel,
  options: FlightOptions = {},
): FlightResult {
  const m0 = liftoffMass(rocket);
  const first = rocket.stages[0]!;
  const weight = m0 * STANDARD_GRAVITY;
  const thrust0 =
    vacuumThrust(first) * ((first.specificImpulseSeaLevel ?? first.specificImpulse) / first.specificImpulse);
  if (thrust0 <= weight) {
    throw new InputError(
      'stages[0]',
      `thrust ${(thrust0 / 1000).toFixed(1)} kN against liftoff weight ${(weight / 1000).toFixed(1)} kN`,
      'a thrust-to-weight ratio above 1 at liftoff',
    );
  }

  // Phase boundaries: ignitions, burnouts, coasts, and the guidance switches.
  const phases: Phase[] = [];
  const g = rocket.guidance;
  const switches = [g.verticalRiseTime, g.verticalRiseTime + g.pitchoverDuration];
  const maxTime = options.maxFlightTime ?? DEFAULT_MAX_FLIGHT_TIME;
  // A separation is applied (mass dropped, events logged) as the next phase begins.
  let separation: { events: string[]; mass: number } | undefined;
  const push = (phase: Omit<Phase, 'dropMass'>) => {
    phases.push(
      separation
        ? { ...phase, enterEvents: [...separation.events, ...phase.enterEvents], dropMass: separation.mass }
        : phase,
    );
    separation = undefined;
  };
  let t = 0;
  rocket.stages.forEach((stage, i) => {
    const bodyDrag: DragModel = {
      kind: 'body',
      area: (Math.PI * stage.diameter ** 2) / 4,
      table: stage.drag,
    };
    const burnout = t + stage.burnTime;
    const cuts = [t, ...switches.filter((s) => s > t && s < burnout), burnout];
    for (let k = 0; k + 1 < cuts.length; k++) {
      push({
        start: cuts[k]!,
        end: cuts[k + 1]!,
        forces: { stage, direction: boostGuidanceAt(cuts[k]!, g, plan.azimuth), drag: bodyDrag },
        enterEvents: k > 0 ? [] : i === 0 ? ['liftoff'] : [`stage-${i + 1}-ignition`],
      });
    }
    t = burnout;
    const last = i === rocket.stages.length - 1;
    separation = {
      events: last
        ? [`stage-${i + 1}-burnout`, 'burnout', 'reentry-vehicle-separation']
        : [`stage-${i + 1}-burnout`, `stage-${i + 1}-separation`],
      mass: stage.dryMass,
    };
    if (last) {
      const drag: DragModel = {
        kind: 'ballistic',
        ballisticCoefficient: rocket.reentryVehicle.ballisticCoefficient,
      };
      push({
        start: t,
        end: t + maxTime,
        forces: { stage: undefined, direction: gravityTurn, drag },
        enterEvents: [],
      });
    } else if (stage.coastAfter > 0) {
      const next = rocket.stages[i + 1]!;
      const drag: DragModel = { kind: 'body', area: (Math.PI * next.diameter ** 2) / 4, table: next.drag };
      push({
        start: t,
        end: t + stage.coastAfter,
        forces: { stage: undefined, direction: gravityTurn, drag },
        enterEvents: [],
      });
      t += stage.coastAfter;
    }
  });

  const site = geodeticToEcef(plan.site, earth.ellipsoid);
  const start = ecefStateToEci({ position: site, velocity: vec3<ECEF>(0, 0, 0) }, 0, earth.rotationRate);
  const y0 = Float64Array.of(...start.position, ...start.velocity, m0);
  return runPhases(phases, y0, earth, options, plan.site);
}

/** Fly from a burnout state to impact: the literature's simplified model. */
export function flyFromBurnout(
  state: BurnoutState,
  earth: EarthModel,
  vehicle?: ReentryVehicle,
  options: FlightOptions = {},
): FlightResult {
  const r = geodeticToEcef(state.site, earth.ellipsoid);
  const dir = enuVectorToEcef(enuDirection(state.azimuth, state.flightPathAngle), state.site);
  const v = vec3<ECEF>(dir[0] * state.speed, dir[1] * state.speed, dir[2] * state.speed);
  const s = ecefStateToEci({ position: r, velocity: v }, 0, earth.rotationRate);
  const y0 = Float64Array.of(...s.position, ...s.velocity, vehicle?.mass ?? 1);
  const drag: DragModel = vehicle
    ? { kind: 'ballistic', ballisticCoefficient: vehicle.ballisticCoefficient }
    : { kind: 'none' };
  const phases: Phase[] = [
    {
      start: 0,
      end: options.maxFlightTime ?? DEFAULT_MAX_FLIGHT_TIME,
      forces: { stage: undefined, direction: gravityTurn, drag },
      enterEvents: ['burnout'],
    },
  ];
  return runPhases(phases, y0, earth, options, { ...state.site, height: 0 });
}

function runPhases(
  phases: readonly Phase[],
  y0: Float64Array,
  earth: EarthModel,
  options: FlightOptions,
  launchPoint: Geodetic,
): FlightResult {
  const rtol = options.rtol ?? 1e-10;
  // Absolute floors: 0.1 mm, 0.1 um/s, 1 ug; the relative tolerance governs in practice.
  const atol = Float64Array.of(1e-4, 1e-4, 1e-4, 1e-7, 1e-7, 1e-7, 1e-6);
  const integrator = createIntegrator(options.method ?? 'dop853', STATE_SIZE, { rtol, atol });
  const detectors: EventDetector[] = [
    impactDetector(earth, options.impactAltitude ?? 0),
    apogeeDetector(earth),
    ...(options.altitudeCrossings ?? []).map((h) => altitudeCrossingDetector(earth, h)),
    ...(options.detectors ?? []),
  ];
  const recorder = new TrajectoryRecorder(integrator.denseEvaluator);
  const derivative = new Float64Array(STATE_SIZE);
  const scratch: RhsScratch = { geo: { lat: 0, lon: 0, height: 0 }, dynamicPressure: 0 };
  const mid = new Float64Array(STATE_SIZE);
  const y = Float64Array.from(y0);
  recorder.push(phases[0]!.start, y);
  let impacted = false;

  for (const phase of phases) {
    if (phase.dropMass !== undefined) y[6] = y[6]! - phase.dropMass;
    for (const name of phase.enterEvents) recorder.event(name, phase.start, y);
    if (phase.dropMass !== undefined) recorder.push(phase.start, y);
    const rhs = makeRightHandSide(earth, phase.forces, scratch);
    const observe = (step: EmbeddedRungeKutta) => {
      // Dynamic pressure at the step's midpoint and end (the RHS leaves it in the scratch).
      step.interpolate(0.5 * (step.tOld + step.t), mid);
      rhs(step.t, mid, derivative);
      if (scratch.dynamicPressure > recorder.maxDynamicPressure) {
        recorder.maxDynamicPressure = scratch.dynamicPressure;
        recorder.maxDynamicPressureTime = 0.5 * (step.tOld + step.t);
      }
      rhs(step.t, step.y, derivative);
      if (scratch.dynamicPressure > recorder.maxDynamicPressure) {
        recorder.maxDynamicPressure = scratch.dynamicPressure;
        recorder.maxDynamicPressureTime = step.t;
      }
      recorder.pushSegment(step.tOld, step.t, step.hLast, step.denseCoefficients);
      recorder.push(step.t, step.y);
    };
    const result = integrator.integrate(rhs, phase.start, y, phase.end, detectors, observe);
    y.set(integrator.y);
    for (const ev of result.events) recorder.event(ev.detector.name, ev.time, ev.state);
    if (result.stoppedBy?.detector.name === 'impact') {
      impacted = true;
      break;
    }
    if (result.stoppedBy) break; // a user detector asked to stop
  }
  const trajectory = recorder.finish(earth);
  return { trajectory, summary: summarize(trajectory, launchPoint, impacted) };
}
