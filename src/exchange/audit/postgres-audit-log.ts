import pg from 'pg';
import { InputError } from '../../core/errors.js';
import { migrate } from '../store/postgres-migrations.js';
import { inTransaction } from '../store/postgres-transaction.js';
import { type AuditCheckpoint, signCheckpoint } from './audit-checkpoint.js';
import {
  type AuditEntry,
  type AuditRecord,
  canonicalJson,
  chainAuditEntry,
  GENESIS_HASH,
} from './audit-entry.js';
import type { AuditPublicKeys } from './audit-keys.js';
import {
  CHECKPOINT_COLUMNS,
  type CheckpointRow,
  ENTRY_COLUMNS,
  type EntryRow,
  toCheckpoint,
  toEntry,
} from './audit-rows.js';
import { AUDIT_LOG_COMPONENT, type AuditLogOptions, DEFAULT_CHECKPOINT_EVERY } from './sqlite-audit-log.js';
import { type AuditVerification, verifyAudit } from './verify-audit.js';

/**
 * Schema steps (see postgres-migrations.ts): the SQLite log's tables, plus `audit_head`, one row
 * holding the last entry's index and hash. Every append locks that row (SELECT ... FOR UPDATE) in
 * its transaction and moves it, so appends from several server instances queue on it and each
 * chains to the entry committed before it: the log's order is the commit order. The triggers make
 * entries and checkpoints append-only (UPDATE, DELETE and TRUNCATE raise) for every program using
 * the database; as on SQLite they do not stop an owner who drops them: the hash chain and the signed
 * checkpoints are what reveal that.
 */
const MIGRATIONS: readonly string[] = [
  `CREATE TABLE audit_entries (
     idx bigint PRIMARY KEY CHECK (idx >= 1),
     time text NOT NULL,
     actor text NOT NULL,
     action text NOT NULL,
     subject text NOT NULL,
     details text NOT NULL,
     previous_hash text NOT NULL,
     hash text NOT NULL
   );
   CREATE TABLE audit_checkpoints (
     idx bigint NOT NULL,
     hash text NOT NULL,
     key_id text NOT NULL,
     time text NOT NULL,
     signature text NOT NULL,
     PRIMARY KEY (idx, key_id)
   );
   CREATE TABLE audit_head (
     one boolean PRIMARY KEY DEFAULT true CHECK (one),
     idx bigint NOT NULL,
     hash text NOT NULL
   );
   INSERT INTO audit_head (idx, hash) VALUES (0, '${GENESIS_HASH}');
   CREATE FUNCTION audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
   BEGIN
     RAISE EXCEPTION 'the audit log is append-only (% on %)', TG_OP, TG_TABLE_NAME
       USING ERRCODE = 'restrict_violation';
   END $$;
   CREATE TRIGGER audit_entries_append_only BEFORE UPDATE OR DELETE ON audit_entries
     FOR EACH ROW EXECUTE FUNCTION audit_append_only();
   CREATE TRIGGER audit_entries_no_truncate BEFORE TRUNCATE ON audit_entries
     FOR EACH STATEMENT EXECUTE FUNCTION audit_append_only();
   CREATE TRIGGER audit_checkpoints_append_only BEFORE UPDATE OR DELETE ON audit_checkpoints
     FOR EACH ROW EXECUTE FUNCTION audit_append_only();
   CREATE TRIGGER audit_checkpoints_no_truncate BEFORE TRUNCATE ON audit_checkpoints
     FOR EACH STATEMENT EXECUTE FUNCTION audit_append_only();`,
];

/** node-postgres returns bigint as text. */
type PgEntryRow = Omit<EntryRow, 'idx'> & { idx: string };
type PgCheckpointRow = Omit<CheckpointRow, 'idx'> & { idx: string };

/**
 * The audit log in the exchange's PostgreSQL database: the same entries, hash chain and signed
 * checkpoints as SqliteAuditLog, so verifyAudit and `exchange verify-audit` read either. Appends run
 * inside the caller's transaction (appendIn), with the message, acknowledgement or registry change
 * they record; the head lock they take is the LAST lock of that transaction (see the README: lock
 * order), held for the shortest time, because every writer of every instance queues on it.
 */
