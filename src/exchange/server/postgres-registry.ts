import { createHash } from 'node:crypto';
import pg from 'pg';
import { InputError } from '../../core/errors.js';
import type { AuditRecord } from '../audit/audit-entry.js';
import type { PostgresAuditLog } from '../audit/postgres-audit-log.js';
import type { PublicKeyRecord } from '../signing/keyring.js';
import { migrate } from '../store/postgres-migrations.js';
import { inTransaction } from '../store/postgres-transaction.js';
import {
  checkExchangeId,
  checkedKey,
  checkNewPartner,
  EXCHANGE_SERVER_COMPONENT,
  type NewPartner,
  newToken,
  type Partner,
  type PartnerRow,
  PUBLIC_PARTNER,
  tokenHash,
  toPartner,
} from './partner-registry.js';

/**
 * The server's tables on PostgreSQL (the columns of partner-registry.ts), in the schema of the
 * message store, whose `messages` they refer to, plus:
 * - exchange_directory: one row, a version counter that every write of partners or keys bumps in
 *   its transaction, so that any instance sees that the directory changed by reading one row;
 * - exchange_sequence: the sequence numbers of the exchange's own messages (receipts), unique and
 *   increasing across instances.
 * Ids and ISO times are text in the "C" collation where they are sorted, so order is as on SQLite.
 */
const MIGRATIONS: readonly string[] = [
  `CREATE TABLE exchange_settings (name text PRIMARY KEY, value text NOT NULL);
   CREATE TABLE exchange_partners (
     id text PRIMARY KEY,
     token_sha256 text UNIQUE,
     publish_types text NOT NULL,
     policy text,
     added_at text NOT NULL,
     revoked_at text
   );
   CREATE TABLE exchange_partner_keys (
     kid text PRIMARY KEY,
     partner text NOT NULL,
     record text NOT NULL
   );
   CREATE INDEX exchange_partner_keys_partner ON exchange_partner_keys (partner);
   CREATE TABLE exchange_receipts (
     message_id text PRIMARY KEY REFERENCES messages (id),
     jws text NOT NULL
   );
   CREATE TABLE exchange_pending_releases (
     message_id text NOT NULL REFERENCES messages (id),
     partner text NOT NULL,
     due_at text COLLATE "C" NOT NULL,
     PRIMARY KEY (message_id, partner)
   );
   CREATE INDEX exchange_pending_due ON exchange_pending_releases (due_at);
   CREATE TABLE exchange_escalations (
     partner text NOT NULL,
     stream_sequence bigint NOT NULL,
     message_id text NOT NULL,
     sender text NOT NULL,
     escalated_at text COLLATE "C" NOT NULL,
     PRIMARY KEY (partner, stream_sequence)
   );
   CREATE INDEX exchange_escalations_sender ON exchange_escalations (sender);
   CREATE TABLE exchange_directory (
     one boolean PRIMARY KEY DEFAULT true CHECK (one),
     version bigint NOT NULL
   );
   INSERT INTO exchange_directory (version) VALUES (1);
   CREATE SEQUENCE exchange_sequence;`,
];

/** The NOTIFY channel of an exchange schema: streams that grew, and directory changes. */
export function exchangeChannel(schema: string): string {
  const name = `shieldlab_exchange_${schema}`;
  // A channel is an identifier: at most 63 bytes.
  return name.length <= 63
    ? name
    : `shieldlab_exchange_${createHash('sha256').update(schema).digest('hex').slice(0, 32)}`;
}

/** What is sent on the channel (JSON): from which instance, and what changed. */
export interface ExchangeNotice {
  /** The sending instance (a process's own notices are skipped); absent from the command line. */
  readonly from?: string;
  /** Partners whose streams grew. */
  readonly appended?: readonly string[];
  /** Partners or keys changed. */
  readonly directory?: true;
}

/** A NOTIFY payload must stay under 8000 bytes: partner lists are split to fit. */
const MAX_PAYLOAD = 7000;

