import { IntegrationError } from '../core/errors.js';
import type { EventDetector, LocatedEvent } from './event.js';

/**
 * Adaptive embedded Runge-Kutta integration with dense output and event location.
 *
 * The step loop, step-size control, event location and failure checks are shared here; each
 * method (Dormand-Prince 5(4), Dormand-Prince 8(5,3)) supplies its tableau, error estimate and
 * continuous extension. Step control and the initial step follow E. Hairer, S. P. Norsett and
 * G. Wanner, "Solving Ordinary Differential Equations I", 2nd ed., sections II.4 and II.10.
 * Hand-written because no npm integrator fits (shared/STACK.md): allocation-free once built.
 */

/** Right-hand side dy/dt = f(t, y), written into `dydt`. Must not keep references to its arguments. */
export type RightHandSide = (t: number, y: Float64Array, dydt: Float64Array) => void;

export interface IntegratorOptions {
  /** Relative tolerance (dimensionless). */
  readonly rtol: number;
  /** Absolute tolerance, one for all components or one per component (state units). */
  readonly atol: number | Float64Array;
  /** Largest step (s). Default unlimited. */
  readonly maxStep?: number;
  /** Budget of accepted plus rejected steps before failing instead of hanging. Default 1e6. */
  readonly maxSteps?: number;
  /** Event times are located to within this (s). Default 1e-7 (0.7 mm at 7 km/s). */
  readonly eventTimeTolerance?: number;
}

export interface IntegrationResult {
  /** Time reached (s): tEnd, or the time of a stopping event. */
  readonly t: number;
  /** The stopping event, if one ended the integration. */
  readonly stoppedBy: LocatedEvent | undefined;
  /** Every event located, in time order, including the stopping one. */
  readonly events: LocatedEvent[];
}

/**
 * Called after every accepted step. The step covers [integrator.tOld, integrator.t] (cut short at
 * a stopping event) and `integrator.interpolate` gives the state anywhere inside it.
 */
export type StepObserver = (integrator: EmbeddedRungeKutta) => void;

/** Evaluates a method's continuous extension from its stored coefficients. */
export interface DenseEvaluator {
  /** Number of n-blocks of coefficients per step. */
  readonly blocks: number;
  /** State at theta = (t - tOld) / h in [0, 1], from coefficients at `offset`; writes `out`. */
  evaluate(coefficients: Float64Array, offset: number, n: number, theta: number, out: Float64Array): void;
}

/** Step-size controller parameters of a method. */
export interface StepControl {
  /** Exponent of the error in the step factor: 1 / (order of the error estimator + 1) less PI part. */
  readonly exponent: number;
  /** PI controller weight of the previous error (0 for a plain controller). */
  readonly beta: number;
  /** Smallest and largest step change per step. */
  readonly minFactor: number;
  readonly maxFactor: number;
  /** Order of the method, for the initial step estimate. */
  readonly order: number;
}

const SAFETY = 0.9;

export abstract class EmbeddedRungeKutta {
  /** State dimension. */
  readonly n: number;
  protected rtol = 0;
  protected readonly atol: Float64Array;
  private maxStep = Number.POSITIVE_INFINITY;
  private maxSteps = 1_000_000;
  private eventTol = 1e-7;

  /** Current time (s) and state after the last accepted step (or at a stopping event). */
  t = 0;
  readonly y: Float64Array;
  /** Start time (s) and full length (s) of the last accepted step, for dense output. */
  tOld = 0;
  hLast = 0;
  /** Counters since construction. */
  rhsEvaluations = 0;
  acceptedSteps = 0;
  rejectedSteps = 0;
  /** Start time of the integration in progress (s). */
  private tStart = 0;

  /** State at the start and end of the last accepted step. */
  protected readonly yOld: Float64Array;
  protected readonly yNew: Float64Array;
  protected readonly yTmp: Float64Array;
  private readonly yRoot: Float64Array;
  /** Dense-output coefficients of the last accepted step, built on demand. */
  private readonly dense: Float64Array;
  private denseReady = false;
  /** The right-hand side of the integration in progress (for lazily built dense output). */
  protected f: RightHandSide = () => {};

  protected constructor(
    n: number,
    options: IntegratorOptions,
    private readonly control: StepControl,
    readonly denseEvaluator: DenseEvaluator,
  ) {
    this.n = n;
    this.atol = new Float64Array(n);
    this.configure(options);
    this.y = new Float64Array(n);
    this.yOld = new Float64Array(n);
    this.yNew = new Float64Array(n);
    this.yTmp = new Float64Array(n);
    this.yRoot = new Float64Array(n);
    this.dense = new Float64Array(denseEvaluator.blocks * n);
  }

  /** Set the tolerances and limits (an integrator can be reused with new ones). */
  configure(options: IntegratorOptions): void {
    if (!(options.rtol > 0 && options.rtol < 1)) {
      throw new RangeError(`rtol must be in (0, 1), got ${options.rtol}`);
    }
    this.rtol = options.rtol;
    if (typeof options.atol === 'number') this.atol.fill(options.atol);
    else this.atol.set(options.atol);
    this.maxStep = options.maxStep ?? Number.POSITIVE_INFINITY;
    this.maxSteps = options.maxSteps ?? 1_000_000;
    this.eventTol = options.eventTimeTolerance ?? 1e-7;
  }

