import type { AuditRecord, JsonObject } from '../audit/audit-entry.js';
import type { StreamPosition } from '../store/stored-message.js';
import type { Escalation } from './exchange-state.js';

/**
 * The audit entries the exchange's states write, defined once, so that a log written on SQLite and
 * one written on PostgreSQL record the same facts in the same words.
 */

/** Stream positions as an audit detail. */
export function streamsDetail(streams: readonly StreamPosition[]): JsonObject[] {
  return streams.map((s) => ({ partner: s.partner, streamSequence: s.streamSequence }));
}

/** A stored message's entry (built by the service) completed with where its copies landed. */
export function storedRecord(record: AuditRecord, streams: readonly StreamPosition[]): AuditRecord {
  return { ...record, details: { ...record.details, streams: streamsDetail(streams) } };
}

/** A held release appended to a stream when it fell due. */
export function releasedRecord(
  exchange: string,
  messageId: string,
  streams: readonly StreamPosition[],
): AuditRecord {
  return {
    actor: exchange,
    action: 'message.released',
    subject: messageId,
    details: { streams: streamsDetail(streams) },
  };
}

/** A held release dropped when it fell due, and why. */
export function withheldRecord(
  exchange: string,
  messageId: string,
  partner: string,
  reason: string | undefined,
): AuditRecord {
  return {
    actor: exchange,
    action: 'message.withheld',
    subject: messageId,
    details: { partner, reason: reason ?? '' },
  };
}

/** A partner acknowledged its stream through a sequence. */
export function acknowledgedRecord(partner: string, through: number): AuditRecord {
  return { actor: partner, action: 'stream.acknowledged', subject: partner, details: { through } };
}

/** A launch event escalated because a recipient left it unacknowledged. */
export function escalatedRecord(exchange: string, e: Escalation): AuditRecord {
  return {
    actor: exchange,
    action: 'launch-event.escalated',
    subject: e.messageId,
    details: { partner: e.partner, streamSequence: e.streamSequence, unacknowledgedSince: e.receivedAt },
  };
}
