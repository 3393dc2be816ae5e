import {
  type CryptoKey,
  calculateJwkThumbprint,
  exportJWK,
  generateKeyPair,
  importJWK,
  type JWK,
} from 'jose';
import { InputError } from '../../core/errors.js';
import { MESSAGE_JWS_ALG } from './jws-format.js';
import { ed25519PublicJwkSchema, type PublicKeyRecord, parsePublicKeyRecord } from './keyring.js';

/**
 * A partner's private signing key and the public record its partners put in their keyrings.
 * Keys are WebCrypto Ed25519 keys through jose, so the same code signs in Node and in a browser.
 * The default key id is the key's RFC 7638 JWK thumbprint: unique without coordination, and a
 * receiver can recompute it from the public key.
 */

export interface SigningKey {
  readonly kid: string;
  /** The partner this key signs for; a message from another sender cannot be signed with it. */
  readonly partner: string;
  readonly privateKey: CryptoKey;
}

export interface GeneratedSigningKey {
  readonly signingKey: SigningKey;
  /** What the partners add to their keyrings. */
  readonly publicRecord: PublicKeyRecord;
}

/**
 * A new Ed25519 key pair for a partner, valid over [notBefore, notAfter).
 * @param options.extractable - Whether the private key can be exported (to save it to a file);
 *   false by default, so a key that is never saved can never leak through this API.
 * @throws InputError for a bad partner id, validity or kid.
 */
export async function generateSigningKey(
  partner: string,
  validity: { readonly notBefore: string; readonly notAfter: string },
  options: { readonly kid?: string; readonly extractable?: boolean } = {},
): Promise<GeneratedSigningKey> {
  const { publicKey, privateKey } = await generateKeyPair(MESSAGE_JWS_ALG, {
    extractable: options.extractable ?? false,
  });
  const jwk = await exportJWK(publicKey);
  const publicJwk = ed25519PublicJwkSchema.parse({ kty: jwk.kty, crv: jwk.crv, x: jwk.x });
  const kid = options.kid ?? (await calculateJwkThumbprint(publicJwk));
  const record = checkedRecord({ kid, partner, jwk: publicJwk, ...validity });
  return { signingKey: Object.freeze({ kid, partner, privateKey }), publicRecord: record };
}

/** A signing key from a private JWK (with `d`), as read from a partner's key file. */
export async function signingKeyFromJwk(privateJwk: JWK, partner: string, kid: string): Promise<SigningKey> {
  if (privateJwk.kty !== 'OKP' || privateJwk.crv !== 'Ed25519' || typeof privateJwk.d !== 'string')
    throw new InputError(
      'jwk',
      privateJwk.kty,
      'an Ed25519 private key as a JWK (kty "OKP", crv "Ed25519", d)',
    );
  const privateKey = (await importJWK(privateJwk, MESSAGE_JWS_ALG)) as CryptoKey;
  return Object.freeze({ kid, partner, privateKey });
}

/** The private JWK of an extractable signing key, to save to the partner's own key file. */
export async function exportPrivateJwk(key: SigningKey): Promise<JWK> {
  if (!key.privateKey.extractable)
    throw new InputError('privateKey', 'non-extractable', 'a key generated with extractable: true');
  return exportJWK(key.privateKey);
}

function checkedRecord(record: unknown): PublicKeyRecord {
  const parsed = parsePublicKeyRecord(record, 'key');
  if (!parsed.ok) throw parsed.errors[0]!;
  return parsed.value;
}
