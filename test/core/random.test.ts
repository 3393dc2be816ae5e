import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../src/core/random.js';

describe('seeded random numbers', () => {
  it('the same seed gives the same sequence; another seed another', () => {
    const a = seededRandom(42);
    const b = seededRandom(42);
    const c = seededRandom(43);
    const sa = Array.from({ length: 5 }, a);
    expect(Array.from({ length: 5 }, b)).toEqual(sa);
    expect(Array.from({ length: 5 }, c)).not.toEqual(sa);
  });

  it('is uniform on [0, 1): mean 1/2 and variance 1/12 within 4 standard errors over 100,000 draws', () => {
    const r = seededRandom(7);
    const n = 100_000;
    let sum = 0;
    let sum2 = 0;
    for (let i = 0; i < n; i++) {
      const x = r();
      expect(x >= 0 && x < 1).toBe(true);
      sum += x;
      sum2 += x * x;
    }
    const mean = sum / n;
    const variance = sum2 / n - mean * mean;
    expect(Math.abs(mean - 0.5)).toBeLessThan(4 * Math.sqrt(1 / 12 / n));
    expect(Math.abs(variance - 1 / 12)).toBeLessThan(4 * Math.sqrt(1 / 180 / n));
  });
});
