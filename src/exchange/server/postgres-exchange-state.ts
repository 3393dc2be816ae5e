import { randomUUID } from 'node:crypto';
import pg from 'pg';
import type { AuditRecord } from '../audit/audit-entry.js';
import type { PostgresAuditLog } from '../audit/postgres-audit-log.js';
import type { PublicKeyRecord } from '../signing/keyring.js';
import type { SigningKey } from '../signing/signing-key.js';
import type { PostgresConnection } from '../store/postgres-database.js';
import type { PostgresMessageStore } from '../store/postgres-message-store.js';
import { inTransaction } from '../store/postgres-transaction.js';
import { StoreError } from '../store/store-error.js';
import { checkInteger, checkName } from '../store/store-input.js';
import type { ReceivedEnvelope, StreamEntry } from '../store/stored-message.js';
import {
  acknowledgedRecord,
  escalatedRecord,
  releasedRecord,
  storedRecord,
  withheldRecord,
} from './audit-records.js';
import type {
  CommitRequest,
  CommitResult,
  DueDecision,
  Escalation,
  ExchangeState,
} from './exchange-state.js';
import type { Partner } from './partner-registry.js';
import { type ExchangeNotice, notifyIn, type PostgresRegistry } from './postgres-registry.js';

/** Options of PostgresExchangeState. */
export interface PostgresStateOptions {
  /**
   * How long a directory version read from the database is used before it is read again (ms,
   * default 1000). A change notified on the channel (every registry write notifies) ends it at once.
   */
  readonly directoryCacheMs?: number | undefined;
  /** Called when the LISTEN connection is lost or comes back (the server logs it). */
  readonly onListenError?: ((error: Error) => void) | undefined;
}

/** Delays between attempts to re-establish the LISTEN connection (ms). */
const RECONNECT_MIN_MS = 100;
const RECONNECT_MAX_MS = 5000;

/**
 * The exchange's state in a PostgreSQL database shared by several server instances (README:
 * "PostgreSQL: several instances"). Every write is one transaction on a pooled connection, with its
 * audit entries; its row locks follow one order in every transaction, so instances queue instead of
 * deadlocking:
 *
 *   1. message store: senders, then stream heads (`partners`), each sorted by name;
 *   2. this exchange's own rows: held releases (sorted), escalations, the directory version;
 *   3. the audit head (`audit_head`), LAST: every audited write of every instance queues on it, so it
 *      is held only from the audit insert to COMMIT.
 *
 * commit() is group commit: a whole batch of messages (appends, stream entries, receipts, held
 * releases, audit entries) in one transaction and one WAL flush. A refused message is decided by a
 * statement that writes nothing (the store's rule), so it does not undo the others and no savepoint
 * is needed. Transactions that grow streams NOTIFY the partners on the exchange's channel; the
 * notice is delivered only at COMMIT, so another instance woken by it reads committed entries.
 */
export class PostgresExchangeState implements ExchangeState {
  /** This instance, so that it skips its own notices (it wakes its streams itself). */
  readonly instance = randomUUID();
  private readonly listeners: Array<(partners: readonly string[]) => void> = [];
  private readonly directoryCacheMs: number;
  private directory: { version: string; at: number } | undefined;
  private directoryRead: Promise<string> | undefined;
  /** Bumped by each notice of a directory change: a read begun before it is not cached. */
  private directoryGeneration = 0;
  private readonly listen: Listener;
  private readonly sql: ReturnType<typeof queries>;
  private closed = false;

  /** Use PostgresExchangeState.open (postgres-exchange-directory.ts opens the database). */
  private constructor(
    readonly id: string,
    readonly signingKey: SigningKey,
    readonly store: PostgresMessageStore,
    readonly registry: PostgresRegistry,
    readonly audit: PostgresAuditLog,
    connection: PostgresConnection,
    private readonly options: PostgresStateOptions,
  ) {
    this.directoryCacheMs = options.directoryCacheMs ?? 1000;
    this.sql = queries(store.schema);
    this.listen = new Listener(connection, registry.channel, {
      notice: (notice) => this.heard(notice),
      reconnected: () => this.reconnected(),
      error: (e) => this.options.onListenError?.(e),
    });
  }

