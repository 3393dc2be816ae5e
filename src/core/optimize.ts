/**
 * One-dimensional minimisation and root finding on expensive functions (each evaluation flies a
 * trajectory), so evaluation counts matter: R. P. Brent, "Algorithms for Minimization without
 * Derivatives" (1973), chapters 4 and 5, in the form of Numerical Recipes' `brent` and `zbrent`.
 * Written here because the few npm optimisers either allocate per call, lack evaluation counts,
 * or are unmaintained; these are short and standard.
 */

export interface Minimum {
  /** Abscissa of the minimum. */
  readonly x: number;
  /** Function value there. */
  readonly value: number;
  /** Function evaluations used. */
  readonly evaluations: number;
}

const GOLDEN = 0.381966011250105; // (3 - sqrt(5)) / 2

/** Minimum of f on [a, b] to an absolute tolerance in x (Brent's parabolic/golden-section method). */
export function minimize(
  f: (x: number) => number,
  a: number,
  b: number,
  tol: number,
  maxEvaluations = 100,
): Minimum {
  let x = a + GOLDEN * (b - a);
  let w = x;
  let v = x;
  let fx = f(x);
  let fw = fx;
  let fv = fx;
  let evaluations = 1;
  let d = 0;
  let e = 0;
  while (evaluations < maxEvaluations) {
    const m = 0.5 * (a + b);
    const tol1 = tol + 1e-10 * Math.abs(x);
    const tol2 = 2 * tol1;
    if (Math.abs(x - m) <= tol2 - 0.5 * (b - a)) break;
    let golden = true;
    if (Math.abs(e) > tol1) {
      // Parabola through x, w, v.
      const r = (x - w) * (fx - fv);
      let q = (x - v) * (fx - fw);
      let p = (x - v) * q - (x - w) * r;
      q = 2 * (q - r);
      if (q > 0) p = -p;
      else q = -q;
      if (Math.abs(p) < Math.abs(0.5 * q * e) && p > q * (a - x) && p < q * (b - x)) {
        e = d;
        d = p / q;
        const u = x + d;
        if (u - a < tol2 || b - u < tol2) d = x < m ? tol1 : -tol1;
        golden = false;
      }
    }
    if (golden) {
      e = x < m ? b - x : a - x;
      d = GOLDEN * e;
    }
    const u = Math.abs(d) >= tol1 ? x + d : x + (d > 0 ? tol1 : -tol1);
    const fu = f(u);
    evaluations++;
    if (fu <= fx) {
      if (u < x) b = x;
      else a = x;
      v = w;
      fv = fw;
      w = x;
      fw = fx;
      x = u;
      fx = fu;
    } else {
      if (u < x) a = u;
      else b = u;
      if (fu <= fw || w === x) {
        v = w;
        fv = fw;
        w = u;
        fw = fu;
      } else if (fu <= fv || v === x || v === w) {
        v = u;
        fv = fu;
      }
    }
  }
  return { x, value: fx, evaluations };
}

export interface Root {
  readonly x: number;
  readonly value: number;
  readonly evaluations: number;
}

/**
 * Root of f in [a, b], where f(a) and f(b) (given, to save evaluations) have opposite signs, to
 * an absolute tolerance in x or |f| <= fTol (Brent's method: bisection, secant, inverse quadratic).
 */
export function findRoot(
  f: (x: number) => number,
  a: number,
  b: number,
  fa: number,
  fb: number,
  tol: number,
  fTol = 0,
  maxEvaluations = 100,
): Root {
  if (fa * fb > 0) throw new RangeError('findRoot: the bracket does not change sign');
  let c = b;
  let fc = fb;
  let d = 0;
  let e = 0;
  let evaluations = 0;
  for (;;) {
    if ((fb > 0 && fc > 0) || (fb < 0 && fc < 0)) {
      c = a;
      fc = fa;
      d = b - a;
      e = d;
    }
    if (Math.abs(fc) < Math.abs(fb)) {
      a = b;
      b = c;
      c = a;
      fa = fb;
      fb = fc;
      fc = fa;
    }
    const tol1 = 2 * Number.EPSILON * Math.abs(b) + 0.5 * tol;
    const xm = 0.5 * (c - b);
    if (Math.abs(xm) <= tol1 || Math.abs(fb) <= fTol || evaluations >= maxEvaluations) {
      return { x: b, value: fb, evaluations };
    }
    if (Math.abs(e) >= tol1 && Math.abs(fa) > Math.abs(fb)) {
      const s = fb / fa;
      let p: number;
      let q: number;
      if (a === c) {
        p = 2 * xm * s;
        q = 1 - s;
      } else {
        const qq = fa / fc;
        const r = fb / fc;
        p = s * (2 * xm * qq * (qq - r) - (b - a) * (r - 1));
        q = (qq - 1) * (r - 1) * (s - 1);
      }
      if (p > 0) q = -q;
      p = Math.abs(p);
      if (2 * p < Math.min(3 * xm * q - Math.abs(tol1 * q), Math.abs(e * q))) {
        e = d;
        d = p / q;
      } else {
        d = xm;
        e = d;
      }
    } else {
      d = xm;
      e = d;
    }
    a = b;
    fa = fb;
    b += Math.abs(d) > tol1 ? d : xm > 0 ? tol1 : -tol1;
    fb = f(b);
    evaluations++;
  }
}
