import { EventEmitter } from 'node:events';
import { messageDigest } from '../messages/canonical.js';
import { isReleased, type Message, SCHEMA_VERSION } from '../messages/message.js';
import { parseMessage } from '../messages/parse.js';
import { DEFAULT_REPLAY_OPTIONS, type ReplayOptions } from '../messages/replay-guard.js';
import { release } from '../policy/release.js';
import { createKeyring, type Keyring } from '../signing/keyring.js';
import { signMessage } from '../signing/sign.js';
import { verifyMessage } from '../signing/verify.js';
import { StoreError } from '../store/store-error.js';
import type { Release, StreamEntry } from '../store/stored-message.js';
import type { OpenExchange } from './exchange-directory.js';
import { ExchangeError } from './exchange-error.js';
import { type Partner, PUBLIC_PARTNER } from './partner-registry.js';

/**
 * The exchange's work, independent of HTTP: ingest a published message, give each partner its
 * stream, record acknowledgements, release held messages when due and escalate launch events left
 * unacknowledged. The HTTP layer (exchange-app.ts) only authenticates and translates.
 *
 * Durability: `publish` resolves only after the message, its stream entries, its receipt and its
 * audit entry are committed together with a full flush. Requests arriving together share one
 * commit (group commit): each waits for the flush of its batch, and one flush serves many.
 */

/** Largest signed message accepted (characters): a notification is a few kilobytes. */
export const MAX_MESSAGE_LENGTH = 256 * 1024;

export interface ServiceOptions {
  /** The clock (tests fix it). */
  readonly clock?: () => number;
  readonly replay?: ReplayOptions;
  /** Seconds a recipient may leave a launch event unacknowledged before it is escalated. */
  readonly escalateAfter?: number;
  /** Called with each escalation (the server writes a warning line). */
  readonly onEscalation?: ((e: Escalation) => void) | undefined;
}

export interface Escalation {
  readonly partner: string;
  readonly streamSequence: number;
  readonly messageId: string;
  readonly sender: string;
  readonly receivedAt: string;
}

export interface PublishOutcome {
  readonly outcome: 'stored' | 'duplicate';
  readonly messageId: string;
  readonly sha256: string;
  /** The receipt the exchange signed for the message (the same one for a duplicate). */
  readonly receipt: string;
}

interface Directory {
  readonly version: number;
  readonly keyring: Keyring;
  readonly partners: readonly Partner[];
}

interface CommitJob {
  readonly message: Message;
  readonly jws: string;
  readonly sha256: string;
  readonly receivedAt: string;
  readonly releases: readonly Release[];
  readonly held: ReadonlyArray<{ partner: string; until: string }>;
  readonly withheld: Readonly<Record<string, string>>;
  readonly receipt: string;
  readonly receiptSequence: number;
  resolve(outcome: PublishOutcome): void;
  reject(error: unknown): void;
}

/** Emitted as 'appended' with the partners whose streams grew. */
export type AppendedListener = (partners: readonly string[]) => void;

export class ExchangeService {
  readonly events = new EventEmitter();
  private readonly clock: () => number;
  private readonly replay: ReplayOptions;
  private directory: Directory | undefined;
  private loading: Promise<Directory> | undefined;
  private lastReceiptSequence: number;
  private queue: CommitJob[] = [];
  private flushScheduled = false;

  constructor(
    readonly exchange: OpenExchange,
    private readonly options: ServiceOptions = {},
  ) {
    this.clock = options.clock ?? Date.now;
    this.replay = options.replay ?? DEFAULT_REPLAY_OPTIONS;
    this.lastReceiptSequence = exchange.registry.lastExchangeSequence();
    this.events.setMaxListeners(0);
  }

  /**
   * The keyring and partners, reloaded when another process (partner add, revoke) changed the file:
   * SQLite's data_version changes exactly when another connection committed.
   */
  async currentDirectory(): Promise<Directory> {
    const version = this.exchange.db.pragma('data_version', { simple: true }) as number;
    if (this.directory?.version === version) return this.directory;
    if (!this.loading) {
      this.loading = (async () => {
        const registry = this.exchange.registry;
        const keyring = await createKeyring(registry.keys());
        const directory = { version, keyring, partners: registry.list() };
        this.directory = directory;
        return directory;
      })().finally(() => {
        this.loading = undefined;
      });
    }
    return this.loading;
  }