/**
 * Queue notices in the caller's transaction: PostgreSQL delivers them at COMMIT, and not at all on
 * ROLLBACK, so a listener is told only of what is committed.
 */
export async function notifyIn(
  client: pg.ClientBase,
  channel: string,
  notice: ExchangeNotice,
): Promise<void> {
  const payloads: string[] = [];
  const partners = notice.appended ?? [];
  if (partners.length === 0) payloads.push(JSON.stringify(notice));
  let chunk: string[] = [];
  let size = 0;
  for (const p of partners) {
    if (chunk.length > 0 && size + p.length + 3 > MAX_PAYLOAD) {
      payloads.push(JSON.stringify({ ...notice, appended: chunk }));
      chunk = [];
      size = 0;
    }
    chunk.push(p);
    size += p.length + 3;
  }
  if (chunk.length > 0) payloads.push(JSON.stringify({ ...notice, appended: chunk }));
  await client.query({
    name: 'exchange_notify',
    text: 'SELECT pg_notify($1, payload) FROM unnest($2::text[]) AS payload',
    values: [channel, payloads],
  });
}

/** The PostgreSQL error of a unique violation. */
function isUniqueViolation(e: unknown): boolean {
  return (e as { code?: unknown })?.code === '23505';
}

/**
 * The partners, their hashed tokens and keys in the exchange's PostgreSQL schema, for the server
 * instances (reads) and the `partner` commands (writes). Every write is one transaction that first
 * bumps the directory version (which also serializes registry writes), then changes partners and
 * keys, then appends its audit entries (the audit head's lock last, as every transaction), and
 * notifies the instances of the change on commit.
 */
export class PostgresRegistry {
  /** Create or migrate the server's tables in `schema` (the message store's tables must exist). */
  static async attach(pool: pg.Pool, schema: string, audit: PostgresAuditLog): Promise<PostgresRegistry> {
    await migrate(pool, schema, EXCHANGE_SERVER_COMPONENT, MIGRATIONS);
    return new PostgresRegistry(pool, schema, audit);
  }

  readonly channel: string;
  private readonly sql: ReturnType<typeof queries>;

  private constructor(
    readonly pool: pg.Pool,
    readonly schema: string,
    private readonly audit: PostgresAuditLog,
  ) {
    this.sql = queries(schema);
    this.channel = exchangeChannel(schema);
  }

  /** The exchange's id, set once by `exchange init --database`. */
  async exchangeId(): Promise<string | undefined> {
    const { rows } = await this.pool.query<{ value: string }>({
      ...this.sql.setting,
      values: ['exchange-id'],
    });
    return rows[0]?.value;
  }

  /** The directory's version: changes with every write of partners or keys. */
  async directoryVersion(): Promise<string> {
    const { rows } = await this.pool.query<{ version: string }>(this.sql.directoryVersion);
    return rows[0]!.version;
  }

  async get(id: string): Promise<Partner | undefined> {
    const { rows } = await this.pool.query<PartnerRow>({ ...this.sql.partner, values: [id] });
    return rows[0] && toPartner(rows[0]);
  }

  /** The active (not revoked) partner holding this token. */
  async authenticate(token: string): Promise<Partner | undefined> {
    const { rows } = await this.pool.query<PartnerRow>({ ...this.sql.byToken, values: [tokenHash(token)] });
    const row = rows[0];
    return row && row.revoked_at === null ? toPartner(row) : undefined;
  }

  async list(): Promise<Partner[]> {
    const { rows } = await this.pool.query<PartnerRow>(this.sql.partners);
    return rows.map(toPartner);
  }

  /** Every trusted key record (partners' and the exchange's). */
  async keys(): Promise<PublicKeyRecord[]> {
    const { rows } = await this.pool.query<{ record: string }>(this.sql.keys);
    return rows.map((r) => checkedKey(r.record));
  }

  async keysOf(partner: string): Promise<PublicKeyRecord[]> {
    const { rows } = await this.pool.query<{ record: string }>({ ...this.sql.keysOf, values: [partner] });
    return rows.map((r) => checkedKey(r.record));
  }

