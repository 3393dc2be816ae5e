/**
 * Monotone piecewise-cubic Hermite interpolation (PCHIP): F. N. Fritsch and J. Butland, "A method
 * for constructing local monotone piecewise cubic interpolants", SIAM J. Sci. Stat. Comput. 5
 * (1984) 300-304 - the scheme of SciPy's PchipInterpolator, including its end conditions.
 *
 * Why here and by hand: tables (drag against Mach, the upper atmosphere) are evaluated inside the
 * integrator's right-hand side millions of times. Linear interpolation puts a kink at every node,
 * which makes a high-order integrator reject steps at each one; this interpolant is C1, keeps the
 * data's monotonicity (no overshoot), and costs a few multiplications, allocation-free. No npm
 * package offers that on Float64Array without per-call allocation.
 */
export interface MonotoneCubic {
  /** Nodes, strictly increasing. */
  readonly x: Float64Array;
  /** Values at the nodes. */
  readonly y: Float64Array;
  /** Derivatives at the nodes. */
  readonly slope: Float64Array;
}

/** Build the interpolant through (x[i], y[i]); x strictly increasing, at least 2 nodes. */
export function monotoneCubic(x: ArrayLike<number>, y: ArrayLike<number>): MonotoneCubic {
  const n = x.length;
  if (n < 2 || y.length !== n)
    throw new RangeError('monotoneCubic needs at least 2 nodes and as many values');
  const xs = Float64Array.from(x);
  const ys = Float64Array.from(y);
  const h = new Float64Array(n - 1);
  const delta = new Float64Array(n - 1);
  for (let i = 0; i < n - 1; i++) {
    h[i] = xs[i + 1]! - xs[i]!;
    if (!(h[i]! > 0)) throw new RangeError('monotoneCubic nodes must be strictly increasing');
    delta[i] = (ys[i + 1]! - ys[i]!) / h[i]!;
  }
  const slope = new Float64Array(n);
  if (n === 2) {
    slope[0] = delta[0]!;
    slope[1] = delta[0]!;
    return { x: xs, y: ys, slope };
  }
  for (let i = 1; i < n - 1; i++) {
    const d0 = delta[i - 1]!;
    const d1 = delta[i]!;
    if (d0 === 0 || d1 === 0 || Math.sign(d0) !== Math.sign(d1)) {
      slope[i] = 0;
    } else {
      // Weighted harmonic mean (Fritsch-Butland).
      const w1 = 2 * h[i]! + h[i - 1]!;
      const w2 = h[i]! + 2 * h[i - 1]!;
      slope[i] = (w1 + w2) / (w1 / d0 + w2 / d1);
    }
  }
  slope[0] = endSlope(h[0]!, h[1]!, delta[0]!, delta[1]!);
  slope[n - 1] = endSlope(h[n - 2]!, h[n - 3]!, delta[n - 2]!, delta[n - 3]!);
  return { x: xs, y: ys, slope };
}

/** One-sided three-point end derivative, made shape-preserving (SciPy's PchipInterpolator). */
function endSlope(h0: number, h1: number, d0: number, d1: number): number {
  const d = ((2 * h0 + h1) * d0 - h0 * d1) / (h0 + h1);
  if (Math.sign(d) !== Math.sign(d0)) return 0;
  if (Math.sign(d0) !== Math.sign(d1) && Math.abs(d) > Math.abs(3 * d0)) return 3 * d0;
  return d;
}

/** Evaluate in segment i (x[i] <= v <= x[i+1]). */
export function evaluateSegment(c: MonotoneCubic, i: number, v: number): number {
  const x0 = c.x[i]!;
  const hi = c.x[i + 1]! - x0;
  const t = (v - x0) / hi;
  const t2 = t * t;
  const t3 = t2 * t;
  return (
    (2 * t3 - 3 * t2 + 1) * c.y[i]! +
    (t3 - 2 * t2 + t) * hi * c.slope[i]! +
    (-2 * t3 + 3 * t2) * c.y[i + 1]! +
    (t3 - t2) * hi * c.slope[i + 1]!
  );
}

/** Evaluate anywhere: binary search for the segment; held constant beyond the end nodes. */
export function evaluateMonotoneCubic(c: MonotoneCubic, v: number): number {
  const xs = c.x;
  const last = xs.length - 1;
  if (!(v > xs[0]!)) return c.y[0]!;
  if (v >= xs[last]!) return c.y[last]!;
  let lo = 0;
  let hi = last;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (xs[mid]! <= v) lo = mid;
    else hi = mid;
  }
  return evaluateSegment(c, lo, v);
}
