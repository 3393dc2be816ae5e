import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { InputError } from '../../core/errors.js';
import { checkpointSignerFromText } from '../audit/audit-keys.js';
import { SqliteAuditLog } from '../audit/sqlite-audit-log.js';
import type { PublicKeyRecord } from '../signing/keyring.js';
import type { SigningKey } from '../signing/signing-key.js';
import { openExchangeDatabase, type SqliteDatabase } from '../store/sqlite-database.js';
import { SqliteMessageStore } from '../store/sqlite-message-store.js';
import { generateKeyFile, readSigningKey } from './key-files.js';
import { PartnerRegistry } from './partner-registry.js';

/**
 * The exchange's directory: `exchange.db` (store, audit log, partners), `exchange-key.jwk` (the
 * exchange's private key, mode 0600) and `exchange-public.jwk` (its public JWK with kid, for
 * partners and for `exchange verify-audit --key`). One key signs released copies, receipts and
 * audit checkpoints; the JWS `typ` keeps a checkpoint signature from passing as a message.
 */

export const DATABASE_FILE = 'exchange.db';
export const PRIVATE_KEY_FILE = 'exchange-key.jwk';
export const PUBLIC_KEY_FILE = 'exchange-public.jwk';

/** How long the exchange's key is valid from `init` (it signs copies of messages sent up to a year before). */
export const KEY_BACKDATE_MS = 366 * 86_400_000;
export const KEY_LIFETIME_MS = 10 * 366 * 86_400_000;

/** An opened exchange: one SQLite connection shared by the store, the audit log and the registry. */
export interface OpenExchange {
  readonly dir: string;
  readonly id: string;
  readonly db: SqliteDatabase;
  readonly store: SqliteMessageStore;
  readonly audit: SqliteAuditLog;
  readonly registry: PartnerRegistry;
  readonly signingKey: SigningKey;
  close(): void;
}

/** Create an exchange in `dir` (created if absent); refuses a directory that already holds one. */
export async function initExchange(dir: string, id: string, now: Date): Promise<PublicKeyRecord> {
  mkdirSync(dir, { recursive: true });
  const dbPath = join(dir, DATABASE_FILE);
  if (existsSync(dbPath))
    throw new InputError('--dir', dir, 'a directory without an exchange (exchange.db exists)');
  const db = openExchangeDatabase(dbPath);
  try {
    // The store first: the registry's tables refer to its messages.
    SqliteMessageStore.attach(db);
    const registry = new PartnerRegistry(db);
    registry.setExchangeId(id);
    const { record, file } = await generateKeyFile(join(dir, PRIVATE_KEY_FILE), id, {
      notBefore: new Date(now.getTime() - KEY_BACKDATE_MS).toISOString(),
      notAfter: new Date(now.getTime() + KEY_LIFETIME_MS).toISOString(),
    });
    registry.addKey(record);
    writeFileSync(
      join(dir, PUBLIC_KEY_FILE),
      `${JSON.stringify({ ...record.jwk, kid: file.kid }, null, 2)}\n`,
    );
    SqliteAuditLog.attach(db).append({
      actor: id,
      action: 'exchange.created',
      subject: id,
      details: { kid: file.kid },
    });
    return record;
  } finally {
    db.close();
  }
}

/** Open the exchange in `dir`. */
export async function openExchange(dir: string): Promise<OpenExchange> {
  const dbPath = join(dir, DATABASE_FILE);
  if (!existsSync(dbPath))
    throw new InputError('--dir', dir, 'an exchange directory (create one with shieldlab exchange init)');
  const keyPath = join(dir, PRIVATE_KEY_FILE);
  const { key, file } = await readSigningKey(keyPath);
  const db = openExchangeDatabase(dbPath);
  try {
    const store = SqliteMessageStore.attach(db);
    const registry = new PartnerRegistry(db);
    const id = registry.exchangeId();
    if (id === undefined || id !== key.partner)
      throw new InputError(keyPath, key.partner, `the key of this exchange (${id ?? 'no id set'})`);
    const signer = checkpointSignerFromText(JSON.stringify(file.jwk), file.kid);
    const audit = SqliteAuditLog.attach(db, { signer });
    return {
      dir,
      id,
      db,
      store,
      audit,
      registry,
      signingKey: key,
      close: () => db.close(),
    };
  } catch (e) {
    db.close();
    throw e;
  }
}

/** Open only the registry (partner add, list, revoke), without the exchange's private key. */
export function openRegistry(dir: string): {
  db: SqliteDatabase;
  registry: PartnerRegistry;
  audit: SqliteAuditLog;
  id: string;
} {
  const dbPath = join(dir, DATABASE_FILE);
  if (!existsSync(dbPath))
    throw new InputError('--dir', dir, 'an exchange directory (create one with shieldlab exchange init)');
  const db = openExchangeDatabase(dbPath);
  try {
    SqliteMessageStore.attach(db);
    const registry = new PartnerRegistry(db);
    const id = registry.exchangeId();
    if (id === undefined) throw new InputError('--dir', dir, 'an initialised exchange (no exchange id)');
    return { db, registry, audit: SqliteAuditLog.attach(db), id };
  } catch (e) {
    db.close();
    throw e;
  }
}
