import { Redis } from 'ioredis';
import { InputError, Unavailable } from '../core/errors.js';

/**
 * The Redis server a distributed run and its workers meet on (`--queue redis://HOST:PORT[/DB]`):
 * the URL's check, how it is shown, and connections.
 */

/** The URL, checked: redis:// or rediss:// with a host, and no path but a database number. */
export function redisUrl(flag: string, value: string): URL {
  let url: URL | undefined;
  try {
    url = new URL(value);
  } catch {
    url = undefined;
  }
  if (!url || !['redis:', 'rediss:'].includes(url.protocol) || !url.hostname || url.search || url.hash)
    throw new InputError(flag, value, 'a Redis URL such as redis://127.0.0.1:6379');
  if (!/^\/?(\d{1,5})?$/.test(url.pathname))
    throw new InputError(
      flag,
      value,
      `a Redis URL whose path is a database number (such as redis://${url.host}/0), not ${url.pathname}`,
    );
  return url;
}

/** The URL as messages show it: without its password. */
export function shownUrl(url: URL): string {
  if (!url.password) return url.href;
  const copy = new URL(url.href);
  copy.password = '***';
  return copy.href;
}

function databaseOf(url: URL): number {
  const n = url.pathname.replace('/', '');
  return n === '' ? 0 : Number(n);
}

/**
 * A connection for BullMQ. Workers block on Redis for new jobs, so ioredis must not give up on a
 * command (maxRetriesPerRequest null, as BullMQ requires). `onError` hears its socket errors,
 * which ioredis would otherwise print with their stacks.
 */
export function redisConnection(url: URL, onError: (e: Error & { code?: string }) => void): Redis {
  const redis = new Redis(url.href, { maxRetriesPerRequest: null });
  redis.on('error', onError);
  return redis;
}

/**
 * Fail at once, with one line, when the server cannot be reached or has no such database:
 * ioredis would otherwise retry forever and a run would wait in silence.
 */
export async function checkRedis(flag: string, url: URL): Promise<void> {
  const bare = new URL(url.href);
  bare.pathname = '';
  const probe = new Redis(bare.href, {
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
    probe.disconnect();
    throw new Unavailable(
      `${flag} ${shownUrl(url)}: cannot reach the Redis server (${first.code ?? first.message})`,
    );
  }
  try {
    await probe.select(databaseOf(url));
  } catch (e) {
    throw new Unavailable(
      `${flag} ${shownUrl(url)}: the Redis server refuses this database (${(e as Error).message})`,
    );
  } finally {
    probe.disconnect();
  }
}
