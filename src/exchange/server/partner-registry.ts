import { createHash, randomBytes } from 'node:crypto';
import type Database from 'better-sqlite3';
import { InputError } from '../../core/errors.js';
import { MESSAGE_TYPES, type MessageType } from '../messages/bodies.js';
import { parseReleasePolicy, type ReleasePolicy } from '../policy/policy.js';
import { type PublicKeyRecord, parsePublicKeyRecord } from '../signing/keyring.js';
import type { SqliteDatabase } from '../store/sqlite-database.js';
import { migrate } from '../store/sqlite-migrations.js';

/** This component's name in schema_versions. */
export const EXCHANGE_SERVER_COMPONENT = 'exchange-server';

/** The partner whose stream feeds the public CAP and Atom exports; it has no token. */
export const PUBLIC_PARTNER = 'public';

/**
 * The server's own tables, in the exchange's SQLite file next to the store and the audit log:
 * - exchange_settings: the exchange's id (the relay that signs released copies);
 * - exchange_partners: who may connect. A bearer token is kept only as its SHA-256: tokens are 256
 *   random bits, so a fast hash cannot be brute-forced (a slow password hash protects low-entropy
 *   secrets, which these are not), and the lookup is one indexed query per request;
 * - exchange_partner_keys: each partner's public signing keys (rotation adds one, revocation marks);
 * - exchange_receipts: the receipt given for each stored message, given again for a duplicate;
 * - exchange_pending_releases: releases held back by a partner's delay, appended when due;
 * - exchange_escalations: launch events escalated because a recipient left them unacknowledged.
 */
const MIGRATIONS: readonly string[] = [
  `CREATE TABLE exchange_settings (name TEXT PRIMARY KEY, value TEXT NOT NULL) STRICT;
   CREATE TABLE exchange_partners (
     id TEXT PRIMARY KEY,
     token_sha256 TEXT UNIQUE,
     publish_types TEXT NOT NULL,
     policy TEXT,
     added_at TEXT NOT NULL,
     revoked_at TEXT
   ) STRICT;
   CREATE TABLE exchange_partner_keys (
     kid TEXT PRIMARY KEY,
     partner TEXT NOT NULL,
     record TEXT NOT NULL
   ) STRICT;
   CREATE TABLE exchange_receipts (
     message_id TEXT PRIMARY KEY REFERENCES messages (id),
     jws TEXT NOT NULL
   ) STRICT;
   CREATE TABLE exchange_pending_releases (
     message_id TEXT NOT NULL REFERENCES messages (id),
     partner TEXT NOT NULL,
     due_at TEXT NOT NULL,
     PRIMARY KEY (message_id, partner)
   ) STRICT;
   CREATE INDEX exchange_pending_due ON exchange_pending_releases (due_at);
   CREATE TABLE exchange_escalations (
     partner TEXT NOT NULL,
     stream_sequence INTEGER NOT NULL,
     message_id TEXT NOT NULL,
     sender TEXT NOT NULL,
     escalated_at TEXT NOT NULL,
     PRIMARY KEY (partner, stream_sequence)
   ) STRICT;
   CREATE INDEX exchange_escalations_sender ON exchange_escalations (sender);`,
];

/** One partner as the server sees it. */
export interface Partner {
  readonly id: string;
  /** Message types it may publish. */
  readonly publishTypes: readonly MessageType[];
  /** What it receives; undefined: nothing. */
  readonly policy: ReleasePolicy | undefined;
  readonly addedAt: string;
  readonly revokedAt: string | undefined;
  /** Whether it has a token (the public partner has none). */
  readonly hasToken: boolean;
}

/** A row of exchange_partners (the same columns on SQLite and PostgreSQL). */
export interface PartnerRow {
  id: string;
  token_sha256: string | null;
  publish_types: string;
  policy: string | null;
  added_at: string;
  revoked_at: string | null;
}

const PARTNER_ID = /^[a-z][a-z0-9-]{0,31}$/;

/** A new bearer token: 256 random bits, base64url, with a prefix that says what it is. */
export function newToken(): string {
  return `slx_${randomBytes(32).toString('base64url')}`;
}