  /** Ingest one signed message from `partner` (see README: order of ingest). */
  async publish(partner: Partner, jws: string): Promise<PublishOutcome> {
    if (jws.length > MAX_MESSAGE_LENGTH)
      throw new ExchangeError(
        413,
        'too-large',
        `body: ${jws.length} characters, expected at most ${MAX_MESSAGE_LENGTH}`,
      );
    const directory = await this.currentDirectory();
    const verified = await verifyMessage(jws, directory.keyring, { maxLength: MAX_MESSAGE_LENGTH });
    if (!verified.ok) {
      const status = ['malformed', 'unsupported', 'not-canonical', 'invalid-message'].includes(verified.code)
        ? 400
        : 403;
      throw new ExchangeError(status, verified.code, verified.reason);
    }
    if (isReleased(verified.message))
      throw new ExchangeError(
        400,
        'invalid-message',
        'release: expected a published message (without release); released copies come only from the exchange',
      );
    const message = verified.message;
    if (message.sender !== partner.id)
      throw new ExchangeError(
        403,
        'wrong-sender',
        `sender: got "${message.sender}", expected the authenticated partner "${partner.id}"`,
      );
    if (!partner.publishTypes.includes(message.type))
      throw new ExchangeError(
        403,
        'type-not-permitted',
        `type: got "${message.type}", expected a type ${partner.id} may publish (${partner.publishTypes.join(', ') || 'none'})`,
      );
    const sha256 = messageDigest(message);

    const store = this.exchange.store;
    const stored = store.get(message.id);
    if (stored) return this.duplicateOf(message, jws, sha256, stored.sender);

    const now = this.clock();
    const age = (now - Date.parse(message.sent)) / 1000;
    if (age > this.replay.staleAfter)
      throw new ExchangeError(
        422,
        'stale',
        `sent: got ${message.sent}, expected a time within ${this.replay.staleAfter} s before now (${new Date(now).toISOString()})`,
      );
    if (-age > this.replay.maxFutureSkew)
      throw new ExchangeError(
        422,
        'from-the-future',
        `sent: got ${message.sent}, expected a time at most ${this.replay.maxFutureSkew} s after now (${new Date(now).toISOString()})`,
      );
    const last = store.lastSequence(message.sender);
    if (last !== undefined && message.sequence <= last)
      throw new ExchangeError(
        409,
        'sequence-not-increasing',
        `sequence: got ${message.sequence}, expected more than ${last}, the last stored from ${message.sender}`,
      );

    const { releases, held, withheld } = await this.releasesOf(message, directory, now);
    const receiptSequence = ++this.lastReceiptSequence;
    const receipt = await this.sign({
      schemaVersion: SCHEMA_VERSION,
      id: crypto.randomUUID(),
      sender: this.exchange.id,
      sequence: receiptSequence,
      sent: new Date(now).toISOString(),
      status: message.status,
      references: [message.id],
      type: 'receipt',
      body: { message: message.id, sha256 },
    });
    return new Promise<PublishOutcome>((resolve, reject) => {
      this.queue.push({
        message,
        jws,
        sha256,
        receivedAt: new Date(now).toISOString(),
        releases,
        held,
        withheld,
        receipt,
        receiptSequence,
        resolve,
        reject,
      });
      this.scheduleFlush();
    });
  }

  private duplicateOf(message: Message, jws: string, sha256: string, storedSender: string): PublishOutcome {
    const storedEnvelope = this.exchange.store.get(message.id)!;
    if (storedSender !== message.sender || payloadOf(storedEnvelope.jws) !== payloadOf(jws))
      throw new ExchangeError(
        409,
        'conflicting-duplicate',
        `id: ${message.id} is already stored with other content; expected a new id`,
      );
    const receipt = this.exchange.registry.receipt(message.id);
    if (receipt === undefined)
      throw new ExchangeError(409, 'conflicting-duplicate', `id: ${message.id} is stored without a receipt`);
    return { outcome: 'duplicate', messageId: message.id, sha256, receipt };
  }

  /** The copy each other partner receives now, those held by a delay, and why the rest are withheld. */
  private async releasesOf(message: Message, directory: Directory, now: number) {
    const releases: Release[] = [];
    const held: Array<{ partner: string; until: string }> = [];
    const withheld: Record<string, string> = {};
    for (const recipient of directory.partners) {
      if (recipient.id === message.sender || recipient.revokedAt !== undefined || !recipient.policy) continue;
      const known = new Set(
        message.references.filter((id) => this.exchange.store.partnerHas(recipient.id, id)),
      );
      const result = release(message, recipient.policy, now, (id) => known.has(id));
      if (result.released) releases.push({ partner: recipient.id, jws: await this.sign(result.message) });
      else if (result.code === 'delayed' && result.until)
        held.push({ partner: recipient.id, until: result.until });
      else withheld[recipient.id] = result.code;
    }
    return { releases, held, withheld };
  }

