import { probit, quantileSorted } from 'simple-statistics';

/**
 * Drawing uncertain parameters and summarising the answers, for uncertainty studies.
 *
 * A parameter has a nominal value inside a range [low, high] and a distribution over it:
 * - uniform on [low, high];
 * - triangular with its mode at the nominal value (the default for catalog ranges: the catalog's
 *   nominal is its best estimate, the ends are what the sources allow);
 * - normal: a split normal with its median at the nominal value and low and high as its 2.5th
 *   and 97.5th percentiles (each side its own spread), truncated to [low, high] so that no draw
 *   leaves the cited range; a nominal at one end gives a half normal toward the other.
 *
 * Latin hypercube sampling (M. D. McKay, R. J. Beckman and W. J. Conover, "A Comparison of Three
 * Methods for Selecting Values of Input Variables in the Analysis of Output from a Computer Code",
 * Technometrics 21(2), 1979, pp. 239-245) puts exactly one draw of every parameter in each of n
 * equally probable strata, so percentiles settle with fewer samples than plain random sampling.
 * Hand-written: it is a permutation per parameter and one uniform draw per stratum, and it must
 * use the scenario's seeded generator to be reproducible bit for bit.
 */

const Z975 = probit(0.975);

export type Distribution = 'uniform' | 'triangular' | 'normal';

export interface UncertainParameter {
  readonly value: number;
  readonly low: number;
  readonly high: number;
  readonly distribution: Distribution;
}

/** The value of a parameter at cumulative probability u in [0, 1] (the inverse distribution function). */
export function quantileOf(p: UncertainParameter, u: number): number {
  const { low, high, value } = p;
  if (!(high > low)) return value;
  switch (p.distribution) {
    case 'uniform':
      return low + u * (high - low);
    case 'triangular': {
      const c = (value - low) / (high - low);
      return u < c
        ? low + Math.sqrt(u * (high - low) * (value - low))
        : high - Math.sqrt((1 - u) * (high - low) * (high - value));
    }
    case 'normal': {
      // A split normal with its median at the nominal value: each side a half normal whose
      // 95th percentile of that side (the 2.5th or 97.5th of the whole) is its end, truncated
      // there. A nominal at one end leaves a half normal on the other side. Scaled by the same
      // probit's own 97.5th percentile, so that u = 0 and 1 land exactly on low and high
      // (simple-statistics' probit is good to about 2e-3 in z).
      const clamped = Math.min(Math.max(u, 0), 1);
      if (value <= low) return low + (probit(0.5 + 0.475 * clamped) / Z975) * (high - low);
      if (value >= high) return high - (probit(0.975 - 0.475 * clamped) / Z975) * (high - low);
      const z = probit(0.025 + 0.95 * clamped);
      const spread = z < 0 ? value - low : high - value;
      return Math.min(high, Math.max(low, value + (z / Z975) * spread));
    }
  }
}

/**
 * n draws of every parameter: `draws[i][j]` is parameter j in sample i. Random sampling draws each
 * u independently; Latin hypercube draws u from stratum π_j(i) of n for a random permutation π_j.
 */
export function drawSamples(
  parameters: readonly UncertainParameter[],
  n: number,
  random: () => number,
  method: 'latin-hypercube' | 'random',
): number[][] {
  const columns = parameters.map((p) => {
    if (method === 'random') return Array.from({ length: n }, () => quantileOf(p, random()));
    const strata = Array.from({ length: n }, (_, i) => i);
    for (let i = n - 1; i > 0; i--) {
      const k = Math.floor(random() * (i + 1));
      [strata[i], strata[k]] = [strata[k]!, strata[i]!];
    }
    return strata.map((s) => quantileOf(p, (s + random()) / n));
  });
  return Array.from({ length: n }, (_, i) => columns.map((c) => c[i]!));
}

/**
 * Median and central interval of a sample: linear interpolation between order statistics (as
 * NumPy's default `quantile`), so the 0.05 quantile of 1, 2, ..., n is 1 + 0.05 (n - 1).
 */
export interface Spread {
  readonly median: number;
  /** The mean: for a yes-or-no answer (1 or 0), the fraction of samples where it holds. */
  readonly mean: number;
  readonly low: number;
  readonly high: number;
  /** How many samples had this answer (a shot that was never possible has no window). */
  readonly count: number;
}

export function spreadOf(values: readonly number[], interval: number): Spread | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const tail = (1 - interval) / 2;
  return {
    median: quantileSorted(sorted, 0.5),
    mean: sorted.reduce((a, b) => a + b, 0) / sorted.length,
    low: quantileSorted(sorted, tail),
    high: quantileSorted(sorted, 1 - tail),
    count: sorted.length,
  };
}
