import type { PublicKeyRecord } from '../signing/keyring.js';
import { StoreError } from '../store/store-error.js';
import type { ReceivedEnvelope, StreamEntry } from '../store/stored-message.js';
import {
  acknowledgedRecord,
  escalatedRecord,
  releasedRecord,
  storedRecord,
  withheldRecord,
} from './audit-records.js';
import type { OpenExchange } from './exchange-directory.js';
import type {
  CommitRequest,
  CommitResult,
  DueDecision,
  Escalation,
  ExchangeState,
} from './exchange-state.js';
import type { Partner } from './partner-registry.js';

/**
 * The exchange's state in its SQLite file (one server process): the message store, the audit log
 * and the partner registry share one connection, so a message, its stream entries, its receipt and
 * its audit entry are one transaction, flushed once for a whole batch (synchronous=FULL).
 */
export class SqliteExchangeState implements ExchangeState {
  readonly id: string;
  readonly signingKey: OpenExchange['signingKey'];
  private exchangeSequence: number;

  constructor(readonly exchange: OpenExchange) {
    this.id = exchange.id;
    this.signingKey = exchange.signingKey;
    this.exchangeSequence = exchange.registry.lastExchangeSequence();
  }

  /** SQLite's data_version changes exactly when another connection (a CLI) committed. */
  directoryVersion(): string {
    return String(this.exchange.db.pragma('data_version', { simple: true }));
  }

  partners(): readonly Partner[] {
    return this.exchange.registry.list();
  }

  keys(): readonly PublicKeyRecord[] {
    return this.exchange.registry.keys();
  }

  partnerByToken(token: string): Partner | undefined {
    return this.exchange.registry.authenticate(token);
  }

  partner(id: string): Partner | undefined {
    return this.exchange.registry.get(id);
  }

  message(id: string): ReceivedEnvelope | undefined {
    return this.exchange.store.get(id);
  }

  receipt(messageId: string): string | undefined {
    return this.exchange.registry.receipt(messageId);
  }

  lastSequence(sender: string): number | undefined {
    return this.exchange.store.lastSequence(sender);
  }

  partnerHas(partner: string, messageId: string): boolean {
    return this.exchange.store.partnerHas(partner, messageId);
  }

  /** One server owns the file, so a counter in memory is unique; it is saved with each commit. */
  nextExchangeSequence(): number {
    return ++this.exchangeSequence;
  }

  commit(requests: readonly CommitRequest[]): readonly CommitResult[] {
    const { db, store, registry, audit } = this.exchange;
    return db
      .transaction(() => {
        const results = requests.map((request): CommitResult => {
          try {
            return db.transaction((): CommitResult => {
              const e = request.envelope;
              const result = store.append(e, request.releases);
              if (result.outcome === 'duplicate')
                return { outcome: 'duplicate', receipt: registry.receipt(e.id) ?? '' };
              registry.putReceipt(e.id, request.receipt);
              for (const h of request.held) registry.holdRelease(e.id, h.partner, h.until);
              audit.append(storedRecord(request.audit, result.streams));
              return { outcome: 'stored', streams: result.streams };
            })();
          } catch (error) {
            if (error instanceof StoreError) return { outcome: 'refused', error };
            throw error;
          }
        });
        registry.setLastExchangeSequence(Math.max(this.exchangeSequence, registry.lastExchangeSequence()));
        return results;
      })
      .immediate();
  }

  readStream(partner: string, after: number, limit: number): readonly StreamEntry[] {
    return this.exchange.store.readStream(partner, after, limit);
  }

  streamHead(partner: string): number {
    return this.exchange.store.streamHead(partner);
  }

  lastAcknowledged(partner: string): number {
    return this.exchange.store.lastAcknowledged(partner);
  }

  acknowledge(partner: string, through: number): number {
    const { db, store, audit } = this.exchange;
    return db
      .transaction(() => {
        const before = store.lastAcknowledged(partner);
        const after = store.acknowledge(partner, through);
        if (after > before) audit.append(acknowledgedRecord(partner, after));
        return after;
      })
      .immediate();
  }

  dueReleases(now: string, limit: number) {
    return this.exchange.registry.dueReleases(now, limit);
  }

  applyDue(decisions: readonly DueDecision[]): readonly string[] {
    const { db, store, registry, audit } = this.exchange;
    const grown = new Set<string>();
    db.transaction(() => {
      for (const d of decisions) {
        registry.dropHeld(d.messageId, d.partner);
        if (d.jws !== undefined) {
          const positions = store.appendReleases(d.messageId, [{ partner: d.partner, jws: d.jws }]);
          for (const p of positions) grown.add(p.partner);
          audit.append(releasedRecord(this.id, d.messageId, positions));
        } else {
          audit.append(withheldRecord(this.id, d.messageId, d.partner, d.reason));
        }
      }
    }).immediate();
    return [...grown];
  }

  unacknowledgedLaunchEvents(partner: string, olderThan: string, limit: number): readonly StreamEntry[] {
    return this.exchange.store.unacknowledged(partner, olderThan, { types: ['launch-event'], limit });
  }

  escalate(e: Escalation, at: string): boolean {
    const { db, registry, audit } = this.exchange;
    return db
      .transaction(() => {
        if (!registry.escalate({ ...e, at })) return false;
        audit.append(escalatedRecord(this.id, e));
        return true;
      })
      .immediate();
  }

  escalationsOf(sender: string) {
    return this.exchange.registry.escalationsOf(sender);
  }

  onRemoteAppend(): void {
    // One server owns the file: no other instance appends.
  }

  /** Sign a checkpoint of the audit log's head, so no entry is left uncovered, then close the file. */
  close(): void {
    try {
      this.exchange.audit.checkpoint();
    } finally {
      this.exchange.close();
    }
  }
}
