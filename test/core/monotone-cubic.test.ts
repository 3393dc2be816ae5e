import { describe, expect, it } from 'vitest';
import { evaluateMonotoneCubic, monotoneCubic } from '../../src/core/monotone-cubic.js';
import reference from '../reference/pchip-scipy.json' with { type: 'json' };

// Cross-check against an independent implementation: SciPy's PchipInterpolator (the values and
// the script that produced them are in test/reference).
describe('monotone cubic (PCHIP, Fritsch-Butland)', () => {
  it.each(reference.cases)('matches SciPy PchipInterpolator: $name (1e-12)', (c) => {
    const p = monotoneCubic(c.x, c.y);
    c.query.forEach((q, i) => {
      expect(Math.abs(evaluateMonotoneCubic(p, q) - c.value[i]!)).toBeLessThan(1e-12);
      // Derivative by central difference against SciPy's analytic derivative.
      const d = (evaluateMonotoneCubic(p, q + 1e-7) - evaluateMonotoneCubic(p, q - 1e-7)) / 2e-7;
      expect(Math.abs(d - c.derivative[i]!)).toBeLessThan(1e-6);
    });
  });

  it('passes through the nodes, is held constant outside, and never overshoots monotone data', () => {
    const x = [0, 1, 2, 4, 7];
    const y = [1, 1, 3, 3.5, 10];
    const p = monotoneCubic(x, y);
    for (const [i, xi] of x.entries()) expect(evaluateMonotoneCubic(p, xi)).toBe(y[i]);
    expect(evaluateMonotoneCubic(p, -5)).toBe(1);
    expect(evaluateMonotoneCubic(p, 50)).toBe(10);
    let previous = -Infinity;
    for (let v = 0; v <= 7; v += 0.01) {
      const f = evaluateMonotoneCubic(p, v);
      expect(f).toBeGreaterThanOrEqual(previous - 1e-12);
      previous = f;
    }
    // Flat between equal values: no bump.
    for (let v = 0; v <= 1; v += 0.05) expect(evaluateMonotoneCubic(p, v)).toBeCloseTo(1, 12);
  });

  it('is C1: the derivative is continuous across a node', () => {
    const p = monotoneCubic([0, 1, 2, 3], [0, 2, 3, 7]);
    const d = (v: number) => (evaluateMonotoneCubic(p, v + 1e-8) - evaluateMonotoneCubic(p, v - 1e-8)) / 2e-8;
    expect(Math.abs(d(1 - 1e-5) - d(1 + 1e-5))).toBeLessThan(1e-3);
  });
});
