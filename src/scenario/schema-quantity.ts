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

/**
 * A schema field holding a quantity: an SI number or a string with a unit, converted to SI
 * (angles: bare numbers are degrees, the result radians).
 */
export function quantity(dimension: Dimension, bounds?: QuantityBounds) {
  return z.union([z.number(), z.string()]).transform((raw, ctx) => {
    let si: number;
    try {
      si = parseQuantity(raw, dimension, '');
    } catch (e) {
      ctx.addIssue({ code: 'custom', message: e instanceof InputError ? e.expected : String(e), input: raw });
      return z.NEVER;
    }
    if (
      bounds &&
      ((bounds.gt !== undefined && !(si > bounds.gt)) ||
        (bounds.gte !== undefined && !(si >= bounds.gte)) ||
        (bounds.lt !== undefined && !(si < bounds.lt)) ||
        (bounds.lte !== undefined && !(si <= bounds.lte)))
    ) {
      ctx.addIssue({ code: 'custom', message: expectation(dimension, bounds.words), input: raw });
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
  const q = quantity(dimension, bounds);
  const cited = z
    .strictObject({
      value: q,
      low: q.optional(),
      high: q.optional(),
      source: z.string().min(1),
      note: z.string().optional(),
    })
    .refine((c) => (c.low === undefined || c.low <= c.value) && (c.high === undefined || c.high >= c.value), {
      error: 'low <= value <= high',
    });
  return z.unknown().transform((raw, ctx): CitedValue => {
    const isObject = raw !== null && typeof raw === 'object' && !Array.isArray(raw);
    const result = isObject ? cited.safeParse(raw) : q.safeParse(raw);
    if (!result.success) {
      for (const issue of result.error.issues) {
        ctx.addIssue({
          ...issue,
          code: 'custom',
          message: issueText(issue),
          path: issue.path,
          input: issue.input,
        });
      }
      return z.NEVER;
    }
    const v = result.data;
    return typeof v === 'number' ? { dimension, value: v } : { dimension, ...stripUndefined(v) };
  });
}

function issueText(issue: z.core.$ZodIssue): string {
  // Only reached for values that are present: absent optional fields never get here.
  if (issue.code === 'unrecognized_keys')
    return `no field ${issue.keys.map((k) => `"${k}"`).join(', ')} here (a cited value has value, low, high, source, note)`;
  if (issue.code === 'invalid_type' && issue.input === undefined)
    return `a value (the field is required: ${issue.expected})`;
  return issue.message;
}

function stripUndefined(v: {
  value: number;
  low?: number | undefined;
  high?: number | undefined;
  source: string;
  note?: string | undefined;
}): Omit<CitedValue, 'dimension'> {
  return {
    value: v.value,
    ...(v.low !== undefined ? { low: v.low } : {}),
    ...(v.high !== undefined ? { high: v.high } : {}),
    source: v.source,
    ...(v.note !== undefined ? { note: v.note } : {}),
  };
}
