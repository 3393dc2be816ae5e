import Database from 'better-sqlite3';
import { StoreError } from './store-error.js';

/** A better-sqlite3 connection; the message store and the audit log may share one. */
export type SqliteDatabase = Database.Database;

/**
 * Open (creating if needed) the exchange's SQLite file for writing, with the settings durability
 * rests on:
 * - journal_mode=WAL: readers (subscribers resuming) never block the writer, and a commit is one
 *   sequential append to the log instead of rewriting pages in place;
 * - synchronous=FULL: every commit is flushed (fsync) to the log before it returns. The service
 *   sends a receipt only after append returns, so a receipt must mean "on disk"; with NORMAL, WAL
 *   commits survive a process crash but the last ones can be lost in a power cut or kernel panic;
 * - foreign_keys=ON: a stream entry cannot point to a message that is not there;
 * - busy timeout: a second process (a CLI reading the file) waits instead of failing at once.
 */
export function openExchangeDatabase(path: string): SqliteDatabase {
  const db = new Database(path, { timeout: 5000 });
  try {
    const mode = db.pragma('journal_mode = WAL', { simple: true });
    if (mode !== 'wal') {
      throw new StoreError('unsupported-database', `${path}: journal mode ${String(mode)}, WAL is required`);
    }
    db.pragma('synchronous = FULL');
    db.pragma('foreign_keys = ON');
    return db;
  } catch (e) {
    db.close();
    throw e;
  }
}

/**
 * Open an existing exchange file only to read it (verify-audit): nothing is created, migrated or
 * written, so inspecting evidence cannot alter it.
 */
export function openExchangeDatabaseReadOnly(path: string): SqliteDatabase {
  return new Database(path, { readonly: true, fileMustExist: true, timeout: 5000 });
}

/** Whether the file starts with the SQLite header, so a command can tell a database from text. */
export function isSqliteHeader(firstBytes: Uint8Array): boolean {
  const header = 'SQLite format 3\0';
  if (firstBytes.length < header.length) return false;
  for (let i = 0; i < header.length; i++) if (firstBytes[i] !== header.charCodeAt(i)) return false;
  return true;
}
