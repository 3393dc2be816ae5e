import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../src/core/random.js';
import { drawSamples, quantileOf, spreadOf, type UncertainParameter } from '../../src/studies/sampling.js';

const triangle: UncertainParameter = { value: 7000, low: 5400, high: 9000, distribution: 'triangular' };

describe('drawing uncertain parameters', () => {
  it('uniform and triangular quantiles follow their closed forms', () => {
    const uniform = { ...triangle, distribution: 'uniform' as const };
    expect(quantileOf(uniform, 0)).toBe(5400);
    expect(quantileOf(uniform, 0.25)).toBeCloseTo(6300, 9);
    // Triangular: the CDF at the mode c is (c - a)/(b - a); its median (b > 2c - a here) is
    // b - sqrt((b - a)(b - c)/2).
    expect(quantileOf(triangle, (7000 - 5400) / (9000 - 5400))).toBeCloseTo(7000, 9);
    expect(quantileOf(triangle, 0.5)).toBeCloseTo(9000 - Math.sqrt((3600 * 2000) / 2), 9);
    expect(quantileOf(triangle, 0)).toBe(5400);
    expect(quantileOf(triangle, 1)).toBe(9000);
  });

  it('normal: mean at the nominal value, low and high at the 2.5th and 97.5th percentiles, never outside', () => {
    const normal = { ...triangle, value: 7200, distribution: 'normal' as const };
    expect(quantileOf(normal, 0.5)).toBeCloseTo(7200, 6);
    expect(quantileOf(normal, 0)).toBeCloseTo(5400, 0);
    expect(quantileOf(normal, 1)).toBeCloseTo(9000, 0);
    // One standard deviation above the mean, (9000 - 7200)/1.96, at the CDF 0.8413 of the
    // untruncated normal, i.e. u = (0.8413 - 0.025)/0.95 of the truncated one. The inverse
    // normal CDF used is good to about 2e-3 in z (the tolerance).
    const sigma = (9000 - 7200) / 1.959964;
    expect(Math.abs(quantileOf(normal, (0.841345 - 0.025) / 0.95) - (7200 + sigma))).toBeLessThan(
      0.003 * sigma,
    );
    for (let u = 0; u <= 1; u += 0.01) {
      const v = quantileOf(normal, u);
      expect(v).toBeGreaterThanOrEqual(5400);
      expect(v).toBeLessThanOrEqual(9000);
    }
  });

  it('normal with the nominal at an end: a half normal toward the other end, no pile of draws on the bound', () => {
    const atLow = { value: 138, low: 138, high: 151, distribution: 'normal' as const };
    // The median of a half normal truncated at 1.96 sigma (95 % of it) is where the normal's
    // distribution function is 0.5 + 0.95/4 = 0.7375: z = 0.6365 sigma.
    expect(quantileOf(atLow, 0.5)).toBeCloseTo(138 + (0.6365 / 1.96) * 13, 1);
    expect(quantileOf(atLow, 0)).toBeCloseTo(138, 6);
    expect(quantileOf(atLow, 1)).toBeCloseTo(151, 6);
    expect(quantileOf(atLow, 0.1)).toBeGreaterThan(138);
    const atHigh = { ...atLow, value: 151 };
    expect(quantileOf(atHigh, 0.5)).toBeCloseTo(151 - (0.6365 / 1.96) * 13, 1);
    expect(quantileOf(atHigh, 0.9)).toBeLessThan(151);
  });

  it('Latin hypercube: exactly one draw of every parameter in each of the n strata (McKay et al. 1979)', () => {
    const unit: UncertainParameter = { value: 0.5, low: 0, high: 1, distribution: 'uniform' };
    const n = 64;
    const draws = drawSamples([unit, unit, unit], n, seededRandom(3), 'latin-hypercube');
    for (let j = 0; j < 3; j++) {
      const strata = draws.map((d) => Math.floor(d[j]! * n)).sort((a, b) => a - b);
      expect(strata).toEqual(Array.from({ length: n }, (_, i) => i));
    }
    // Plain random sampling leaves strata empty (64 draws in 64 bins miss about n/e of them).
    const random = drawSamples([unit], n, seededRandom(3), 'random');
    expect(new Set(random.map((d) => Math.floor(d[0]! * n))).size).toBeLessThan(n);
  });

  it('the sample mean of a triangular parameter approaches (a + b + c)/3', () => {
    const draws = drawSamples([triangle], 2000, seededRandom(11), 'latin-hypercube');
    const mean = draws.reduce((s, d) => s + d[0]!, 0) / draws.length;
    // Stratified: the error of the mean is far below the 1.5 % of the range allowed here.
    expect(Math.abs(mean - (5400 + 9000 + 7000) / 3)).toBeLessThan(0.015 * 3600);
  });

  it('the same seed draws the same values, bit for bit', () => {
    const a = drawSamples([triangle, triangle], 20, seededRandom(7), 'latin-hypercube');
    const b = drawSamples([triangle, triangle], 20, seededRandom(7), 'latin-hypercube');
    expect(a).toEqual(b);
  });
});

describe('summarising answers', () => {
  it('median, mean and central interval of 1..n by linear interpolation of order statistics', () => {
    const n = 41;
    const values = Array.from({ length: n }, (_, i) => n - i); // any order
    const s = spreadOf(values, 0.9)!;
    expect(s.median).toBeCloseTo((n + 1) / 2, 12);
    expect(s.mean).toBeCloseTo((n + 1) / 2, 12);
    expect(s.low).toBeCloseTo(1 + 0.05 * (n - 1), 12);
    expect(s.high).toBeCloseTo(1 + 0.95 * (n - 1), 12);
    expect(s.count).toBe(n);
    expect(spreadOf([], 0.9)).toBeNull();
    // Between order statistics: the 0.05 quantile of 1..10 is 1 + 0.05 x 9 = 1.45 (NumPy's
    // default), where the nearest rank would give 1.
    expect(spreadOf([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 0.9)!.low).toBeCloseTo(1.45, 12);
  });
});
