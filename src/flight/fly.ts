import type { ECEF, ECI } from '../core/vector.js';
import { vec3 } from '../core/vector.js';
import type { EarthModel } from '../earth/earth-model.js';
import {
  ecefStateToEci,
  eciToEcef,
  enuDirection,
  enuVectorToEcef,
  type StateVector,
} from '../earth/frames.js';
import { ecefToGeodetic, type Geodetic, geodeticToEcef } from '../earth/geodetic.js';
import { acquireIntegrator, type IntegratorMethod, releaseIntegrator } from './create-integrator.js';
import { altitudeCrossingDetector, apogeeDetector, impactDetector } from './detectors.js';
import {
  type DragModel,
  dynamicPressure,
  makeRightHandSide,
  type PhaseForces,
  STATE_SIZE,
} from './equations-of-motion.js';
import type { EventDetector } from './event.js';
import { boostGuidanceAt, gravityTurn } from './guidance.js';
import type { EmbeddedRungeKutta } from './integrator.js';
import { LocalVertical } from './local-vertical.js';
import type { ReentryVehicle, Rocket } from './rocket.js';
import { liftoffMass } from './rocket.js';
import { type FlightSummary, summarize } from './summary.js';
import { type Trajectory, TrajectoryRecorder } from './trajectory.js';

/** How a flight is computed. */
export interface FlightOptions {
  /** Relative tolerance of the integrator (default 1e-10). */
  readonly rtol?: number;
  /**
   * What the trajectory keeps: 'full' (default) records every step with its dense output, so the
   * state is known at any time; 'events' keeps only the event states and the summary, for
   * studies that fly many trajectories and need their summaries alone.
   */
  readonly history?: 'full' | 'events';
  /** Absolute tolerances of [position (m), velocity (m/s), mass (kg)]; default [1e-4, 1e-7, 1e-6]. */
  readonly atol?: readonly [number, number, number];
  /**
   * Integration method (default 'auto': Dormand-Prince 5(4) under thrust or with the atmosphere,
   * whose layers make the forces only piecewise smooth; Dormand-Prince 8(5,3) otherwise).
   */
  readonly method?: IntegratorMethod | 'auto';
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
  /** Integrator work: right-hand-side evaluations, accepted and rejected steps. */
  readonly stats: {
    readonly rhsEvaluations: number;
    readonly acceptedSteps: number;
    readonly rejectedSteps: number;
  };
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
  return flyFromState(
    ecefStateToEci({ position: r, velocity: v }, 0, earth.rotationRate),
    earth,
    vehicle,
    options,
  );
}

/**
 * Coast from a given ECI state (position m, inertial velocity m/s) at t = 0 to impact, with the
 * vehicle's drag if given. The launch point for ground range is the point under the start.
 */
export function flyFromState(
  state: StateVector<ECI>,
  earth: EarthModel,
  vehicle?: ReentryVehicle,
  options: FlightOptions = {},
): FlightResult {
  const y0 = Float64Array.of(...state.position, ...state.velocity, vehicle?.mass ?? 1);
  const drag: DragModel = vehicle
    ? { kind: 'ballistic', ballisticCoefficient: vehicle.ballisticCoefficient }
    : { kind: 'none' };
  const start = ecefToGeodetic(eciToEcef(state.position, 0, earth.rotationRate), earth.ellipsoid);
  return runPhases(
    [
      {
        start: 0,
        end: options.maxFlightTime ?? DEFAULT_MAX_FLIGHT_TIME,
        forces: { stage: undefined, direction: gravityTurn, drag },
        enterEvents: ['burnout'],
      },
    ],
    y0,
    earth,
    options,
    { ...start, height: 0 },
  );
}

