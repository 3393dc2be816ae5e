import type Database from 'better-sqlite3';
import type { MessageStore, UnacknowledgedOptions } from './message-store.js';
import { sameMessage } from './same-message.js';
import { openExchangeDatabase, type SqliteDatabase } from './sqlite-database.js';
import { migrate } from './sqlite-migrations.js';
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

/** This component's name in schema_versions. */
export const MESSAGE_STORE_COMPONENT = 'message-store';

/**
 * Schema steps (see migrate). STRICT tables reject a value of the wrong type instead of storing it.
 * - messages: one row per message id; UNIQUE (sender, sequence) is the replay guard's index and its
 *   last line of defence.
 * - partners: each partner's stream head and last acknowledgement; the CHECK keeps an
 *   acknowledgement from passing the head.
 * - streams: one row per message released to a partner, keyed by (partner, stream_sequence) so a
 *   resume is one range scan.
 */
const MIGRATIONS: readonly string[] = [
  `CREATE TABLE messages (
     id TEXT PRIMARY KEY,
     sender TEXT NOT NULL,
     sequence INTEGER NOT NULL CHECK (sequence >= 0),
     type TEXT NOT NULL,
     jws TEXT NOT NULL,
     received_at TEXT NOT NULL,
     UNIQUE (sender, sequence)
   ) STRICT;
   CREATE TABLE partners (
     partner TEXT PRIMARY KEY,
     last_stream_sequence INTEGER NOT NULL CHECK (last_stream_sequence >= 0),
     last_acknowledged INTEGER NOT NULL CHECK (last_acknowledged BETWEEN 0 AND last_stream_sequence)
   ) STRICT;
   CREATE TABLE streams (
     partner TEXT NOT NULL REFERENCES partners (partner),
     stream_sequence INTEGER NOT NULL CHECK (stream_sequence >= 1),
     message_id TEXT NOT NULL REFERENCES messages (id),
     jws TEXT NOT NULL,
     PRIMARY KEY (partner, stream_sequence),
     UNIQUE (partner, message_id)
   ) STRICT, WITHOUT ROWID;`,
];

interface MessageRow {
  id: string;
  sender: string;
  sequence: number;
  type: string;
  jws: string;
  received_at: string;
}

interface StreamRow {
  partner: string;
  stream_sequence: number;
  message_id: string;
  sender: string;
  sequence: number;
  type: string;
  received_at: string;
  jws: string;
}

const STREAM_COLUMNS = `s.partner, s.stream_sequence, s.message_id, m.sender, m.sequence, m.type, m.received_at, s.jws
   FROM streams s JOIN messages m ON m.id = s.message_id`;

const DEFAULT_UNACKNOWLEDGED_LIMIT = 1000;

function toEnvelope(row: MessageRow): ReceivedEnvelope {
  return {
    id: row.id,
    sender: row.sender,
    sequence: row.sequence,
    type: row.type,
    jws: row.jws,
    receivedAt: row.received_at,
  };
}

function toStreamEntry(row: StreamRow): StreamEntry {
  return {
    partner: row.partner,
    streamSequence: row.stream_sequence,
    messageId: row.message_id,
    sender: row.sender,
    sequence: row.sequence,
    type: row.type,
    receivedAt: row.received_at,
    jws: row.jws,
  };
}

/**
 * The message store on one SQLite file (better-sqlite3, synchronous). Every write is one IMMEDIATE
 * transaction, committed with a full flush before the method returns (see openExchangeDatabase).
 * When called inside a transaction the caller opened on the same connection (to write an audit
 * entry with the message, say), a write becomes a savepoint of it and is durable at its commit.
 */
export class SqliteMessageStore implements MessageStore {
  /** Open the store on a file (created and migrated if needed); close() closes the file. */
  static open(path: string): SqliteMessageStore {
    const db = openExchangeDatabase(path);
    try {
      return new SqliteMessageStore(db, true);
    } catch (e) {
      db.close();
      throw e;
    }
  }

  /**
   * The store on a connection the caller opened with openExchangeDatabase and keeps (to share the
   * file with the audit log); close() leaves the connection open.
   */
  static attach(db: SqliteDatabase): SqliteMessageStore {
    return new SqliteMessageStore(db, false);
  }

  private closed = false;
  private readonly statements: ReturnType<typeof prepareStatements>;
  private readonly appendOne: Database.Transaction<
    (envelope: ReceivedEnvelope, releases: readonly Release[]) => AppendResult
  >;
  private readonly appendBatch: Database.Transaction<(requests: readonly AppendRequest[]) => AppendOutcome[]>;
  private readonly appendReleasesOne: Database.Transaction<
    (messageId: string, releases: readonly Release[]) => StreamPosition[]
  >;
  private readonly acknowledgeOne: Database.Transaction<(partner: string, streamSequence: number) => number>;

