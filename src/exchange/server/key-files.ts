import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import type { JWK } from 'jose';
import { InputError } from '../../core/errors.js';
import { partnerId } from '../messages/primitives.js';
import { keyIdSchema, type PublicKeyRecord, parsePublicKeyRecord } from '../signing/keyring.js';
import {
  exportPrivateJwk,
  generateSigningKey,
  type SigningKey,
  signingKeyFromJwk,
} from '../signing/signing-key.js';

/**
 * Key files of the exchange and its partners. A private key file is `{ partner, kid, jwk }` with the
 * Ed25519 private JWK (written with mode 0600); a public key file is the record partners put in
 * their keyrings (`{ kid, partner, jwk, notBefore, notAfter }`, signing/keyring.ts).
 */

export interface PrivateKeyFile {
  readonly partner: string;
  readonly kid: string;
  readonly jwk: JWK;
}

function readJson(path: string, what: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    throw new InputError(path, '(unreadable)', `an existing, readable ${what}`);
  }
  try {
    return JSON.parse(text);
  } catch {
    throw new InputError(path, text.slice(0, 40), `${what} in JSON`);
  }
}

/** A partner's signing key from its private key file. */
export async function readSigningKey(path: string): Promise<{ key: SigningKey; file: PrivateKeyFile }> {
  const what = 'private key file: {"partner", "kid", "jwk"} with an Ed25519 private JWK';
  const data = readJson(path, what) as Partial<PrivateKeyFile> | null;
  if (typeof data !== 'object' || data === null) throw new InputError(path, data, `a ${what}`);
  const partner = partnerId.safeParse(data.partner);
  if (!partner.success) throw new InputError('partner', data.partner, 'a partner id', path);
  const kid = keyIdSchema.safeParse(data.kid);
  if (!kid.success) throw new InputError('kid', data.kid, 'a key id', path);
  if (typeof data.jwk !== 'object' || data.jwk === null)
    throw new InputError('jwk', data.jwk, 'a private JWK', path);
  try {
    const key = await signingKeyFromJwk(data.jwk, partner.data, kid.data);
    return { key, file: { partner: partner.data, kid: kid.data, jwk: data.jwk } };
  } catch (e) {
    if (e instanceof InputError) throw e.inFile(path);
    throw new InputError('jwk', '(not importable)', 'an Ed25519 private JWK', path);
  }
}

/** A public key record from its file. */
export function readPublicKeyRecord(path: string): PublicKeyRecord {
  const parsed = parsePublicKeyRecord(readJson(path, 'public key record'), path);
  if (!parsed.ok) throw parsed.errors[0]!;
  return parsed.value;
}

/**
 * Generate a key pair for a partner valid over [notBefore, notAfter), write the private key file
 * (mode 0600) and return the public record to register.
 */
export async function generateKeyFile(
  path: string,
  partner: string,
  validity: { notBefore: string; notAfter: string },
): Promise<{ record: PublicKeyRecord; file: PrivateKeyFile }> {
  const generated = await generateSigningKey(partner, validity, { extractable: true });
  const jwk = { ...(await exportPrivateJwk(generated.signingKey)), kid: generated.publicRecord.kid };
  const file: PrivateKeyFile = { partner, kid: generated.publicRecord.kid, jwk };
  writeSecret(path, `${JSON.stringify(file, null, 2)}\n`);
  return { record: generated.publicRecord, file };
}

/** Write a file only its owner can read (private keys, tokens). */
export function writeSecret(path: string, text: string): void {
  writeFileSync(path, text, { mode: 0o600 });
  chmodSync(path, 0o600); // an existing file keeps its mode on write
}
