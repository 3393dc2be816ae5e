import type Database from 'better-sqlite3';
import { InputError } from '../../core/errors.js';
import { openExchangeDatabase, type SqliteDatabase } from '../store/sqlite-database.js';
import { migrate } from '../store/sqlite-migrations.js';
import { type AuditCheckpoint, type CheckpointSigner, signCheckpoint } from './audit-checkpoint.js';
import {
  type AuditEntry,
  type AuditRecord,
  canonicalJson,
  chainAuditEntry,
  GENESIS_HASH,
} from './audit-entry.js';
import { auditToJsonLines, parseAuditJsonLines } from './audit-json-lines.js';
import type { AuditPublicKeys } from './audit-keys.js';
import {
  CHECKPOINT_COLUMNS,
  type CheckpointRow,
  ENTRY_COLUMNS,
  type EntryRow,
  toCheckpoint,
  toEntry,
} from './audit-rows.js';
import { type AuditVerification, verifyAudit } from './verify-audit.js';

/** This component's name in schema_versions. */
export const AUDIT_LOG_COMPONENT = 'audit-log';

/** Default checkpoint interval: a signature costs tens of microseconds, so sign often. */
export const DEFAULT_CHECKPOINT_EVERY = 100;

/**
 * Schema steps (see migrate). The triggers make the entries append-only for every program that
 * uses the file: an UPDATE or DELETE by mistake fails instead of silently breaking the chain. They
 * do not stop someone with the file in hand (a trigger can be dropped): the hash chain and the
 * signed checkpoints are what reveal that.
 */
const MIGRATIONS: readonly string[] = [
  `CREATE TABLE audit_entries (
     idx INTEGER PRIMARY KEY,
     time TEXT NOT NULL,
     actor TEXT NOT NULL,
     action TEXT NOT NULL,
     subject TEXT NOT NULL,
     details TEXT NOT NULL,
     previous_hash TEXT NOT NULL,
     hash TEXT NOT NULL
   ) STRICT;
   CREATE TABLE audit_checkpoints (
     idx INTEGER NOT NULL,
     hash TEXT NOT NULL,
     key_id TEXT NOT NULL,
     time TEXT NOT NULL,
     signature TEXT NOT NULL,
     PRIMARY KEY (idx, key_id)
   ) STRICT;
   CREATE TRIGGER audit_entries_append_only_update BEFORE UPDATE ON audit_entries
     BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
   CREATE TRIGGER audit_entries_append_only_delete BEFORE DELETE ON audit_entries
     BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
   CREATE TRIGGER audit_checkpoints_append_only_update BEFORE UPDATE ON audit_checkpoints
     BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
   CREATE TRIGGER audit_checkpoints_append_only_delete BEFORE DELETE ON audit_checkpoints
     BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;`,
];

export interface AuditLogOptions {
  /** Signs checkpoints; without one the log is chained but not checkpointed. */
  readonly signer?: CheckpointSigner;
  /** Sign a checkpoint whenever the index reaches a multiple of this (default 100). */
  readonly checkpointEvery?: number;
  /** The clock for entry and checkpoint times (tests fix it). */
  readonly clock?: () => Date;
}

/** Importing a log that does not verify, or into a log that is not empty. */
export class AuditImportError extends Error {
  override readonly name = 'AuditImportError';
  constructor(
    message: string,
    readonly verification?: AuditVerification,
  ) {
    super(message);
  }
}

/**
 * The audit log in the exchange's SQLite file, next to the message store (its own tables). Each
 * append is one IMMEDIATE transaction (the chain's head is read under the write lock, so two
 * writers cannot both chain to it); inside a caller's transaction it becomes part of it, so a
 * message and its audit entry can be committed together.
 */
export class SqliteAuditLog {
  /** Open the log on a file (created and migrated if needed); close() closes the file. */
  static open(path: string, options: AuditLogOptions = {}): SqliteAuditLog {
    const db = openExchangeDatabase(path);
    try {
      return new SqliteAuditLog(db, true, options);
    } catch (e) {
      db.close();
      throw e;
    }
  }