  /** Evaluate f at (t, y) into the method's first-stage slot. */
  protected abstract startStages(t: number): void;
  /** First stage derivative (f at the start of the next step). */
  protected abstract get firstStage(): Float64Array;
  /**
   * Attempt a step of length h from (t, y): compute yNew and the derivative at its end, and
   * return the scaled error norm (accept when <= 1).
   */
  protected abstract attempt(t: number, h: number): number;
  /** After acceptance, before the next attempt: make the end derivative the next first stage. */
  protected abstract advanceStages(): void;
  /** Fill dense-output coefficients for the last accepted step (yOld, yNew, stages intact). */
  protected abstract buildDense(out: Float64Array): void;

  /** Dense-output coefficients of the last accepted step. */
  get denseCoefficients(): Float64Array {
    if (!this.denseReady) {
      this.buildDense(this.dense);
      this.denseReady = true;
    }
    return this.dense;
  }

  /** State at time t inside the last accepted step [tOld, tOld + hLast]; writes into `out`. */
  interpolate(t: number, out: Float64Array): Float64Array {
    const theta = this.hLast === 0 ? 1 : (t - this.tOld) / this.hLast;
    this.denseEvaluator.evaluate(this.denseCoefficients, 0, this.n, theta, out);
    return out;
  }

  /** Scale of component i for the error norm: atol + rtol * max(|y_old|, |y_new|). */
  protected scale(i: number): number {
    return this.atol[i]! + this.rtol * Math.max(Math.abs(this.y[i]!), Math.abs(this.yNew[i]!));
  }

  /**
   * Integrate from (t0, y0) to tEnd (> t0), stopping early at a `stop` event. The final state is
   * in `this.y`, its time in `this.t`.
   */
  integrate(
    f: RightHandSide,
    t0: number,
    y0: Float64Array,
    tEnd: number,
    detectors: readonly EventDetector[] = [],
    observer?: StepObserver,
  ): IntegrationResult {
    if (!(tEnd > t0)) throw new RangeError(`tEnd (${tEnd}) must be after t0 (${t0})`);
    const { y, yOld, yNew } = this;
    this.f = f;
    y.set(y0);
    this.t = t0;
    this.tOld = t0;
    this.hLast = 0;
    this.denseReady = false;
    const events: LocatedEvent[] = [];
    const { exponent, beta, minFactor, maxFactor } = this.control;

    this.checkFinite(y, t0, 'initial state');
    this.startStages(t0);
    this.checkFinite(this.firstStage, t0, 'derivative');
    let h = Math.min(this.initialStep(t0, tEnd - t0), this.maxStep, tEnd - t0);
    let errOld = 1e-4;
    let rejectedLast = false;
    let steps = 0;
    let pendingAdvance = false;

    const gOld = new Float64Array(detectors.length);
    for (let j = 0; j < detectors.length; j++) gOld[j] = detectors[j]!.g(t0, y);
    this.tStart = t0;

    let t = t0;
    for (;;) {
      if (++steps > this.maxSteps) {
        throw new IntegrationError(
          `integrator exceeded ${this.maxSteps} steps without reaching t=${tEnd} s`,
          t,
        );
      }
      if (h < 16 * Number.EPSILON * Math.max(1, Math.abs(t))) {
        throw new IntegrationError(
          `integrator step size underflow at t=${t} s (stiff or singular problem)`,
          t,
        );
      }
      if (pendingAdvance) {
        this.advanceStages();
        pendingAdvance = false;
      }
      let last = false;
      if (t + 1.01 * h >= tEnd) {
        h = tEnd - t;
        last = true;
      }
      const err = this.attempt(t, h);
      if (!Number.isFinite(err)) {
        // A non-finite trial state: shrink hard and retry.
        this.rejectedSteps++;
        h *= 0.1;
        rejectedLast = true;
        continue;
      }
      if (err > 1) {
        this.rejectedSteps++;
        h *= Math.max(minFactor, SAFETY * err ** -exponent);
        rejectedLast = true;
        continue;
      }

      // Accepted.
      this.acceptedSteps++;
      const tNew = last ? tEnd : t + h;
      let factor = err === 0 ? maxFactor : SAFETY * err ** -exponent * errOld ** beta;
      factor = Math.min(maxFactor, Math.max(minFactor, factor));
      if (rejectedLast) factor = Math.min(factor, 1);
      errOld = Math.max(err, 1e-4);
      rejectedLast = false;
      yOld.set(y);
      y.set(yNew);
      this.tOld = t;
      this.hLast = tNew - t;
      this.denseReady = false;
      pendingAdvance = true;
      t = tNew;
      this.t = t;
      this.checkFinite(y, t, 'state');

      const stop = detectors.length > 0 ? this.locateEvents(detectors, gOld, events) : undefined;
      if (stop) {
        // The step is cut at the event; its dense output stays valid on [tOld, stop.time].
        this.t = stop.time;
        y.set(stop.state);
        observer?.(this);
        return { t: stop.time, stoppedBy: stop, events };
      }
      observer?.(this);
      if (last) return { t, stoppedBy: undefined, events };
      h = Math.min(h * factor, this.maxStep);
    }
  }