  /**
   * Set the exchange's id and trust its key, once (`exchange init`): refuses a database that holds
   * an exchange already, even one being created at the same moment.
   */
  async initialize(id: string, key: PublicKeyRecord, audit: AuditRecord, database: string): Promise<void> {
    checkExchangeId(id);
    await this.write(async (client) => {
      const set = await client.query({ ...this.sql.putSettingOnce, values: ['exchange-id', id] });
      if (set.rowCount !== 1) {
        const { rows } = await client.query<{ value: string }>({
          ...this.sql.setting,
          values: ['exchange-id'],
        });
        throw new InputError(
          '--database',
          database,
          `a database without an exchange (it holds exchange ${rows[0]?.value})`,
        );
      }
      await this.insertKey(client, key);
      return [audit];
    });
  }

  /**
   * Add a partner with its audit entry; returns its token (shown once, only its hash is kept), or
   * undefined for the public partner. Refuses as PartnerRegistry.add does.
   */
  async add(input: NewPartner, audit: AuditRecord): Promise<string | undefined> {
    const token = input.id === PUBLIC_PARTNER ? undefined : newToken();
    await this.write(async (client) => {
      const exchangeId = await this.settingIn(client, 'exchange-id');
      const known = await client.query({ ...this.sql.partner, values: [input.id] });
      checkNewPartner(input, exchangeId, (known.rowCount ?? 0) > 0);
      await client.query({
        ...this.sql.insertPartner,
        values: [
          input.id,
          token === undefined ? null : tokenHash(token),
          JSON.stringify(input.publishTypes),
          input.policy ? JSON.stringify(input.policy) : null,
          input.now,
        ],
      });
      for (const key of input.keys) await this.insertKey(client, key);
      return [audit];
    });
    return token;
  }

  /** Revoke a partner (its token and keys stop working), with its audit entry. */
  async revoke(id: string, now: string, audit: AuditRecord): Promise<void> {
    await this.write(async (client) => {
      const { rows } = await client.query<PartnerRow>({ ...this.sql.lockPartner, values: [id] });
      const partner = rows[0];
      if (!partner) throw new InputError('partner', id, 'a registered partner');
      if (partner.revoked_at === null) {
        await client.query({ ...this.sql.revokePartner, values: [now, id] });
        const keys = await client.query<{ kid: string; record: string }>({
          ...this.sql.lockKeysOf,
          values: [id],
        });
        for (const row of keys.rows) {
          const key = checkedKey(row.record);
          if (key.revoked === undefined)
            await client.query({
              ...this.sql.updateKey,
              values: [JSON.stringify({ ...key, revoked: now }), row.kid],
            });
        }
      }
      return [audit];
    });
  }

  /**
   * Trust one more key (rotation), optionally revoking one of the partner's keys at once, with
   * their audit entries, in one transaction.
   */
  async addKey(
    record: PublicKeyRecord,
    audit: AuditRecord,
    revoke?: { readonly kid: string; readonly now: string; readonly audit: AuditRecord },
  ): Promise<void> {
    await this.write(async (client) => {
      const exchangeId = await this.settingIn(client, 'exchange-id');
      const known = await client.query({ ...this.sql.partner, values: [record.partner] });
      if (record.partner !== exchangeId && known.rowCount === 0)
        throw new InputError('key.partner', record.partner, 'a registered partner or the exchange');
      await this.insertKey(client, record);
      const audits = [audit];
      if (revoke) {
        const { rows } = await client.query<{ record: string }>({
          ...this.sql.lockKey,
          values: [revoke.kid],
        });
        if (!rows[0]) throw new InputError('kid', revoke.kid, 'a registered key id');
        const key = checkedKey(rows[0].record);
        if (key.revoked === undefined)
          await client.query({
            ...this.sql.updateKey,
            values: [JSON.stringify({ ...key, revoked: revoke.now }), revoke.kid],
          });
        audits.push(revoke.audit);
      }
      return audits;
    });
  }

