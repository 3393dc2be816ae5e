import { createHash, createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto';
import { InputError } from '../../core/errors.js';
import type { CheckpointSigner } from './audit-checkpoint.js';

/**
 * Keys of the audit log's checkpoints: Ed25519 only. A key's default id is its RFC 7638 JWK
 * thumbprint, so a PEM file (which carries no id) still names the key its checkpoints cite.
 */

/** Public keys by key id, as verifyAudit takes them. */
export type AuditPublicKeys = ReadonlyMap<string, KeyObject>;

/** The RFC 7638 thumbprint (SHA-256, base64url) of an Ed25519 key: its default key id. */
export function keyIdOf(key: KeyObject): string {
  const jwk = (key.type === 'private' ? createPublicKey(key) : key).export({ format: 'jwk' });
  // RFC 7638: the required members only, in lexicographic order, no whitespace.
  const members = JSON.stringify({ crv: jwk.crv, kty: jwk.kty, x: jwk.x });
  return createHash('sha256').update(members, 'utf8').digest('base64url');
}

/** A checkpoint signer from an Ed25519 private key, named by `keyId` or by the key's thumbprint. */
export function checkpointSigner(privateKey: KeyObject, keyId?: string): CheckpointSigner {
  if (privateKey.type !== 'private' || privateKey.asymmetricKeyType !== 'ed25519') {
    throw new TypeError('a checkpoint signer needs an Ed25519 private key');
  }
  return { keyId: keyId ?? keyIdOf(privateKey), privateKey };
}

/** A checkpoint signer from a PEM private key or a private JWK (with `d`). */
export function checkpointSignerFromText(text: string, keyId?: string): CheckpointSigner {
  const trimmed = text.trim();
  if (trimmed.startsWith('{')) {
    const jwk = JSON.parse(trimmed) as { kid?: unknown };
    const key = createPrivateKey({ key: jwk as never, format: 'jwk' });
    return checkpointSigner(key, keyId ?? (typeof jwk.kid === 'string' ? jwk.kid : undefined));
  }
  return checkpointSigner(createPrivateKey(trimmed), keyId);
}

/**
 * The public keys in a key file: a PEM public key (SPKI), a JWK, or a JWK set ({"keys": [...]})
 * holding several keys (old ones stay while their checkpoints are verified). A JWK without `kid`
 * gets its thumbprint. A private key is accepted and reduced to its public half.
 * @throws InputError naming the file, the key and what was expected.
 */
export function parseAuditPublicKeys(text: string, file: string): Map<string, KeyObject> {
  const keys = new Map<string, KeyObject>();
  const add = (id: string | undefined, key: KeyObject, path: string) => {
    if (key.asymmetricKeyType !== 'ed25519') {
      throw new InputError(path, key.asymmetricKeyType, 'an Ed25519 key', file);
    }
    const publicKey = key.type === 'private' ? createPublicKey(key) : key;
    keys.set(id ?? keyIdOf(publicKey), publicKey);
  };
  const trimmed = text.trim();
  if (!trimmed.startsWith('{')) {
    let key: KeyObject;
    try {
      key = createPublicKey(trimmed);
    } catch {
      throw new InputError('key', trimmed.slice(0, 40), 'a PEM public key, a JWK or a JWK set', file);
    }
    add(undefined, key, 'key');
    return keys;
  }
  let json: unknown;
  try {
    json = JSON.parse(trimmed);
  } catch {
    throw new InputError(
      'key',
      trimmed.slice(0, 40),
      'a PEM public key, a JWK or a JWK set (valid JSON)',
      file,
    );
  }
  const set = (json as { keys?: unknown }).keys;
  const jwks: Array<{ jwk: unknown; path: string }> = Array.isArray(set)
    ? set.map((jwk, i) => ({ jwk, path: `keys[${i}]` }))
    : [{ jwk: json, path: 'key' }];
  if (jwks.length === 0) throw new InputError('keys', [], 'at least one key', file);
  for (const { jwk, path } of jwks) {
    const kid = (jwk as { kid?: unknown }).kid;
    if (kid !== undefined && (typeof kid !== 'string' || kid.length === 0)) {
      throw new InputError(`${path}.kid`, kid, 'a non-empty string', file);
    }
    let key: KeyObject;
    try {
      key = createPublicKey({ key: jwk as never, format: 'jwk' });
    } catch {
      throw new InputError(path, jwk, 'an Ed25519 JWK ({"kty":"OKP","crv":"Ed25519","x":...})', file);
    }
    add(kid, key, path);
  }
  return keys;
}