  private constructor(
    /** The connection, for callers that run the store and the audit log in one transaction. */
    readonly db: SqliteDatabase,
    private readonly ownsConnection: boolean,
  ) {
    migrate(db, MESSAGE_STORE_COMPONENT, MIGRATIONS);
    this.statements = prepareStatements(db);
    this.appendOne = db.transaction((envelope, releases) => this.write(envelope, releases));
    this.appendBatch = db.transaction((requests) => requests.map((r) => this.appendInBatch(r)));
    this.appendReleasesOne = db.transaction((messageId, releases) =>
      this.writeReleases(messageId, releases, true),
    );
    this.acknowledgeOne = db.transaction((partner, streamSequence) => this.writeAck(partner, streamSequence));
  }

  append(envelope: ReceivedEnvelope, releases: readonly Release[]): AppendResult {
    this.ensureOpen();
    checkEnvelope(envelope);
    checkReleases(releases);
    return this.appendOne.immediate(envelope, releases);
  }

  appendMany(requests: readonly AppendRequest[]): readonly AppendOutcome[] {
    this.ensureOpen();
    if (!Array.isArray(requests)) {
      throw new StoreError('invalid-argument', 'requests: expected an array of { envelope, releases }');
    }
    return requests.length === 0 ? [] : this.appendBatch.immediate(requests);
  }

  appendReleases(messageId: string, releases: readonly Release[]): readonly StreamPosition[] {
    this.ensureOpen();
    checkMessageId(messageId);
    checkReleases(releases);
    return this.appendReleasesOne.immediate(messageId, releases);
  }

  partnerHas(partner: string, messageId: string): boolean {
    this.ensureOpen();
    return (
      this.statements.partnerHas.get({
        partner: checkName('partner', partner),
        id: checkMessageId(messageId),
      }) !== undefined
    );
  }

  get(id: string): ReceivedEnvelope | undefined {
    this.ensureOpen();
    const row = this.statements.message.get(checkMessageId(id)) as MessageRow | undefined;
    return row && toEnvelope(row);
  }

  lastSequence(sender: string): number | undefined {
    this.ensureOpen();
    const row = this.statements.lastSequence.get(checkName('sender', sender)) as { last: number | null };
    return row.last ?? undefined;
  }

  readStream(partner: string, afterSequence: number, limit: number): readonly StreamEntry[] {
    this.ensureOpen();
    const rows = this.statements.readStream.all(
      checkName('partner', partner),
      checkInteger('afterSequence', afterSequence, 0),
      checkLimit(limit),
    ) as StreamRow[];
    return rows.map(toStreamEntry);
  }

  streamHead(partner: string): number {
    this.ensureOpen();
    return this.head(checkName('partner', partner)).last_stream_sequence;
  }

  acknowledge(partner: string, streamSequence: number): number {
    this.ensureOpen();
    checkName('partner', partner);
    checkInteger('streamSequence', streamSequence, 0);
    return this.acknowledgeOne.immediate(partner, streamSequence);
  }

  lastAcknowledged(partner: string): number {
    this.ensureOpen();
    return this.head(checkName('partner', partner)).last_acknowledged;
  }

  unacknowledged(
    partner: string,
    olderThan: string,
    options: UnacknowledgedOptions = {},
  ): readonly StreamEntry[] {
    this.ensureOpen();
    checkName('partner', partner);
    checkTime('olderThan', olderThan);
    const types = options.types?.map((t) => checkName('types[]', t));
    const limit = checkLimit(options.limit ?? DEFAULT_UNACKNOWLEDGED_LIMIT);
    const rows = this.statements.unacknowledged.all({
      partner,
      olderThan,
      types: types === undefined ? null : JSON.stringify(types),
      limit,
    }) as StreamRow[];
    return rows.map(toStreamEntry);
  }

  check(): StoreCheck {
    this.ensureOpen();
    const problems: string[] = [];
    for (const row of this.db.pragma('integrity_check') as Array<{ integrity_check: string }>) {
      if (row.integrity_check !== 'ok') problems.push(`integrity_check: ${row.integrity_check}`);
    }
    for (const row of this.db.pragma('foreign_key_check') as Array<{ table: string; parent: string }>) {
      problems.push(`foreign_key_check: a row of ${row.table} points to a missing row of ${row.parent}`);
    }
    // Sequences are unique and >= 1, so count = max = head means exactly 1..head: no gap.
    const heads = this.db
      .prepare(
        `SELECT p.partner, p.last_stream_sequence AS head, COUNT(s.stream_sequence) AS n,
                COALESCE(MAX(s.stream_sequence), 0) AS top
           FROM partners p LEFT JOIN streams s ON s.partner = p.partner GROUP BY p.partner`,
      )
      .all() as Array<{ partner: string; head: number; n: number; top: number }>;
    for (const h of heads) {
      if (h.n !== h.head || h.top !== h.head) {
        problems.push(`stream ${h.partner}: head ${h.head} but ${h.n} entries up to ${h.top}`);
      }
    }
    return { ok: problems.length === 0, problems };
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    if (this.ownsConnection) this.db.close();
  }

  private ensureOpen(): void {
    if (this.closed || !this.db.open) throw new StoreError('closed', 'the message store is closed');
  }