function runPhases(
  phases: readonly Phase[],
  y0: Float64Array,
  earth: EarthModel,
  options: FlightOptions,
  launchPoint: Geodetic,
): FlightResult {
  const rtol = options.rtol ?? 1e-10;
  // Absolute floors: 0.1 mm, 0.1 um/s, 1 mg; the relative tolerance governs in practice.
  const [ap, av, am] = options.atol ?? [1e-4, 1e-7, 1e-6];
  const atol = Float64Array.of(ap, ap, ap, av, av, av, am);
  const method = options.method ?? 'auto';
  const keepHistory = (options.history ?? 'full') === 'full';
  const integrators = new Map<IntegratorMethod, EmbeddedRungeKutta>();
  const startCounts = new Map<EmbeddedRungeKutta, [number, number, number]>();
  const integratorFor = (m: IntegratorMethod) => {
    let it = integrators.get(m);
    if (!it) {
      it = acquireIntegrator(m, STATE_SIZE, { rtol, atol });
      integrators.set(m, it);
      startCounts.set(it, [it.rhsEvaluations, it.acceptedSteps, it.rejectedSteps]);
    }
    return it;
  };
  // Shared by the detectors and the dynamic-pressure tracker: one height computation per state.
  const vertical = new LocalVertical(earth.ellipsoid);
  const detectors: EventDetector[] = [
    impactDetector(earth, options.impactAltitude ?? 0, vertical),
    apogeeDetector(earth, vertical),
    ...(options.altitudeCrossings ?? []).map((h) => altitudeCrossingDetector(earth, h, vertical)),
    ...(options.detectors ?? []),
  ];
  const recorder = new TrajectoryRecorder();
  // Largest dynamic pressure at the step ends; refined between the neighbouring steps afterwards.
  let coarseMaxQ = 0;
  let coarseMaxQTime = Number.NaN;
  const y = Float64Array.from(y0);
  recorder.push(phases[0]!.start, y);
  let impacted = false;

  for (const phase of phases) {
    if (phase.dropMass !== undefined) y[6] = y[6]! - phase.dropMass;
    for (const name of phase.enterEvents) recorder.event(name, phase.start, y);
    if (phase.dropMass !== undefined) recorder.push(phase.start, y);
    const rhs = makeRightHandSide(earth, phase.forces, vertical);
    const observe = (step: EmbeddedRungeKutta) => {
      // Largest dynamic pressure at the step ends; refined between steps after the flight.
      if (earth.atmosphere) {
        const q = dynamicPressure(step.y, earth, vertical.at(step.y).height);
        if (q > coarseMaxQ) {
          coarseMaxQ = q;
          coarseMaxQTime = step.t;
        }
      }
      if (keepHistory) {
        recorder.pushSegment(step.tOld, step.t, step.hLast, step.denseEvaluator, step.denseCoefficients);
        recorder.push(step.t, step.y);
      }
    };
    // 'auto': the 8th-order method where the forces are smooth (coasting with no atmosphere); the
    // 5th-order one under thrust or in the 1976 atmosphere, whose layers put kinks in the forces
    // that make a high-order method reject steps (measured: 1656 against 3129 evaluations for an
    // ICBM at rtol 1e-9, bench/).
    const smooth = phase.forces.stage === undefined && !earth.atmosphere;
    const integrator = integratorFor(method === 'auto' ? (smooth ? 'dop853' : 'dopri5') : method);
    const result = integrator.integrate(rhs, phase.start, y, phase.end, detectors, observe);
    y.set(integrator.y);
    if (!keepHistory) recorder.push(result.t, y);
    for (const ev of result.events) recorder.event(ev.detector.name, ev.time, ev.state);
    const stop = result.stoppedBy?.detector.name;
    if (stop === 'impact') {
      impacted = true;
      break;
    }
    if (stop !== undefined) break; // a user detector asked to stop
  }
  const trajectory = recorder.finish(earth);
  const maxQ = refineMaximumDynamicPressure(trajectory, coarseMaxQ, coarseMaxQTime, vertical);
  let rhsEvaluations = 0;
  let acceptedSteps = 0;
  let rejectedSteps = 0;
  for (const [m, it] of integrators) {
    const [e0, a0, r0] = startCounts.get(it)!;
    rhsEvaluations += it.rhsEvaluations - e0;
    acceptedSteps += it.acceptedSteps - a0;
    rejectedSteps += it.rejectedSteps - r0;
    releaseIntegrator(m, it);
  }
  return new LazySummaryResult(trajectory, { rhsEvaluations, acceptedSteps, rejectedSteps }, () =>
    summarize(trajectory, launchPoint, impacted, maxQ),
  );
}

/**
 * A flight's result whose summary (geodesic range, geodetic points: a fifth of a short flight's
 * cost) is computed on first use, then kept: inner loops (flyout fans, shooting) rarely read it.
 * A class, not an object literal with a getter, which V8 builds on a slow path.
 */
class LazySummaryResult implements FlightResult {
  private cached: FlightSummary | undefined;
  constructor(
    readonly trajectory: Trajectory,
    readonly stats: FlightResult['stats'],
    private readonly compute: () => FlightSummary,
  ) {}
  get summary(): FlightSummary {
    this.cached ??= this.compute();
    return this.cached;
  }
}

/**
 * The largest dynamic pressure (Pa) and its time (s): golden-section search on the dense output
 * between the steps around the largest step-end value (dynamic pressure has one peak there).
 */
function refineMaximumDynamicPressure(
  traj: Trajectory,
  coarse: number,
  coarseTime: number,
  vertical: LocalVertical,
): { value: number; time: number } {
  if (!(coarse > 0)) return { value: 0, time: 0 };
  if (!traj.hasHistory) return { value: coarse, time: coarseTime };
  const t = traj.columns.t;
  let i = 0;
  while (i < t.length - 1 && t[i]! < coarseTime) i++;
  let a = t[Math.max(0, i - 1)]!;
  let b = t[Math.min(t.length - 1, i + 1)]!;
  const state = new Float64Array(STATE_SIZE);
  const q = (time: number) => {
    traj.stateAt(time, state);
    return dynamicPressure(state, traj.earth, vertical.at(state).height);
  };
  const ratio = (Math.sqrt(5) - 1) / 2;
  let c = b - ratio * (b - a);
  let d = a + ratio * (b - a);
  let qc = q(c);
  let qd = q(d);
  for (let k = 0; k < 40 && b - a > 1e-6; k++) {
    if (qc > qd) {
      b = d;
      d = c;
      qd = qc;
      c = b - ratio * (b - a);
      qc = q(c);
    } else {
      a = c;
      c = d;
      qc = qd;
      d = a + ratio * (b - a);
      qd = q(d);
    }
  }
  const best = qc > qd ? { value: qc, time: c } : { value: qd, time: d };
  return best.value >= coarse ? best : { value: coarse, time: coarseTime };
}