  /**
   * One registry write: the directory version first, then `work`, then its audit entries, and a
   * notice to the instances, delivered at commit.
   */
  private async write(work: (client: pg.PoolClient) => Promise<readonly AuditRecord[]>): Promise<void> {
    await inTransaction(this.pool, async (client) => {
      await client.query(this.sql.bumpDirectory);
      const audits = await work(client);
      await notifyIn(client, this.channel, { directory: true });
      await this.audit.appendIn(client, audits);
    });
  }

  private async settingIn(client: pg.ClientBase, name: string): Promise<string | undefined> {
    const { rows } = await client.query<{ value: string }>({ ...this.sql.setting, values: [name] });
    return rows[0]?.value;
  }

  private async insertKey(client: pg.ClientBase, key: PublicKeyRecord): Promise<void> {
    // A savepoint, so that a kid in use is refused with its own message, not an aborted transaction.
    await client.query('SAVEPOINT insert_key');
    try {
      await client.query({ ...this.sql.insertKey, values: [key.kid, key.partner, JSON.stringify(key)] });
      await client.query('RELEASE SAVEPOINT insert_key');
    } catch (e) {
      if (!isUniqueViolation(e)) throw e;
      await client.query('ROLLBACK TO SAVEPOINT insert_key');
      throw new InputError('key.kid', key.kid, 'a key id not already in use');
    }
  }
}

/** The registry's statements, named so that each pooled connection prepares them once. */
function queries(schema: string) {
  const s = pg.escapeIdentifier(schema);
  const named = (key: string, text: string) => ({ name: `exchange_registry_${key}`, text });
  const columns = 'id, token_sha256, publish_types, policy, added_at, revoked_at';
  return {
    setting: named('setting', `SELECT value FROM ${s}.exchange_settings WHERE name = $1`),
    putSettingOnce: named(
      'put_setting_once',
      `INSERT INTO ${s}.exchange_settings (name, value) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING`,
    ),
    directoryVersion: named('directory_version', `SELECT version FROM ${s}.exchange_directory`),
    bumpDirectory: named('bump_directory', `UPDATE ${s}.exchange_directory SET version = version + 1`),
    partner: named('partner', `SELECT ${columns} FROM ${s}.exchange_partners WHERE id = $1`),
    lockPartner: named(
      'lock_partner',
      `SELECT ${columns} FROM ${s}.exchange_partners WHERE id = $1 FOR UPDATE`,
    ),
    byToken: named('by_token', `SELECT ${columns} FROM ${s}.exchange_partners WHERE token_sha256 = $1`),
    partners: named('partners', `SELECT ${columns} FROM ${s}.exchange_partners ORDER BY id COLLATE "C"`),
    insertPartner: named(
      'insert_partner',
      `INSERT INTO ${s}.exchange_partners (id, token_sha256, publish_types, policy, added_at)
       VALUES ($1, $2, $3, $4, $5)`,
    ),
    revokePartner: named('revoke_partner', `UPDATE ${s}.exchange_partners SET revoked_at = $1 WHERE id = $2`),
    keys: named('keys', `SELECT record FROM ${s}.exchange_partner_keys ORDER BY kid COLLATE "C"`),
    keysOf: named(
      'keys_of',
      `SELECT record FROM ${s}.exchange_partner_keys WHERE partner = $1 ORDER BY kid COLLATE "C"`,
    ),
    lockKey: named('lock_key', `SELECT record FROM ${s}.exchange_partner_keys WHERE kid = $1 FOR UPDATE`),
    lockKeysOf: named(
      'lock_keys_of',
      `SELECT kid, record FROM ${s}.exchange_partner_keys WHERE partner = $1 ORDER BY kid COLLATE "C" FOR UPDATE`,
    ),
    insertKey: named(
      'insert_key',
      `INSERT INTO ${s}.exchange_partner_keys (kid, partner, record) VALUES ($1, $2, $3)`,
    ),
    updateKey: named('update_key', `UPDATE ${s}.exchange_partner_keys SET record = $1 WHERE kid = $2`),
  };
}
