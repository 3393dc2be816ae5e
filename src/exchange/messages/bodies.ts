import { z } from 'zod';
import { areaSchema } from './geometry.js';
import { azimuthDegrees, boundedNumber, messageId, surfaceDistance, utcTime } from './primitives.js';

/**
 * The body of each message type. What a launch notification holds follows the agreements:
 * - 1988 US-USSR agreement on notifications of ICBM and SLBM launches: notification, no less than
 *   24 hours in advance, of the planned date, launch area and area of impact of each launch
 *   (summary: nuke.fas.org/control/launch; text: nuke.fas.org/control/launch/text/balist1.htm).
 * - Hague Code of Conduct (2002), pre-launch notifications: in paraphrase (the Code's own wording
 *   is still to be checked against its text), the generic class of the ballistic missile or space
 *   launch vehicle, the planned launch window, the launch area and the planned direction.
 * - December 2000 US-Russia memorandum on a Pre- and Post-Launch Notification System (PLNS), run
 *   through the Joint Data Exchange Center (JDEC) of the June 2000 memorandum: pre-launch and
 *   post-launch notifications of ballistic missiles and space launch vehicles; ballistic missiles
 *   are notified when their range exceeds 500 km or their maximum height exceeds 500 km (Arms
 *   Control Today, Jan/Feb 2001, "U.S., Russia Sign Missile- and Space-Launch Notification Deal").
 *   A launch notification therefore carries its range or apogee (`reach`) so that threshold can be
 *   applied (policy/threshold.ts).
 *
 * Each body is defined once as a shape; the published schema requires what the agreements require,
 * and the released schema (what a partner receives after its release policy removed fields) makes
 * every body field optional. Times are UTC instants, durations seconds, distances metres.
 */

/** Generic class of the vehicle (as the HCOC asks for); no designators. */
export const vehicleClassSchema = z
  .enum(['srbm', 'mrbm', 'irbm', 'icbm', 'slbm', 'space-launch-vehicle'], {
    error: 'a generic vehicle class: srbm, mrbm, irbm, icbm, slbm or space-launch-vehicle',
  })
  .meta({ description: 'Generic class of the ballistic missile or space launch vehicle.' });
export type VehicleClass = z.infer<typeof vehicleClassSchema>;

const WINDOW_EXPECTATION = 'a launch window whose end is after its start';

export const launchWindowSchema = z
  .strictObject({ start: utcTime, end: utcTime })
  .superRefine((w, ctx) => {
    if (!(Date.parse(w.end) > Date.parse(w.start)))
      ctx.addIssue({ code: 'custom', path: ['end'], message: WINDOW_EXPECTATION });
  })
  .meta({ description: 'Planned launch window: the launch takes place between start and end (UTC).' });
export type LaunchWindow = z.infer<typeof launchWindowSchema>;

/** Highest apogee accepted (m): ten times the Moon's distance; anything above is a typo. */
export const MAX_APOGEE = 4e9;

const REACH_EXPECTATION = 'a reach with a range (m) or an apogee (m), or both';

/** Maximum ground range and apogee altitude (m): what the 500 km PLNS threshold is applied to. */
export const reachSchema = z
  .strictObject({
    range: surfaceDistance('a ground range').optional(),
    apogee: boundedNumber(`an apogee altitude > 0 and <= ${MAX_APOGEE} (m)`, {
      min: 0,
      minExclusive: true,
      max: MAX_APOGEE,
    }).optional(),
  })
  .superRefine((r, ctx) => {
    if (r.range === undefined && r.apogee === undefined)
      ctx.addIssue({ code: 'custom', path: ['range'], message: REACH_EXPECTATION });
  })
  .meta({ description: 'Maximum ground range (m) and apogee altitude (m) of the flight; at least one.' });
export type Reach = z.infer<typeof reachSchema>;

const impactAreas = z
  .array(areaSchema, { error: 'a list of 1 to 16 impact areas' })
  .min(1, { error: 'a list of 1 to 16 impact areas' })
  .max(16, { error: 'a list of 1 to 16 impact areas' });

/** Pre-launch notification (1988 agreement; HCOC; PLNS). */
const preLaunchShape = {
  vehicleClass: vehicleClassSchema,
  launchWindow: launchWindowSchema,
  launchArea: areaSchema,
  /** The planned direction the HCOC asks for. */
  plannedAzimuth: azimuthDegrees.optional(),
  /** 1988: "the planned impact area or areas". */
  impactAreas: impactAreas.optional(),
  reach: reachSchema,
};

/** The notifying party extends the launch window of an earlier pre-launch notification. */
const windowExtensionShape = {
  /** The pre-launch notification extended (also listed in the envelope's references). */
  notification: messageId,
  /** The new end of the launch window. */
  launchWindowEnd: utcTime,
};

/** The notifying party cancels an earlier pre-launch notification. */
const cancellationShape = {
  notification: messageId,
};

/**
 * Post-launch (launch event) notification: the launch that took place, declared by the launching
 * party or detected by a partner's early-warning sensors (the JDEC exchange of early-warning data).
 */
const launchEventShape = {
  basis: z
    .enum(['declared', 'detected'], { error: '"declared" (own launch) or "detected" (by a sensor)' })
    .meta({ description: 'Declared by the launching party, or detected by the sender’s sensors.' }),
  /** The pre-launch notification this launch fulfils, when there was one. */
  notification: messageId.optional(),
  vehicleClass: vehicleClassSchema,
  launchTime: utcTime,
  /** Generalized launch area. */
  launchArea: areaSchema,
  /** Rough azimuth of the flight. */
  azimuth: azimuthDegrees,
  /** Generalized impact area; absent only for a space launch vehicle reaching orbit. */
  impactArea: areaSchema.optional(),
  impactTime: utcTime.optional(),
  reach: reachSchema,
};

