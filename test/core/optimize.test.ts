import { describe, expect, it } from 'vitest';
import { findRoot, minimize } from '../../src/core/optimize.js';

// Closed-form minima and roots (stated properties), with evaluation counts bounded as Brent's
// superlinear convergence promises on smooth functions.
describe('Brent minimisation', () => {
  it('finds the minimum of a parabola in fewer evaluations than golden section would need', () => {
    const m = minimize((x) => (x - 1.234) ** 2 + 5, -10, 10, 1e-8);
    expect(Math.abs(m.x - 1.234)).toBeLessThan(1e-7);
    expect(m.value).toBeCloseTo(5, 12);
    // Golden section alone needs log(20 / 1e-8) / log(1.618) = 44 evaluations.
    expect(m.evaluations).toBeLessThan(30);
  });

  it('finds the maximum of sin(2x) (the vacuum range law) at pi/4', () => {
    const m = minimize((x) => -Math.sin(2 * x), 0.01, 1.5, 1e-9);
    expect(Math.abs(m.x - Math.PI / 4)).toBeLessThan(1e-7);
    expect(m.evaluations).toBeLessThan(30);
  });
});

describe('Brent root finding', () => {
  it('finds the root of x^3 - 2 at the cube root of 2', () => {
    const f = (x: number) => x ** 3 - 2;
    const r = findRoot(f, 0, 3, f(0), f(3), 1e-12);
    expect(Math.abs(r.x - Math.cbrt(2))).toBeLessThan(1e-11);
    expect(r.evaluations).toBeLessThan(15);
  });

  it('stops early when |f| is within fTol', () => {
    const f = (x: number) => 1000 * (x - 0.3);
    const r = findRoot(f, 0, 1, f(0), f(1), 1e-15, 1);
    expect(Math.abs(f(r.x))).toBeLessThanOrEqual(1);
  });

  it('refuses a bracket without a sign change', () => {
    expect(() => findRoot((x) => x * x + 1, -1, 1, 2, 2, 1e-9)).toThrow(/bracket/);
  });
});
