import { z } from 'zod';
import { type MessageType, publishedBodies, REFERENCE_FIELDS, releasedBodies } from './bodies.js';
import { messageId, partnerId, positiveInteger, utcTime } from './primitives.js';

/**
 * The signed envelope common to every message, and the full message schemas.
 *
 * A message is `{ schemaVersion, id, sender, sequence, sent, status, references, type, body }`:
 * - `id` makes delivery idempotent (duplicates are absorbed by id, replay-guard.ts);
 * - `sequence` increases strictly per sender from 1, so a receiver sees loss, reordering and replay;
 * - `status` separates real notifications from exercises and tests, as alerting formats do (CAP 1.2
 *   has actual, exercise, system, test, draft; the exchange keeps the three a partner acts on);
 * - `references` lists earlier messages this one answers or changes (an extension names its
 *   pre-launch notification, a receipt the message it confirms).
 * A released message (what one partner receives after its release policy) adds
 * `release: { recipient, policy }` and may lack body fields the policy removed; it is signed again,
 * by the exchange, so the field binds the copy to its recipient and names the policy that made it.
 */

export const SCHEMA_VERSION = 1;

export const statusSchema = z
  .enum(['actual', 'exercise', 'test'], { error: 'a status: actual, exercise or test' })
  .meta({ description: 'actual: real; exercise: a drill among partners; test: a technical test.' });
export type MessageStatus = z.infer<typeof statusSchema>;

/** Most references one message may carry. */
export const MAX_REFERENCES = 64;

const envelopeShape = {
  schemaVersion: z.literal(SCHEMA_VERSION, { error: `schema version ${SCHEMA_VERSION}` }),
  id: messageId,
  sender: partnerId,
  sequence: positiveInteger('a sequence number: an integer >= 1, increasing per sender').meta({
    description: 'Per-sender sequence number, from 1, strictly increasing.',
  }),
  sent: utcTime,
  status: statusSchema,
  references: z
    .array(messageId, { error: `a list of at most ${MAX_REFERENCES} message ids` })
    .max(MAX_REFERENCES, { error: `a list of at most ${MAX_REFERENCES} message ids` })
    .meta({ description: 'Ids of earlier messages this one refers to.' }),
};

export const releaseInfoSchema = z
  .strictObject({
    recipient: partnerId,
    policy: z
      .string({ error: 'a policy id: lower-case letters, digits, dots and dashes (at most 64)' })
      .regex(/^[a-z0-9][a-z0-9.-]{0,63}$/, {
        error: 'a policy id: lower-case letters, digits, dots and dashes (at most 64)',
      }),
  })
  .meta({ description: 'The partner this released copy is for and the release policy that made it.' });
export type ReleaseInfo = z.infer<typeof releaseInfoSchema>;

/** Envelope rules that involve the body: references are distinct, not self, and cover body links. */
function checkReferences(
  value: unknown,
  ctx: { addIssue(issue: { code: 'custom'; path: PropertyKey[]; message: string }): void },
): void {
  // Called by superRefine after the shape parsed, so these fields are present and typed.
  const m = value as { id: string; references: readonly string[]; body: Record<string, unknown> };
  const body = m.body;
  const seen = new Set<string>();
  m.references.forEach((ref, i) => {
    if (ref === m.id)
      ctx.addIssue({
        code: 'custom',
        path: ['references', i],
        message: 'an id other than the message’s own',
      });
    if (seen.has(ref))
      ctx.addIssue({ code: 'custom', path: ['references', i], message: 'each id at most once' });
    seen.add(ref);
  });
  for (const field of REFERENCE_FIELDS) {
    const linked = body[field];
    if (typeof linked === 'string' && !seen.has(linked))
      ctx.addIssue({
        code: 'custom',
        path: ['references'],
        message: `a list that includes body.${field} (${linked})`,
      });
  }
}

function published<T extends MessageType>(type: T) {
  return z
    .strictObject({
      ...envelopeShape,
      type: z.literal(type),
      body: publishedBodies[type] as (typeof publishedBodies)[T],
    })
    .superRefine((m, ctx) => checkReferences(m, ctx));
}

function released<T extends MessageType>(type: T) {
  return z
    .strictObject({
      ...envelopeShape,
      release: releaseInfoSchema,
      type: z.literal(type),
      body: releasedBodies[type] as (typeof releasedBodies)[T],
    })
    .superRefine((m, ctx) => checkReferences(m, ctx));
}

const TYPE_EXPECTATION = `a message type: ${Object.keys(publishedBodies).join(', ')}`;

/** A message as its sender publishes it. */
export const messageSchema = z
  .discriminatedUnion(
    'type',
    [
      published('pre-launch'),
      published('window-extension'),
      published('cancellation'),
      published('launch-event'),
      published('receipt'),
      published('acknowledgement'),
      published('heartbeat'),
      published('error'),
    ],
    { error: TYPE_EXPECTATION },
  )
  .meta({ title: 'Message', description: 'An exchange message as its sender publishes and signs it.' });
export type Message = z.infer<typeof messageSchema>;

/** A message as one partner receives it: coarsened by its release policy, signed by the exchange. */
export const releasedMessageSchema = z
  .discriminatedUnion(
    'type',
    [
      released('pre-launch'),
      released('window-extension'),
      released('cancellation'),
      released('launch-event'),
      released('receipt'),
      released('acknowledgement'),
      released('heartbeat'),
      released('error'),
    ],
    { error: TYPE_EXPECTATION },
  )
  .meta({
    title: 'ReleasedMessage',
    description: 'An exchange message as released to one partner under its release policy.',
  });
export type ReleasedMessage = z.infer<typeof releasedMessageSchema>;

/** Either form; a released copy is recognised by its `release` field. */
export type AnyMessage = Message | ReleasedMessage;

/** The published message of one type. */
export type MessageOf<T extends MessageType> = Extract<Message, { type: T }>;

export function isReleased(message: AnyMessage): message is ReleasedMessage {
  return 'release' in message && message.release !== undefined;
}
