import { EventEmitter } from 'node:events';
import { messageDigest } from '../messages/canonical.js';
import { isReleased, type Message, SCHEMA_VERSION } from '../messages/message.js';
import { parseMessage } from '../messages/parse.js';
import { DEFAULT_REPLAY_OPTIONS, type ReplayOptions } from '../messages/replay-guard.js';
import { release } from '../policy/release.js';
import { createKeyring, type Keyring } from '../signing/keyring.js';
import { verifyMessage } from '../signing/verify.js';
import type { StoreError } from '../store/store-error.js';
import type { Release, StreamEntry } from '../store/stored-message.js';
import { CopySigner } from './copy-signer.js';
import { ExchangeError } from './exchange-error.js';
import type { CommitResult, DueDecision, Escalation, ExchangeState } from './exchange-state.js';
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

export type { Escalation } from './exchange-state.js';

export interface PublishOutcome {
  readonly outcome: 'stored' | 'duplicate';
  readonly messageId: string;
  readonly sha256: string;
  /** The receipt the exchange signed for the message (the same one for a duplicate). */
  readonly receipt: string;
}

interface Directory {
  readonly version: string;
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
  /** Settles with the commit: a copy arriving meanwhile waits for it. */
  committed?: Promise<PublishOutcome>;
  resolve(outcome: PublishOutcome): void;
  reject(error: unknown): void;
}

/**
 * Emitted as 'appended' with the partners whose streams grew and, when this instance appended
 * them, the new entries by partner (absent for appends of another instance).
 */
export type AppendedListener = (
  partners: readonly string[],
  entries?: ReadonlyMap<string, readonly StreamEntry[]>,
) => void;

export class ExchangeService {
  readonly events = new EventEmitter();
  private readonly clock: () => number;
  private readonly replay: ReplayOptions;
  private directory: Directory | undefined;
  private loading: Promise<Directory> | undefined;
  private queue: CommitJob[] = [];
  /** Jobs queued or being committed, for the sequence check of messages that follow them. */
  private readonly pending = new Set<CommitJob>();
  /** Per partner, the turn of its latest request: messages are checked and queued in arrival order. */
  private readonly arrivals = new Map<string, Promise<void>>();
  private readonly signer: CopySigner;
  private flushScheduled = false;
  private flushing: Promise<void> = Promise.resolve();

  constructor(
    readonly state: ExchangeState,
    private readonly options: ServiceOptions = {},
  ) {
    this.clock = options.clock ?? Date.now;
    this.replay = options.replay ?? DEFAULT_REPLAY_OPTIONS;
    this.events.setMaxListeners(0);
    this.signer = new CopySigner(state.signingKey);
    state.onRemoteAppend((partners) => this.events.emit('appended', partners));
  }

  /** The exchange's id. */
  get id(): string {
    return this.state.id;
  }

  /** The keyring and partners, reloaded when another process (partner add, revoke) changed them. */
  async currentDirectory(): Promise<Directory> {
    const version = await this.state.directoryVersion();
    if (this.directory?.version === version) return this.directory;
    if (!this.loading) {
      this.loading = (async () => {
        const keyring = await createKeyring(await this.state.keys());
        const directory = { version, keyring, partners: await this.state.partners() };
        this.directory = directory;
        return directory;
      })().finally(() => {
        this.loading = undefined;
      });
    }
    return this.loading;
  }

  /**
   * Ingest one signed message from `partner` (see README: order of ingest). A partner may have
   * several requests in flight: they are verified concurrently, but checked against replay and
   * queued for commit in the order they arrived, so pipelined messages with increasing sequence
   * numbers are stored in that order.
   */
  async publish(partner: Partner, jws: string): Promise<PublishOutcome> {
    const previous = this.arrivals.get(partner.id) ?? Promise.resolve();
    let done!: () => void;
    const mine = new Promise<void>((resolve) => {
      done = resolve;
    });
    this.arrivals.set(partner.id, mine);
    // Wrapped in an object: awaiting a promise of a promise would wait for the commit too.
    let queued: { committed: Promise<PublishOutcome> };
    try {
      queued = await this.prepare(partner, jws, previous);
    } finally {
      done();
      if (this.arrivals.get(partner.id) === mine) this.arrivals.delete(partner.id);
    }
    return queued.committed;
  }