  /** The log on a connection the caller opened with openExchangeDatabase and keeps. */
  static attach(db: SqliteDatabase, options: AuditLogOptions = {}): SqliteAuditLog {
    return new SqliteAuditLog(db, false, options);
  }

  private readonly checkpointEvery: number;
  private readonly clock: () => Date;
  private readonly statements: ReturnType<typeof prepareStatements>;
  private readonly appendTx: Database.Transaction<(record: AuditRecord) => AuditEntry>;
  private readonly checkpointTx: Database.Transaction<() => AuditCheckpoint | undefined>;

  private constructor(
    readonly db: SqliteDatabase,
    private readonly ownsConnection: boolean,
    private readonly options: AuditLogOptions,
  ) {
    const every = options.checkpointEvery ?? DEFAULT_CHECKPOINT_EVERY;
    if (!Number.isSafeInteger(every) || every < 1) {
      throw new RangeError(`checkpointEvery: expected an integer >= 1, got ${every}`);
    }
    this.checkpointEvery = every;
    this.clock = options.clock ?? (() => new Date());
    migrate(db, AUDIT_LOG_COMPONENT, MIGRATIONS);
    this.statements = prepareStatements(db);
    this.appendTx = db.transaction((record: AuditRecord) => {
      const entry = chainAuditEntry(this.headRow(), record, this.clock().toISOString());
      insertEntry(this.statements, entry);
      if (this.options.signer && entry.index % this.checkpointEvery === 0) this.signHead();
      return entry;
    });
    this.checkpointTx = db.transaction(() => this.signHead());
  }

  /** Append an entry, chained to the current head; signs a checkpoint when the interval is reached. */
  append(record: AuditRecord): AuditEntry {
    return this.appendTx.immediate(record);
  }

  /**
   * Sign a checkpoint of the current head now (before handing the log over, or on a timer, so that
   * few entries stay uncovered). Undefined when the log is empty.
   * @throws Error when the log has no signer.
   */
  checkpoint(): AuditCheckpoint | undefined {
    return this.checkpointTx.immediate();
  }

  /** The last entry's index and hash (0 and GENESIS_HASH when empty). */
  head(): { index: number; hash: string } {
    return this.headRow() ?? { index: 0, hash: GENESIS_HASH };
  }

  /** Entries after `afterIndex`, in index order, at most `limit`. */
  entries(afterIndex = 0, limit = Number.MAX_SAFE_INTEGER): AuditEntry[] {
    const rows = this.statements.entries.all(afterIndex, limit) as EntryRow[];
    return rows.map((r) => toEntry(r, ''));
  }

  checkpoints(): AuditCheckpoint[] {
    return readCheckpoints(this.db);
  }

  /** Verify this log's chain and checkpoints (see verifyAudit). */
  verify(publicKeys?: AuditPublicKeys): AuditVerification {
    const { entries, checkpoints } = readAuditTables(this.db, this.db.name);
    return verifyAudit(entries, checkpoints, publicKeys);
  }

  exportJsonLines(): string {
    return auditToJsonLines(this.entries(), this.checkpoints());
  }

  /**
   * Load a JSON-lines export into this log, which must be empty. The export must verify (with
   * `publicKeys` when given): a broken log is evidence to examine with verifyAudit, not to adopt.
   * Returns the number of entries imported.
   */
  importJsonLines(text: string, file: string, publicKeys?: AuditPublicKeys): number {
    const { entries, checkpoints } = parseAuditJsonLines(text, file);
    const verification = verifyAudit(entries, checkpoints, publicKeys);
    if (!verification.ok) {
      throw new AuditImportError(
        `${file}: ${verification.problem?.message ?? 'does not verify'}`,
        verification,
      );
    }
    this.db
      .transaction(() => {
        if (this.statements.anyRow.get())
          throw new AuditImportError(`${this.db.name}: the audit log is not empty`);
        for (const e of entries) insertEntry(this.statements, e);
        for (const cp of checkpoints) insertCheckpoint(this.statements, cp);
      })
      .immediate();
    return entries.length;
  }

