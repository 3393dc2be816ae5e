import { z } from 'zod';
import { BODY_FIELDS, MESSAGE_TYPES, type MessageType } from '../messages/bodies.js';
import { releaseInfoSchema, statusSchema } from '../messages/message.js';
import { NAMED_AREA_IDS } from '../messages/named-areas.js';
import { type Parsed, parseWith } from '../messages/parse.js';
import { boundedNumber, EARTH_DIAMETER_GEODESIC, partnerId } from '../messages/primitives.js';
import { PLNS_THRESHOLD } from './threshold.js';

/**
 * A release policy: what one partner receives of the messages it is not the sender of. Deny by
 * default: a message type the policy does not list is withheld, a body field it does not list is
 * removed, a status it does not list (exercise, test) is withheld, and every precision must be
 * stated (there is no implicit "exact").
 *
 * - `types`: for each released message type, the allow-listed body fields.
 * - `precision.area`: how areas are coarsened: `exact`; `grid` (the cells of a grid of `degrees`
 *   that cover the area; `degrees` must divide 90 so the grid meets the poles and the
 *   antimeridian); `circle` (a circle of at least `radius` m containing the area); `named` (the
 *   smallest named area, of the listed ones or of the whole table, containing the area).
 * - `precision.time` (s), `precision.azimuth` (deg), `precision.reach` (m): the cells that times,
 *   azimuths and ranges or apogees are coarsened to.
 * - `delay`: seconds after the event (the launch time of a launch event, the sent time of any other
 *   message) before the message is released.
 * - `threshold`: range and apogee (m) one of which a launch must exceed to be released; the PLNS
 *   500 km by default.
 */

const GRID_EXPECTATION = 'a grid size in degrees that divides 90 (such as 0.5, 1, 5, 10, 30)';

/** Whether 90 / degrees is an integer, to 1e-9 (a grid must meet the poles and the antimeridian). */
export function dividesNinety(degrees: number): boolean {
  const n = 90 / degrees;
  return Math.abs(n - Math.round(n)) <= 1e-9 * n;
}

export const areaPrecisionSchema = z.discriminatedUnion(
  'kind',
  [
    z.strictObject({ kind: z.literal('exact') }),
    z.strictObject({
      kind: z.literal('grid'),
      degrees: boundedNumber(GRID_EXPECTATION, { min: 0, minExclusive: true, max: 90 }).refine(
        dividesNinety,
        {
          error: GRID_EXPECTATION,
        },
      ),
    }),
    z.strictObject({
      kind: z.literal('circle'),
      radius: boundedNumber(`a radius >= 1 and <= ${EARTH_DIAMETER_GEODESIC} (m)`, {
        min: 1,
        max: EARTH_DIAMETER_GEODESIC,
      }),
    }),
    z.strictObject({
      kind: z.literal('named'),
      areas: z
        .array(z.enum(NAMED_AREA_IDS, { error: `a named area id: ${NAMED_AREA_IDS.join(', ')}` }))
        .min(1, { error: 'at least one named area id' })
        .optional(),
    }),
  ],
  {
    error:
      'an area precision: { kind: "exact" }, { kind: "grid", degrees }, { kind: "circle", radius } or { kind: "named" }',
  },
);
export type AreaPrecision = z.infer<typeof areaPrecisionSchema>;

const fieldList = z.array(z.string({ error: 'a body field name' }), { error: 'a list of body field names' });

export const releasePolicySchema = z
  .strictObject({
    /** Policy id (with its version), written into every released copy. */
    id: releaseInfoSchema.shape.policy,
    /** The partner that receives under this policy. */
    partner: partnerId,
    statuses: z
      .array(statusSchema, { error: 'a list of statuses: actual, exercise, test' })
      .min(1, { error: 'at least one status' }),
    types: z.partialRecord(
      z.enum(MESSAGE_TYPES, { error: `a message type: ${MESSAGE_TYPES.join(', ')}` }),
      fieldList,
    ),
    precision: z.strictObject({
      area: areaPrecisionSchema,
      time: z
        .number({ error: 'a time precision: a whole number of seconds >= 1' })
        .int({ error: 'a time precision: a whole number of seconds >= 1' })
        .gte(1, { error: 'a time precision: a whole number of seconds >= 1' })
        .lte(366 * 86_400, { error: 'a time precision of at most a year (s)' }),
      azimuth: boundedNumber('an azimuth precision > 0 and <= 360 (deg)', {
        min: 0,
        minExclusive: true,
        max: 360,
      }),
      reach: boundedNumber(`a range and apogee precision > 0 and <= ${EARTH_DIAMETER_GEODESIC} (m)`, {
        min: 0,
        minExclusive: true,
        max: EARTH_DIAMETER_GEODESIC,
      }),
    }),
    delay: boundedNumber('a delay >= 0 (s)', { min: 0, max: 366 * 86_400 }).default(0),
    threshold: z
      .strictObject({
        range: boundedNumber('a range threshold >= 0 (m)', { min: 0 }),
        apogee: boundedNumber('an apogee threshold >= 0 (m)', { min: 0 }),
      })
      .default({ ...PLNS_THRESHOLD }),
  })
  .superRefine((policy, ctx) => {
    for (const [type, fields] of Object.entries(policy.types) as [MessageType, string[]][]) {
      const known = BODY_FIELDS[type];
      fields.forEach((field, i) => {
        if (!known.includes(field))
          ctx.addIssue({
            code: 'custom',
            path: ['types', type, i],
            message: `a body field of ${type}: ${known.join(', ')}`,
          });
      });
    }
  });
export type ReleasePolicy = z.infer<typeof releasePolicySchema>;
export type ReleasePolicyInput = z.input<typeof releasePolicySchema>;

/** Check a policy as written in configuration; errors name the field path, value and expectation. */
export function parseReleasePolicy(data: unknown, source = 'policy'): Parsed<ReleasePolicy> {
  return parseWith(releasePolicySchema, data, source);
}
