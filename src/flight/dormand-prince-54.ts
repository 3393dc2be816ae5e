import { type DenseEvaluator, EmbeddedRungeKutta, type IntegratorOptions } from './integrator.js';

/**
 * Dormand-Prince 5(4): J. R. Dormand and P. J. Prince, "A family of embedded Runge-Kutta
 * formulae", J. Comp. Appl. Math. 6 (1980) 19-26; the continuous extension is Hairer's (DOPRI5's
 * CONTD5), 5 coefficient blocks per step, no extra evaluations.
 */

const C2 = 1 / 5;
const C3 = 3 / 10;
const C4 = 4 / 5;
const C5 = 8 / 9;
const A21 = 1 / 5;
const A31 = 3 / 40;
const A32 = 9 / 40;
const A41 = 44 / 45;
const A42 = -56 / 15;
const A43 = 32 / 9;
const A51 = 19372 / 6561;
const A52 = -25360 / 2187;
const A53 = 64448 / 6561;
const A54 = -212 / 729;
const A61 = 9017 / 3168;
const A62 = -355 / 33;
const A63 = 46732 / 5247;
const A64 = 49 / 176;
const A65 = -5103 / 18656;
const A71 = 35 / 384;
const A73 = 500 / 1113;
const A74 = 125 / 192;
const A75 = -2187 / 6784;
const A76 = 11 / 84;
const E1 = 71 / 57600;
const E3 = -71 / 16695;
const E4 = 71 / 1920;
const E5 = -17253 / 339200;
const E6 = 22 / 525;
const E7 = -1 / 40;
const D1 = -12715105075 / 11282082432;
const D3 = 87487479700 / 32700410799;
const D4 = -10690763975 / 1880347072;
const D5 = 701980252875 / 199316789632;
const D6 = -1453857185 / 822651844;
const D7 = 69997945 / 29380423;

export const DOPRI5_DENSE: DenseEvaluator = {
  blocks: 5,
  evaluate(c, o, n, theta, out) {
    const theta1 = 1 - theta;
    for (let i = 0; i < n; i++) {
      out[i] =
        c[o + i]! +
        theta *
          (c[o + n + i]! +
            theta1 * (c[o + 2 * n + i]! + theta * (c[o + 3 * n + i]! + theta1 * c[o + 4 * n + i]!)));
    }
  },
};

export class DormandPrince54 extends EmbeddedRungeKutta {
  private readonly k1: Float64Array;
  private readonly k2: Float64Array;
  private readonly k3: Float64Array;
  private readonly k4: Float64Array;
  private readonly k5: Float64Array;
  private readonly k6: Float64Array;
  private readonly k7: Float64Array;

  constructor(n: number, options: IntegratorOptions) {
    super(
      n,
      options,
      { exponent: 0.2 - 0.04 * 0.75, beta: 0.04, minFactor: 0.2, maxFactor: 10, order: 5 },
      DOPRI5_DENSE,
    );
    this.k1 = new Float64Array(n);
    this.k2 = new Float64Array(n);
    this.k3 = new Float64Array(n);
    this.k4 = new Float64Array(n);
    this.k5 = new Float64Array(n);
    this.k6 = new Float64Array(n);
    this.k7 = new Float64Array(n);
  }

  protected startStages(t: number): void {
    this.f(t, this.y, this.k1);
    this.rhsEvaluations++;
  }

  protected get firstStage(): Float64Array {
    return this.k1;
  }

  protected advanceStages(): void {
    this.k1.set(this.k7);
  }

  protected attempt(t: number, h: number): number {
    const { n, f, y, yTmp, yNew, k1, k2, k3, k4, k5, k6, k7 } = this;
    for (let i = 0; i < n; i++) yTmp[i] = y[i]! + h * A21 * k1[i]!;
    f(t + C2 * h, yTmp, k2);
    for (let i = 0; i < n; i++) yTmp[i] = y[i]! + h * (A31 * k1[i]! + A32 * k2[i]!);
    f(t + C3 * h, yTmp, k3);
    for (let i = 0; i < n; i++) yTmp[i] = y[i]! + h * (A41 * k1[i]! + A42 * k2[i]! + A43 * k3[i]!);
    f(t + C4 * h, yTmp, k4);
    for (let i = 0; i < n; i++)
      yTmp[i] = y[i]! + h * (A51 * k1[i]! + A52 * k2[i]! + A53 * k3[i]! + A54 * k4[i]!);
    f(t + C5 * h, yTmp, k5);
    for (let i = 0; i < n; i++) {
      yTmp[i] = y[i]! + h * (A61 * k1[i]! + A62 * k2[i]! + A63 * k3[i]! + A64 * k4[i]! + A65 * k5[i]!);
    }
    f(t + h, yTmp, k6);
    for (let i = 0; i < n; i++) {
      yNew[i] = y[i]! + h * (A71 * k1[i]! + A73 * k3[i]! + A74 * k4[i]! + A75 * k5[i]! + A76 * k6[i]!);
    }
    f(t + h, yNew, k7);
    this.rhsEvaluations += 6;
    let sum = 0;
    for (let i = 0; i < n; i++) {
      const e =
        (h * (E1 * k1[i]! + E3 * k3[i]! + E4 * k4[i]! + E5 * k5[i]! + E6 * k6[i]! + E7 * k7[i]!)) /
        this.scale(i);
      sum += e * e;
    }
    return Math.sqrt(sum / n);
  }

  protected buildDense(d: Float64Array): void {
    const { n, yOld, yNew, k1, k3, k4, k5, k6, k7 } = this;
    const h = this.hLast;
    for (let i = 0; i < n; i++) {
      const yDiff = yNew[i]! - yOld[i]!;
      const bspl = h * k1[i]! - yDiff;
      d[i] = yOld[i]!;
      d[n + i] = yDiff;
      d[2 * n + i] = bspl;
      d[3 * n + i] = yDiff - h * k7[i]! - bspl;
      d[4 * n + i] = h * (D1 * k1[i]! + D3 * k3[i]! + D4 * k4[i]! + D5 * k5[i]! + D6 * k6[i]! + D7 * k7[i]!);
    }
  }
}
