import type {
  AppendOutcome,
  AppendRequest,
  AppendResult,
  ReceivedEnvelope,
  Release,
  StoreCheck,
  StreamEntry,
  StreamPosition,
} from './stored-message.js';

/**
 * A value now (SQLite, synchronous) or later (PostgreSQL, over the network). Callers of the interface
 * always `await`; code holding the SQLite store itself may use it synchronously, for example inside
 * one transaction with the audit log.
 */
export type Awaitable<T> = T | Promise<T>;

/** Options of MessageStore.unacknowledged. */
export interface UnacknowledgedOptions {
  /** Only these message types (for example only launch events); all types when absent. */
  readonly types?: readonly string[];
  /** At most this many entries, oldest first (default 1000). */
  readonly limit?: number;
}

/**
 * The durable message store of the exchange service. Every method that returns has finished its
 * work durably: a receipt may be sent as soon as append returns, never before.
 *
 * Messages are appended once (idempotent by id), and each is appended, in the same transaction, to
 * the delivery stream of every partner it is released to. A stream is numbered 1, 2, 3, ... with no
 * gap, so a partner that reconnects resumes with readStream(partner, lastAcknowledged, limit).
 */
export interface MessageStore {
  /**
   * Store a received message and append its releases to the partners' streams, atomically.
   * An identical copy of a stored message (same id, sender, sequence, type and signed payload; the
   * signature may differ, as after a re-signing with a rotated key) is absorbed:
   * outcome 'duplicate', nothing written, its releases ignored.
   * @throws StoreError 'conflicting-duplicate' (same id, other content), 'sequence-not-increasing'
   *   (sequence <= the sender's last stored one) or 'invalid-argument'; nothing is written then.
   */
  append(envelope: ReceivedEnvelope, releases: readonly Release[]): Awaitable<AppendResult>;

  /**
   * Append several messages in one durable commit (group commit: one disk flush for the batch). Each
   * is handled as by append, in order; a refused one is reported as 'rejected' and does not undo the
   * others.
   */
  appendMany(requests: readonly AppendRequest[]): Awaitable<readonly AppendOutcome[]>;

  /**
   * Append releases of a stored message to more partners' streams (a release held back by a
   * partner's delay, given when it falls due). A partner whose stream already holds the message is
   * skipped, so a repeated call changes nothing. Returns the new stream positions.
   * @throws StoreError 'unknown-message' when no message has this id; nothing is written then.
   */
  appendReleases(messageId: string, releases: readonly Release[]): Awaitable<readonly StreamPosition[]>;

  /** Whether the partner has the message: it sent it, or its stream holds it. */
  partnerHas(partner: string, messageId: string): Awaitable<boolean>;

  /** The stored message with this id, as its sender signed it. */
  get(id: string): Awaitable<ReceivedEnvelope | undefined>;

  /** The sender's greatest stored sequence number; undefined when it has stored nothing. */
  lastSequence(sender: string): Awaitable<number | undefined>;

  /** The partner's stream after `afterSequence`, in order, at most `limit` entries (for resume). */
  readStream(partner: string, afterSequence: number, limit: number): Awaitable<readonly StreamEntry[]>;

  /** The last stream sequence appended for the partner; 0 when its stream is empty. */
  streamHead(partner: string): Awaitable<number>;

  /**
   * Record that the partner holds its stream up to `streamSequence`. Monotone: an older
   * acknowledgement (a late or repeated one) changes nothing. Returns the partner's last
   * acknowledged sequence after the call.
   * @throws StoreError 'acknowledgement-beyond-head' when the partner was never sent that sequence.
   */
  acknowledge(partner: string, streamSequence: number): Awaitable<number>;

  /** The partner's last acknowledged stream sequence; 0 when it has acknowledged nothing. */
  lastAcknowledged(partner: string): Awaitable<number>;

  /**
   * The partner's entries after its last acknowledgement that were received before `olderThan`
   * (ISO 8601 UTC): what to escalate when a launch event stays unacknowledged too long.
   */
  unacknowledged(
    partner: string,
    olderThan: string,
    options?: UnacknowledgedOptions,
  ): Awaitable<readonly StreamEntry[]>;

  /** Check the database's integrity and the store's invariants (streams without gaps). */
  check(): Awaitable<StoreCheck>;

  /** Release the connection; the store cannot be used afterwards. */
  close(): Awaitable<void>;
}
