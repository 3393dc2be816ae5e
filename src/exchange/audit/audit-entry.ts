import { createHash } from 'node:crypto';
import { canonicalJson as messageCanonicalJson } from '../messages/canonical.js';

/** A JSON value, as an audit entry's details may hold (no undefined, NaN or Infinity). */
export type JsonValue =
  | null
  | boolean
  | number
  | string
  | readonly JsonValue[]
  | { readonly [key: string]: JsonValue };
export type JsonObject = { readonly [key: string]: JsonValue };

/** The previous hash of the first entry: there is nothing before it. */
export const GENESIS_HASH = '0'.repeat(64);

/** What a caller records: who did what to which message, partner or key. */
export interface AuditRecord {
  /** Who acted: a partner id, an operator, or the service itself. */
  readonly actor: string;
  /** What was done, such as message.received, partner.revoked, key.rotated. */
  readonly action: string;
  /** The id of what it was done to (message id, partner id, key id). */
  readonly subject: string;
  /** Anything else worth proving later (a stream sequence, a reason); JSON only. */
  readonly details?: JsonObject;
}

/** One entry of the hash chain. */
export interface AuditEntry {
  /** Position in the log: 1, 2, 3, ... */
  readonly index: number;
  /** When it was recorded: ISO 8601 UTC. */
  readonly time: string;
  readonly actor: string;
  readonly action: string;
  readonly subject: string;
  readonly details: JsonObject;
  /** The hash of entry index - 1 (GENESIS_HASH for entry 1): what chains the entries. */
  readonly previousHash: string;
  /** SHA-256 (hex) of the canonical JSON of every field above. */
  readonly hash: string;
}

/** A value that cannot go into the log (not JSON, or not an object where one is required). */
export class AuditValueError extends Error {
  override readonly name = 'AuditValueError';
}

/**
 * Canonical JSON (RFC 8785, JCS: sorted keys, shortest number form), the messages' own form
 * (messages/canonical.ts), so that any party can recompute a hash or a signature from the values
 * alone, whatever JSON library wrote them. A value with no JSON form is an AuditValueError here.
 */
export function canonicalJson(value: unknown): string {
  try {
    return messageCanonicalJson(value);
  } catch (e) {
    throw new AuditValueError(`not JSON: ${(e as Error).message}`);
  }
}

/** The hash an entry must carry: over its index, time, actor, action, subject, details and previous hash. */
export function auditEntryHash(entry: Omit<AuditEntry, 'hash'>): string {
  const canonical = canonicalJson({
    index: entry.index,
    time: entry.time,
    actor: entry.actor,
    action: entry.action,
    subject: entry.subject,
    details: entry.details,
    previousHash: entry.previousHash,
  });
  return createHash('sha256').update(canonical, 'utf8').digest('hex');
}

/** Whether the entry's hash is the hash of its own fields. */
export function auditEntryHashValid(entry: AuditEntry): boolean {
  return auditEntryHash(entry) === entry.hash;
}

/**
 * The entry that follows `previous` (undefined for the first one). Details are stored as they come
 * back from their canonical JSON, so what is kept is exactly what was hashed (a key whose value is
 * undefined is dropped, as JSON drops it).
 */
export function chainAuditEntry(
  previous: { readonly index: number; readonly hash: string } | undefined,
  record: AuditRecord,
  time: string,
): AuditEntry {
  for (const field of ['actor', 'action', 'subject'] as const) {
    if (typeof record[field] !== 'string' || record[field].length === 0) {
      throw new AuditValueError(
        `${field}: expected a non-empty string, got ${JSON.stringify(record[field])}`,
      );
    }
  }
  const raw = record.details ?? {};
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new AuditValueError('details: expected a JSON object');
  }
  const details = JSON.parse(canonicalJson(raw)) as JsonObject;
  const unhashed = {
    index: (previous?.index ?? 0) + 1,
    time,
    actor: record.actor,
    action: record.action,
    subject: record.subject,
    details,
    previousHash: previous?.hash ?? GENESIS_HASH,
  };
  return { ...unhashed, hash: auditEntryHash(unhashed) };
}