  /** Verify, wait for the partner's earlier requests to be queued, check, release and queue. */
  private async prepare(
    partner: Partner,
    jws: string,
    previous: Promise<void>,
  ): Promise<{ committed: Promise<PublishOutcome> }> {
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
    await previous;

    // A copy of a message still being committed (a publisher resending after a timeout): the
    // answer of that commit, as a duplicate, once it is durable.
    const queued = [...this.pending].find((job) => job.message.id === message.id);
    if (queued) {
      if (queued.message.sender !== message.sender || payloadOf(queued.jws) !== payloadOf(jws))
        throw new ExchangeError(
          409,
          'conflicting-duplicate',
          `id: ${message.id} is already being stored with other content; expected a new id`,
        );
      return {
        committed: queued.committed!.then((outcome) => ({ ...outcome, outcome: 'duplicate' as const })),
      };
    }
    const stored = await this.state.message(message.id);
    if (stored) return { committed: Promise.resolve(await this.duplicateOf(message, jws, sha256, stored)) };

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
    const last = this.lastQueued(message.sender, await this.state.lastSequence(message.sender));
    if (last !== undefined && message.sequence <= last)
      throw new ExchangeError(
        409,
        'sequence-not-increasing',
        `sequence: got ${message.sequence}, expected more than ${last}, the last stored from ${message.sender}`,
      );

    const { releases, held, withheld } = await this.releasesOf(message, directory, now);
    const receipt = this.signer.sign({
      schemaVersion: SCHEMA_VERSION,
      id: crypto.randomUUID(),
      sender: this.state.id,
      sequence: await this.state.nextExchangeSequence(),
      sent: new Date(now).toISOString(),
      status: message.status,
      references: [message.id],
      type: 'receipt',
      body: { message: message.id, sha256 },
    });
    let job!: CommitJob;
    const committed = new Promise<PublishOutcome>((resolve, reject) => {
      job = {
        message,
        jws,
        sha256,
        receivedAt: new Date(now).toISOString(),
        releases,
        held,
        withheld,
        receipt,
        resolve: (outcome) => {
          this.pending.delete(job);
          resolve(outcome);
        },
        reject: (error) => {
          this.pending.delete(job);
          reject(error);
        },
      };
      this.pending.add(job);
      this.queue.push(job);
      this.scheduleFlush();
    });
    job.committed = committed;
    return { committed };
  }

  /** The sender's last sequence, counting its messages queued but not yet committed. */
  private lastQueued(sender: string, stored: number | undefined): number | undefined {
    let last = stored;
    for (const job of this.pending)
      if (job.message.sender === sender && (last === undefined || job.message.sequence > last))
        last = job.message.sequence;
    return last;
  }