  /**
   * Check every detector for a sign change over the last accepted step; locate the roots on the
   * dense output and record them in time order up to the first `stop` event, which is returned.
   */
  private locateEvents(
    detectors: readonly EventDetector[],
    gOld: Float64Array,
    events: LocatedEvent[],
  ): LocatedEvent | undefined {
    let found: LocatedEvent[] | undefined;
    for (let j = 0; j < detectors.length; j++) {
      const det = detectors[j]!;
      const gA = gOld[j]!;
      const gB = det.g(this.t, this.y);
      gOld[j] = gB;
      if (gA === 0) {
        // Exactly zero where the integration starts: an event there if g leaves zero the watched
        // way (a flight that starts on the surface going down has impacted; one going up has
        // not), read on the dense output a little into the first step. Elsewhere a zero at a
        // step's start was the end of the step before, located then.
        if (this.tOld !== this.tStart) continue;
        const tNear = this.tOld + 0.01 * (this.t - this.tOld);
        const gNear = det.g(tNear, this.interpolate(tNear, this.yRoot));
        if (gNear === 0 || (det.direction === 1 && gNear < 0) || (det.direction === -1 && gNear > 0))
          continue;
        found ??= [];
        found.push({
          detector: det,
          time: this.tOld,
          state: this.interpolate(this.tOld, new Float64Array(this.n)),
        });
        continue;
      }
      if (gA * gB > 0 || gB === gA) continue;
      const rising = gB > gA;
      if ((det.direction === 1 && !rising) || (det.direction === -1 && rising)) continue;
      const time = this.findRoot(det, this.tOld, this.t, gA, gB);
      found ??= [];
      found.push({ detector: det, time, state: this.interpolate(time, new Float64Array(this.n)) });
    }
    if (!found) return undefined;
    found.sort((a, b) => a.time - b.time);
    for (const ev of found) {
      events.push(ev);
      if (ev.detector.action === 'stop') return ev;
    }
    return undefined;
  }

  /** Root of g on [a, b] by the Illinois variant of regula falsi, on the dense output. */
  private findRoot(det: EventDetector, a: number, b: number, ga: number, gb: number): number {
    if (gb === 0) return b;
    if (ga === 0) return a;
    let side = 0;
    for (let iter = 0; iter < 200 && Math.abs(b - a) > this.eventTol; iter++) {
      let c = (a * gb - b * ga) / (gb - ga);
      if (!(c > Math.min(a, b) && c < Math.max(a, b))) c = 0.5 * (a + b);
      const gc = det.g(c, this.interpolate(c, this.yRoot));
      if (gc === 0) return c;
      if (gc * gb < 0) {
        a = b;
        ga = gb;
        side = 0;
      } else if (side === -1) {
        ga *= 0.5;
      } else {
        side = -1;
      }
      b = c;
      gb = gc;
    }
    // The sign has changed by the later end of the bracket.
    return Math.max(a, b);
  }

  /** Hairer's initial step-size estimate (HINIT). */
  private initialStep(t0: number, span: number): number {
    const { n, y, yTmp, atol, rtol } = this;
    const f0 = this.firstStage;
    let dnf = 0;
    let dny = 0;
    for (let i = 0; i < n; i++) {
      const sk = atol[i]! + rtol * Math.abs(y[i]!);
      dnf += (f0[i]! / sk) ** 2;
      dny += (y[i]! / sk) ** 2;
    }
    let h = dnf <= 1e-10 || dny <= 1e-10 ? 1e-6 : Math.sqrt(dny / dnf) * 0.01;
    h = Math.min(h, span);
    for (let i = 0; i < n; i++) yTmp[i] = y[i]! + h * f0[i]!;
    const f1 = this.yRoot;
    this.f(t0 + h, yTmp, f1);
    this.rhsEvaluations++;
    let der2 = 0;
    for (let i = 0; i < n; i++) {
      const sk = atol[i]! + rtol * Math.abs(y[i]!);
      der2 += ((f1[i]! - f0[i]!) / sk) ** 2;
    }
    der2 = Math.sqrt(der2) / h;
    const der12 = Math.max(Math.abs(der2), Math.sqrt(dnf));
    const h1 = der12 <= 1e-15 ? Math.max(1e-6, h * 1e-3) : (0.01 / der12) ** (1 / this.control.order);
    return Math.min(100 * h, h1, span);
  }

  protected checkFinite(v: Float64Array, t: number, what: string): void {
    for (let i = 0; i < v.length; i++) {
      if (!Number.isFinite(v[i]!))
        throw new IntegrationError(`non-finite ${what} component ${i} at t=${t} s`, t);
    }
  }
}
