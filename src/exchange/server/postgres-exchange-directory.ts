import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { InputError } from '../../core/errors.js';
import { checkpointSignerFromText } from '../audit/audit-keys.js';
import { PostgresAuditLog } from '../audit/postgres-audit-log.js';
import type { PublicKeyRecord } from '../signing/keyring.js';
import { PostgresMessageStore } from '../store/postgres-message-store.js';
import { schemaVersion } from '../store/postgres-migrations.js';
import { StoreError } from '../store/store-error.js';
import { KEY_BACKDATE_MS, KEY_LIFETIME_MS, PRIVATE_KEY_FILE, PUBLIC_KEY_FILE } from './exchange-directory.js';
import { generateKeyFile, readSigningKey } from './key-files.js';
import { checkExchangeId, EXCHANGE_SERVER_COMPONENT } from './partner-registry.js';
import { PostgresExchangeState, type PostgresStateOptions } from './postgres-exchange-state.js';
import { PostgresRegistry } from './postgres-registry.js';
import type { RegistryAdmin } from './registry-admin.js';

/**
 * An exchange on PostgreSQL, for several server instances: the database holds everything but the
 * exchange's key (messages, streams, audit log, partners, keys, receipts), and each instance's
 * `--dir` holds `exchange-key.jwk` (mode 0600) and `exchange-public.jwk`, copied from the directory
 * `exchange init --database` wrote them to.
 */

/** Where the tables are: a schema of the database (default public). */
export interface PostgresExchangeOptions {
  readonly schema?: string;
}

/** A connection string with its password hidden, for messages. */
export function describeDatabase(database: string): string {
  try {
    const url = new URL(database);
    if (url.password !== '') url.password = '***';
    return url.toString();
  } catch {
    return database.replace(/:[^:@/]*@/, ':***@');
  }
}

/** Whether a --database value names PostgreSQL (postgres:// or postgresql://). */
export function isPostgresUrl(value: string): boolean {
  return /^postgres(ql)?:\/\//i.test(value);
}

/** The tables, migrated in order (the server's refer to the store's messages), on one pool. */
async function openTables(
  database: string,
  schema: string,
  signer?: ReturnType<typeof checkpointSignerFromText>,
) {
  const store = await PostgresMessageStore.open(database, { schema });
  try {
    const audit = await PostgresAuditLog.attach(store.pool, schema, signer ? { signer } : {});
    const registry = await PostgresRegistry.attach(store.pool, schema, audit);
    return { store, audit, registry };
  } catch (e) {
    await store.close();
    throw e;
  }
}

/**
 * Refuse what is not a reachable PostgreSQL database holding an exchange (`initialised`) or, for
 * init, one that may receive one; errors name the database without its password.
 */
async function checkDatabase(database: string, schema: string, initialised: boolean): Promise<void> {
  if (!isPostgresUrl(database))
    throw new InputError('--database', database, 'a PostgreSQL URL: postgres://user@host:port/database');
  const client = new pg.Client({ connectionString: database });
  client.on('error', () => {});
  try {
    await client.connect();
    const version = await schemaVersion(client, schema, EXCHANGE_SERVER_COMPONENT);
    if (initialised && version === 0)
      throw new InputError(
        '--database',
        describeDatabase(database),
        'a database holding an exchange (create one with shieldlab exchange init --database)',
      );
  } catch (e) {
    throw databaseError(e, database);
  } finally {
    await client.end().catch(() => {});
  }
}

/** An error of the database as one line naming it (the password hidden). */
function databaseError(e: unknown, database: string): unknown {
  if (e instanceof InputError) return e;
  if (e instanceof StoreError)
    return new InputError(
      '--database',
      describeDatabase(database),
      `a usable exchange database (${e.message})`,
    );
  const message = e instanceof Error ? e.message : String(e);
  return new InputError(
    '--database',
    describeDatabase(database),
    `a reachable PostgreSQL database (${message})`,
  );
}

/**
 * Create an exchange in the database, its key files in `dir` (created if absent). Refuses a
 * database that holds an exchange and a directory that holds a key.
 */