  /** The state on opened tables; listens on the exchange's channel before it returns. */
  static async open(
    parts: {
      id: string;
      signingKey: SigningKey;
      store: PostgresMessageStore;
      registry: PostgresRegistry;
      audit: PostgresAuditLog;
      connection: PostgresConnection;
    },
    options: PostgresStateOptions = {},
  ): Promise<PostgresExchangeState> {
    const state = new PostgresExchangeState(
      parts.id,
      parts.signingKey,
      parts.store,
      parts.registry,
      parts.audit,
      parts.connection,
      options,
    );
    await state.listen.start();
    return state;
  }

  private get pool(): pg.Pool {
    return this.store.pool;
  }

  /**
   * The directory's version row, read again at most every directoryCacheMs (default 1 s), and at
   * once after a registry write is notified. So a partner or key change made by any process is seen
   * as soon as its notice arrives, and within a second even if the notice is lost. Authentication
   * does not depend on it: partnerByToken reads the partner's row on every request, so a revoked
   * partner is refused by every instance from the revocation's commit on.
   */
  async directoryVersion(): Promise<string> {
    const cached = this.directory;
    if (cached && Date.now() - cached.at < this.directoryCacheMs) return cached.version;
    if (!this.directoryRead) {
      const generation = this.directoryGeneration;
      const at = Date.now();
      this.directoryRead = this.registry
        .directoryVersion()
        .then((version) => {
          if (generation === this.directoryGeneration) this.directory = { version, at };
          return version;
        })
        .finally(() => {
          this.directoryRead = undefined;
        });
    }
    return this.directoryRead;
  }

  partners(): Promise<readonly Partner[]> {
    return this.registry.list();
  }

  keys(): Promise<readonly PublicKeyRecord[]> {
    return this.registry.keys();
  }

  partnerByToken(token: string): Promise<Partner | undefined> {
    return this.registry.authenticate(token);
  }

  partner(id: string): Promise<Partner | undefined> {
    return this.registry.get(id);
  }

  message(id: string): Promise<ReceivedEnvelope | undefined> {
    return this.store.get(id);
  }

  async receipt(messageId: string): Promise<string | undefined> {
    const { rows } = await this.pool.query<{ jws: string }>({ ...this.sql.receipt, values: [messageId] });
    return rows[0]?.jws;
  }

  lastSequence(sender: string): Promise<number | undefined> {
    return this.store.lastSequence(sender);
  }

  partnerHas(partner: string, messageId: string): Promise<boolean> {
    return this.store.partnerHas(partner, messageId);
  }

  /** A PostgreSQL SEQUENCE: unique and increasing across instances (never rolled back). */
  async nextExchangeSequence(): Promise<number> {
    const { rows } = await this.pool.query<{ n: string }>(this.sql.nextSequence);
    return Number(rows[0]!.n);
  }

  async commit(requests: readonly CommitRequest[]): Promise<readonly CommitResult[]> {
    if (requests.length === 0) return [];
    return inTransaction(
      this.pool,
      async (client) => {
        // Lock order 1: the store locks the batch's senders, then its streams, each sorted.
        const appended = await this.store
          .within(client)
          .appendMany(requests.map((r) => ({ envelope: r.envelope, releases: r.releases })));
        const results: CommitResult[] = [];
        const receipts = new Map<string, string>();
        const held: Array<{ messageId: string; partner: string; until: string }> = [];
        const audits: AuditRecord[] = [];
        const grown = new Set<string>();
        for (const [i, request] of requests.entries()) {
          const result = appended[i]!;
          if (result instanceof StoreError) {
            results.push({ outcome: 'refused', error: result });
            continue;
          }
          const e = request.envelope;
          if (result.outcome === 'duplicate') {
            // Another copy was stored first: in this batch, or committed by any instance.
            const receipt = receipts.get(e.id) ?? (await this.receiptIn(client, e.id));
            results.push({ outcome: 'duplicate', receipt: receipt ?? '' });
            continue;
          }
          receipts.set(e.id, request.receipt);
          for (const h of request.held) held.push({ messageId: e.id, partner: h.partner, until: h.until });
          audits.push(storedRecord(request.audit, result.streams));
          for (const s of result.streams) grown.add(s.partner);
          results.push({ outcome: 'stored', streams: result.streams });
        }
        // Lock order 2: rows of this exchange (new ones: no waits).
        if (receipts.size > 0)
          await client.query({
            ...this.sql.putReceipts,
            values: [[...receipts.keys()], [...receipts.values()]],
          });
        if (held.length > 0)
          await client.query({
            ...this.sql.hold,
            values: [held.map((h) => h.messageId), held.map((h) => h.partner), held.map((h) => h.until)],
          });
        if (grown.size > 0) await this.notify(client, [...grown]);
        // Lock order 3: the audit head, last.
        await this.audit.appendIn(client, audits);
        return results;
      },
      (results) => results.some((r) => r.outcome === 'stored'),
    );
  }

