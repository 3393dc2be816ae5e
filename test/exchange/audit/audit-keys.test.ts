import { createPrivateKey, generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../../src/core/errors.js';
import {
  checkpointSigner,
  checkpointSignerFromText,
  keyIdOf,
  parseAuditPublicKeys,
} from '../../../src/exchange/audit/audit-keys.js';

const RFC8037_PRIVATE = {
  kty: 'OKP',
  crv: 'Ed25519',
  d: 'nWGxne_9WmC6hEr0kuwsxERJxWl7MmkZcDusAxyuf2A',
  x: '11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo',
};
const RFC8037_PUBLIC = { kty: 'OKP', crv: 'Ed25519', x: RFC8037_PRIVATE.x };
/** RFC 8037 appendix A.3: the thumbprint of that key. */
const RFC8037_THUMBPRINT = 'kPrK_qmxVWaYVA9wwBF6Iuo3vVzz7TxHCTwXBygrS4k';

describe('audit keys', () => {
  it('name a key by its RFC 7638 thumbprint by default (RFC 8037 A.3)', () => {
    const key = createPrivateKey({ key: RFC8037_PRIVATE, format: 'jwk' });
    expect(keyIdOf(key)).toBe(RFC8037_THUMBPRINT);
    expect(checkpointSigner(key).keyId).toBe(RFC8037_THUMBPRINT);
    expect(checkpointSigner(key, 'audit-1').keyId).toBe('audit-1');
    expect(checkpointSignerFromText(JSON.stringify({ ...RFC8037_PRIVATE, kid: 'k' })).keyId).toBe('k');
    expect(checkpointSignerFromText(key.export({ format: 'pem', type: 'pkcs8' }) as string).keyId).toBe(
      RFC8037_THUMBPRINT,
    );
  });

  it('read a PEM public key, a JWK and a JWK set', () => {
    const pem = createPrivateKey({ key: RFC8037_PRIVATE, format: 'jwk' });
    const spki = generateKeyPairSync('ed25519').publicKey;
    const fromPem = parseAuditPublicKeys(spki.export({ type: 'spki', format: 'pem' }) as string, 'k.pem');
    expect([...fromPem.keys()]).toEqual([keyIdOf(spki)]);
    expect([...parseAuditPublicKeys(JSON.stringify(RFC8037_PUBLIC), 'k.jwk').keys()]).toEqual([
      RFC8037_THUMBPRINT,
    ]);
    const set = parseAuditPublicKeys(
      JSON.stringify({ keys: [{ ...RFC8037_PUBLIC, kid: 'old' }, spki.export({ format: 'jwk' })] }),
      'keys.json',
    );
    expect([...set.keys()]).toEqual(['old', keyIdOf(spki)]);
    expect(set.get('old')!.type).toBe('public');
    // A private key is reduced to its public half.
    const fromPrivate = parseAuditPublicKeys(pem.export({ format: 'pem', type: 'pkcs8' }) as string, 'p.pem');
    expect(fromPrivate.get(RFC8037_THUMBPRINT)!.type).toBe('public');
  });

  it('refuse anything else, naming the file and what was expected', () => {
    const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 }).publicKey;
    const cases: Array<[string, RegExp]> = [
      ['hello', /^k: key: got "hello", expected a PEM public key, a JWK or a JWK set$/],
      ['{"keys": []}', /^k: keys: got \[\], expected at least one key$/],
      ['{"kty": "OKP"', /^k: key: .*valid JSON/],
      [
        JSON.stringify({ keys: [{ kty: 'OKP', crv: 'Ed25519', x: 'short' }] }),
        /^k: keys\[0\]: .*Ed25519 JWK/,
      ],
      [JSON.stringify({ ...RFC8037_PUBLIC, kid: 7 }), /^k: key\.kid: got 7, expected a non-empty string$/],
      [rsa.export({ type: 'spki', format: 'pem' }) as string, /^k: key: got "rsa", expected an Ed25519 key$/],
    ];
    for (const [text, message] of cases) {
      expect(() => parseAuditPublicKeys(text, 'k')).toThrow(InputError);
      expect(() => parseAuditPublicKeys(text, 'k')).toThrow(message);
    }
  });
});