  close(): void {
    if (this.ownsConnection && this.db.open) this.db.close();
  }

  private headRow(): { index: number; hash: string } | undefined {
    const row = this.statements.head.get() as { idx: number; hash: string } | undefined;
    return row && { index: row.idx, hash: row.hash };
  }

  private signHead(): AuditCheckpoint | undefined {
    const signer = this.options.signer;
    if (!signer) throw new Error('the audit log has no checkpoint signer');
    const head = this.headRow();
    if (!head) return undefined;
    const existing = this.statements.checkpoint.get(head.index, signer.keyId) as CheckpointRow | undefined;
    if (existing) return toCheckpoint(existing);
    const checkpoint = signCheckpoint(head, signer, this.clock().toISOString());
    insertCheckpoint(this.statements, checkpoint);
    return checkpoint;
  }
}

/** Statements prepared once per log: an append runs several, thousands of times a second. */
function prepareStatements(db: SqliteDatabase) {
  return {
    head: db.prepare('SELECT idx, hash FROM audit_entries ORDER BY idx DESC LIMIT 1'),
    entries: db.prepare(`SELECT ${ENTRY_COLUMNS} FROM audit_entries WHERE idx > ? ORDER BY idx LIMIT ?`),
    insertEntry: db.prepare(`INSERT INTO audit_entries (${ENTRY_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`),
    checkpoint: db.prepare(
      `SELECT ${CHECKPOINT_COLUMNS} FROM audit_checkpoints WHERE idx = ? AND key_id = ?`,
    ),
    insertCheckpoint: db.prepare(
      `INSERT INTO audit_checkpoints (${CHECKPOINT_COLUMNS}) VALUES (?, ?, ?, ?, ?)`,
    ),
    anyRow: db.prepare(
      'SELECT 1 WHERE EXISTS (SELECT 1 FROM audit_entries) OR EXISTS (SELECT 1 FROM audit_checkpoints)',
    ),
  };
}

function insertEntry(statements: ReturnType<typeof prepareStatements>, e: AuditEntry): void {
  statements.insertEntry.run(
    e.index,
    e.time,
    e.actor,
    e.action,
    e.subject,
    canonicalJson(e.details),
    e.previousHash,
    e.hash,
  );
}

function insertCheckpoint(statements: ReturnType<typeof prepareStatements>, cp: AuditCheckpoint): void {
  statements.insertCheckpoint.run(cp.index, cp.hash, cp.keyId, cp.time, cp.signature);
}

function readCheckpoints(db: SqliteDatabase): AuditCheckpoint[] {
  const rows = db
    .prepare(`SELECT ${CHECKPOINT_COLUMNS} FROM audit_checkpoints ORDER BY idx, key_id`)
    .all() as CheckpointRow[];
  return rows.map(toCheckpoint);
}

/**
 * Read the audit tables of an exchange file as they are, for verification: entries in index order
 * (the order the file gives them), and checkpoints. Nothing is checked here but the shape.
 * @throws InputError when the file has no audit log or a row is not readable.
 */
export function readAuditTables(
  db: SqliteDatabase,
  file: string,
): { entries: AuditEntry[]; checkpoints: AuditCheckpoint[] } {
  const tables = db
    .prepare(
      "SELECT name FROM sqlite_master WHERE type = 'table' AND name IN ('audit_entries', 'audit_checkpoints')",
    )
    .all() as Array<{ name: string }>;
  if (tables.length !== 2) {
    throw new InputError('audit_entries', 'no audit tables', 'an exchange database with an audit log', file);
  }
  // One read transaction: a log being written meanwhile is read as of one moment, so a checkpoint
  // signed after the entries were read cannot look like a cut-off tail.
  return db.transaction(() => {
    const rows = db.prepare(`SELECT ${ENTRY_COLUMNS} FROM audit_entries ORDER BY idx`).all() as EntryRow[];
    return { entries: rows.map((r) => toEntry(r, file)), checkpoints: readCheckpoints(db) };
  })();
}