export class PostgresAuditLog {
  /** Create or migrate the log's tables in `schema` on the caller's pool (which the caller ends). */
  static async attach(
    pool: pg.Pool,
    schema: string,
    options: AuditLogOptions = {},
  ): Promise<PostgresAuditLog> {
    await migrate(pool, schema, AUDIT_LOG_COMPONENT, MIGRATIONS);
    return new PostgresAuditLog(pool, schema, options);
  }

  private readonly checkpointEvery: number;
  private readonly clock: () => Date;
  private readonly sql: ReturnType<typeof queries>;

  private constructor(
    readonly pool: pg.Pool,
    readonly schema: string,
    private readonly options: AuditLogOptions,
  ) {
    const every = options.checkpointEvery ?? DEFAULT_CHECKPOINT_EVERY;
    if (!Number.isSafeInteger(every) || every < 1) {
      throw new RangeError(`checkpointEvery: expected an integer >= 1, got ${every}`);
    }
    this.checkpointEvery = every;
    this.clock = options.clock ?? (() => new Date());
    this.sql = queries(schema);
  }

  /**
   * Append entries, in order, in the caller's transaction on `client`: locks the head row (to be
   * taken after every other lock of the transaction), chains the entries to it, and signs a
   * checkpoint at each index that is a multiple of the interval, as SqliteAuditLog does.
   */
  async appendIn(client: pg.ClientBase, records: readonly AuditRecord[]): Promise<AuditEntry[]> {
    if (records.length === 0) return [];
    const time = this.clock().toISOString();
    // Chained once without the lock, so that a record that cannot be logged fails before waiting.
    for (const record of records) chainAuditEntry(undefined, record, time);
    const { rows } = await client.query<{ idx: string; hash: string }>(this.sql.lockHead);
    const head = rows[0]!;
    let previous: { index: number; hash: string } = { index: Number(head.idx), hash: head.hash };
    const entries = records.map((record) => {
      const entry = chainAuditEntry(previous, record, time);
      previous = entry;
      return entry;
    });
    const last = entries.at(-1)!;
    await client.query({
      ...this.sql.write,
      values: [
        entries.map((e) => e.index),
        entries.map((e) => e.time),
        entries.map((e) => e.actor),
        entries.map((e) => e.action),
        entries.map((e) => e.subject),
        entries.map((e) => canonicalJson(e.details)),
        entries.map((e) => e.previousHash),
        entries.map((e) => e.hash),
        last.index,
        last.hash,
      ],
    });
    const signer = this.options.signer;
    if (signer) {
      const due = entries.filter((e) => e.index % this.checkpointEvery === 0);
      for (const e of due) await this.insertCheckpoint(client, signCheckpoint(e, signer, time));
    }
    return entries;
  }

  /** Append one entry in a transaction of its own. */
  async append(record: AuditRecord): Promise<AuditEntry> {
    return inTransaction(this.pool, async (client) => (await this.appendIn(client, [record]))[0]!);
  }

  /**
   * Sign a checkpoint of the current head now; the existing one when the head has one. Undefined
   * when the log is empty. @throws Error when the log has no signer.
   */
  async checkpoint(): Promise<AuditCheckpoint | undefined> {
    const signer = this.options.signer;
    if (!signer) throw new Error('the audit log has no checkpoint signer');
    return inTransaction(this.pool, async (client) => {
      const { rows } = await client.query<{ idx: string; hash: string }>(this.sql.lockHead);
      const head = { index: Number(rows[0]!.idx), hash: rows[0]!.hash };
      if (head.index === 0) return undefined;
      const existing = await client.query<PgCheckpointRow>({
        ...this.sql.checkpoint,
        values: [head.index, signer.keyId],
      });
      if (existing.rows[0]) return toCheckpoint({ ...existing.rows[0], idx: Number(existing.rows[0].idx) });
      const checkpoint = signCheckpoint(head, signer, this.clock().toISOString());
      await this.insertCheckpoint(client, checkpoint);
      return checkpoint;
    });
  }

  /** The last entry's index and hash (0 and GENESIS_HASH when empty). */
  async head(): Promise<{ index: number; hash: string }> {
    const { rows } = await this.pool.query<{ idx: string; hash: string }>(this.sql.head);
    return { index: Number(rows[0]!.idx), hash: rows[0]!.hash };
  }