  private head(partner: string): { last_stream_sequence: number; last_acknowledged: number } {
    const row = this.statements.head.get(partner) as
      | { last_stream_sequence: number; last_acknowledged: number }
      | undefined;
    return row ?? { last_stream_sequence: 0, last_acknowledged: 0 };
  }

  /** The body of append, inside a transaction (or a savepoint of appendMany's). */
  private write(envelope: ReceivedEnvelope, releases: readonly Release[]): AppendResult {
    const s = this.statements;
    const stored = s.message.get(envelope.id) as MessageRow | undefined;
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
    const last = (s.lastSequence.get(envelope.sender) as { last: number | null }).last;
    if (last !== null && envelope.sequence <= last) {
      throw new StoreError(
        'sequence-not-increasing',
        `sender ${envelope.sender}: sequence ${envelope.sequence} is not greater than its last stored sequence ${last}`,
      );
    }
    s.insertMessage.run(...messageRow(envelope));
    return {
      outcome: 'stored',
      messageId: envelope.id,
      streams: this.writeReleases(envelope.id, releases, false),
    };
  }

  /** Stream rows of a message, inside a transaction; with skipHeld, partners holding it are skipped. */
  private writeReleases(
    messageId: string,
    releases: readonly Release[],
    skipHeld: boolean,
  ): StreamPosition[] {
    const s = this.statements;
    if (skipHeld && s.message.get(messageId) === undefined)
      throw new StoreError('unknown-message', `message ${messageId} is not stored`);
    const streams: StreamPosition[] = [];
    for (const release of releases) {
      if (skipHeld && s.inStream.get(release.partner, messageId) !== undefined) continue;
      // The head advances by exactly one inside the write lock: sequences have no gap.
      const { seq } = s.advanceHead.get(release.partner) as { seq: number };
      s.insertStream.run(release.partner, seq, messageId, release.jws);
      streams.push({ partner: release.partner, streamSequence: seq });
    }
    return streams;
  }

  /** One message of a batch, in its own savepoint: a refusal undoes only that message. */
  private appendInBatch(request: AppendRequest): AppendOutcome {
    const messageId = typeof request?.envelope?.id === 'string' ? request.envelope.id : '';
    try {
      checkEnvelope(request.envelope);
      checkReleases(request.releases);
      return this.appendOne(request.envelope, request.releases);
    } catch (e) {
      if (!(e instanceof StoreError)) throw e;
      return { outcome: 'rejected', messageId, code: e.code, reason: e.message };
    }
  }

  private writeAck(partner: string, streamSequence: number): number {
    const head = this.head(partner);
    if (streamSequence > head.last_stream_sequence) {
      throw new StoreError(
        'acknowledgement-beyond-head',
        `partner ${partner}: acknowledged ${streamSequence} but its stream ends at ${head.last_stream_sequence}`,
      );
    }
    if (streamSequence <= head.last_acknowledged) return head.last_acknowledged;
    this.statements.setAcknowledged.run(streamSequence, partner);
    return streamSequence;
  }
}

function prepareStatements(db: SqliteDatabase) {
  const prepare = (sql: string): Database.Statement => db.prepare(sql);
  return {
    message: prepare('SELECT id, sender, sequence, type, jws, received_at FROM messages WHERE id = ?'),
    lastSequence: prepare('SELECT MAX(sequence) AS last FROM messages WHERE sender = ?'),
    insertMessage: prepare(
      'INSERT INTO messages (id, sender, sequence, type, jws, received_at) VALUES (?, ?, ?, ?, ?, ?)',
    ),
    advanceHead: prepare(
      `INSERT INTO partners (partner, last_stream_sequence, last_acknowledged) VALUES (?, 1, 0)
       ON CONFLICT (partner) DO UPDATE SET last_stream_sequence = last_stream_sequence + 1
       RETURNING last_stream_sequence AS seq`,
    ),
    insertStream: prepare(
      'INSERT INTO streams (partner, stream_sequence, message_id, jws) VALUES (?, ?, ?, ?)',
    ),
    inStream: prepare('SELECT 1 FROM streams WHERE partner = ? AND message_id = ?'),
    partnerHas: prepare(
      `SELECT 1 FROM messages WHERE id = @id AND sender = @partner
       UNION ALL SELECT 1 FROM streams WHERE partner = @partner AND message_id = @id LIMIT 1`,
    ),
    head: prepare('SELECT last_stream_sequence, last_acknowledged FROM partners WHERE partner = ?'),
    setAcknowledged: prepare('UPDATE partners SET last_acknowledged = ? WHERE partner = ?'),
    readStream: prepare(
      `SELECT ${STREAM_COLUMNS} WHERE s.partner = ? AND s.stream_sequence > ? ORDER BY s.stream_sequence LIMIT ?`,
    ),
    unacknowledged: prepare(
      `SELECT ${STREAM_COLUMNS}
        WHERE s.partner = @partner
          AND s.stream_sequence > COALESCE((SELECT last_acknowledged FROM partners WHERE partner = @partner), 0)
          AND m.received_at < @olderThan
          AND (@types IS NULL OR m.type IN (SELECT value FROM json_each(@types)))
        ORDER BY s.stream_sequence LIMIT @limit`,
    ),
  };
}