  readStream(partner: string, after: number, limit: number): Promise<readonly StreamEntry[]> {
    return this.store.readStream(partner, after, limit);
  }

  streamHead(partner: string): Promise<number> {
    return this.store.streamHead(partner);
  }

  lastAcknowledged(partner: string): Promise<number> {
    return this.store.lastAcknowledged(partner);
  }

  async acknowledge(partner: string, through: number): Promise<number> {
    checkName('partner', partner);
    checkInteger('streamSequence', through, 0);
    return inTransaction(this.pool, async (client) => {
      // Lock order 1: the partner's stream head.
      const { rows } = await client.query<{ last_stream_sequence: string; last_acknowledged: string }>({
        ...this.sql.lockHead,
        values: [partner],
      });
      const last = Number(rows[0]?.last_stream_sequence ?? 0);
      const acknowledged = Number(rows[0]?.last_acknowledged ?? 0);
      if (through <= acknowledged) return acknowledged;
      if (through > last)
        throw new StoreError(
          'acknowledgement-beyond-head',
          `partner ${partner}: acknowledged ${through} but its stream ends at ${last}`,
        );
      await client.query({ ...this.sql.acknowledge, values: [partner, through] });
      await this.audit.appendIn(client, [acknowledgedRecord(partner, through)]);
      return through;
    });
  }

  async dueReleases(now: string, limit: number) {
    const { rows } = await this.pool.query<{ message_id: string; partner: string; due_at: string }>({
      ...this.sql.due,
      values: [now, limit],
    });
    return rows.map((r) => ({ messageId: r.message_id, partner: r.partner, dueAt: r.due_at }));
  }

  /**
   * Every instance runs the release timer, so two may decide on the same held release: each claims
   * its releases by locking their rows (sorted) and deleting them, and applies only those it found
   * still held; the other, having waited for the lock, finds them gone and skips them.
   */
  async applyDue(decisions: readonly DueDecision[]): Promise<readonly string[]> {
    if (decisions.length === 0) return [];
    return inTransaction(this.pool, async (client) => {
      const store = this.store.within(client);
      // Lock order 1: the streams to append to, sorted.
      await store.lock(
        [],
        decisions.filter((d) => d.jws !== undefined).map((d) => d.partner),
      );
      // Lock order 2: the held releases, sorted.
      const ids = decisions.map((d) => d.messageId);
      const partners = decisions.map((d) => d.partner);
      const { rows } = await client.query<{ message_id: string; partner: string }>({
        ...this.sql.claimHeld,
        values: [ids, partners],
      });
      const claimed = new Set(rows.map((r) => `${r.message_id} ${r.partner}`));
      if (claimed.size > 0) await client.query({ ...this.sql.dropHeld, values: [ids, partners] });
      const grown = new Set<string>();
      const audits: AuditRecord[] = [];
      for (const d of decisions) {
        if (!claimed.has(`${d.messageId} ${d.partner}`)) continue;
        if (d.jws !== undefined) {
          const positions = await store.appendReleases(d.messageId, [{ partner: d.partner, jws: d.jws }]);
          for (const p of positions) grown.add(p.partner);
          audits.push(releasedRecord(this.id, d.messageId, positions));
        } else {
          audits.push(withheldRecord(this.id, d.messageId, d.partner, d.reason));
        }
      }
      if (grown.size > 0) await this.notify(client, [...grown]);
      // Lock order 3: the audit head.
      await this.audit.appendIn(client, audits);
      return [...grown];
    });
  }