  private sign(message: Parameters<typeof signMessage>[0]): Promise<string> {
    return signMessage(message, this.exchange.signingKey);
  }

  private scheduleFlush(): void {
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    setImmediate(() => this.flush());
  }

  /** Commit every queued message in one transaction (one flush); each in its own savepoint. */
  private flush(): void {
    this.flushScheduled = false;
    const jobs = this.queue;
    this.queue = [];
    if (jobs.length === 0) return;
    const { db, registry } = this.exchange;
    const results: Array<{ job: CommitJob; outcome?: PublishOutcome; error?: unknown; partners?: string[] }> =
      [];
    try {
      db.transaction(() => {
        for (const job of jobs) {
          try {
            results.push({ job, ...db.transaction(() => this.commitOne(job))() });
          } catch (e) {
            if (e instanceof StoreError) results.push({ job, error: storeRefusal(e) });
            else throw e;
          }
        }
        registry.setLastExchangeSequence(Math.max(this.lastReceiptSequence, registry.lastExchangeSequence()));
      }).immediate();
    } catch (e) {
      for (const job of jobs) job.reject(e);
      return;
    }
    const grown = new Set<string>();
    for (const r of results) {
      if (r.error) r.job.reject(r.error);
      else {
        r.job.resolve(r.outcome!);
        for (const p of r.partners ?? []) grown.add(p);
      }
    }
    if (grown.size > 0) this.events.emit('appended', [...grown]);
  }

  private commitOne(job: CommitJob): { outcome: PublishOutcome; partners: string[] } {
    const { store, audit, registry } = this.exchange;
    const m = job.message;
    const result = store.append(
      {
        id: m.id,
        sender: m.sender,
        sequence: m.sequence,
        type: m.type,
        jws: job.jws,
        receivedAt: job.receivedAt,
      },
      job.releases,
    );
    if (result.outcome === 'duplicate') {
      // Two copies raced past the early check; the first one's receipt stands.
      const receipt = registry.receipt(m.id)!;
      return {
        outcome: { outcome: 'duplicate', messageId: m.id, sha256: job.sha256, receipt },
        partners: [],
      };
    }
    registry.putReceipt(m.id, job.receipt);
    for (const h of job.held) registry.holdRelease(m.id, h.partner, h.until);
    audit.append({
      actor: m.sender,
      action: 'message.stored',
      subject: m.id,
      details: {
        type: m.type,
        sequence: m.sequence,
        status: m.status,
        sha256: job.sha256,
        streams: result.streams.map((s) => ({ partner: s.partner, streamSequence: s.streamSequence })),
        held: job.held.map((h) => ({ partner: h.partner, until: h.until })),
        withheld: { ...job.withheld },
      },
    });
    return {
      outcome: { outcome: 'stored', messageId: m.id, sha256: job.sha256, receipt: job.receipt },
      partners: result.streams.map((s) => s.partner),
    };
  }

  /** The partner's stream after `after`. */
  readStream(partner: Partner, after: number, limit: number): readonly StreamEntry[] {
    return this.exchange.store.readStream(partner.id, after, limit);
  }

  streamHead(partnerId: string): number {
    return this.exchange.store.streamHead(partnerId);
  }

  /** Record that the partner holds its stream through `through`. */
  acknowledge(partner: Partner, through: number): number {
    const { store, audit, db } = this.exchange;
    try {
      return db
        .transaction(() => {
          const before = store.lastAcknowledged(partner.id);
          const after = store.acknowledge(partner.id, through);
          if (after > before)
            audit.append({
              actor: partner.id,
              action: 'stream.acknowledged',
              subject: partner.id,
              details: { through: after },
            });
          return after;
        })
        .immediate();
    } catch (e) {
      if (e instanceof StoreError) throw storeRefusal(e);
      throw e;
    }
  }

  /** What the caller is, may do and has. */
  me(partner: Partner) {
    const store = this.exchange.store;
    return {
      id: partner.id,
      exchange: this.exchange.id,
      publishTypes: partner.publishTypes,
      receives: partner.policy ? Object.keys(partner.policy.types) : [],
      lastSequence: store.lastSequence(partner.id) ?? 0,
      streamHead: store.streamHead(partner.id),
      acknowledged: store.lastAcknowledged(partner.id),
    };
  }

