import { compactVerify, decodeProtectedHeader, errors } from 'jose';
import type { InputError } from '../../core/errors.js';
import { canonicalJson } from '../messages/canonical.js';
import { type AnyMessage, isReleased } from '../messages/message.js';
import { parseAnyMessage } from '../messages/parse.js';
import {
  DEFAULT_MAX_JWS_LENGTH,
  MESSAGE_JWS_ALG,
  MESSAGE_JWS_HEADER_MEMBERS,
  MESSAGE_JWS_TYPE,
} from './jws-format.js';
import type { Keyring, KeyringEntry } from './keyring.js';

/**
 * Verify a signed message and say exactly why when it fails. Checks, in order:
 * 1. form: a compact JWS within the size limit, whose protected header holds only alg "Ed25519",
 *    typ "shieldlab-message+jws" and a kid (no embedded keys, no `crit`, no unencoded payload);
 * 2. key: the kid is in the keyring and not revoked;
 * 3. signature over the protected header and payload;
 * 4. payload: UTF-8 JSON that is already in canonical form (one signed spelling per message) and a
 *    valid message (published, or released with `release`);
 * 5. validity: the message's `sent` time lies in the key's [notBefore, notAfter);
 * 6. signer: the key belongs to the envelope's sender, so no partner can sign as another. A
 *    released copy may instead be signed by a relay named in the options (the exchange service,
 *    which coarsens and re-signs what each partner receives); a published message never may.
 *
 * Pure apart from WebCrypto; verification time is not an input, since validity is judged at `sent`
 * (see keyring.ts) and freshness is the replay guard's business.
 */

export type VerifyFailureCode =
  | 'malformed'
  | 'unsupported'
  | 'unknown-key'
  | 'revoked-key'
  | 'bad-signature'
  | 'not-canonical'
  | 'invalid-message'
  | 'key-not-yet-valid'
  | 'expired-key'
  | 'wrong-signer';

export type VerifyResult =
  | {
      readonly ok: true;
      readonly message: AnyMessage;
      readonly kid: string;
      /** The partner whose key signed: the sender, or a relay for a released copy. */
      readonly signer: string;
    }
  | {
      readonly ok: false;
      readonly code: VerifyFailureCode;
      readonly reason: string;
      /** For `invalid-message`: each problem with its field path, value and expectation. */
      readonly errors?: readonly InputError[];
    };

export interface VerifyOptions {
  /** Partners whose keys may sign released copies of other senders' messages (the exchange itself). */
  readonly relays?: readonly string[];
  /** Longest JWS accepted (characters); default 1 MiB. */
  readonly maxLength?: number;
}

const COMPACT = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;

function fail(code: VerifyFailureCode, reason: string, errors?: readonly InputError[]): VerifyResult {
  return errors ? { ok: false, code, reason, errors } : { ok: false, code, reason };
}

export async function verifyMessage(
  jws: string,
  keyring: Keyring,
  options: VerifyOptions = {},
): Promise<VerifyResult> {
  const maxLength = options.maxLength ?? DEFAULT_MAX_JWS_LENGTH;
  if (typeof jws !== 'string') return fail('malformed', 'the signed message is not a string');
  if (jws.length > maxLength)
    return fail(
      'malformed',
      `the signed message has ${jws.length} characters; at most ${maxLength} are accepted`,
    );
  if (!COMPACT.test(jws))
    return fail('malformed', 'not a JWS in compact serialization (three base64url parts separated by dots)');

  let header: Record<string, unknown>;
  try {
    header = decodeProtectedHeader(jws) as Record<string, unknown>;
  } catch {
    return fail('malformed', 'the protected header is not base64url-encoded JSON');
  }
  const extra = Object.keys(header).filter((k) => !MESSAGE_JWS_HEADER_MEMBERS.includes(k));
  if (extra.length > 0)
    return fail(
      'unsupported',
      `the protected header has members other than alg, kid and typ: ${extra.join(', ')}`,
    );
  if (header['alg'] !== MESSAGE_JWS_ALG)
    return fail('unsupported', `alg ${JSON.stringify(header['alg'])}; only "${MESSAGE_JWS_ALG}" is accepted`);
  if (header['typ'] !== MESSAGE_JWS_TYPE)
    return fail(
      'unsupported',
      `typ ${JSON.stringify(header['typ'])}; a message signature has "${MESSAGE_JWS_TYPE}"`,
    );
  const kid = header['kid'];
  if (typeof kid !== 'string') return fail('malformed', 'the protected header has no kid');

  const entry = keyring.byKid.get(kid);
  if (!entry) return fail('unknown-key', `key ${JSON.stringify(kid)} is not in the keyring`);
  if (entry.record.revoked !== undefined)
    return fail(
      'revoked-key',
      `key ${kid} of "${entry.record.partner}" was revoked at ${entry.record.revoked}`,
    );

  let payload: Uint8Array;
  try {
    ({ payload } = await compactVerify(jws, entry.key, { algorithms: [MESSAGE_JWS_ALG] }));
  } catch (e) {
    if (e instanceof errors.JWSSignatureVerificationFailed)
      return fail(
        'bad-signature',
        `the signature does not verify with key ${kid} of "${entry.record.partner}"`,
      );
    return fail('malformed', `not a verifiable JWS: ${e instanceof Error ? e.message : String(e)}`);
  }

  let text: string;
  let data: unknown;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(payload);
    data = JSON.parse(text);
  } catch {
    return fail('malformed', 'the payload is not UTF-8 JSON');
  }
  let canonical: string;
  try {
    canonical = canonicalJson(data);
  } catch (e) {
    return fail(
      'not-canonical',
      `the payload has no canonical form: ${e instanceof Error ? e.message : String(e)}`,
    );
  }
  if (canonical !== text)
    return fail('not-canonical', 'the payload is not in RFC 8785 canonical form; sign the canonical form');

  const parsed = parseAnyMessage(data);
  if (!parsed.ok)
    return fail('invalid-message', parsed.errors.map((e) => e.message).join('; '), parsed.errors);
  const message = parsed.value;

  const validity = checkValidity(entry, message);
  if (validity) return validity;

  const owner = entry.record.partner;
  const relay = isReleased(message) && (options.relays ?? []).includes(owner);
  if (owner !== message.sender && !relay) {
    const why = isReleased(message)
      ? `neither the sender "${message.sender}" nor a relay`
      : `not the sender "${message.sender}"`;
    return fail('wrong-signer', `key ${kid} belongs to "${owner}", ${why}`);
  }
  return { ok: true, message, kid, signer: owner };
}

function checkValidity(entry: KeyringEntry, message: AnyMessage): VerifyResult | undefined {
  const sent = Date.parse(message.sent);
  const { kid, notBefore, notAfter } = entry.record;
  if (sent < entry.notBefore)
    return fail(
      'key-not-yet-valid',
      `sent ${message.sent} is before key ${kid} becomes valid at ${notBefore}`,
    );
  if (sent >= entry.notAfter)
    return fail('expired-key', `sent ${message.sent} is after key ${kid} expired at ${notAfter}`);
  return undefined;
}
