import pg from 'pg';
import type { MessageStore, UnacknowledgedOptions } from './message-store.js';
import { durabilityProblems, openExchangePool, type PostgresConnection } from './postgres-database.js';
import { migrate } from './postgres-migrations.js';
import { inTransaction } from './postgres-transaction.js';
import { sameMessage } from './same-message.js';
import { StoreError } from './store-error.js';
import {
  checkEnvelope,
  checkInteger,
  checkLimit,
  checkMessageId,
  checkName,
  checkReleases,
  checkTime,
} from './store-input.js';
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
import { messageRow } from './stored-message.js';

/** This component's name in schema_versions (the same as the SQLite store's). */
export const MESSAGE_STORE_COMPONENT = 'message-store';

/**
 * Schema steps (see migrate), the SQLite store's tables with PostgreSQL types, plus `senders`:
 * - messages: one row per message id; UNIQUE (sender, sequence) is the replay guard's index and its
 *   last line of defence. received_at is ISO 8601 text in the "C" collation, so text order is time
 *   order whatever the database's locale.
 * - senders: one row per sender, only to be locked: appends from one sender are serialized on it,
 *   so "sequence greater than the last stored one" holds across server instances.
 * - partners: each stream's head and last acknowledgement; appends to one stream are serialized on
 *   its row, which is what keeps the numbering gapless.
 * - streams: one row per message released to a partner, keyed by (partner, stream_sequence).
 */
const MIGRATIONS: readonly string[] = [
  `CREATE TABLE messages (
     id text PRIMARY KEY,
     sender text NOT NULL,
     sequence bigint NOT NULL CHECK (sequence >= 0),
     type text NOT NULL,
     jws text NOT NULL,
     received_at text COLLATE "C" NOT NULL,
     UNIQUE (sender, sequence)
   );
   CREATE TABLE senders (
     sender text PRIMARY KEY
   );
   CREATE TABLE partners (
     partner text PRIMARY KEY,
     last_stream_sequence bigint NOT NULL CHECK (last_stream_sequence >= 0),
     last_acknowledged bigint NOT NULL CHECK (last_acknowledged BETWEEN 0 AND last_stream_sequence)
   );
   CREATE TABLE streams (
     partner text NOT NULL REFERENCES partners (partner),
     stream_sequence bigint NOT NULL CHECK (stream_sequence >= 1),
     message_id text NOT NULL REFERENCES messages (id),
     jws text NOT NULL,
     PRIMARY KEY (partner, stream_sequence),
     UNIQUE (partner, message_id)
   );`,
];

/** The store's tables, for check(). */
const TABLES = ['messages', 'senders', 'partners', 'streams'] as const;

/** The store's writes inside a caller's transaction: PostgresMessageStore.within. */
export interface StoreTransaction {
  /** Lock these senders, then these partners, each sorted (the store's lock order); held to commit. */
  lock(senders: Iterable<string>, partners: Iterable<string>): Promise<void>;
  /**
   * As MessageStore.appendMany, in the caller's transaction (it locks the batch's senders and
   * streams itself, in the store's order): each message's result, or the StoreError that refused it
   * (a refusal writes nothing, so the others stand).
   */
  appendMany(requests: readonly AppendRequest[]): Promise<Array<AppendResult | StoreError>>;
  /** As MessageStore.appendReleases, in the caller's transaction. */
  appendReleases(messageId: string, releases: readonly Release[]): Promise<readonly StreamPosition[]>;
}

/** Options of PostgresMessageStore.open. */
export interface PostgresStoreOptions {
  /** The schema holding the store's tables, created when missing (default public). */
  readonly schema?: string;
}

/** A schema name used unquoted elsewhere reads the same: lower case, at most 63 bytes. */
const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

const DEFAULT_UNACKNOWLEDGED_LIMIT = 1000;

/** node-postgres returns bigint as text: the store's numbers are safe integers, so Number is exact. */
type Int8 = string;

interface MessageRow {
  id: string;
  sender: string;
  sequence: Int8;
  type: string;
  jws: string;
  received_at: string;
}

interface StreamRow {
  partner: string;
  stream_sequence: Int8;
  message_id: string;
  sender: string;
  sequence: Int8;
  type: string;
  received_at: string;
  jws: string;
}

