import { createHash } from 'node:crypto';
import pg from 'pg';
import { StoreError } from './store-error.js';

/**
 * Schema migrations on open, as sqlite-migrations.ts: each component sharing the schema (message
 * store, later the audit log and the server's tables) keeps its own version in schema_versions.
 * `steps[i]` takes the component from version i to i + 1; steps are only ever appended. Steps name
 * tables unqualified: they run with the search path set to the schema.
 *
 * Several server instances may start at once on a new database. They take a transaction-scoped
 * advisory lock per schema first, so one migrates while the others wait and then find the work
 * done (CREATE ... IF NOT EXISTS alone is not safe: two racing creations fail on a unique violation
 * in the catalog). DDL is transactional in PostgreSQL, so a failed step leaves the version as it was.
 */
export async function migrate(
  pool: pg.Pool,
  schema: string,
  component: string,
  steps: readonly string[],
): Promise<void> {
  const client = await pool.connect();
  let broken = false;
  const dropped = () => {
    broken = true; // see inTransaction: the next query fails
  };
  client.on('error', dropped);
  try {
    await client.query('BEGIN');
    await client.query('SELECT pg_advisory_xact_lock($1::bigint)', [migrationLockKey(schema)]);
    const exists = await client.query('SELECT 1 FROM pg_namespace WHERE nspname = $1', [schema]);
    // Only when missing: CREATE SCHEMA IF NOT EXISTS needs CREATE on the database even when it exists.
    if (exists.rowCount === 0) await client.query(`CREATE SCHEMA ${pg.escapeIdentifier(schema)}`);
    await client.query(`SET LOCAL search_path TO ${pg.escapeIdentifier(schema)}`);
    await client.query(
      'CREATE TABLE IF NOT EXISTS schema_versions (component text PRIMARY KEY, version integer NOT NULL)',
    );
    const row = await client.query<{ version: number }>(
      'SELECT version FROM schema_versions WHERE component = $1',
      [component],
    );
    const current = row.rows[0]?.version ?? 0;
    if (current > steps.length) {
      throw new StoreError(
        'schema-too-new',
        `${component}: schema ${schema} is at version ${current}, this shieldlab knows up to ${steps.length}`,
      );
    }
    for (let version = current; version < steps.length; version++) await client.query(steps[version]!);
    if (current < steps.length) {
      await client.query(
        `INSERT INTO schema_versions (component, version) VALUES ($1, $2)
         ON CONFLICT (component) DO UPDATE SET version = excluded.version`,
        [component, steps.length],
      );
    }
    await client.query('COMMIT');
  } catch (e) {
    await client.query('ROLLBACK').catch(() => {});
    throw e;
  } finally {
    client.removeListener('error', dropped);
    client.release(broken);
  }
}

/** The component's schema version; 0 when it has never been migrated (or the schema does not exist). */
export async function schemaVersion(
  db: pg.Pool | pg.ClientBase,
  schema: string,
  component: string,
): Promise<number> {
  const table = await db.query('SELECT to_regclass($1) IS NOT NULL AS present', [
    `${pg.escapeIdentifier(schema)}.schema_versions`,
  ]);
  if (!table.rows[0]?.present) return 0;
  const row = await db.query<{ version: number }>(
    `SELECT version FROM ${pg.escapeIdentifier(schema)}.schema_versions WHERE component = $1`,
    [component],
  );
  return row.rows[0]?.version ?? 0;
}

/**
 * The advisory lock key of a schema's migrations: 64 bits of a hash of its name, so instances
 * migrating different schemas of one database do not wait for each other.
 */
function migrationLockKey(schema: string): string {
  return createHash('sha256').update(`shieldlab-migrations:${schema}`).digest().readBigInt64BE(0).toString();
}
