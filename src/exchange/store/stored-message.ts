import type { StoreErrorCode } from './store-error.js';

/**
 * The values the message store takes and returns. A message is an opaque signed envelope: the store
 * indexes the few envelope fields it needs (id, sender, sequence, type) and keeps the JWS verbatim,
 * so the message schemas can change without a store migration.
 */

/** A signed message as its sender sent it. */
export interface SignedEnvelope {
  /** Unique message id: a UUID in canonical lowercase form (one spelling, so dedupe by id is exact). */
  readonly id: string;
  /** The partner that signed and published the message. */
  readonly sender: string;
  /** Per-sender sequence number: a safe integer >= 0, strictly increasing per sender. */
  readonly sequence: number;
  /** Message type (pre-launch, launch-event, ...); opaque to the store. */
  readonly type: string;
  /** The message as signed by its sender (JWS compact serialization), stored byte for byte. */
  readonly jws: string;
}

/** A signed message and the time this service received it. */
export interface ReceivedEnvelope extends SignedEnvelope {
  /** ISO 8601 UTC with milliseconds exactly as Date.prototype.toISOString writes it, so text order is time order. */
  readonly receivedAt: string;
}

/** The columns of a messages row, in the order both stores' INSERT statements name them. */
export function messageRow(envelope: ReceivedEnvelope): [string, string, number, string, string, string] {
  return [envelope.id, envelope.sender, envelope.sequence, envelope.type, envelope.jws, envelope.receivedAt];
}

/** What one partner is given of a message: the released (coarsened, re-signed) JWS. */
export interface Release {
  readonly partner: string;
  readonly jws: string;
}

/** One message and its releases, for appendMany. */
export interface AppendRequest {
  readonly envelope: ReceivedEnvelope;
  readonly releases: readonly Release[];
}

/** Where a message landed in a partner's delivery stream. */
export interface StreamPosition {
  readonly partner: string;
  /** 1, 2, 3, ... per partner, with no gap. */
  readonly streamSequence: number;
}

/** A successful append: newly stored, or an identical copy of a stored message absorbed. */
export type AppendResult =
  | {
      readonly outcome: 'stored';
      readonly messageId: string;
      readonly streams: readonly StreamPosition[];
    }
  | {
      readonly outcome: 'duplicate';
      readonly messageId: string;
      /** When the stored copy was received. */
      readonly receivedAt: string;
    };

/** One result of appendMany: a rejected message does not undo the others of its batch. */
export type AppendOutcome =
  | AppendResult
  | {
      readonly outcome: 'rejected';
      readonly messageId: string;
      readonly code: StoreErrorCode;
      readonly reason: string;
    };

/** One message in a partner's delivery stream. */
export interface StreamEntry {
  readonly partner: string;
  readonly streamSequence: number;
  readonly messageId: string;
  readonly sender: string;
  readonly sequence: number;
  readonly type: string;
  readonly receivedAt: string;
  /** The JWS released to this partner (not the sender's original). */
  readonly jws: string;
}

/** The result of check(): ok only when the database and the store's own invariants hold. */
export interface StoreCheck {
  readonly ok: boolean;
  /** Each problem in words; empty when ok. */
  readonly problems: readonly string[];
}
