import { A_SPARSE, B, C, D, E3, E5, N_STAGES, N_STAGES_EXTENDED } from './dop853-coefficients.js';
import { type DenseEvaluator, EmbeddedRungeKutta, type IntegratorOptions } from './integrator.js';

/**
 * Dormand-Prince 8(5,3): 12 stages, 8th-order solution, error from 5th- and 3rd-order estimators,
 * and a 7th-order continuous extension that costs 3 more evaluations, made only when a step's
 * dense output is asked for (event location, trajectory recording). Hairer, Norsett & Wanner,
 * "Solving ODEs I", section II.10 (their DOP853).
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

  /** yTmp = base + h * sum_j a_sj K_j over the nonzero a_sj of row s. */
  private combine(s: number, base: Float64Array, h: number, out: Float64Array): void {
    const row = A_SPARSE[s]!;
    const n = this.n;
    for (let i = 0; i < n; i++) {
      let acc = 0;
      for (let r = 0; r < row.length; r++) {
        const entry = row[r]!;
        acc += entry[1] * this.k[entry[0]]![i]!;
      }
      out[i] = base[i]! + h * acc;
    }
  }

  protected attempt(t: number, h: number): number {
    const { n, f, y, yTmp, yNew, k } = this;
    for (let s = 1; s < N_STAGES; s++) {
      this.combine(s, y, h, yTmp);
      f(t + C[s]! * h, yTmp, k[s]!);
    }
    for (let i = 0; i < n; i++) {
      let acc = 0;
      for (let j = 0; j < N_STAGES; j++) acc += B[j]! * k[j]![i]!;
      yNew[i] = y[i]! + h * acc;
    }
    f(t + h, yNew, k[N_STAGES]!);
    this.rhsEvaluations += N_STAGES;
    let err5 = 0;
    let err3 = 0;
    for (let i = 0; i < n; i++) {
      let e5 = 0;
      let e3 = 0;
      for (let j = 0; j <= N_STAGES; j++) {
        const kj = k[j]![i]!;
        e5 += E5[j]! * kj;
        e3 += E3[j]! * kj;
      }
      const sk = this.scale(i);
      err5 += (e5 / sk) ** 2;
      err3 += (e3 / sk) ** 2;
    }
    if (err5 === 0 && err3 === 0) return 0;
    return (Math.abs(h) * err5) / Math.sqrt((err5 + 0.01 * err3) * n);
  }

  protected buildDense(out: Float64Array): void {
    const { n, f, yOld, yNew, yTmp, k } = this;
    const h = this.hLast;
    for (let s = N_STAGES + 1; s < N_STAGES_EXTENDED; s++) {
      this.combine(s, yOld, h, yTmp);
      f(this.tOld + C[s]! * h, yTmp, k[s]!);
    }
    this.rhsEvaluations += N_STAGES_EXTENDED - N_STAGES - 1;
    const fOld = k[0]!;
    const fNew = k[N_STAGES]!;
    for (let i = 0; i < n; i++) {
      const dy = yNew[i]! - yOld[i]!;
      out[i] = yOld[i]!;
      out[n + i] = dy;
      out[2 * n + i] = h * fOld[i]! - dy;
      out[3 * n + i] = 2 * dy - h * (fNew[i]! + fOld[i]!);
      for (let r = 0; r < 4; r++) {
        const dr = D[r]!;
        let acc = 0;
        for (let j = 0; j < N_STAGES_EXTENDED; j++) acc += dr[j]! * k[j]![i]!;
        out[(4 + r) * n + i] = h * acc;
      }
    }
  }
}