  /**
   * Append the held releases that are due: released again under the partner's current policy (it
   * may have changed while the message waited), or dropped with the reason in the audit log.
   * @returns how many were handled.
   */
  async releaseDue(): Promise<number> {
    const { registry, store, audit, db } = this.exchange;
    const now = this.clock();
    const due = registry.dueReleases(new Date(now).toISOString(), 256);
    if (due.length === 0) return 0;
    const directory = await this.currentDirectory();
    const decisions: Array<{ messageId: string; partner: string; jws?: string; reason?: string }> = [];
    for (const d of due) {
      const envelope = store.get(d.messageId);
      const recipient = directory.partners.find((p) => p.id === d.partner);
      const message = envelope && decodeMessage(envelope.jws);
      if (!message || !recipient?.policy || recipient.revokedAt !== undefined) {
        decisions.push({ ...d, reason: 'partner-inactive' });
        continue;
      }
      const known = new Set(message.references.filter((id) => store.partnerHas(recipient.id, id)));
      const result = release(message, recipient.policy, now, (id) => known.has(id));
      if (result.released) decisions.push({ ...d, jws: await this.sign(result.message) });
      else decisions.push({ ...d, reason: result.code });
    }
    const grown = new Set<string>();
    db.transaction(() => {
      for (const d of decisions) {
        registry.dropHeld(d.messageId, d.partner);
        if (d.jws) {
          const positions = store.appendReleases(d.messageId, [{ partner: d.partner, jws: d.jws }]);
          for (const p of positions) grown.add(p.partner);
          audit.append({
            actor: this.exchange.id,
            action: 'message.released',
            subject: d.messageId,
            details: {
              streams: positions.map((p) => ({ partner: p.partner, streamSequence: p.streamSequence })),
            },
          });
        } else {
          audit.append({
            actor: this.exchange.id,
            action: 'message.withheld',
            subject: d.messageId,
            details: { partner: d.partner, reason: d.reason ?? '' },
          });
        }
      }
    }).immediate();
    if (grown.size > 0) this.events.emit('appended', [...grown]);
    return decisions.length;
  }

  /**
   * Escalate, once each, launch events a recipient has left unacknowledged longer than
   * `escalateAfter`: an audit entry, the onEscalation callback, and the publisher's list.
   */
  escalate(): Escalation[] {
    const { registry, store, audit, db } = this.exchange;
    const after = this.options.escalateAfter ?? 60;
    const now = this.clock();
    const olderThan = new Date(now - after * 1000).toISOString();
    const at = new Date(now).toISOString();
    const escalated: Escalation[] = [];
    for (const partner of registry.list()) {
      if (partner.revokedAt !== undefined || partner.id === PUBLIC_PARTNER) continue;
      for (const entry of store.unacknowledged(partner.id, olderThan, {
        types: ['launch-event'],
        limit: 256,
      })) {
        const e = {
          partner: partner.id,
          streamSequence: entry.streamSequence,
          messageId: entry.messageId,
          sender: entry.sender,
          at,
        };
        const fresh = db
          .transaction(() => {
            if (!registry.escalate(e)) return false;
            audit.append({
              actor: this.exchange.id,
              action: 'launch-event.escalated',
              subject: entry.messageId,
              details: {
                partner: partner.id,
                streamSequence: entry.streamSequence,
                unacknowledgedSince: entry.receivedAt,
              },
            });
            return true;
          })
          .immediate();
        if (fresh) {
          const escalation = {
            partner: partner.id,
            streamSequence: entry.streamSequence,
            messageId: entry.messageId,
            sender: entry.sender,
            receivedAt: entry.receivedAt,
          };
          escalated.push(escalation);
          this.options.onEscalation?.(escalation);
        }
      }
    }
    return escalated;
  }

  escalationsOf(partner: Partner) {
    return this.exchange.registry.escalationsOf(partner.id);
  }
}

/** The signed payload (middle part) of a compact JWS. */
function payloadOf(jws: string): string {
  return jws.split('.')[1] ?? '';
}

/** The message in a stored JWS (verified when it was received). */
function decodeMessage(jws: string): Message | undefined {
  try {
    const parsed = parseMessage(JSON.parse(Buffer.from(payloadOf(jws), 'base64url').toString('utf8')));
    return parsed.ok ? parsed.value : undefined;
  } catch {
    return undefined;
  }
}

function storeRefusal(e: StoreError): ExchangeError {
  switch (e.code) {
    case 'conflicting-duplicate':
    case 'sequence-not-increasing':
      return new ExchangeError(409, e.code, e.message);
    case 'acknowledgement-beyond-head':
      return new ExchangeError(422, e.code, `through: ${e.message}`);
    default:
      return new ExchangeError(400, e.code, e.message);
  }
}
