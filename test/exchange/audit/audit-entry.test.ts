import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  AuditValueError,
  auditEntryHash,
  auditEntryHashValid,
  chainAuditEntry,
  GENESIS_HASH,
} from '../../../src/exchange/audit/audit-entry.js';

describe('audit entries', () => {
  it('hash the canonical JSON of their fields (RFC 8785: sorted keys, no spaces), as anyone can recompute', () => {
    const entry = chainAuditEntry(
      undefined,
      { actor: 'us', action: 'message.received', subject: 'm-1', details: { b: 1, a: [1, 'two'] } },
      '2007-06-07T00:00:00.000Z',
    );
    const written =
      '{"action":"message.received","actor":"us","details":{"a":[1,"two"],"b":1},"index":1,' +
      `"previousHash":"${GENESIS_HASH}","subject":"m-1","time":"2007-06-07T00:00:00.000Z"}`;
    expect(entry.hash).toBe(createHash('sha256').update(written).digest('hex'));
    expect(entry).toMatchObject({ index: 1, previousHash: GENESIS_HASH, details: { a: [1, 'two'], b: 1 } });
    // Key order does not change the hash: only the values count.
    expect(auditEntryHash({ ...entry, details: { a: [1, 'two'], b: 1 } })).toBe(entry.hash);
  });

  it('chain: each entry carries the index after and the hash of the one before', () => {
    const first = chainAuditEntry(
      undefined,
      { actor: 'us', action: 'a', subject: 's' },
      '2007-06-07T00:00:00.000Z',
    );
    const second = chainAuditEntry(
      first,
      { actor: 'ru', action: 'b', subject: 't' },
      '2007-06-07T00:00:01.000Z',
    );
    expect(second.index).toBe(2);
    expect(second.previousHash).toBe(first.hash);
    expect(auditEntryHashValid(second)).toBe(true);
    expect(auditEntryHashValid({ ...second, previousHash: GENESIS_HASH })).toBe(false);
    expect(auditEntryHashValid({ ...second, index: 3 })).toBe(false);
    expect(first.details).toEqual({});
  });

  it('keeps exactly what it hashed: undefined members dropped, as JSON drops them', () => {
    const e = chainAuditEntry(
      undefined,
      { actor: 'us', action: 'a', subject: 's', details: { kept: 1, dropped: undefined } as never },
      '2007-06-07T00:00:00.000Z',
    );
    expect(e.details).toEqual({ kept: 1 });
    expect(Object.keys(e.details)).toEqual(['kept']);
    expect(auditEntryHashValid(e)).toBe(true);
  });

  it('refuses values that are not JSON and empty names', () => {
    const time = '2007-06-07T00:00:00.000Z';
    const record = { actor: 'us', action: 'a', subject: 's' };
    expect(() => chainAuditEntry(undefined, { ...record, details: { x: Number.NaN } }, time)).toThrow(
      AuditValueError,
    );
    expect(() => chainAuditEntry(undefined, { ...record, details: [1] as never }, time)).toThrow(
      AuditValueError,
    );
    expect(() => chainAuditEntry(undefined, { ...record, actor: '' }, time)).toThrow(AuditValueError);
  });
});
