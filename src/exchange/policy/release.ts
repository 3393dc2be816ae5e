import { type LaunchWindow, MAX_APOGEE, type MessageType, type Reach } from '../messages/bodies.js';
import type { Area } from '../messages/geometry.js';
import type { Message, ReleasedMessage } from '../messages/message.js';
import { EARTH_DIAMETER_GEODESIC } from '../messages/primitives.js';
import { coarsenArea } from './coarsen-area.js';
import { ceilDistance, ceilTime, floorAzimuth, floorTime } from './coarsen-values.js';
import type { ReleasePolicy } from './policy.js';
import { exceedsThreshold } from './threshold.js';

/**
 * What one partner receives of a message: `release(message, policy, now)` returns the coarsened
 * copy, to be signed by the exchange, or why the message is withheld. Pure and deterministic: the
 * copy depends only on the message and the policy (`now` decides only whether the delay has
 * passed), so a copy released again is identical and its duplicate is absorbed by id.
 *
 * Checks, in order, each with its own reason:
 * 1. the type is allow-listed, 2. the status is allow-listed, 3. a launch (pre-launch notification
 * or launch event) exceeds the threshold in range or apogee (PLNS: 500 km), 4. a message about
 * another message (window extension, cancellation, receipt, acknowledgement) is about one the
 * partner has (`known`), so a withheld notification cannot be inferred from its follow-ups, and
 * 5. the delay after the event has passed.
 *
 * Then the copy keeps the envelope (same id, sender and sequence, so every copy traces back to the
 * one original), floors `sent` to the time precision (a post-launch notification's sent time would
 * otherwise give the launch time away), keeps only references the partner knows, keeps only the
 * allow-listed body fields and coarsens each: areas to the area precision, instants to the time
 * precision (windows grow outward), azimuths to sectors, ranges and apogees to cells. An area the
 * precision cannot express (no named area contains it) is removed like a field not allowed. The
 * copy carries `release: { recipient, policy }`.
 */

export type WithholdCode =
  | 'type-not-allowed'
  | 'status-not-allowed'
  | 'below-threshold'
  | 'unknown-reference'
  | 'delayed';

export type ReleaseResult =
  | { readonly released: true; readonly message: ReleasedMessage }
  | {
      readonly released: false;
      readonly code: WithholdCode;
      readonly reason: string;
      /** For `delayed`: when the message may be released (UTC). */
      readonly until?: string;
    };

/** How each body field is coarsened. Every field of every type is listed (a test checks it). */
export type FieldTreatment =
  | 'area'
  | 'areas'
  | 'instant'
  | 'window'
  | 'window-end'
  | 'azimuth'
  | 'reach'
  | 'reference'
  | 'plain';

export const FIELD_TREATMENT: { readonly [T in MessageType]: { readonly [field: string]: FieldTreatment } } =
  {
    'pre-launch': {
      vehicleClass: 'plain',
      launchWindow: 'window',
      launchArea: 'area',
      plannedAzimuth: 'azimuth',
      impactAreas: 'areas',
      reach: 'reach',
    },
    'window-extension': { notification: 'reference', launchWindowEnd: 'window-end' },
    cancellation: { notification: 'reference' },
    'launch-event': {
      basis: 'plain',
      notification: 'reference',
      vehicleClass: 'plain',
      launchTime: 'instant',
      launchArea: 'area',
      azimuth: 'azimuth',
      impactArea: 'area',
      impactTime: 'instant',
      reach: 'reach',
    },
    receipt: { message: 'reference', sha256: 'plain' },
    acknowledgement: { message: 'reference', operator: 'plain' },
    heartbeat: { interval: 'plain' },
    error: { code: 'plain', reason: 'plain', message: 'reference' },
  };

/** The field naming the message a message of this type is about, when that is its whole purpose. */
const SUBJECT_FIELD: { readonly [T in MessageType]?: string } = {
  'window-extension': 'notification',
  cancellation: 'notification',
  receipt: 'message',
  acknowledgement: 'message',
};

const NOBODY_KNOWS = (): boolean => false;

/**
 * @param message - A valid published message (parse it first).
 * @param policy - The receiving partner's policy.
 * @param now - Release time (ms since 1970 UTC), compared with the event time plus the delay.
 * @param known - Whether the partner has the message with this id (it sent it, or it was released
 *   to it); by default it has none, so follow-ups of unknown messages are withheld.
 */
