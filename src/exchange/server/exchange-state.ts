import type { AuditRecord } from '../audit/audit-entry.js';
import type { PublicKeyRecord } from '../signing/keyring.js';
import type { SigningKey } from '../signing/signing-key.js';
import type { Awaitable } from '../store/message-store.js';
import type { StoreError } from '../store/store-error.js';
import type { ReceivedEnvelope, Release, StreamEntry, StreamPosition } from '../store/stored-message.js';
import type { Partner } from './partner-registry.js';

/**
 * Everything the exchange keeps, behind one interface, so one service (exchange-service.ts) runs on
 * SQLite (one server, the default: sqlite-exchange-state.ts) or on PostgreSQL (several server
 * instances sharing one database: postgres-exchange-state.ts). Every write that returns is durable,
 * and each write is one transaction with its audit entries, so the audit log never misses a change
 * and never records one that did not happen.
 */

/** One message to commit, with what its ingest decided. */
export interface CommitRequest {
  readonly envelope: ReceivedEnvelope;
  readonly releases: readonly Release[];
  /** Releases held by a partner's delay: appended when due. */
  readonly held: ReadonlyArray<{ readonly partner: string; readonly until: string }>;
  /** The receipt to keep and give for the message (and again for its duplicates). */
  readonly receipt: string;
  /** The audit entry recording the message, completed with the stream positions by the state. */
  readonly audit: AuditRecord;
}

export type CommitResult =
  | { readonly outcome: 'stored'; readonly streams: readonly StreamPosition[] }
  /** Another copy was stored first (a race of duplicates): its receipt. */
  | { readonly outcome: 'duplicate'; readonly receipt: string }
  | { readonly outcome: 'refused'; readonly error: StoreError };

/** A held release that fell due, and what became of it. */
export interface DueDecision {
  readonly messageId: string;
  readonly partner: string;
  /** The released copy to append; absent when the message is withheld after all. */
  readonly jws?: string | undefined;
  readonly reason?: string | undefined;
}

export interface Escalation {
  readonly partner: string;
  readonly streamSequence: number;
  readonly messageId: string;
  readonly sender: string;
  readonly receivedAt: string;
}

export interface ExchangeState {
  /** The exchange's id (the relay that signs released copies and receipts). */
  readonly id: string;
  readonly signingKey: SigningKey;

  /** A value that changes whenever partners or keys change (another process may change them). */
  directoryVersion(): Awaitable<string>;
  partners(): Awaitable<readonly Partner[]>;
  keys(): Awaitable<readonly PublicKeyRecord[]>;
  /** The active partner holding this token. */
  partnerByToken(token: string): Awaitable<Partner | undefined>;
  partner(id: string): Awaitable<Partner | undefined>;

  message(id: string): Awaitable<ReceivedEnvelope | undefined>;
  receipt(messageId: string): Awaitable<string | undefined>;
  lastSequence(sender: string): Awaitable<number | undefined>;
  partnerHas(partner: string, messageId: string): Awaitable<boolean>;
  /** The next sequence number of the exchange's own messages (receipts), unique across instances. */
  nextExchangeSequence(): Awaitable<number>;

  /**
   * Commit messages in one durable transaction (group commit); a refused one undoes none of the
   * others (SQLite: a savepoint each; PostgreSQL: a refusal is decided by statements that write nothing).
   */
  commit(requests: readonly CommitRequest[]): Awaitable<readonly CommitResult[]>;

  readStream(partner: string, after: number, limit: number): Awaitable<readonly StreamEntry[]>;
  streamHead(partner: string): Awaitable<number>;
  lastAcknowledged(partner: string): Awaitable<number>;
  /** Acknowledge through a sequence, with an audit entry when it advances. @throws StoreError */
  acknowledge(partner: string, through: number): Awaitable<number>;

  /** Held releases due by `now` (ISO), oldest first. */
  dueReleases(now: string, limit: number): Awaitable<ReadonlyArray<{ messageId: string; partner: string }>>;
  /** Apply decisions on due releases: append or drop each, with audit entries. Returns partners whose streams grew. */
  applyDue(decisions: readonly DueDecision[]): Awaitable<readonly string[]>;

  /** Launch events the partner left unacknowledged since before `olderThan`. */
  unacknowledgedLaunchEvents(
    partner: string,
    olderThan: string,
    limit: number,
  ): Awaitable<readonly StreamEntry[]>;
  /** Record an escalation once, with its audit entry; false when it was recorded before. */
  escalate(e: Escalation, at: string): Awaitable<boolean>;
  escalationsOf(
    sender: string,
  ): Awaitable<
    ReadonlyArray<{ partner: string; streamSequence: number; messageId: string; escalatedAt: string }>
  >;

  /**
   * Be told when streams grew through another server instance (PostgreSQL LISTEN/NOTIFY); a single
   * SQLite server has no other instance and never calls it.
   */
  onRemoteAppend(listener: (partners: readonly string[]) => void): void;

  close(): Awaitable<void>;
}
