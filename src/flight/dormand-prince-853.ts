import {
  dop853Dense,
  dop853ErrorSums,
  dop853Step,
  N_STAGES,
  N_STAGES_EXTENDED,
} from './dop853-kernels.generated.js';
import { type DenseEvaluator, EmbeddedRungeKutta, type IntegratorOptions } from './integrator.js';

/**
 * Dormand-Prince 8(5,3): 12 stages, 8th-order solution, error from 5th- and 3rd-order estimators,
 * and a 7th-order continuous extension that costs 3 more evaluations, made only when a step's
 * dense output is asked for (event location, trajectory recording). Hairer, Norsett & Wanner,
 * "Solving ODEs I", section II.10 (their DOP853). The stage loops are generated with the tableau
 * as literals (scripts/generate-dop853.py), as Hairer's Fortran writes them.
 */

/** Coefficient blocks: y_old, then F0..F6 of the continuous extension. */
export const DOP853_DENSE: DenseEvaluator = {
  blocks: 8,
  evaluate(c, o, n, x, out) {
    const x1 = 1 - x;
    for (let i = 0; i < n; i++) {
      // Horner form of SciPy's Dop853DenseOutput: alternate factors x and (1 - x), from F6 down to F0.
      let v = c[o + 7 * n + i]! * x;
      v = (v + c[o + 6 * n + i]!) * x1;
      v = (v + c[o + 5 * n + i]!) * x;
      v = (v + c[o + 4 * n + i]!) * x1;
      v = (v + c[o + 3 * n + i]!) * x;
      v = (v + c[o + 2 * n + i]!) * x1;
      v = (v + c[o + n + i]!) * x;
      out[i] = v + c[o + i]!;
    }
  },
};

export class DormandPrince853 extends EmbeddedRungeKutta {
  /** Stages K[0..15]: 12 stages, f(t+h, y_new) at 12, dense-output stages 13..15. */
  private readonly k: Float64Array[];
  private readonly sums = new Float64Array(2);
  private readonly scaleOf = (i: number) => this.scale(i);

  constructor(n: number, options: IntegratorOptions) {
    super(n, options, { exponent: 1 / 8, beta: 0, minFactor: 0.333, maxFactor: 6, order: 8 }, DOP853_DENSE);
    this.k = Array.from({ length: N_STAGES_EXTENDED }, () => new Float64Array(n));
  }

  protected startStages(t: number): void {
    this.f(t, this.y, this.k[0]!);
    this.rhsEvaluations++;
  }

  protected get firstStage(): Float64Array {
    return this.k[0]!;
  }

  protected advanceStages(): void {
    this.k[0]!.set(this.k[N_STAGES]!);
  }

  protected attempt(t: number, h: number): number {
    const { n } = this;
    dop853Step(this.f, t, h, n, this.y, this.yTmp, this.yNew, this.k);
    this.rhsEvaluations += N_STAGES;
    dop853ErrorSums(n, this.k, this.scaleOf, this.sums);
    const err5 = this.sums[0]!;
    const err3 = this.sums[1]!;
    if (err5 === 0 && err3 === 0) return 0;
    return (Math.abs(h) * err5) / Math.sqrt((err5 + 0.01 * err3) * n);
  }

  protected buildDense(out: Float64Array): void {
    dop853Dense(this.f, this.tOld, this.hLast, this.n, this.yOld, this.yNew, this.yTmp, this.k, out);
    this.rhsEvaluations += N_STAGES_EXTENDED - N_STAGES - 1;
  }
}