interface HeadRow {
  last_stream_sequence: Int8;
  last_acknowledged: Int8;
}

function toEnvelope(row: MessageRow): ReceivedEnvelope {
  return {
    id: row.id,
    sender: row.sender,
    sequence: Number(row.sequence),
    type: row.type,
    jws: row.jws,
    receivedAt: row.received_at,
  };
}

function toStreamEntry(row: StreamRow): StreamEntry {
  return {
    partner: row.partner,
    streamSequence: Number(row.stream_sequence),
    messageId: row.message_id,
    sender: row.sender,
    sequence: Number(row.sequence),
    type: row.type,
    receivedAt: row.received_at,
    jws: row.jws,
  };
}

/** The one order every writer locks rows in (see the class comment): UTF-16 code unit order. */
function byName(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Each name once, in lock order. */
function lockOrder(names: Iterable<string>): string[] {
  return [...new Set(names)].sort(byName);
}

/**
 * The message store on PostgreSQL, for several exchange server instances sharing one database.
 * Every write is one READ COMMITTED transaction on a pooled connection; it returns after COMMIT,
 * which the server acknowledges only once the commit is flushed to its WAL (openExchangePool
 * refuses fsync=off and synchronous_commit=off).
 *
 * Concurrency rests on row locks held to commit: a message's sender row (`senders`) serializes the
 * sequence check, and each partner's head row (`partners`, advanced by INSERT ... ON CONFLICT DO
 * UPDATE ... RETURNING) serializes its stream, so stream sequences are gapless across instances (a
 * rolled-back append rolls back its increment too). Every transaction takes these locks in one
 * order, senders before partners and each kind sorted by name, so two appends naming the same
 * partners in different orders wait for each other instead of deadlocking: append locks its sender
 * then its partners sorted; appendMany locks all its senders, inserts its messages, then locks
 * the streams of those stored and writes all their entries at once (so a stream's lock is held
 * for a few statements and the commit, not for the whole batch). A refusal is decided by a
 * statement that writes nothing, so appendMany needs no savepoint to keep a refused message from
 * undoing the others. `within(client)` runs appendMany and appendReleases in a caller's
 * transaction (PostgresExchangeState commits receipts and audit entries with the messages).
 */
export class PostgresMessageStore implements MessageStore {
  /**
   * Connect (a pool on the connection string or configuration), refuse a server without durable
   * commits, create and migrate the schema if needed; close() ends the pool.
   */
  static async open(
    connection: PostgresConnection,
    options: PostgresStoreOptions = {},
  ): Promise<PostgresMessageStore> {
    const schema = options.schema ?? 'public';
    if (!SCHEMA_NAME.test(schema)) {
      throw new StoreError(
        'invalid-argument',
        `schema: got ${JSON.stringify(schema)}, expected a lower-case name of at most 63 characters`,
      );
    }
    const pool = await openExchangePool(connection);
    try {
      await migrate(pool, schema, MESSAGE_STORE_COMPONENT, MIGRATIONS);
      return new PostgresMessageStore(pool, schema);
    } catch (e) {
      await pool.end();
      throw e;
    }
  }

  private closed = false;
  private readonly sql: ReturnType<typeof queries>;

  private constructor(
    /** The pool, for callers that keep their own tables in the same database. */
    readonly pool: pg.Pool,
    /** The schema holding the store's tables. */
    readonly schema: string,
  ) {
    this.sql = queries(schema);
  }

  async append(envelope: ReceivedEnvelope, releases: readonly Release[]): Promise<AppendResult> {
    this.ensureOpen();
    checkEnvelope(envelope);
    checkReleases(releases);
    return inTransaction(
      this.pool,
      async (client) => {
        await client.query({ ...this.sql.lockSenders, values: [[envelope.sender]] });
        return this.write(client, envelope, releases);
      },
      (result) => result.outcome === 'stored',
    );
  }

  async appendMany(requests: readonly AppendRequest[]): Promise<readonly AppendOutcome[]> {
    this.ensureOpen();
    if (!Array.isArray(requests)) {
      throw new StoreError('invalid-argument', 'requests: expected an array of { envelope, releases }');
    }
    if (requests.length === 0) return [];
    const results = await inTransaction(
      this.pool,
      (client) => this.writeBatch(client, requests, new Set()),
      (results) => results.some((r) => !(r instanceof StoreError) && r.outcome === 'stored'),
    );
    return results.map((r, i) => (r instanceof StoreError ? rejected(requests[i]!, r) : r));
  }

  async appendReleases(messageId: string, releases: readonly Release[]): Promise<readonly StreamPosition[]> {
    this.ensureOpen();
    checkMessageId(messageId);
    checkReleases(releases);
    return inTransaction(
      this.pool,
      (client) => this.releasesIn(client, messageId, releases),
      (positions) => positions.length > 0,
    );
  }

  /**
   * The store's writes on a connection inside the caller's transaction, for a caller that commits
   * its own tables with the messages (PostgresExchangeState: a message, its receipt and its audit
   * entry in one transaction). The caller begins and commits, and takes any lock of its own tables
   * after the store's (appendMany locks its senders, then its streams; `lock` takes streams the
   * caller appends to with appendReleases, before the first). A refusal (StoreError) writes
   * nothing, so the transaction can go on.
   */
  within(client: pg.ClientBase): StoreTransaction {
    this.ensureOpen();
    const lockedSenders = new Set<string>();
    return {
      lock: async (senders, partners) => {
        const s = lockOrder(senders);
        const p = lockOrder(partners);
        if (s.length > 0) await client.query({ ...this.sql.lockSenders, values: [s] });
        if (p.length > 0) await client.query({ ...this.sql.lockPartners, values: [p] });
        for (const sender of s) lockedSenders.add(sender);
      },
      appendMany: async (requests) => {
        this.ensureOpen();
        return this.writeBatch(client, requests, lockedSenders);
      },
      appendReleases: async (messageId, releases) => {
        this.ensureOpen();
        checkMessageId(messageId);
        checkReleases(releases);
        return this.releasesIn(client, messageId, releases);
      },
    };
  }

  async partnerHas(partner: string, messageId: string): Promise<boolean> {
    this.ensureOpen();
    const { rows } = await this.pool.query<{ has: boolean }>({
      ...this.sql.partnerHas,
      values: [checkName('partner', partner), checkMessageId(messageId)],
    });
    return rows[0]!.has;
  }

  async get(id: string): Promise<ReceivedEnvelope | undefined> {
    this.ensureOpen();
    const { rows } = await this.pool.query<MessageRow>({ ...this.sql.message, values: [checkMessageId(id)] });
    return rows[0] && toEnvelope(rows[0]);
  }

  async lastSequence(sender: string): Promise<number | undefined> {
    this.ensureOpen();
    const { rows } = await this.pool.query<{ last: Int8 | null }>({
      ...this.sql.lastSequence,
      values: [checkName('sender', sender)],
    });
    const last = rows[0]!.last;
    return last === null ? undefined : Number(last);
  }

  async readStream(partner: string, afterSequence: number, limit: number): Promise<readonly StreamEntry[]> {
    this.ensureOpen();
    const { rows } = await this.pool.query<StreamRow>({
      ...this.sql.readStream,
      values: [
        checkName('partner', partner),
        checkInteger('afterSequence', afterSequence, 0),
        checkLimit(limit),
      ],
    });
    return rows.map(toStreamEntry);
  }

  async streamHead(partner: string): Promise<number> {
    this.ensureOpen();
    return Number((await this.head(checkName('partner', partner))).last_stream_sequence);
  }

  async acknowledge(partner: string, streamSequence: number): Promise<number> {
    this.ensureOpen();
    checkName('partner', partner);
    checkInteger('streamSequence', streamSequence, 0);
    // One statement records a newer acknowledgement within the head; otherwise the head row says why not.
    for (;;) {
      const updated = await this.pool.query({ ...this.sql.acknowledge, values: [partner, streamSequence] });
      if (updated.rowCount === 1) return streamSequence;
      const head = await this.head(partner);
      const acknowledged = Number(head.last_acknowledged);
      const last = Number(head.last_stream_sequence);
      if (streamSequence <= acknowledged) return acknowledged;
      if (streamSequence > last) {
        throw new StoreError(
          'acknowledgement-beyond-head',
          `partner ${partner}: acknowledged ${streamSequence} but its stream ends at ${last}`,
        );
      }
      // An append raised the head between the two statements: the update now applies.
    }
  }

  async lastAcknowledged(partner: string): Promise<number> {
    this.ensureOpen();
    return Number((await this.head(checkName('partner', partner))).last_acknowledged);
  }

  async unacknowledged(
    partner: string,
    olderThan: string,
    options: UnacknowledgedOptions = {},
  ): Promise<readonly StreamEntry[]> {
    this.ensureOpen();
    checkName('partner', partner);
    checkTime('olderThan', olderThan);
    const types = options.types?.map((t) => checkName('types[]', t));
    const limit = checkLimit(options.limit ?? DEFAULT_UNACKNOWLEDGED_LIMIT);
    const { rows } = await this.pool.query<StreamRow>({
      ...this.sql.unacknowledged,
      values: [partner, olderThan, types ?? null, limit],
    });
    return rows.map(toStreamEntry);
  }

  /**
   * The invariants SQLite's check() covers that PostgreSQL does not enforce by itself: durable
   * commits (settings can change on reload), streams without gaps, and no entry pointing to a
   * missing row (foreign keys are not checked while session_replication_role is replica, as in a
   * logical restore). PostgreSQL has no integrity_check; when the amcheck extension is installed,
   * the store's B-tree indexes are verified against their tables with it.
   */
  async check(): Promise<StoreCheck> {
    this.ensureOpen();
    const problems = await durabilityProblems(this.pool);
    const heads = await this.pool.query<{ partner: string; head: Int8; n: Int8; top: Int8 }>(this.sql.heads);
    for (const h of heads.rows) {
      // Sequences are unique and >= 1, so count = max = head means exactly 1..head: no gap.
      if (h.n !== h.head || h.top !== h.head) {
        problems.push(`stream ${h.partner}: head ${h.head} but ${h.n} entries up to ${h.top}`);
      }
    }
    const dangling = await this.pool.query<{ child: string; parent: string; n: Int8 }>(this.sql.dangling);
    for (const d of dangling.rows) {
      if (d.n !== '0') problems.push(`${d.n} rows of ${d.child} point to a missing row of ${d.parent}`);
    }
    problems.push(...(await this.checkIndexes()));
    return { ok: problems.length === 0, problems };
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.pool.end();
  }

  private ensureOpen(): void {
    if (this.closed) throw new StoreError('closed', 'the message store is closed');
  }

  private async head(partner: string): Promise<HeadRow> {
    const { rows } = await this.pool.query<HeadRow>({ ...this.sql.head, values: [partner] });
    return rows[0] ?? { last_stream_sequence: '0', last_acknowledged: '0' };
  }

  /**
   * The body of appendMany, in a transaction. Each message is inserted under its sender's lock (the
   * senders of the batch locked first, sorted); then the streams of the stored ones are locked,
   * sorted, their heads read, and every stream entry of the batch written with the heads in one
   * statement. So a stream's lock, which every instance appending to that partner waits for, is
   * held only from there to COMMIT, not while the batch's messages are inserted one by one.
   */
  private async writeBatch(
    client: pg.ClientBase,
    requests: readonly AppendRequest[],
    lockedSenders: Set<string>,
  ): Promise<Array<AppendResult | StoreError>> {
    const results: Array<AppendResult | StoreError | undefined> = requests.map((r) => rejection(r));
    const senders = lockOrder(
      requests.filter((_, i) => results[i] === undefined).map((r) => r.envelope.sender),
    ).filter((sender) => !lockedSenders.has(sender));
    if (senders.length > 0) await client.query({ ...this.sql.lockSenders, values: [senders] });
    for (const sender of senders) lockedSenders.add(sender);
    const inserted: number[] = [];
    for (const [i, { envelope }] of requests.entries()) {
      if (results[i] !== undefined) continue;
      const insert = await client.query({
        ...this.sql.insertMessage,
        values: messageRow(envelope),
      });
      if (insert.rowCount === 1) {
        inserted.push(i);
        continue;
      }
      try {
        results[i] = await this.notInserted(client, envelope);
      } catch (e) {
        if (!(e instanceof StoreError)) throw e;
        results[i] = e;
      }
    }
    const partners = lockOrder(inserted.flatMap((i) => requests[i]!.releases.map((r) => r.partner)));
    const heads = new Map<string, number>();
    if (partners.length > 0) {
      const locked = await client.query<{ partner: string; last_stream_sequence: Int8 }>({
        ...this.sql.lockHeads,
        values: [partners],
      });
      for (const row of locked.rows) heads.set(row.partner, Number(row.last_stream_sequence));
    }
    const entries = {
      partner: [] as string[],
      sequence: [] as number[],
      message: [] as string[],
      jws: [] as string[],
    };
    for (const i of inserted) {
      const { envelope, releases } = requests[i]!;
      const streams = releases.map((r) => {
        const streamSequence = heads.get(r.partner)! + 1;
        heads.set(r.partner, streamSequence);
        entries.partner.push(r.partner);
        entries.sequence.push(streamSequence);
        entries.message.push(envelope.id);
        entries.jws.push(r.jws);
        return { partner: r.partner, streamSequence };
      });
      results[i] = { outcome: 'stored', messageId: envelope.id, streams };
    }
    if (entries.partner.length > 0) {
      await client.query({
        ...this.sql.writeStreams,
        values: [
          entries.partner,
          entries.sequence,
          entries.message,
          entries.jws,
          partners,
          partners.map((p) => heads.get(p)!),
        ],
      });
    }
    return results as Array<AppendResult | StoreError>;
  }

  /** The body of appendReleases, in a transaction. */
  private async releasesIn(
    client: pg.ClientBase,
    messageId: string,
    releases: readonly Release[],
  ): Promise<StreamPosition[]> {
    const known = await client.query({ ...this.sql.exists, values: [messageId] });
    if (known.rowCount === 0) throw new StoreError('unknown-message', `message ${messageId} is not stored`);
    if (releases.length === 0) return [];
    // Locked before looking: a concurrent appendReleases of this message has committed by then.
    const partners = lockOrder(releases.map((r) => r.partner));
    await client.query({ ...this.sql.lockPartners, values: [partners] });
    const held = await client.query<{ partner: string }>({
      ...this.sql.heldBy,
      values: [messageId, partners],
    });
    const holders = new Set(held.rows.map((r) => r.partner));
    return this.writeReleases(
      client,
      messageId,
      releases.filter((r) => !holders.has(r.partner)),
    );
  }

  /** The body of append, in a transaction holding the sender's lock. */
  private async write(
    client: pg.ClientBase,
    envelope: ReceivedEnvelope,
    releases: readonly Release[],
  ): Promise<AppendResult> {
    const inserted = await client.query({
      ...this.sql.insertMessage,
      values: messageRow(envelope),
    });
    if (inserted.rowCount === 0) return this.notInserted(client, envelope);
    return {
      outcome: 'stored',
      messageId: envelope.id,
      streams: await this.writeReleases(client, envelope.id, releases),
    };
  }

  /**
   * Why insertMessage wrote nothing: the id is stored (a duplicate, or a conflict), or the sequence
   * is not above the sender's last. Asked after the insert, under the sender's lock, so an identical
   * copy committed meanwhile by another instance is found and absorbed.
   */
  private async notInserted(client: pg.ClientBase, envelope: ReceivedEnvelope): Promise<AppendResult> {
    const { rows } = await client.query<MessageRow>({ ...this.sql.message, values: [envelope.id] });
    const stored = rows[0];
    if (stored) {
      if (!sameMessage(toEnvelope(stored), envelope)) {
        throw new StoreError(
          'conflicting-duplicate',
          `message ${envelope.id} is already stored with different content (sender ${stored.sender}, sequence ${stored.sequence})`,
        );
      }
      // A retransmission (say after a lost receipt): absorbed; the first copy's releases stand.
      return { outcome: 'duplicate', messageId: stored.id, receivedAt: stored.received_at };
    }
    const last = await client.query<{ last: Int8 | null }>({
      ...this.sql.lastSequence,
      values: [envelope.sender],
    });
    throw new StoreError(
      'sequence-not-increasing',
      `sender ${envelope.sender}: sequence ${envelope.sequence} is not greater than its last stored sequence ${last.rows[0]!.last}`,
    );
  }

  /** Stream entries of a message, each partner's head advanced by one; positions in release order. */
  private async writeReleases(
    client: pg.ClientBase,
    messageId: string,
    releases: readonly Release[],
  ): Promise<StreamPosition[]> {
    if (releases.length === 0) return [];
    const sorted = [...releases].sort((a, b) => byName(a.partner, b.partner));
    const { rows } = await client.query<{ partner: string; stream_sequence: Int8 }>({
      ...this.sql.appendToStreams,
      values: [messageId, sorted.map((r) => r.partner), sorted.map((r) => r.jws)],
    });
    const positions = new Map(rows.map((r) => [r.partner, Number(r.stream_sequence)]));
    return releases.map((r) => ({ partner: r.partner, streamSequence: positions.get(r.partner)! }));
  }

  private async checkIndexes(): Promise<string[]> {
    const extension = await this.pool.query<{ schema: string }>(
      `SELECT n.nspname AS schema FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace
        WHERE e.extname = 'amcheck'`,
    );
    const amcheck = extension.rows[0]?.schema;
    if (amcheck === undefined) return [];
    const s = pg.escapeIdentifier(this.schema);
    const indexes = await this.pool.query<{ name: string }>(
      `SELECT i.indexrelid::regclass::text AS name
         FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_am a ON a.oid = c.relam
        WHERE i.indrelid = ANY ($1::regclass[]) AND a.amname = 'btree'`,
      [TABLES.map((t) => `${s}.${t}`)],
    );
    const problems: string[] = [];
    for (const { name } of indexes.rows) {
      try {
        // heapallindexed: also every table row is found in the index.
        await this.pool.query(`SELECT ${pg.escapeIdentifier(amcheck)}.bt_index_check($1::regclass, true)`, [
          name,
        ]);
      } catch (e) {
        problems.push(`amcheck ${name}: ${(e as Error).message}`);
      }
    }
    return problems;
  }
}

function rejected(request: AppendRequest, e: StoreError): AppendOutcome {
  const messageId = typeof request?.envelope?.id === 'string' ? request.envelope.id : '';
  return { outcome: 'rejected', messageId, code: e.code, reason: e.message };
}

/** Why a request of appendMany is malformed; undefined when it is well-formed. */
function rejection(request: AppendRequest): StoreError | undefined {
  try {
    checkEnvelope(request.envelope);
    checkReleases(request.releases);
    return undefined;
  } catch (e) {
    if (!(e instanceof StoreError)) throw e;
    return e;
  }
}

/**
 * The store's statements, named so that each pooled connection prepares them once (parsing and
 * planning them on every call took about half of an append's time). The pool is the store's own,
 * so a name always stands for the same text on a connection.
 */
function queries(schema: string) {
  const texts = statements(pg.escapeIdentifier(schema));
  const named = (key: keyof typeof texts) => ({ name: `message_store_${key}`, text: texts[key] });
  return Object.fromEntries(Object.keys(texts).map((key) => [key, named(key as keyof typeof texts)])) as {
    readonly [K in keyof typeof texts]: { readonly name: string; readonly text: string };
  };
}

/** The store's SQL, its tables qualified with the schema `s`. Parameters are cast where no type is implied. */
function statements(s: string) {
  const streamColumns = `s.partner, s.stream_sequence, s.message_id, m.sender, m.sequence, m.type, m.received_at, s.jws
    FROM ${s}.streams s JOIN ${s}.messages m ON m.id = s.message_id`;
  return {
    message: `SELECT id, sender, sequence, type, jws, received_at FROM ${s}.messages WHERE id = $1`,
    exists: `SELECT 1 FROM ${s}.messages WHERE id = $1`,
    lastSequence: `SELECT MAX(sequence) AS last FROM ${s}.messages WHERE sender = $1`,
    // Row locks in array order (the caller sorts it); the no-op update is what takes the lock.
    lockSenders: `INSERT INTO ${s}.senders (sender) SELECT unnest($1::text[])
      ON CONFLICT (sender) DO UPDATE SET sender = excluded.sender`,
    lockPartners: `INSERT INTO ${s}.partners AS p (partner, last_stream_sequence, last_acknowledged)
      SELECT unnest($1::text[]), 0, 0
      ON CONFLICT (partner) DO UPDATE SET last_stream_sequence = p.last_stream_sequence`,
    // The same, answering each head: what appendMany numbers the batch's entries from.
    lockHeads: `INSERT INTO ${s}.partners AS p (partner, last_stream_sequence, last_acknowledged)
      SELECT unnest($1::text[]), 0, 0
      ON CONFLICT (partner) DO UPDATE SET last_stream_sequence = p.last_stream_sequence
      RETURNING p.partner, p.last_stream_sequence`,
    // Every entry of a batch, and the heads they end at, in one statement (the heads locked before).
    writeStreams: `WITH entries AS (
        INSERT INTO ${s}.streams (partner, stream_sequence, message_id, jws)
        SELECT * FROM unnest($1::text[], $2::bigint[], $3::text[], $4::text[])
      )
      UPDATE ${s}.partners AS p SET last_stream_sequence = h.head
        FROM unnest($5::text[], $6::bigint[]) AS h (partner, head)
       WHERE p.partner = h.partner`,
    // Under the sender's lock the NOT EXISTS sees every committed message of the sender.
    insertMessage: `INSERT INTO ${s}.messages (id, sender, sequence, type, jws, received_at)
      SELECT $1::text, $2::text, $3::bigint, $4::text, $5::text, $6::text
       WHERE NOT EXISTS (SELECT 1 FROM ${s}.messages WHERE sender = $2::text AND sequence >= $3::bigint)
      ON CONFLICT (id) DO NOTHING
      RETURNING id`,
    // Each partner's head advances by one, locked in the order of the (sorted) arrays, held to commit.
    appendToStreams: `WITH released AS (
        SELECT partner, jws FROM unnest($2::text[], $3::text[]) AS r (partner, jws)
      ), head AS (
        INSERT INTO ${s}.partners AS p (partner, last_stream_sequence, last_acknowledged)
        SELECT partner, 1, 0 FROM released
        ON CONFLICT (partner) DO UPDATE SET last_stream_sequence = p.last_stream_sequence + 1
        RETURNING p.partner, p.last_stream_sequence
      )
      INSERT INTO ${s}.streams (partner, stream_sequence, message_id, jws)
      SELECT head.partner, head.last_stream_sequence, $1::text, released.jws
        FROM head JOIN released ON released.partner = head.partner
      RETURNING partner, stream_sequence`,
    heldBy: `SELECT partner FROM ${s}.streams WHERE message_id = $1 AND partner = ANY ($2::text[])`,
    partnerHas: `SELECT EXISTS (SELECT 1 FROM ${s}.messages WHERE id = $2 AND sender = $1)
      OR EXISTS (SELECT 1 FROM ${s}.streams WHERE partner = $1 AND message_id = $2) AS has`,
    head: `SELECT last_stream_sequence, last_acknowledged FROM ${s}.partners WHERE partner = $1`,
    acknowledge: `UPDATE ${s}.partners SET last_acknowledged = $2::bigint
      WHERE partner = $1 AND last_acknowledged < $2::bigint AND $2::bigint <= last_stream_sequence`,
    readStream: `SELECT ${streamColumns}
      WHERE s.partner = $1 AND s.stream_sequence > $2 ORDER BY s.stream_sequence LIMIT $3`,
    unacknowledged: `SELECT ${streamColumns}
      WHERE s.partner = $1
        AND s.stream_sequence > COALESCE((SELECT last_acknowledged FROM ${s}.partners WHERE partner = $1), 0)
        AND m.received_at < $2
        AND ($3::text[] IS NULL OR m.type = ANY ($3::text[]))
      ORDER BY s.stream_sequence LIMIT $4`,
    heads: `SELECT p.partner, p.last_stream_sequence AS head, COUNT(s.stream_sequence) AS n,
        COALESCE(MAX(s.stream_sequence), 0) AS top
      FROM ${s}.partners p LEFT JOIN ${s}.streams s ON s.partner = p.partner
      GROUP BY p.partner, p.last_stream_sequence`,
    dangling: `SELECT 'streams' AS child, 'messages' AS parent, COUNT(*) AS n FROM ${s}.streams s
        WHERE NOT EXISTS (SELECT 1 FROM ${s}.messages m WHERE m.id = s.message_id)
      UNION ALL
      SELECT 'streams', 'partners', COUNT(*) FROM ${s}.streams s
        WHERE NOT EXISTS (SELECT 1 FROM ${s}.partners p WHERE p.partner = s.partner)`,
  };
}