/** The exchange (or a partner) confirms it stored a message durably; the digest proves which. */
const receiptShape = {
  message: messageId,
  /** SHA-256 of the canonical form of the received message (RFC 8785), lower-case hex. */
  sha256: z
    .string({ error: 'a SHA-256 digest in 64 lower-case hex digits' })
    .regex(/^[0-9a-f]{64}$/, { error: 'a SHA-256 digest in 64 lower-case hex digits' }),
};

/** A partner's operator has seen a message (an unacknowledged launch event escalates). */
const acknowledgementShape = {
  message: messageId,
  /** Operator position or call sign; never a person's name. */
  operator: z
    .string({ error: 'an operator position: 1 to 64 letters, digits, spaces, dots, dashes or underscores' })
    .regex(/^[A-Za-z0-9][A-Za-z0-9 ._-]{0,63}$/, {
      error: 'an operator position: 1 to 64 letters, digits, spaces, dots, dashes or underscores',
    }),
};

/** Longest promised interval between heartbeats (s). */
export const MAX_HEARTBEAT_INTERVAL = 3600;

/** The link is alive; the next heartbeat comes within `interval` seconds, so silence means a dead link. */
const heartbeatShape = {
  interval: boundedNumber(`a heartbeat interval > 0 and <= ${MAX_HEARTBEAT_INTERVAL} (s)`, {
    min: 0,
    minExclusive: true,
    max: MAX_HEARTBEAT_INTERVAL,
  }),
};

export const ERROR_CODES = [
  'malformed',
  'bad-signature',
  'unknown-key',
  'unauthorized',
  'id-reused',
  'sequence',
  'stale',
  'too-large',
  'internal',
] as const;

const REASON_EXPECTATION = 'a reason of 1 to 500 characters, without control characters';

/** Why a message was refused; `message` names it when its id could be read. */
const errorShape = {
  code: z.enum(ERROR_CODES, { error: `an error code: ${ERROR_CODES.join(', ')}` }),
  // No control characters and no lone surrogates (RFC 8785 canonical JSON cannot carry them).
  reason: z
    .string({ error: REASON_EXPECTATION })
    .min(1, { error: REASON_EXPECTATION })
    .max(500, { error: REASON_EXPECTATION })
    .regex(/^[^\p{Cc}\p{Cs}]*$/u, { error: REASON_EXPECTATION }),
  message: messageId.optional(),
};

const IMPACT_EXPECTATION = 'an impact area and time (required except for a space launch vehicle)';

/** Published bodies: what the sender must say. */
export const publishedBodies = {
  'pre-launch': z.strictObject(preLaunchShape).superRefine((b, ctx) => {
    if (b.plannedAzimuth === undefined && b.impactAreas === undefined)
      ctx.addIssue({
        code: 'custom',
        path: ['plannedAzimuth'],
        message: 'a planned azimuth (HCOC: planned direction) or impact areas (1988 agreement), or both',
      });
  }),
  'window-extension': z.strictObject(windowExtensionShape),
  cancellation: z.strictObject(cancellationShape),
  'launch-event': z.strictObject(launchEventShape).superRefine((b, ctx) => {
    if (b.vehicleClass !== 'space-launch-vehicle') {
      if (b.impactArea === undefined)
        ctx.addIssue({ code: 'custom', path: ['impactArea'], message: IMPACT_EXPECTATION });
      if (b.impactTime === undefined)
        ctx.addIssue({ code: 'custom', path: ['impactTime'], message: IMPACT_EXPECTATION });
    }
    if (b.impactTime !== undefined && !(Date.parse(b.impactTime) > Date.parse(b.launchTime)))
      ctx.addIssue({ code: 'custom', path: ['impactTime'], message: 'an impact time after the launch time' });
  }),
  receipt: z.strictObject(receiptShape),
  acknowledgement: z.strictObject(acknowledgementShape),
  heartbeat: z.strictObject(heartbeatShape),
  error: z.strictObject(errorShape),
} as const;

/** Released bodies: a partner's policy may have removed any body field. */
export const releasedBodies = {
  'pre-launch': z.strictObject(preLaunchShape).partial(),
  'window-extension': z.strictObject(windowExtensionShape).partial(),
  cancellation: z.strictObject(cancellationShape).partial(),
  'launch-event': z.strictObject(launchEventShape).partial(),
  receipt: z.strictObject(receiptShape).partial(),
  acknowledgement: z.strictObject(acknowledgementShape).partial(),
  heartbeat: z.strictObject(heartbeatShape).partial(),
  error: z.strictObject(errorShape).partial(),
} as const;

export type MessageType = keyof typeof publishedBodies;

export const MESSAGE_TYPES = Object.keys(publishedBodies) as [MessageType, ...MessageType[]];

/** The body fields of each type: what a release policy may allow. */
export const BODY_FIELDS: { readonly [T in MessageType]: readonly string[] } = Object.fromEntries(
  MESSAGE_TYPES.map((t) => [t, Object.keys(releasedBodies[t].shape)]),
) as unknown as { [T in MessageType]: readonly string[] };

/** Body fields that name another message: the envelope's references must list each. */
export const REFERENCE_FIELDS: readonly string[] = ['notification', 'message'];
