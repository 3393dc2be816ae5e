import { InputError } from '../../core/errors.js';
import type { AuditCheckpoint } from './audit-checkpoint.js';
import type { AuditEntry, JsonObject } from './audit-entry.js';

/**
 * The audit log's rows as both databases store them (SQLite: sqlite-audit-log.ts, PostgreSQL:
 * postgres-audit-log.ts): details as the canonical JSON text that was hashed, so that what is read
 * back is exactly what the hash covers.
 */

export interface EntryRow {
  idx: number;
  time: string;
  actor: string;
  action: string;
  subject: string;
  details: string;
  previous_hash: string;
  hash: string;
}

export interface CheckpointRow {
  idx: number;
  hash: string;
  key_id: string;
  time: string;
  signature: string;
}

export const ENTRY_COLUMNS = 'idx, time, actor, action, subject, details, previous_hash, hash';
export const CHECKPOINT_COLUMNS = 'idx, hash, key_id, time, signature';

/** An entry from its row; InputError naming the row when its details are not a JSON object. */
export function toEntry(row: EntryRow, file: string): AuditEntry {
  let details: unknown;
  try {
    details = JSON.parse(row.details);
  } catch {
    details = undefined;
  }
  if (typeof details !== 'object' || details === null || Array.isArray(details)) {
    throw new InputError(
      `audit_entries[${row.idx}].details`,
      row.details,
      'a JSON object',
      file || undefined,
    );
  }
  return {
    index: row.idx,
    time: row.time,
    actor: row.actor,
    action: row.action,
    subject: row.subject,
    details: details as JsonObject,
    previousHash: row.previous_hash,
    hash: row.hash,
  };
}

export function toCheckpoint(row: CheckpointRow): AuditCheckpoint {
  return { index: row.idx, hash: row.hash, keyId: row.key_id, time: row.time, signature: row.signature };
}