  unacknowledgedLaunchEvents(
    partner: string,
    olderThan: string,
    limit: number,
  ): Promise<readonly StreamEntry[]> {
    return this.store.unacknowledged(partner, olderThan, { types: ['launch-event'], limit });
  }

  /** Recorded once across instances: the escalation's primary key decides which instance records it. */
  async escalate(e: Escalation, at: string): Promise<boolean> {
    return inTransaction(
      this.pool,
      async (client) => {
        const inserted = await client.query({
          ...this.sql.escalate,
          values: [e.partner, e.streamSequence, e.messageId, e.sender, at],
        });
        if (inserted.rowCount !== 1) return false;
        await this.audit.appendIn(client, [escalatedRecord(this.id, e)]);
        return true;
      },
      (recorded) => recorded,
    );
  }

  async escalationsOf(sender: string) {
    const { rows } = await this.pool.query<{
      partner: string;
      stream_sequence: string;
      message_id: string;
      escalated_at: string;
    }>({ ...this.sql.escalationsOf, values: [sender] });
    return rows.map((r) => ({
      partner: r.partner,
      streamSequence: Number(r.stream_sequence),
      messageId: r.message_id,
      escalatedAt: r.escalated_at,
    }));
  }

  onRemoteAppend(listener: (partners: readonly string[]) => void): void {
    this.listeners.push(listener);
  }

  /**
   * Sign a checkpoint of the audit log's head (as SQLite's state does on close), so that no entry
   * this instance appended is left uncovered, then stop listening and end the pool.
   */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    try {
      await this.audit.checkpoint();
    } finally {
      await this.listen.close();
      await this.store.close();
    }
  }

  private async receiptIn(client: pg.ClientBase, messageId: string): Promise<string | undefined> {
    const { rows } = await client.query<{ jws: string }>({ ...this.sql.receipt, values: [messageId] });
    return rows[0]?.jws;
  }

  private notify(client: pg.ClientBase, partners: readonly string[]): Promise<void> {
    return notifyIn(client, this.registry.channel, { from: this.instance, appended: partners });
  }

  private heard(notice: ExchangeNotice): void {
    if (notice.directory) {
      this.directoryGeneration++;
      this.directory = undefined;
    }
    if (notice.appended && notice.appended.length > 0 && notice.from !== this.instance) {
      for (const listener of this.listeners) listener(notice.appended);
    }
  }

  /** Notices may have been missed while the connection was down: reload the directory, wake every stream. */
  private async reconnected(): Promise<void> {
    this.directoryGeneration++;
    this.directory = undefined;
    const partners = (await this.partners()).map((p) => p.id);
    for (const listener of this.listeners) listener(partners);
  }
}

/**
 * The dedicated connection that LISTENs on the exchange's channel (a pooled connection cannot: it
 * is shared and may be replaced). When it is lost it is opened again, with growing delays, and the
 * state is told so that it makes up for notices missed meanwhile.
 */
