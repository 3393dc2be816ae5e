import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { auditEntryHashValid } from '../../../src/exchange/audit/audit-entry.js';
import {
  AuditImportError,
  readAuditTables,
  SqliteAuditLog,
} from '../../../src/exchange/audit/sqlite-audit-log.js';
import { openExchangeDatabase } from '../../../src/exchange/store/sqlite-database.js';
import { SqliteMessageStore } from '../../../src/exchange/store/sqlite-message-store.js';
import { forgedEntry, publicKeys, signer } from './audit-fixtures.js';

/** A clock that ticks one second per reading, from a fixed epoch. */
function tickingClock(): () => Date {
  let t = Date.UTC(2007, 5, 7);
  return () => {
    t += 1000;
    return new Date(t);
  };
}

/** Edit the file as someone holding it would: append-only triggers dropped first. */
function tamper(path: string, sql: string): void {
  const db = new Database(path);
  try {
    for (const { name } of db
      .prepare("SELECT name FROM sqlite_master WHERE type = 'trigger'")
      .all() as Array<{
      name: string;
    }>) {
      db.exec(`DROP TRIGGER ${name}`);
    }
    db.exec(sql);
  } finally {
    db.close();
  }
}

describe('SqliteAuditLog', () => {
  let dir: string;
  let path: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'shieldlab-audit-'));
    path = join(dir, 'exchange.db');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  /** A log of n entries checkpointed every 10, closed. */
  function writeLog(n: number): void {
    const log = SqliteAuditLog.open(path, { signer, checkpointEvery: 10, clock: tickingClock() });
    for (let i = 1; i <= n; i++) {
      log.append({ actor: 'us', action: 'message.received', subject: `m-${i}`, details: { i } });
    }
    log.close();
  }

  const verifyFile = () => {
    const db = new Database(path, { readonly: true });
    try {
      return SqliteAuditLog.attach(db).verify(publicKeys);
    } finally {
      db.close();
    }
  };

  it('appends chained entries and signs a checkpoint every N entries', () => {
    const log = SqliteAuditLog.open(path, { signer, checkpointEvery: 10, clock: tickingClock() });
    expect(log.head()).toEqual({ index: 0, hash: '0'.repeat(64) });
    expect(log.checkpoint()).toBeUndefined();
    const entries = Array.from({ length: 25 }, (_, i) =>
      log.append({ actor: 'us', action: 'message.received', subject: `m-${i + 1}` }),
    );
    expect(entries.map((e) => e.index)).toEqual(Array.from({ length: 25 }, (_, i) => i + 1));
    expect(entries.every(auditEntryHashValid)).toBe(true);
    expect(entries[1]!.previousHash).toBe(entries[0]!.hash);
    expect(log.head()).toEqual({ index: 25, hash: entries[24]!.hash });
    expect(log.entries()).toEqual(entries);
    expect(log.entries(20, 2).map((e) => e.index)).toEqual([21, 22]);
    expect(log.checkpoints().map((c) => c.index)).toEqual([10, 20]);
    // On demand: the head now; asking again at the same head gives the same checkpoint.
    const now = log.checkpoint();
    expect(now).toMatchObject({ index: 25, hash: entries[24]!.hash, keyId: signer.keyId });
    expect(log.checkpoint()).toEqual(now);
    expect(log.checkpoints().map((c) => c.index)).toEqual([10, 20, 25]);
    expect(log.verify(publicKeys)).toMatchObject({ ok: true, entries: 25, uncovered: 0 });
    log.close();
  });

  it('without a signer: chained, no checkpoints, and checkpoint() refuses', () => {
    const log = SqliteAuditLog.open(path, { checkpointEvery: 2 });
    for (let i = 0; i < 5; i++) log.append({ actor: 'us', action: 'a', subject: 's' });
    expect(log.checkpoints()).toEqual([]);
    expect(() => log.checkpoint()).toThrow(/no checkpoint signer/);
    expect(log.verify()).toMatchObject({ ok: true, uncovered: 5 });
    log.close();
  });

  it('refuses UPDATE and DELETE on its tables (append-only)', () => {
    writeLog(10);
    const db = new Database(path);
    try {
      expect(() => db.exec("UPDATE audit_entries SET actor = 'ru' WHERE idx = 3")).toThrow(/append-only/);
      expect(() => db.exec('DELETE FROM audit_entries WHERE idx = 10')).toThrow(/append-only/);
      expect(() => db.exec('DELETE FROM audit_checkpoints')).toThrow(/append-only/);
    } finally {
      db.close();
    }
  });

  it('keeps its chain across close and reopen and carries on', () => {
    writeLog(15);
    const log = SqliteAuditLog.open(path, { signer, checkpointEvery: 10 });
    const next = log.append({ actor: 'ru', action: 'stream.acknowledged', subject: 'ru' });
    expect(next.index).toBe(16);
    expect(next.previousHash).toBe(log.entries(14, 1)[0]!.hash);
    for (let i = 0; i < 4; i++) log.append({ actor: 'ru', action: 'a', subject: 's' });
    expect(log.checkpoints().map((c) => c.index)).toEqual([10, 20]);
    expect(log.verify(publicKeys).ok).toBe(true);
    log.close();
  });

  it('finds tampering done directly in the database file, kind by kind', () => {
    writeLog(25);
    const cases: Array<[string, string, { kind: string; index: number }]> = [
      [
        'modified',
        `UPDATE audit_entries SET details = '{"i":99}' WHERE idx = 7`,
        { kind: 'modified', index: 7 },
      ],
      ['deleted', 'DELETE FROM audit_entries WHERE idx = 7', { kind: 'deleted', index: 7 }],
      [
        'deleted and renumbered',
        'DELETE FROM audit_entries WHERE idx = 7; UPDATE audit_entries SET idx = idx - 1 WHERE idx > 7',
        { kind: 'deleted', index: 7 },
      ],
      [
        'reordered (row keys swapped)',
        'UPDATE audit_entries SET idx = -7 WHERE idx = 7; UPDATE audit_entries SET idx = 7 WHERE idx = 8; UPDATE audit_entries SET idx = 8 WHERE idx = -7',
        { kind: 'reordered', index: 7 },
      ],
      ['truncated', 'DELETE FROM audit_entries WHERE idx > 15', { kind: 'truncated', index: 16 }],
      [
        'forged checkpoint',
        `UPDATE audit_checkpoints SET hash = (SELECT hash FROM audit_entries WHERE idx = 19), idx = 19 WHERE idx = 20`,
        { kind: 'forged-checkpoint', index: 19 },
      ],
    ];
    // The log was closed, so the file is whole (SQLite folds the WAL in at the last close).
    const pristine = join(dir, 'pristine.db');
    copyFileSync(path, pristine);
    for (const [name, sql, expected] of cases) {
      for (const suffix of ['', '-wal', '-shm']) rmSync(`${path}${suffix}`, { force: true });
      copyFileSync(pristine, path);
      expect(verifyFile().ok, `${name}: before`).toBe(true);
      tamper(path, sql);
      expect(verifyFile().problem, name).toMatchObject(expected);
    }
  });

  it('finds an entry inserted into the database file', () => {
    writeLog(25);
    const db = new Database(path);
    const { entries } = readAuditTables(db, path);
    db.close();
    const forged = forgedEntry(7, entries[5]);
    tamper(
      path,
      `UPDATE audit_entries SET idx = -idx - 1 WHERE idx >= 7;
       UPDATE audit_entries SET idx = -idx WHERE idx < 0;
       INSERT INTO audit_entries VALUES (7, '${forged.time}', 'us', 'message.received', '${forged.subject}',
         '${JSON.stringify(forged.details)}', '${forged.previousHash}', '${forged.hash}')`,
    );
    expect(verifyFile().problem).toMatchObject({ kind: 'inserted', index: 7 });
  });

  it('exports JSON lines and imports them into an empty log only, and only when they verify', () => {
    writeLog(25);
    const source = SqliteAuditLog.open(path);
    const text = source.exportJsonLines();
    const target = SqliteAuditLog.open(join(dir, 'copy.db'));
    expect(target.importJsonLines(text, 'audit.jsonl', publicKeys)).toBe(25);
    expect(target.entries()).toEqual(source.entries());
    expect(target.checkpoints()).toEqual(source.checkpoints());
    expect(target.verify(publicKeys).ok).toBe(true);
    expect(() => target.importJsonLines(text, 'audit.jsonl')).toThrow(/not empty/);
    const other = SqliteAuditLog.open(join(dir, 'other.db'));
    const lines = text.split('\n');
    const withoutEntry7 = [...lines.slice(0, 7), ...lines.slice(8)].join('\n');
    let error: unknown;
    try {
      other.importJsonLines(withoutEntry7, 'audit.jsonl');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(AuditImportError);
    expect((error as AuditImportError).verification?.problem).toMatchObject({ kind: 'deleted', index: 7 });
    expect(other.entries()).toEqual([]);
    for (const log of [source, target, other]) log.close();
  });

  it('shares the file and a transaction with the message store', () => {
    const db = openExchangeDatabase(path);
    const store = SqliteMessageStore.attach(db);
    const audit = SqliteAuditLog.attach(db, { signer, checkpointEvery: 1 });
    const envelope = {
      id: '00000000-0000-4000-8000-000000000001',
      sender: 'us',
      sequence: 1,
      type: 'launch-event',
      jws: 'a.b.c',
      receivedAt: '2007-06-07T00:00:00.000Z',
    };
    const receive = db.transaction((fail: boolean) => {
      store.append(envelope, [{ partner: 'ru', jws: 'r.b.c' }]);
      audit.append({
        actor: 'us',
        action: 'message.received',
        subject: envelope.id,
        details: { partners: ['ru'] },
      });
      if (fail) throw new Error('crash before commit');
    });
    expect(() => receive(true)).toThrow(/crash/);
    expect(store.get(envelope.id)).toBeUndefined();
    expect(audit.head().index).toBe(0);
    expect(audit.checkpoints()).toEqual([]);
    receive(false);
    expect(store.get(envelope.id)).toEqual(envelope);
    expect(audit.entries()).toHaveLength(1);
    expect(audit.checkpoints()).toHaveLength(1);
    expect(store.check().ok).toBe(true);
    db.close();
  });
});