  /** Every entry and checkpoint, read as of one moment. */
  async read(): Promise<{ entries: AuditEntry[]; checkpoints: AuditCheckpoint[] }> {
    const client = await this.pool.connect();
    try {
      return await readPostgresAuditTables(client, this.schema, 'audit log');
    } finally {
      client.release();
    }
  }

  /** Verify the log's chain and checkpoints (see verifyAudit). */
  async verify(publicKeys?: AuditPublicKeys): Promise<AuditVerification> {
    const { entries, checkpoints } = await this.read();
    return verifyAudit(entries, checkpoints, publicKeys);
  }

  private async insertCheckpoint(client: pg.ClientBase, cp: AuditCheckpoint): Promise<void> {
    await client.query({
      ...this.sql.insertCheckpoint,
      values: [cp.index, cp.hash, cp.keyId, cp.time, cp.signature],
    });
  }
}

/**
 * The audit tables of an exchange's PostgreSQL schema as they are, for verification: entries in
 * index order and checkpoints, in one REPEATABLE READ READ ONLY transaction (one snapshot: a
 * checkpoint signed while the entries are read cannot look like a cut-off tail). The client must
 * not be in a transaction. `source` names the database in errors.
 * @throws InputError when the schema has no audit log or a row is not readable.
 */
export async function readPostgresAuditTables(
  client: pg.ClientBase,
  schema: string,
  source: string,
): Promise<{ entries: AuditEntry[]; checkpoints: AuditCheckpoint[] }> {
  const s = pg.escapeIdentifier(schema);
  await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
  try {
    const tables = await client.query<{ entries: boolean; checkpoints: boolean }>(
      'SELECT to_regclass($1) IS NOT NULL AS entries, to_regclass($2) IS NOT NULL AS checkpoints',
      [`${s}.audit_entries`, `${s}.audit_checkpoints`],
    );
    if (!tables.rows[0]?.entries || !tables.rows[0].checkpoints)
      throw new InputError(
        'audit_entries',
        'no audit tables',
        'an exchange database with an audit log',
        source,
      );
    const entries = await client.query<PgEntryRow>(
      `SELECT ${ENTRY_COLUMNS} FROM ${s}.audit_entries ORDER BY idx`,
    );
    const checkpoints = await client.query<PgCheckpointRow>(
      `SELECT ${CHECKPOINT_COLUMNS} FROM ${s}.audit_checkpoints ORDER BY idx, key_id COLLATE "C"`,
    );
    await client.query('COMMIT');
    return {
      entries: entries.rows.map((r) => toEntry({ ...r, idx: Number(r.idx) }, source)),
      checkpoints: checkpoints.rows.map((r) => toCheckpoint({ ...r, idx: Number(r.idx) })),
    };
  } catch (e) {
    await client.query('ROLLBACK').catch(() => {});
    throw e;
  }
}

/** The log's statements, named so that each pooled connection prepares them once. */
function queries(schema: string) {
  const s = pg.escapeIdentifier(schema);
  const named = (key: string, text: string) => ({ name: `audit_log_${key}`, text });
  return {
    head: named('head', `SELECT idx, hash FROM ${s}.audit_head`),
    lockHead: named('lock_head', `SELECT idx, hash FROM ${s}.audit_head FOR UPDATE`),
    // The entries and the head's move in one statement (one round trip under the head's lock).
    write: named(
      'write',
      `WITH inserted AS (
         INSERT INTO ${s}.audit_entries (${ENTRY_COLUMNS})
         SELECT * FROM unnest($1::bigint[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[],
                              $7::text[], $8::text[])
       )
       UPDATE ${s}.audit_head SET idx = $9::bigint, hash = $10::text`,
    ),
    checkpoint: named(
      'checkpoint',
      `SELECT ${CHECKPOINT_COLUMNS} FROM ${s}.audit_checkpoints WHERE idx = $1 AND key_id = $2`,
    ),
    insertCheckpoint: named(
      'insert_checkpoint',
      `INSERT INTO ${s}.audit_checkpoints (${CHECKPOINT_COLUMNS}) VALUES ($1, $2, $3, $4, $5)`,
    ),
  };
}
