import { type CryptoKey, importJWK } from 'jose';
import { z } from 'zod';
import { InputError } from '../../core/errors.js';
import { type Parsed, parseWith } from '../messages/parse.js';
import { partnerId, utcTime } from '../messages/primitives.js';
import { MESSAGE_JWS_ALG } from './jws-format.js';

/**
 * The public keys a receiver trusts, by key id (`kid`), each bound to one partner and valid for a
 * period. Keys rotate by id: a partner publishes a new key under a new kid before the old one
 * expires; the receiver holds both, so messages signed with the old key inside its validity still
 * verify after the switch, and nothing breaks at the changeover.
 *
 * - Validity is the half-open interval [notBefore, notAfter) and is checked against the message's
 *   `sent` time: a signature made while the key was valid stays valid, which is what an archive and
 *   an audit need. A backdated `sent` cannot revive an expired key for live traffic, because the
 *   replay guard refuses live messages older than its window (messages/replay-guard.ts).
 * - Revocation is for a compromised key: a revoked key verifies nothing, whatever the `sent` time
 *   (a thief chooses `sent`). Retiring a key in the normal course is done by its notAfter.
 *
 * A keyring is an immutable value; adding or revoking returns a new keyring.
 */

const KID_EXPECTATION = 'a key id: 1 to 128 letters, digits, dots, colons, underscores or dashes';
export const keyIdSchema = z
  .string({ error: KID_EXPECTATION })
  .regex(/^[A-Za-z0-9._:-]{1,128}$/, { error: KID_EXPECTATION });

/** An Ed25519 public key as a JWK (RFC 8037); a private member such as `d` is refused. */
export const ed25519PublicJwkSchema = z.strictObject({
  kty: z.literal('OKP', { error: '"OKP" (an Ed25519 key, RFC 8037)' }),
  crv: z.literal('Ed25519', { error: '"Ed25519"' }),
  x: z
    .string({ error: 'the 32-byte public key in base64url (43 characters)' })
    .regex(/^[A-Za-z0-9_-]{43}$/, { error: 'the 32-byte public key in base64url (43 characters)' }),
});
export type Ed25519PublicJwk = z.infer<typeof ed25519PublicJwkSchema>;

/** A trusted public key as written in configuration: who owns it and when it is valid. */
export const publicKeyRecordSchema = z
  .strictObject({
    kid: keyIdSchema,
    partner: partnerId,
    jwk: ed25519PublicJwkSchema,
    /** Start of validity (UTC, inclusive). */
    notBefore: utcTime,
    /** End of validity (UTC, exclusive). */
    notAfter: utcTime,
    /** When the key was revoked (UTC); a revoked key verifies nothing. */
    revoked: utcTime.optional(),
  })
  .superRefine((r, ctx) => {
    if (!(Date.parse(r.notAfter) > Date.parse(r.notBefore)))
      ctx.addIssue({ code: 'custom', path: ['notAfter'], message: 'a time after notBefore' });
  });
export type PublicKeyRecord = z.infer<typeof publicKeyRecordSchema>;

/** A trusted key ready for verification. */
export interface KeyringEntry {
  readonly record: PublicKeyRecord;
  readonly key: CryptoKey;
  /** Validity as ms since 1970 UTC: [notBefore, notAfter). */
  readonly notBefore: number;
  readonly notAfter: number;
}

export interface Keyring {
  readonly byKid: ReadonlyMap<string, KeyringEntry>;
}

export const EMPTY_KEYRING: Keyring = Object.freeze({ byKid: new Map() });

/** Check configuration data for one key; errors name the field path, the value and the expectation. */
export function parsePublicKeyRecord(data: unknown, source = 'key'): Parsed<PublicKeyRecord> {
  return parseWith(publicKeyRecordSchema, data, source);
}

async function entryFor(record: PublicKeyRecord): Promise<KeyringEntry> {
  const key = (await importJWK({ ...record.jwk }, MESSAGE_JWS_ALG)) as CryptoKey;
  return Object.freeze({
    record,
    key,
    notBefore: Date.parse(record.notBefore),
    notAfter: Date.parse(record.notAfter),
  });
}

/**
 * A keyring with these keys added. A kid already present is an error (a kid names one key
 * forever, or a signature could be checked against the wrong key).
 * @throws InputError naming the duplicate kid.
 */
export async function addKeys(keyring: Keyring, records: readonly PublicKeyRecord[]): Promise<Keyring> {
  const byKid = new Map(keyring.byKid);
  for (const [i, record] of records.entries()) {
    if (byKid.has(record.kid))
      throw new InputError(`keys[${i}].kid`, record.kid, 'a key id not already in the keyring');
    byKid.set(record.kid, await entryFor(record));
  }
  return Object.freeze({ byKid });
}

/** A keyring holding exactly these keys. */
export function createKeyring(records: readonly PublicKeyRecord[]): Promise<Keyring> {
  return addKeys(EMPTY_KEYRING, records);
}

/**
 * The keyring with one key revoked at `at` (UTC); revoking a revoked key keeps the first time.
 * @throws InputError for an unknown kid.
 */
export function revokeKey(keyring: Keyring, kid: string, at: string): Keyring {
  const entry = keyring.byKid.get(kid);
  if (!entry) throw new InputError('kid', kid, 'a key id in the keyring');
  if (entry.record.revoked !== undefined) return keyring;
  const byKid = new Map(keyring.byKid);
  byKid.set(kid, Object.freeze({ ...entry, record: Object.freeze({ ...entry.record, revoked: at }) }));
  return Object.freeze({ byKid });
}

/** The keyring's keys as configuration records, in kid order (to write back to a file). */
export function keyringRecords(keyring: Keyring): PublicKeyRecord[] {
  return [...keyring.byKid.values()].map((e) => e.record).sort((a, b) => (a.kid < b.kid ? -1 : 1));
}
