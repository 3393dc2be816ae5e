import { StoreError } from './store-error.js';
import type { ReceivedEnvelope, Release } from './stored-message.js';

/**
 * Checks of what the store is given, made before anything is written. The message schemas validate
 * messages fully; these guard the store's own keys, so that one message cannot be stored under two
 * spellings of its id or time.
 */

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** Longest sender, partner or type name accepted. */
const MAX_NAME_LENGTH = 256;

/** Largest limit a read accepts, so one request cannot pull a whole stream into memory. */
export const MAX_READ_LIMIT = 10_000;

function invalid(what: string, value: unknown, expected: string): StoreError {
  return new StoreError('invalid-argument', `${what}: got ${JSON.stringify(value)}, expected ${expected}`);
}

/**
 * Text the store keeps verbatim: no NUL character, which PostgreSQL text cannot hold, so that both
 * stores accept the same input.
 */
function isStorableText(value: string): boolean {
  return !value.includes('\0');
}

export function checkName(what: string, value: unknown): string {
  if (
    typeof value !== 'string' ||
    value.length === 0 ||
    value.length > MAX_NAME_LENGTH ||
    !isStorableText(value)
  ) {
    throw invalid(what, value, `a non-empty string of at most ${MAX_NAME_LENGTH} characters, without NUL`);
  }
  return value;
}

export function checkMessageId(value: unknown): string {
  if (typeof value !== 'string' || !UUID.test(value)) throw invalid('id', value, 'a lowercase UUID');
  return value;
}

/** A count or sequence number: a safe integer >= min. */
export function checkInteger(what: string, value: unknown, min: number): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < min) {
    throw invalid(what, value, `an integer >= ${min}`);
  }
  return value;
}

/** A time as Date.toISOString writes it (UTC, milliseconds): the only form, so text order is time order. */
export function checkTime(what: string, value: unknown): string {
  const canonical =
    typeof value === 'string' && /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/.test(value)
      ? new Date(value).toISOString()
      : undefined;
  if (canonical !== value)
    throw invalid(what, value, 'an ISO 8601 UTC time such as 2007-06-07T12:00:00.000Z');
  return value as string;
}

export function checkLimit(value: unknown): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 1 || value > MAX_READ_LIMIT) {
    throw invalid('limit', value, `an integer in [1, ${MAX_READ_LIMIT}]`);
  }
  return value;
}

export function checkEnvelope(envelope: ReceivedEnvelope): void {
  checkMessageId(envelope.id);
  checkName('sender', envelope.sender);
  checkInteger('sequence', envelope.sequence, 0);
  checkName('type', envelope.type);
  if (typeof envelope.jws !== 'string' || envelope.jws.length === 0 || !isStorableText(envelope.jws)) {
    throw invalid('jws', envelope.jws, 'a non-empty JWS');
  }
  checkTime('receivedAt', envelope.receivedAt);
}

/** Releases: one per partner at most, each with a non-empty JWS. */
export function checkReleases(releases: readonly Release[]): void {
  if (!Array.isArray(releases)) throw invalid('releases', releases, 'an array of { partner, jws }');
  const seen = new Set<string>();
  for (const release of releases) {
    const partner = checkName('releases[].partner', release?.partner);
    if (seen.has(partner)) throw invalid('releases[].partner', partner, 'each partner at most once');
    seen.add(partner);
    if (typeof release.jws !== 'string' || release.jws.length === 0 || !isStorableText(release.jws)) {
      throw invalid(`releases[${partner}].jws`, release.jws, 'a non-empty JWS');
    }
  }
}