export async function initPostgresExchange(
  database: string,
  dir: string,
  id: string,
  now: Date,
  options: PostgresExchangeOptions = {},
): Promise<PublicKeyRecord> {
  const schema = options.schema ?? 'public';
  checkExchangeId(id);
  await checkDatabase(database, schema, false);
  const keyPath = join(dir, PRIVATE_KEY_FILE);
  if (existsSync(keyPath))
    throw new InputError('--dir', dir, `a directory without an exchange key (${PRIVATE_KEY_FILE} exists)`);
  let tables: Awaited<ReturnType<typeof openTables>>;
  try {
    tables = await openTables(database, schema);
  } catch (e) {
    throw databaseError(e, database);
  }
  try {
    const known = await tables.registry.exchangeId();
    if (known !== undefined)
      throw new InputError(
        '--database',
        describeDatabase(database),
        `a database without an exchange (it holds exchange ${known})`,
      );
    mkdirSync(dir, { recursive: true });
    const { record, file } = await generateKeyFile(keyPath, id, {
      notBefore: new Date(now.getTime() - KEY_BACKDATE_MS).toISOString(),
      notAfter: new Date(now.getTime() + KEY_LIFETIME_MS).toISOString(),
    });
    const publicPath = join(dir, PUBLIC_KEY_FILE);
    writeFileSync(publicPath, `${JSON.stringify({ ...record.jwk, kid: file.kid }, null, 2)}\n`);
    try {
      await tables.registry.initialize(
        id,
        record,
        { actor: id, action: 'exchange.created', subject: id, details: { kid: file.kid } },
        describeDatabase(database),
      );
    } catch (e) {
      // The database is another exchange's after all (created meanwhile): its key is not this one.
      rmSync(keyPath, { force: true });
      rmSync(publicPath, { force: true });
      throw e;
    }
    return record;
  } finally {
    await tables.store.close();
  }
}

/**
 * Open the exchange in the database with the key in `dir`, for one server instance: the state
 * listens on the exchange's channel before it is returned.
 */
export async function openPostgresExchange(
  database: string,
  dir: string,
  options: PostgresExchangeOptions & PostgresStateOptions = {},
): Promise<PostgresExchangeState> {
  const schema = options.schema ?? 'public';
  const keyPath = join(dir, PRIVATE_KEY_FILE);
  if (!existsSync(keyPath))
    throw new InputError(
      '--dir',
      dir,
      `a directory holding the exchange's key (${PRIVATE_KEY_FILE}, written by shieldlab exchange init --database)`,
    );
  const { key, file } = await readSigningKey(keyPath);
  await checkDatabase(database, schema, true);
  const signer = checkpointSignerFromText(JSON.stringify(file.jwk), file.kid);
  let tables: Awaited<ReturnType<typeof openTables>>;
  try {
    tables = await openTables(database, schema, signer);
  } catch (e) {
    throw databaseError(e, database);
  }
  try {
    const id = await tables.registry.exchangeId();
    if (id === undefined || id !== key.partner)
      throw new InputError(keyPath, key.partner, `the key of this exchange (${id ?? 'no id set'})`);
    return await PostgresExchangeState.open(
      { id, signingKey: key, ...tables, connection: database },
      { directoryCacheMs: options.directoryCacheMs, onListenError: options.onListenError },
    );
  } catch (e) {
    await tables.store.close();
    throw e;
  }
}

/** Open only the registry (partner add, list, revoke, add-key), without the exchange's key. */
export async function openPostgresRegistry(
  database: string,
  options: PostgresExchangeOptions = {},
): Promise<RegistryAdmin> {
  const schema = options.schema ?? 'public';
  await checkDatabase(database, schema, true);
  let tables: Awaited<ReturnType<typeof openTables>>;
  try {
    tables = await openTables(database, schema);
  } catch (e) {
    throw databaseError(e, database);
  }
  const { registry, store } = tables;
  try {
    const id = await registry.exchangeId();
    if (id === undefined)
      throw new InputError(
        '--database',
        describeDatabase(database),
        'an initialised exchange (no exchange id)',
      );
    return {
      id,
      get: (partner) => registry.get(partner),
      list: () => registry.list(),
      keysOf: (partner) => registry.keysOf(partner),
      authenticate: (token) => registry.authenticate(token),
      add: (input, audit) => registry.add(input, audit),
      revoke: (partner, now, audit) => registry.revoke(partner, now, audit),
      addKey: (record, audit, revoke) => registry.addKey(record, audit, revoke),
      close: () => store.close(),
    };
  } catch (e) {
    await store.close();
    throw e;
  }
}
