import type pg from 'pg';

/** SQLSTATEs of a transaction the server aborted only because of another one: retrying is safe. */
const RETRYABLE = new Set([
  '40P01', // deadlock_detected
  '40001', // serialization_failure
]);

/** Attempts of a transaction the server aborted for a retryable reason. */
const ATTEMPTS = 3;

/**
 * Run `work` in one READ COMMITTED transaction on a pooled connection. It commits when `work`
 * returns and `keep` accepts the result, and rolls back otherwise (nothing to write, or an error).
 * A transaction the server aborted to break a deadlock is run again from the start: the store's
 * lock order makes deadlocks impossible except between forged duplicates (see the README).
 */
export async function inTransaction<T>(
  pool: pg.Pool,
  work: (client: pg.PoolClient) => Promise<T>,
  keep: (result: T) => boolean = () => true,
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    const client = await pool.connect();
    let broken = false;
    // The connection dropping between two statements is an 'error' event on the checked-out client
    // (the pool listens only to idle ones); unheard, it would end the process. The next query fails.
    const dropped = () => {
      broken = true;
    };
    client.on('error', dropped);
    try {
      await client.query('BEGIN');
      const result = await work(client);
      await client.query(keep(result) ? 'COMMIT' : 'ROLLBACK');
      return result;
    } catch (e) {
      try {
        await client.query('ROLLBACK');
      } catch {
        broken = true; // the connection is gone: do not hand it out again
      }
      if (attempt < ATTEMPTS && RETRYABLE.has((e as { code?: unknown }).code as string)) continue;
      throw e;
    } finally {
      client.removeListener('error', dropped);
      client.release(broken);
    }
  }
}
