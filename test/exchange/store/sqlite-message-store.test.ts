import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openExchangeDatabase } from '../../../src/exchange/store/sqlite-database.js';
import {
  MESSAGE_STORE_COMPONENT,
  SqliteMessageStore,
} from '../../../src/exchange/store/sqlite-message-store.js';
import { migrate, schemaVersion } from '../../../src/exchange/store/sqlite-migrations.js';
import { StoreError } from '../../../src/exchange/store/store-error.js';
import { describeMessageStoreContract, envelope, messageId, releases } from './message-store-contract.js';

describeMessageStoreContract('SqliteMessageStore', () => {
  const dir = mkdtempSync(join(tmpdir(), 'shieldlab-store-'));
  const path = join(dir, 'exchange.db');
  return {
    open: () => SqliteMessageStore.open(path),
    dispose: () => rmSync(dir, { recursive: true, force: true }),
  };
});

describe('SqliteMessageStore on its file', () => {
  let dir: string;
  let path: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'shieldlab-store-'));
    path = join(dir, 'exchange.db');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('runs in WAL mode with synchronous=FULL and foreign keys on', () => {
    const store = SqliteMessageStore.open(path);
    try {
      expect(store.db.pragma('journal_mode', { simple: true })).toBe('wal');
      expect(store.db.pragma('synchronous', { simple: true })).toBe(2); // FULL
      expect(store.db.pragma('foreign_keys', { simple: true })).toBe(1);
    } finally {
      store.close();
    }
  });

  it('migrates a new file once and records its schema version', () => {
    SqliteMessageStore.open(path).close();
    SqliteMessageStore.open(path).close();
    const db = new Database(path);
    try {
      expect(schemaVersion(db, MESSAGE_STORE_COMPONENT)).toBe(1);
      expect(schemaVersion(db, 'something-else')).toBe(0);
    } finally {
      db.close();
    }
  });

  it('refuses a file migrated by a newer version', () => {
    SqliteMessageStore.open(path).close();
    const db = new Database(path);
    db.prepare('UPDATE schema_versions SET version = 99 WHERE component = ?').run(MESSAGE_STORE_COMPONENT);
    db.close();
    expect(() => SqliteMessageStore.open(path)).toThrow(StoreError);
    try {
      SqliteMessageStore.open(path);
    } catch (e) {
      expect((e as StoreError).code).toBe('schema-too-new');
    }
  });

  it('applies migration steps in order, each once', () => {
    const db = openExchangeDatabase(path);
    try {
      migrate(db, 'demo', ['CREATE TABLE a (x INTEGER) STRICT']);
      migrate(db, 'demo', ['CREATE TABLE a (x INTEGER) STRICT', 'CREATE TABLE b (y INTEGER) STRICT']);
      expect(schemaVersion(db, 'demo')).toBe(2);
      const tables = db
        .prepare("SELECT name FROM sqlite_master WHERE name IN ('a', 'b') ORDER BY name")
        .all();
      expect(tables).toEqual([{ name: 'a' }, { name: 'b' }]);
    } finally {
      db.close();
    }
  });

  it("joins a caller's transaction: rolled back with it, committed with it", () => {
    const db = openExchangeDatabase(path);
    const store = SqliteMessageStore.attach(db);
    db.exec('CREATE TABLE side (note TEXT NOT NULL) STRICT');
    const both = db.transaction((n: number, fail: boolean) => {
      store.append(envelope(n), releases(n, ['ru']));
      db.prepare('INSERT INTO side (note) VALUES (?)').run(`message ${n}`);
      if (fail) throw new Error('the audit entry could not be written');
    });
    expect(() => both(1, true)).toThrow(/audit entry/);
    expect(store.get(messageId(1))).toBeUndefined();
    expect(store.streamHead('ru')).toBe(0);
    both(1, false);
    expect(store.get(messageId(1))).toEqual(envelope(1));
    expect(db.prepare('SELECT COUNT(*) AS n FROM side').get()).toEqual({ n: 1 });
    store.close();
    expect(db.open).toBe(true); // an attached store leaves the caller's connection open
    db.close();
  });

  it('check() reports a gap in a stream and a dangling stream entry', () => {
    const store = SqliteMessageStore.open(path);
    for (let n = 1; n <= 3; n++) store.append(envelope(n), releases(n, ['ru']));
    expect(store.check()).toEqual({ ok: true, problems: [] });
    store.db.prepare("DELETE FROM streams WHERE partner = 'ru' AND stream_sequence = 2").run();
    store.db.pragma('foreign_keys = OFF');
    store.db.prepare('DELETE FROM messages WHERE id = ?').run(messageId(3));
    const result = store.check();
    expect(result.ok).toBe(false);
    expect(result.problems.join('\n')).toMatch(/stream ru: head 3 but 2 entries up to 3/);
    expect(result.problems.join('\n')).toMatch(
      /foreign_key_check: a row of streams points to a missing row of messages/,
    );
    store.close();
  });
});
