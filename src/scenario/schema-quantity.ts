import { z } from 'zod';
import { InputError } from '../core/errors.js';
import { type Dimension, expectation, parseQuantity } from './quantity.js';

/** Bounds on a quantity, in SI (radians for angles). */
export interface QuantityBounds {
  readonly gt?: number;
  readonly gte?: number;
  readonly lt?: number;
  readonly lte?: number;
  /** How the bounds read in messages, such as "> 0" or "in [-90, 90]". */
  readonly words: string;
}

/** A quantity to SI, or the expectation it failed (for error messages). */
function toSI(raw: unknown, dimension: Dimension, bounds?: QuantityBounds): number | { expected: string } {
  let si: number;
  try {
    si = parseQuantity(raw, dimension, '');
  } catch (e) {
    return { expected: e instanceof InputError ? expectation(dimension, bounds?.words) : String(e) };
  }
  if (
    bounds &&
    ((bounds.gt !== undefined && !(si > bounds.gt)) ||
      (bounds.gte !== undefined && !(si >= bounds.gte)) ||
      (bounds.lt !== undefined && !(si < bounds.lt)) ||
      (bounds.lte !== undefined && !(si <= bounds.lte)))
  ) {
    return { expected: expectation(dimension, bounds.words) };
  }
  return si;
}

/**
 * A schema field holding a quantity: an SI number or a string with a unit, converted to SI
 * (angles: bare numbers are degrees, the result radians).
 */
export function quantity(dimension: Dimension, bounds?: QuantityBounds) {
  return z.union([z.number(), z.string()]).transform((raw, ctx) => {
    const si = toSI(raw, dimension, bounds);
    if (typeof si !== 'number') {
      ctx.addIssue({ code: 'custom', message: si.expected, input: raw });
      return z.NEVER;
    }
    return si;
  });
}

const DEG = Math.PI / 180;
export const POSITIVE: QuantityBounds = { gt: 0, words: '> 0' };
export const NON_NEGATIVE: QuantityBounds = { gte: 0, words: '>= 0' };
export const LATITUDE: QuantityBounds = { gte: -90 * DEG, lte: 90 * DEG, words: 'in [-90, 90] deg' };
export const LONGITUDE: QuantityBounds = { gte: -180 * DEG, lte: 360 * DEG, words: 'in [-180, 360] deg' };

/** A parameter with its provenance: nominal value (SI), the spread where sources disagree, and the source key. */
export interface CitedValue {
  /** What the value measures, for display (SI units; angles in rad). */
  readonly dimension: Dimension;
  readonly value: number;
  readonly low?: number;
  readonly high?: number;
  /** Key into the file's `sources`, or `fit` for a value fitted to published figures. */
  readonly source?: string;
  readonly note?: string;
}

/**
 * A schema field for a parameter: either a plain quantity (user files) or a cited value object
 * `{ value, low?, high?, source, note? }` (catalog files), both read into a CitedValue in SI.
 */
export function param(dimension: Dimension, bounds?: QuantityBounds) {
  return z.unknown().transform((raw, ctx): CitedValue => {
    if (raw === undefined) {
      ctx.addIssue({
        code: 'custom',
        message: `a value (the field is required): ${expectation(dimension, bounds?.words)}`,
      });
      return z.NEVER;
    }
    if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
      const si = toSI(raw, dimension, bounds);
      if (typeof si === 'number') return { dimension, value: si };
      ctx.addIssue({
        code: 'custom',
        message: `${si.expected}, or a cited value { value, low, high, source }`,
        input: raw,
      });
      return z.NEVER;
    }
    const record = raw as Record<string, unknown>;
    const unknown = Object.keys(record).filter(
      (k) => !['value', 'low', 'high', 'source', 'note'].includes(k),
    );
    if (unknown.length > 0) {
      ctx.addIssue({
        code: 'custom',
        message: `no field ${unknown.map((k) => `"${k}"`).join(', ')} here (a cited value has value, low, high, source, note)`,
        path: [unknown[0]!],
        input: record[unknown[0]!],
      });
      return z.NEVER;
    }
    const out: { -readonly [K in keyof CitedValue]: CitedValue[K] } = { dimension, value: 0 };
    for (const key of ['value', 'low', 'high'] as const) {
      if (record[key] === undefined) {
        if (key === 'value') {
          ctx.addIssue({
            code: 'custom',
            message: `a value (the field is required): ${expectation(dimension, bounds?.words)}`,
            path: [key],
          });
          return z.NEVER;
        }
        continue;
      }
      const si = toSI(record[key], dimension, bounds);
      if (typeof si !== 'number') {
        ctx.addIssue({ code: 'custom', message: si.expected, path: [key], input: record[key] });
        return z.NEVER;
      }
      out[key] = si;
    }
    if (typeof record['source'] !== 'string' || record['source'] === '') {
      ctx.addIssue({
        code: 'custom',
        message: 'a source: a key of the file\'s sources, or "fit"',
        path: ['source'],
        input: record['source'],
      });
      return z.NEVER;
    }
    out.source = record['source'];
    if (record['note'] !== undefined) {
      if (typeof record['note'] !== 'string') {
        ctx.addIssue({ code: 'custom', message: 'a note as text', path: ['note'], input: record['note'] });
        return z.NEVER;
      }
      out.note = record['note'];
    }
    if ((out.low !== undefined && out.low > out.value) || (out.high !== undefined && out.high < out.value)) {
      ctx.addIssue({ code: 'custom', message: 'low <= value <= high', input: raw });
      return z.NEVER;
    }
    return out;
  });
}
