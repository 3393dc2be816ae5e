import { Redis } from 'ioredis';
import { InputError, Unavailable } from '../core/errors.js';

/**
 * The Redis server a distributed run and its workers meet on (`--queue redis://HOST:PORT`), and
 * the name of the BullMQ queue the chunks go through.
 */
export const CHUNK_QUEUE = 'shieldlab-chunks';

/** The URL, checked: redis:// or rediss:// with a host. */
export function redisUrl(flag: string, value: string): URL {
  let url: URL | undefined;
  try {
    url = new URL(value);
  } catch {
    url = undefined;
  }
  if (!url || !['redis:', 'rediss:'].includes(url.protocol) || !url.hostname)
    throw new InputError(flag, value, 'a Redis URL such as redis://127.0.0.1:6379');
  return url;
}

/**
 * A connection for BullMQ. Workers block on Redis for new jobs, so ioredis must not give up on a
 * command (maxRetriesPerRequest null, as BullMQ requires).
 */
export function redisConnection(url: URL): Redis {
  return new Redis(url.href, { maxRetriesPerRequest: null });
}

/**
 * Fail at once, with one line, when the server cannot be reached: ioredis would otherwise retry
 * forever and a run would wait in silence.
 */
export async function checkRedis(flag: string, url: URL): Promise<void> {
  const probe = new Redis(url.href, {
    lazyConnect: true,
    connectTimeout: 5000,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
  });
  // The socket's error (ECONNREFUSED, ENOTFOUND) says more than the rejection ("Connection is closed").
  let cause: { code?: string; message: string } | undefined;
  probe.on('error', (e: Error & { code?: string }) => {
    cause ??= e;
  });
  try {
    await probe.connect();
    await probe.ping();
  } catch (e) {
    const first = cause ?? (e as Error & { code?: string });
    const reason = first.code ?? first.message;
    throw new Unavailable(`${flag} ${url.href}: cannot reach the Redis server (${reason})`);
  } finally {
    probe.disconnect();
  }
}