export function release(
  message: Message,
  policy: ReleasePolicy,
  now: number,
  known: (id: string) => boolean = NOBODY_KNOWS,
): ReleaseResult {
  const allowed = policy.types[message.type];
  if (!allowed)
    return withhold(
      'type-not-allowed',
      `policy ${policy.id} releases no ${message.type} messages to ${policy.partner}`,
    );
  if (!policy.statuses.includes(message.status))
    return withhold(
      'status-not-allowed',
      `policy ${policy.id} releases no messages of status ${message.status} to ${policy.partner}`,
    );

  const body = message.body as Record<string, unknown>;
  const reach = body['reach'] as Reach | undefined;
  if (reach && !exceedsThreshold(reach, policy.threshold))
    return withhold(
      'below-threshold',
      `range ${describe(reach.range)} and apogee ${describe(reach.apogee)} do not exceed the threshold ` +
        `(range > ${policy.threshold.range} m or apogee > ${policy.threshold.apogee} m)`,
    );

  const subjectField = SUBJECT_FIELD[message.type];
  const subject = subjectField ? (body[subjectField] as string) : undefined;
  if (subject !== undefined && !known(subject))
    return withhold(
      'unknown-reference',
      `${message.type} is about message ${subject}, which ${policy.partner} has not received`,
    );

  const event = message.type === 'launch-event' ? message.body.launchTime : message.sent;
  const releaseAt = Date.parse(event) + policy.delay * 1000;
  if (now < releaseAt) {
    const until = new Date(releaseAt).toISOString();
    return {
      released: false,
      code: 'delayed',
      reason: `held until ${until}: policy ${policy.id} releases ${policy.delay} s after the event (${event})`,
      until,
    };
  }

  const treatment = FIELD_TREATMENT[message.type];
  const out: Record<string, unknown> = {};
  for (const field of allowed) {
    const value = body[field];
    if (value === undefined) continue;
    const coarse = coarsenField(treatment[field] ?? 'plain', value, policy, known);
    if (coarse !== undefined) out[field] = coarse;
  }

  const released = {
    schemaVersion: message.schemaVersion,
    id: message.id,
    sender: message.sender,
    sequence: message.sequence,
    sent: floorTime(message.sent, policy.precision.time),
    status: message.status,
    references: message.references.filter((id) => known(id)),
    release: { recipient: policy.partner, policy: policy.id },
    type: message.type,
    body: out,
  } as ReleasedMessage;
  return { released: true, message: released };
}

function withhold(code: WithholdCode, reason: string): ReleaseResult {
  return { released: false, code, reason };
}

function describe(metres: number | undefined): string {
  return metres === undefined ? 'not given' : `${metres} m`;
}

function coarsenField(
  treatment: FieldTreatment,
  value: unknown,
  policy: ReleasePolicy,
  known: (id: string) => boolean,
): unknown {
  const p = policy.precision;
  switch (treatment) {
    case 'area':
      return coarsenArea(value as Area, p.area);
    case 'areas': {
      const areas = (value as Area[]).map((a) => coarsenArea(a, p.area));
      // All or nothing: a list missing some areas would misstate where the launch may go.
      return areas.every((a) => a !== undefined) ? areas : undefined;
    }
    case 'instant':
      return floorTime(value as string, p.time);
    case 'window': {
      const w = value as LaunchWindow;
      return { start: floorTime(w.start, p.time), end: ceilTime(w.end, p.time) };
    }
    case 'window-end':
      return ceilTime(value as string, p.time);
    case 'azimuth':
      return floorAzimuth(value as number, p.azimuth);
    case 'reach': {
      const r = value as Reach;
      const out: { range?: number; apogee?: number } = {};
      if (r.range !== undefined) out.range = ceilDistance(r.range, p.reach, EARTH_DIAMETER_GEODESIC);
      if (r.apogee !== undefined) out.apogee = ceilDistance(r.apogee, p.reach, MAX_APOGEE);
      return out;
    }
    case 'reference':
      // A link to a message the partner does not have would reveal that message; drop the link.
      return known(value as string) ? value : undefined;
    case 'plain':
      return value;
  }
}
