import { createPrivateKey, createPublicKey, generateKeyPairSync, sign } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  checkpointSignatureValid,
  checkpointSigningInput,
  signCheckpoint,
} from '../../../src/exchange/audit/audit-checkpoint.js';
import { checkpointSigner } from '../../../src/exchange/audit/audit-keys.js';

/** RFC 8037 appendix A.1: the Ed25519 example key. */
const RFC8037_KEY = {
  kty: 'OKP',
  crv: 'Ed25519',
  d: 'nWGxne_9WmC6hEr0kuwsxERJxWl7MmkZcDusAxyuf2A',
  x: '11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo',
};

describe('audit checkpoints', () => {
  it('sign with standard Ed25519 (RFC 8037 A.4 signature reproduced)', () => {
    const key = createPrivateKey({ key: RFC8037_KEY, format: 'jwk' });
    const input = 'eyJhbGciOiJFZERTQSJ9.RXhhbXBsZSBvZiBFZDI1NTE5IHNpZ25pbmc';
    expect(sign(null, Buffer.from(input), key).toString('base64url')).toBe(
      'hgyY0il_MGCjP0JzlnLWG1PPOt7-09PGcvMg3AIbQR6dWbhijcNR4ki4iylGjg5BhVsPt9g7sVvpAr_MuM0KAg',
    );
  });

  it('sign the canonical JSON of purpose, index, hash, key id and time', () => {
    const input = checkpointSigningInput({
      index: 10,
      hash: 'ab'.repeat(32),
      keyId: 'k1',
      time: '2007-06-07T00:00:00.000Z',
    });
    expect(input.toString('utf8')).toBe(
      `{"hash":"${'ab'.repeat(32)}","index":10,"keyId":"k1","purpose":"shieldlab-audit-checkpoint/1","time":"2007-06-07T00:00:00.000Z"}`,
    );
  });

  it('verify with the signer key only, and not once any field is changed', () => {
    const { privateKey, publicKey } = generateKeyPairSync('ed25519');
    const other = generateKeyPairSync('ed25519');
    const cp = signCheckpoint(
      { index: 10, hash: 'cd'.repeat(32) },
      checkpointSigner(privateKey, 'k1'),
      '2007-06-07T00:00:00.000Z',
    );
    expect(cp.signature).toMatch(/^[A-Za-z0-9_-]{86}$/);
    expect(checkpointSignatureValid(cp, publicKey)).toBe(true);
    expect(checkpointSignatureValid(cp, createPublicKey(privateKey))).toBe(true);
    expect(checkpointSignatureValid(cp, other.publicKey)).toBe(false);
    for (const changed of [
      { index: 11 },
      { hash: 'ce'.repeat(32) },
      { keyId: 'k2' },
      { time: '2007-06-07T00:00:00.001Z' },
      {
        signature: `${cp.signature.slice(0, 40)}${cp.signature[40] === 'A' ? 'B' : 'A'}${cp.signature.slice(41)}`,
      },
      // The same bytes spelled differently (spare bits of the last character set): refused too.
      { signature: `${cp.signature.slice(0, 85)}${String.fromCharCode(cp.signature.charCodeAt(85) + 1)}` },
      { signature: 'not a signature' },
    ]) {
      expect(checkpointSignatureValid({ ...cp, ...changed }, publicKey)).toBe(false);
    }
    const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 });
    expect(checkpointSignatureValid(cp, rsa.publicKey)).toBe(false);
  });
});
