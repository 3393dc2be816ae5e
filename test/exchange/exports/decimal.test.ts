import { describe, expect, it } from 'vitest';
import { decimal, degrees, kilometres, kilometresCeil } from '../../../src/exchange/exports/decimal.js';

describe('export numbers', () => {
  it('writes bounded plain decimals, without trailing zeros, exponents or "-0"', () => {
    expect(decimal(152.5, 3)).toBe('152.5');
    expect(decimal(2_000_000, 0)).toBe('2000000');
    expect(decimal(1e-7, 6)).toBe('0');
    expect(decimal(-1e-7, 6)).toBe('0');
    expect(decimal(-0, 3)).toBe('0');
    expect(degrees(-1.4125e-320)).toBe('0');
    expect(degrees(35.1234567)).toBe('35.123457');
    expect(degrees(-179.9999999)).toBe('-180');
  });

  it('never writes NaN or Infinity', () => {
    expect(() => decimal(Number.NaN, 3)).toThrow(/finite/);
    expect(() => decimal(Number.POSITIVE_INFINITY, 3)).toThrow(/finite/);
    expect(() => kilometres(Number.NaN)).toThrow(/finite/);
  });

  it('writes kilometres from metres, rounded up to the metre where an area must not shrink', () => {
    expect(kilometresCeil(20_000)).toBe('20');
    expect(kilometresCeil(1_234.5)).toBe('1.235');
    expect(kilometresCeil(0.2)).toBe('0.001');
    expect(kilometres(2_034_500)).toBe('2034.5');
    expect(kilometres(1_234.4)).toBe('1.234');
  });
});