  private async duplicateOf(
    message: Message,
    jws: string,
    sha256: string,
    stored: { sender: string; jws: string },
  ): Promise<PublishOutcome> {
    if (stored.sender !== message.sender || payloadOf(stored.jws) !== payloadOf(jws))
      throw new ExchangeError(
        409,
        'conflicting-duplicate',
        `id: ${message.id} is already stored with other content; expected a new id`,
      );
    const receipt = await this.state.receipt(message.id);
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
      const known = await this.knownTo(recipient.id, message.references);
      const result = release(message, recipient.policy, now, (id) => known.has(id));
      if (result.released) releases.push({ partner: recipient.id, jws: this.signer.sign(result.message) });
      else if (result.code === 'delayed' && result.until)
        held.push({ partner: recipient.id, until: result.until });
      else withheld[recipient.id] = result.code;
    }
    return { releases, held, withheld };
  }

  /** Which of these ids the partner has (sent or received). */
  private async knownTo(partner: string, ids: readonly string[]): Promise<Set<string>> {
    const known = new Set<string>();
    for (const id of ids) if (await this.state.partnerHas(partner, id)) known.add(id);
    return known;
  }

  private scheduleFlush(): void {
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    setImmediate(() => {
      // One commit at a time: requests arriving meanwhile form the next batch.
      this.flushing = this.flushing.then(() => this.flush());
    });
  }

  /** Commit every queued message in one transaction (one flush); each in its own savepoint. */
  private async flush(): Promise<void> {
    this.flushScheduled = false;
    const jobs = this.queue;
    this.queue = [];
    if (jobs.length === 0) return;
    let results: readonly CommitResult[];
    try {
      results = await this.state.commit(
        jobs.map((job) => {
          const m = job.message;
          return {
            envelope: {
              id: m.id,
              sender: m.sender,
              sequence: m.sequence,
              type: m.type,
              jws: job.jws,
              receivedAt: job.receivedAt,
            },
            releases: job.releases,
            held: job.held,
            receipt: job.receipt,
            audit: {
              actor: m.sender,
              action: 'message.stored',
              subject: m.id,
              details: {
                type: m.type,
                sequence: m.sequence,
                status: m.status,
                sha256: job.sha256,
                held: job.held.map((h) => ({ partner: h.partner, until: h.until })),
                withheld: { ...job.withheld },
              },
            },
          };
        }),
      );
    } catch (e) {
      for (const job of jobs) job.reject(e);
      return;
    }
    // The new stream entries by partner, in stream order: live connections that are caught up are
    // sent these from memory instead of each reading its stream back from the database.
    const appended = new Map<string, StreamEntry[]>();
    results.forEach((result, i) => {
      const job = jobs[i]!;
      const m = job.message;
      if (result.outcome === 'refused') job.reject(storeRefusal(result.error));
      else if (result.outcome === 'duplicate')
        // Two copies raced past the early check; the first one's receipt stands.
        job.resolve({ outcome: 'duplicate', messageId: m.id, sha256: job.sha256, receipt: result.receipt });
      else {
        job.resolve({ outcome: 'stored', messageId: m.id, sha256: job.sha256, receipt: job.receipt });
        for (const s of result.streams) {
          const jws = job.releases.find((r) => r.partner === s.partner)?.jws;
          if (jws === undefined) continue;
          const list = appended.get(s.partner) ?? [];
          list.push({
            partner: s.partner,
            streamSequence: s.streamSequence,
            messageId: m.id,
            sender: m.sender,
            sequence: m.sequence,
            type: m.type,
            receivedAt: job.receivedAt,
            jws,
          });
          appended.set(s.partner, list);
        }
      }
    });
    if (appended.size > 0) this.events.emit('appended', [...appended.keys()], appended);
  }

  /** The partner's stream after `after`. */
  async readStream(partner: Partner, after: number, limit: number): Promise<readonly StreamEntry[]> {
    return this.state.readStream(partner.id, after, limit);
  }

  /** Record that the partner holds its stream through `through`. */
  async acknowledge(partner: Partner, through: number): Promise<number> {
    try {
      return await this.state.acknowledge(partner.id, through);
    } catch (e) {
      if (isStoreError(e)) throw storeRefusal(e);
      throw e;
    }
  }

  /** What the caller is, may do and has. */
  async me(partner: Partner) {
    return {
      id: partner.id,
      exchange: this.state.id,
      publishTypes: partner.publishTypes,
      receives: partner.policy ? Object.keys(partner.policy.types) : [],
      lastSequence: (await this.state.lastSequence(partner.id)) ?? 0,
      streamHead: await this.state.streamHead(partner.id),
      acknowledged: await this.state.lastAcknowledged(partner.id),
    };
  }

  /**
   * Append the held releases that are due: released again under the partner's current policy (it
   * may have changed while the message waited), or dropped with the reason in the audit log.
   * @returns how many were handled.
   */
  async releaseDue(): Promise<number> {
    const now = this.clock();
    const due = await this.state.dueReleases(new Date(now).toISOString(), 256);
    if (due.length === 0) return 0;
    const directory = await this.currentDirectory();
    const decisions: DueDecision[] = [];
    for (const d of due) {
      const envelope = await this.state.message(d.messageId);
      const recipient = directory.partners.find((p) => p.id === d.partner);
      const message = envelope && decodeMessage(envelope.jws);
      if (!message || !recipient?.policy || recipient.revokedAt !== undefined) {
        decisions.push({ ...d, reason: 'partner-inactive' });
        continue;
      }
      const known = await this.knownTo(recipient.id, message.references);
      const result = release(message, recipient.policy, now, (id) => known.has(id));
      if (result.released) decisions.push({ ...d, jws: this.signer.sign(result.message) });
      else decisions.push({ ...d, reason: result.code });
    }
    const grown = await this.state.applyDue(decisions);
    if (grown.length > 0) this.events.emit('appended', grown);
    return decisions.length;
  }

  /**
   * Escalate, once each, launch events a recipient has left unacknowledged longer than
   * `escalateAfter`: an audit entry, the onEscalation callback, and the publisher's list.
   */
  async escalate(): Promise<Escalation[]> {
    const after = this.options.escalateAfter ?? 60;
    const now = this.clock();
    const olderThan = new Date(now - after * 1000).toISOString();
    const at = new Date(now).toISOString();
    const escalated: Escalation[] = [];
    for (const partner of await this.state.partners()) {
      if (partner.revokedAt !== undefined || partner.id === PUBLIC_PARTNER) continue;
      for (const entry of await this.state.unacknowledgedLaunchEvents(partner.id, olderThan, 256)) {
        const escalation: Escalation = {
          partner: partner.id,
          streamSequence: entry.streamSequence,
          messageId: entry.messageId,
          sender: entry.sender,
          receivedAt: entry.receivedAt,
        };
        if (await this.state.escalate(escalation, at)) {
          escalated.push(escalation);
          this.options.onEscalation?.(escalation);
        }
      }
    }
    return escalated;
  }

  async escalationsOf(partner: Partner) {
    return this.state.escalationsOf(partner.id);
  }

  /** Finish pending commits (before closing the state). */
  async drain(): Promise<void> {
    await this.flushing;
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

function isStoreError(e: unknown): e is StoreError {
  return e instanceof Error && e.name === 'StoreError';
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