class Listener {
  private client: pg.Client | undefined;
  private closed = false;
  private delay = RECONNECT_MIN_MS;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly connection: PostgresConnection,
    private readonly channel: string,
    private readonly on: {
      notice(notice: ExchangeNotice): void;
      reconnected(): Promise<void>;
      error(e: Error): void;
    },
  ) {}

  /** Connect and LISTEN; fails when the database cannot be reached. */
  async start(): Promise<void> {
    await this.connect();
  }

  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.timer);
    const client = this.client;
    this.client = undefined;
    await client?.end().catch(() => {});
  }

  private async connect(): Promise<void> {
    const config =
      typeof this.connection === 'string' ? { connectionString: this.connection } : this.connection;
    const client = new pg.Client({ application_name: 'shieldlab-exchange-listen', ...config });
    client.on('notification', (message) => {
      if (message.channel !== this.channel || message.payload === undefined) return;
      let notice: ExchangeNotice;
      try {
        notice = JSON.parse(message.payload) as ExchangeNotice;
      } catch {
        return;
      }
      if (typeof notice === 'object' && notice !== null) this.on.notice(notice);
    });
    client.on('error', (e) => this.lost(client, e));
    client.on('end', () => this.lost(client, new Error('the LISTEN connection ended')));
    try {
      await client.connect();
      await client.query(`LISTEN ${pg.escapeIdentifier(this.channel)}`);
    } catch (e) {
      await client.end().catch(() => {});
      throw e;
    }
    if (this.closed) {
      await client.end().catch(() => {});
      return;
    }
    this.client = client;
  }

  private lost(client: pg.Client, e: Error): void {
    if (this.client !== client) return;
    this.client = undefined;
    client.end().catch(() => {});
    if (this.closed) return;
    this.on.error(e);
    this.schedule();
  }

  private schedule(): void {
    this.timer = setTimeout(() => {
      this.connect().then(
        () => {
          if (this.closed) return;
          this.delay = RECONNECT_MIN_MS;
          this.on.reconnected().catch((e: unknown) => this.on.error(e as Error));
        },
        (e: unknown) => {
          if (this.closed) return;
          this.on.error(e as Error);
          this.delay = Math.min(this.delay * 2, RECONNECT_MAX_MS);
          this.schedule();
        },
      );
    }, this.delay);
    this.timer.unref();
  }
}

/** The state's own statements (the store, registry and audit log have theirs). */
function queries(schema: string) {
  const s = pg.escapeIdentifier(schema);
  const named = (key: string, text: string) => ({ name: `exchange_state_${key}`, text });
  return {
    nextSequence: named('next_sequence', `SELECT nextval('${s}.exchange_sequence') AS n`),
    receipt: named('receipt', `SELECT jws FROM ${s}.exchange_receipts WHERE message_id = $1`),
    putReceipts: named(
      'put_receipts',
      `INSERT INTO ${s}.exchange_receipts (message_id, jws) SELECT * FROM unnest($1::text[], $2::text[])`,
    ),
    hold: named(
      'hold',
      `INSERT INTO ${s}.exchange_pending_releases (message_id, partner, due_at)
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[]) ON CONFLICT DO NOTHING`,
    ),
    due: named(
      'due',
      `SELECT message_id, partner, due_at FROM ${s}.exchange_pending_releases
        WHERE due_at <= $1 ORDER BY due_at LIMIT $2`,
    ),
    claimHeld: named(
      'claim_held',
      `SELECT message_id, partner FROM ${s}.exchange_pending_releases
        WHERE (message_id, partner) IN (SELECT * FROM unnest($1::text[], $2::text[]))
        ORDER BY message_id COLLATE "C", partner COLLATE "C" FOR UPDATE`,
    ),
    dropHeld: named(
      'drop_held',
      `DELETE FROM ${s}.exchange_pending_releases
        WHERE (message_id, partner) IN (SELECT * FROM unnest($1::text[], $2::text[]))`,
    ),
    lockHead: named(
      'lock_head',
      `SELECT last_stream_sequence, last_acknowledged FROM ${s}.partners WHERE partner = $1 FOR UPDATE`,
    ),
    acknowledge: named('acknowledge', `UPDATE ${s}.partners SET last_acknowledged = $2 WHERE partner = $1`),
    escalate: named(
      'escalate',
      `INSERT INTO ${s}.exchange_escalations (partner, stream_sequence, message_id, sender, escalated_at)
       VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING`,
    ),
    escalationsOf: named(
      'escalations_of',
      `SELECT partner, stream_sequence, message_id, escalated_at FROM ${s}.exchange_escalations
        WHERE sender = $1 ORDER BY escalated_at, partner COLLATE "C"`,
    ),
  };
}
