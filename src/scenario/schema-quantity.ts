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