/** What is stored of a token. */
export function tokenHash(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** A partner from its row. */
export function toPartner(row: PartnerRow): Partner {
  const policy = row.policy === null ? undefined : parseStoredPolicy(row.policy, row.id);
  return {
    id: row.id,
    publishTypes: JSON.parse(row.publish_types) as MessageType[],
    policy,
    addedAt: row.added_at,
    revokedAt: row.revoked_at ?? undefined,
    hasToken: row.token_sha256 !== null,
  };
}

function parseStoredPolicy(text: string, partner: string): ReleasePolicy {
  const parsed = parseReleasePolicy(JSON.parse(text), `policy of ${partner}`);
  if (!parsed.ok) throw parsed.errors[0]!;
  return parsed.value;
}

/** The message types in a --publish list, checked. */
export function checkPublishTypes(types: readonly string[], field = '--publish'): MessageType[] {
  for (const t of types)
    if (!(MESSAGE_TYPES as readonly string[]).includes(t))
      throw new InputError(field, t, `message types among ${MESSAGE_TYPES.join(', ')}`);
  return [...new Set(types)] as MessageType[];
}

/** What `add` takes: a new partner. */
export interface NewPartner {
  readonly id: string;
  readonly publishTypes: readonly MessageType[];
  readonly policy: ReleasePolicy | undefined;
  readonly keys: readonly PublicKeyRecord[];
  readonly now: string;
}

/** Refuse an exchange id that is not a partner-like id. */
export function checkExchangeId(id: string): void {
  if (!PARTNER_ID.test(id))
    throw new InputError(
      '--id',
      id,
      'an exchange id: a lower-case letter, then letters, digits or dashes (at most 32)',
    );
}

/**
 * Refuse a partner that cannot be added (both registries): a malformed id, the exchange's own id,
 * an id in use (`inUse`, looked up by the caller), a policy or key naming another partner, or a
 * public partner that would publish.
 */
export function checkNewPartner(input: NewPartner, exchangeId: string | undefined, inUse: boolean): void {
  const { id } = input;
  if (!PARTNER_ID.test(id))
    throw new InputError(
      'partner',
      id,
      'a partner id: a lower-case letter, then letters, digits or dashes (at most 32)',
    );
  if (id === exchangeId) throw new InputError('partner', id, 'an id other than the exchange’s own');
  if (inUse) throw new InputError('partner', id, 'a partner id not already in use');
  if (input.policy && input.policy.partner !== id)
    throw new InputError('policy.partner', input.policy.partner, `the partner being added (${id})`);
  if (id === PUBLIC_PARTNER && input.publishTypes.length > 0)
    throw new InputError(
      '--publish',
      input.publishTypes.join(','),
      'nothing: the public partner only receives',
    );
  for (const key of input.keys) {
    if (key.partner !== id)
      throw new InputError('key.partner', key.partner, `the partner being added (${id})`);
  }
}

/** The partners, their tokens and keys, in the exchange's file. Synchronous (better-sqlite3). */
export class PartnerRegistry {
  private readonly statements: ReturnType<typeof prepare>;

  constructor(private readonly db: SqliteDatabase) {
    migrate(db, EXCHANGE_SERVER_COMPONENT, MIGRATIONS);
    this.statements = prepare(db);
  }

  /** The exchange's id, set once by `exchange init`. */
  exchangeId(): string | undefined {
    return (this.statements.setting.get('exchange-id') as { value: string } | undefined)?.value;
  }

  setExchangeId(id: string): void {
    checkExchangeId(id);
    const known = this.exchangeId();
    if (known !== undefined && known !== id)
      throw new InputError('--id', id, `the id this exchange already has (${known})`);
    this.statements.putSetting.run('exchange-id', id);
  }

  /**
   * Add a partner. Returns its token (shown once; only the hash is kept), or undefined for the
   * public partner. Refuses an id in use (revoked ones included: an id names one partner forever,
   * as message senders and audit entries cite it).
   */
  add(input: NewPartner): string | undefined {
    const { id } = input;
    checkNewPartner(input, this.exchangeId(), this.statements.partner.get(id) !== undefined);
    const isPublic = id === PUBLIC_PARTNER;
    const token = isPublic ? undefined : newToken();
    this.db
      .transaction(() => {
        this.statements.insertPartner.run(
          id,
          token === undefined ? null : tokenHash(token),
          JSON.stringify(input.publishTypes),
          input.policy ? JSON.stringify(input.policy) : null,
          input.now,
        );
        for (const key of input.keys) this.insertKey(key);
      })
      .immediate();
    return token;
  }

  /** Trust one more public key (rotation: the old key stays valid until it expires or is revoked). */
  addKey(key: PublicKeyRecord): void {
    if (key.partner !== this.exchangeId() && !this.get(key.partner))
      throw new InputError('key.partner', key.partner, 'a registered partner or the exchange');
    this.insertKey(key);
  }

  private insertKey(key: PublicKeyRecord): void {
    if (this.statements.key.get(key.kid))
      throw new InputError('key.kid', key.kid, 'a key id not already in use');
    this.statements.insertKey.run(key.kid, key.partner, JSON.stringify(key));
  }

  /** Replace a partner's release policy (what it receives from now on). */
  setPolicy(id: string, policy: ReleasePolicy | undefined): void {
    if (policy && policy.partner !== id)
      throw new InputError('policy.partner', policy.partner, `the partner ${id}`);
    if (this.statements.setPolicy.run(policy ? JSON.stringify(policy) : null, id).changes !== 1)
      throw new InputError('partner', id, 'a registered partner');
  }

  /** Revoke a partner: its token stops working and its keys verify nothing from now on. */
  revoke(id: string, now: string): void {
    const partner = this.get(id);
    if (!partner) throw new InputError('partner', id, 'a registered partner');
    if (partner.revokedAt !== undefined) return;
    this.db
      .transaction(() => {
        this.statements.revokePartner.run(now, id);
        for (const key of this.keysOf(id)) {
          if (key.revoked === undefined)
            this.statements.updateKey.run(JSON.stringify({ ...key, revoked: now }), key.kid);
        }
      })
      .immediate();
  }

  /** Revoke one key (a compromised key), leaving the partner's others. */
  revokeKey(kid: string, now: string): void {
    const row = this.statements.key.get(kid) as { record: string } | undefined;
    if (!row) throw new InputError('kid', kid, 'a registered key id');
    const record = JSON.parse(row.record) as PublicKeyRecord;
    if (record.revoked === undefined)
      this.statements.updateKey.run(JSON.stringify({ ...record, revoked: now }), kid);
  }

  get(id: string): Partner | undefined {
    const row = this.statements.partner.get(id) as PartnerRow | undefined;
    return row && toPartner(row);
  }

  /** The active (not revoked) partner holding this token; undefined for any other token. */
  authenticate(token: string): Partner | undefined {
    const row = this.statements.byToken.get(tokenHash(token)) as PartnerRow | undefined;
    return row && row.revoked_at === null ? toPartner(row) : undefined;
  }

  list(): Partner[] {
    return (this.statements.partners.all() as PartnerRow[]).map(toPartner);
  }

  /** Every trusted key record (partners' and the exchange's), for the keyring. */
  keys(): PublicKeyRecord[] {
    return (this.statements.keys.all() as Array<{ record: string }>).map((r) => checkedKey(r.record));
  }

  keysOf(partner: string): PublicKeyRecord[] {
    return (this.statements.keysOf.all(partner) as Array<{ record: string }>).map((r) =>
      checkedKey(r.record),
    );
  }

  /** The receipt given for a stored message. */
  receipt(messageId: string): string | undefined {
    return (this.statements.receipt.get(messageId) as { jws: string } | undefined)?.jws;
  }

  /** Keep a receipt (inside the caller's transaction, with the message). */
  putReceipt(messageId: string, jws: string): void {
    this.statements.putReceipt.run(messageId, jws);
  }

  /** The highest sequence the exchange has used for its own messages (receipts). */
  lastExchangeSequence(): number {
    return Number(
      (this.statements.setting.get('exchange-sequence') as { value: string } | undefined)?.value ?? 0,
    );
  }

  setLastExchangeSequence(sequence: number): void {
    this.statements.putSetting.run('exchange-sequence', String(sequence));
  }

  holdRelease(messageId: string, partner: string, dueAt: string): void {
    this.statements.hold.run(messageId, partner, dueAt);
  }

  /** Held releases due by `now`, oldest first. */
  dueReleases(now: string, limit: number): Array<{ messageId: string; partner: string; dueAt: string }> {
    return (
      this.statements.due.all(now, limit) as Array<{ message_id: string; partner: string; due_at: string }>
    ).map((r) => ({ messageId: r.message_id, partner: r.partner, dueAt: r.due_at }));
  }

  dropHeld(messageId: string, partner: string): void {
    this.statements.dropHeld.run(messageId, partner);
  }

  /** The earliest due time of a held release. */
  nextDue(): string | undefined {
    return (this.statements.nextDue.get() as { due: string | null }).due ?? undefined;
  }

  /** Record an escalation once; false when it was already recorded. */
  escalate(e: {
    partner: string;
    streamSequence: number;
    messageId: string;
    sender: string;
    at: string;
  }): boolean {
    return (
      this.statements.escalate.run(e.partner, e.streamSequence, e.messageId, e.sender, e.at).changes === 1
    );
  }

  /** Escalations of the launch events a sender published. */
  escalationsOf(
    sender: string,
  ): Array<{ partner: string; streamSequence: number; messageId: string; escalatedAt: string }> {
    return (
      this.statements.escalationsOf.all(sender) as Array<{
        partner: string;
        stream_sequence: number;
        message_id: string;
        escalated_at: string;
      }>
    ).map((r) => ({
      partner: r.partner,
      streamSequence: r.stream_sequence,
      messageId: r.message_id,
      escalatedAt: r.escalated_at,
    }));
  }
}

/** A stored key record, checked. */
export function checkedKey(text: string): PublicKeyRecord {
  const parsed = parsePublicKeyRecord(JSON.parse(text));
  if (!parsed.ok) throw parsed.errors[0]!;
  return parsed.value;
}

function prepare(db: SqliteDatabase) {
  const p = (sql: string): Database.Statement => db.prepare(sql);
  const columns = 'id, token_sha256, publish_types, policy, added_at, revoked_at';
  return {
    setting: p('SELECT value FROM exchange_settings WHERE name = ?'),
    putSetting: p(
      'INSERT INTO exchange_settings (name, value) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET value = excluded.value',
    ),
    partner: p(`SELECT ${columns} FROM exchange_partners WHERE id = ?`),
    byToken: p(`SELECT ${columns} FROM exchange_partners WHERE token_sha256 = ?`),
    partners: p(`SELECT ${columns} FROM exchange_partners ORDER BY id`),
    insertPartner: p(
      'INSERT INTO exchange_partners (id, token_sha256, publish_types, policy, added_at) VALUES (?, ?, ?, ?, ?)',
    ),
    setPolicy: p('UPDATE exchange_partners SET policy = ? WHERE id = ?'),
    revokePartner: p('UPDATE exchange_partners SET revoked_at = ? WHERE id = ?'),
    key: p('SELECT record FROM exchange_partner_keys WHERE kid = ?'),
    keys: p('SELECT record FROM exchange_partner_keys ORDER BY kid'),
    keysOf: p('SELECT record FROM exchange_partner_keys WHERE partner = ? ORDER BY kid'),
    insertKey: p('INSERT INTO exchange_partner_keys (kid, partner, record) VALUES (?, ?, ?)'),
    updateKey: p('UPDATE exchange_partner_keys SET record = ? WHERE kid = ?'),
    receipt: p('SELECT jws FROM exchange_receipts WHERE message_id = ?'),
    putReceipt: p('INSERT INTO exchange_receipts (message_id, jws) VALUES (?, ?)'),
    hold: p(
      'INSERT INTO exchange_pending_releases (message_id, partner, due_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING',
    ),
    due: p(
      'SELECT message_id, partner, due_at FROM exchange_pending_releases WHERE due_at <= ? ORDER BY due_at LIMIT ?',
    ),
    dropHeld: p('DELETE FROM exchange_pending_releases WHERE message_id = ? AND partner = ?'),
    nextDue: p('SELECT MIN(due_at) AS due FROM exchange_pending_releases'),
    escalate: p(
      `INSERT INTO exchange_escalations (partner, stream_sequence, message_id, sender, escalated_at)
       VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`,
    ),
    escalationsOf: p(
      'SELECT partner, stream_sequence, message_id, escalated_at FROM exchange_escalations WHERE sender = ? ORDER BY escalated_at, partner',
    ),
  };
}
