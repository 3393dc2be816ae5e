import { z } from 'zod';

/**
 * The scalar vocabulary of exchange messages: ids, partners, times and SI quantities. Each schema
 * carries its expectation as the error text, so a rejected message reads
 * `body.launchArea.radius: got -5, expected a radius > 0 (m)`.
 *
 * One spelling per value: ids are lower-case UUIDs and times are exactly what
 * Date.prototype.toISOString writes, so two copies of one message have one canonical form (the
 * replay guard and the store compare messages byte for byte).
 */

/** A message id: a UUID (RFC 9562) in lower case, the only spelling accepted. */
export const messageId = z
  .string({ error: 'a lower-case UUID such as "6f1c2a4e-8d3b-4c5a-9e7f-0a1b2c3d4e5f"' })
  .regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/, {
    error: 'a lower-case UUID such as "6f1c2a4e-8d3b-4c5a-9e7f-0a1b2c3d4e5f"',
  })
  .meta({ description: 'Message id: a lower-case UUID (RFC 9562).' });

/** A partner id: lower-case letters, digits and dashes, as the catalog ids are written. */
export const partnerId = z
  .string({ error: 'a partner id: lower-case letters, digits and dashes, starting with a letter' })
  .regex(/^[a-z][a-z0-9-]{0,63}$/, {
    error: 'a partner id: lower-case letters, digits and dashes, starting with a letter (at most 64)',
  })
  .meta({ description: 'Partner id, such as "us" or "ru-jdec".' });

const UTC_EXPECTATION = 'a UTC time as ISO 8601 with milliseconds, such as "2007-06-07T12:00:00.000Z"';

/** A UTC instant written as toISOString writes it (milliseconds, "Z"); invalid dates are rejected. */
export const utcTime = z.iso
  .datetime({ precision: 3, error: UTC_EXPECTATION })
  .meta({ description: 'UTC time, ISO 8601 with milliseconds and "Z".' });

/** A positive integer that JSON and IEEE doubles carry exactly. */
export function positiveInteger(expected: string) {
  return z
    .number({ error: expected })
    .int({ error: expected })
    .gte(1, { error: expected })
    .lte(Number.MAX_SAFE_INTEGER, { error: expected });
}

/** A finite number in [min, max] (either end may be open), with the expectation as its error. */
export function boundedNumber(
  expected: string,
  bounds: { min?: number; max?: number; minExclusive?: boolean; maxExclusive?: boolean },
) {
  let schema = z.number({ error: expected });
  if (bounds.min !== undefined)
    schema = bounds.minExclusive
      ? schema.gt(bounds.min, { error: expected })
      : schema.gte(bounds.min, { error: expected });
  if (bounds.max !== undefined)
    schema = bounds.maxExclusive
      ? schema.lt(bounds.max, { error: expected })
      : schema.lte(bounds.max, { error: expected });
  return schema;
}

/**
 * Largest distance between two points of the WGS84 ellipsoid: half the meridian, 20,003,931.46 m
 * (pole to pole; antipodal points on the equator are closer over a pole than along the equator).
 * Rounded up to the metre above, it bounds every radius and range below.
 */
export const EARTH_DIAMETER_GEODESIC = 20_004_000;

/** A distance along the Earth's surface (m), > 0 and at most the geodesic diameter. */
export function surfaceDistance(what: string) {
  return boundedNumber(`${what} > 0 and <= ${EARTH_DIAMETER_GEODESIC} (m)`, {
    min: 0,
    minExclusive: true,
    max: EARTH_DIAMETER_GEODESIC,
  });
}

/** Azimuth clockwise from true north (deg), in [0, 360). */
export const azimuthDegrees = boundedNumber('an azimuth in [0, 360) (deg, clockwise from north)', {
  min: 0,
  max: 360,
  maxExclusive: true,
}).meta({ description: 'Azimuth, degrees clockwise from true north, in [0, 360).' });
