import pg from 'pg';
import { StoreError } from './store-error.js';

/** Where the PostgreSQL store connects: a connection string or a node-postgres pool configuration. */
export type PostgresConnection = string | pg.PoolConfig;

/**
 * Open a connection pool to the exchange's PostgreSQL database, refusing a server that would
 * acknowledge a commit before it is on disk. A commit returns once its WAL record is flushed when
 * fsync is on and synchronous_commit is not off (the server default is on: local flush, and with
 * synchronous standbys configured also theirs). The service sends a receipt only after append
 * returns, so a receipt must mean "on disk", as synchronous=FULL gives on SQLite.
 */
export async function openExchangePool(connection: PostgresConnection): Promise<pg.Pool> {
  const config = typeof connection === 'string' ? { connectionString: connection } : connection;
  const pool = new pg.Pool({ application_name: 'shieldlab-exchange', ...config });
  // A pooled idle connection the server closes (restart, failover) is dropped and replaced at the
  // next query; without a listener its 'error' event would end the process.
  pool.on('error', () => {});
  try {
    const problems = await durabilityProblems(pool);
    if (problems.length > 0) throw new StoreError('unsupported-database', problems.join('; '));
    return pool;
  } catch (e) {
    await pool.end();
    throw e;
  }
}

/** What keeps this connection's commits from being durable when they return; empty when nothing does. */
export async function durabilityProblems(db: pg.Pool | pg.ClientBase): Promise<string[]> {
  const { rows } = await db.query<{ fsync: string; synchronous_commit: string }>(
    "SELECT current_setting('fsync') AS fsync, current_setting('synchronous_commit') AS synchronous_commit",
  );
  const settings = rows[0]!;
  const problems: string[] = [];
  if (settings.fsync !== 'on') problems.push(`fsync is ${settings.fsync}, on is required`);
  if (settings.synchronous_commit === 'off') {
    problems.push('synchronous_commit is off: a commit could return before it is on disk');
  }
  return problems;
}
