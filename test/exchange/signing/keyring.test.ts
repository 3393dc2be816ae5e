import { sha256 } from '@noble/hashes/sha2.js';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../../src/core/errors.js';
import {
  addKeys,
  createKeyring,
  EMPTY_KEYRING,
  keyringRecords,
  parsePublicKeyRecord,
  revokeKey,
} from '../../../src/exchange/signing/keyring.js';
import { signMessage } from '../../../src/exchange/signing/sign.js';
import {
  exportPrivateJwk,
  generateSigningKey,
  signingKeyFromJwk,
} from '../../../src/exchange/signing/signing-key.js';
import { verifyMessage } from '../../../src/exchange/signing/verify.js';
import { preLaunch } from '../messages/fixtures.js';

const YEAR_2007 = { notBefore: '2007-01-01T00:00:00.000Z', notAfter: '2008-01-01T00:00:00.000Z' };

describe('keyring', () => {
  it('names the default key id after the RFC 7638 thumbprint of the public key', async () => {
    const { signingKey, publicRecord } = await generateSigningKey('ir', YEAR_2007);
    // RFC 7638 section 3.2: SHA-256 of the required members in lexicographic order, no white space.
    const members = `{"crv":"Ed25519","kty":"OKP","x":"${publicRecord.jwk.x}"}`;
    const thumbprint = Buffer.from(sha256(new TextEncoder().encode(members))).toString('base64url');
    expect(signingKey.kid).toBe(thumbprint);
    expect(publicRecord).toEqual({ kid: thumbprint, partner: 'ir', jwk: publicRecord.jwk, ...YEAR_2007 });
  });

  it('checks key records, naming the field, and refuses a private key member', async () => {
    const { publicRecord } = await generateSigningKey('ir', YEAR_2007);
    expect(parsePublicKeyRecord(publicRecord).ok).toBe(true);
    const cases: Array<[object, string]> = [
      [{ ...publicRecord, jwk: { ...publicRecord.jwk, d: 'secret' } }, 'jwk.d'],
      [{ ...publicRecord, jwk: { ...publicRecord.jwk, crv: 'Ed448' } }, 'jwk.crv'],
      [{ ...publicRecord, jwk: { ...publicRecord.jwk, x: 'short' } }, 'jwk.x'],
      [{ ...publicRecord, notAfter: publicRecord.notBefore }, 'notAfter'],
      [{ ...publicRecord, kid: 'has space' }, 'kid'],
      [{ ...publicRecord, partner: 'Iran' }, 'partner'],
    ];
    for (const [data, path] of cases) {
      const parsed = parsePublicKeyRecord(data, 'keys.yaml');
      expect(parsed.ok, path).toBe(false);
      if (!parsed.ok) {
        expect(
          parsed.errors.map((e) => e.path),
          path,
        ).toEqual([path]);
        expect(parsed.errors[0]!.file).toBe('keys.yaml');
      }
    }
  });

  it('refuses a key id twice and an unknown key id for revocation', async () => {
    const { publicRecord } = await generateSigningKey('ir', YEAR_2007, { kid: 'ir-1' });
    const ring = await createKeyring([publicRecord]);
    await expect(addKeys(ring, [publicRecord])).rejects.toThrow(InputError);
    expect(() => revokeKey(ring, 'ir-2', '2007-06-01T00:00:00.000Z')).toThrow(/a key id in the keyring/);
  });

  it('keeps the first revocation time and is immutable', async () => {
    const { publicRecord } = await generateSigningKey('ir', YEAR_2007, { kid: 'ir-1' });
    const ring = await createKeyring([publicRecord]);
    const once = revokeKey(ring, 'ir-1', '2007-06-01T00:00:00.000Z');
    const twice = revokeKey(once, 'ir-1', '2007-07-01T00:00:00.000Z');
    expect(twice).toBe(once);
    expect(once.byKid.get('ir-1')!.record.revoked).toBe('2007-06-01T00:00:00.000Z');
    expect(ring.byKid.get('ir-1')!.record.revoked).toBeUndefined();
    expect(EMPTY_KEYRING.byKid.size).toBe(0);
  });

  it('writes its records back in kid order, and they load into an equivalent keyring', async () => {
    const b = await generateSigningKey('ru', YEAR_2007, { kid: 'b' });
    const a = await generateSigningKey('ir', YEAR_2007, { kid: 'a' });
    const ring = revokeKey(
      await createKeyring([b.publicRecord, a.publicRecord]),
      'b',
      '2007-03-01T00:00:00.000Z',
    );
    const records = keyringRecords(ring);
    expect(records.map((r) => r.kid)).toEqual(['a', 'b']);
    const reloaded = await createKeyring(JSON.parse(JSON.stringify(records)));
    expect(keyringRecords(reloaded)).toEqual(records);
    const jws = await signMessage(preLaunch, a.signingKey);
    expect((await verifyMessage(jws, reloaded)).ok).toBe(true);
  });

  it('exports a private key only when generated extractable, and imports it back', async () => {
    const locked = await generateSigningKey('ir', YEAR_2007);
    await expect(exportPrivateJwk(locked.signingKey)).rejects.toThrow(InputError);
    const open = await generateSigningKey('ir', YEAR_2007, { extractable: true });
    const jwk = await exportPrivateJwk(open.signingKey);
    expect(jwk).toMatchObject({ kty: 'OKP', crv: 'Ed25519', x: open.publicRecord.jwk.x });
    const back = await signingKeyFromJwk(jwk, 'ir', open.signingKey.kid);
    const ring = await createKeyring([open.publicRecord]);
    expect((await verifyMessage(await signMessage(preLaunch, back), ring)).ok).toBe(true);
    await expect(signingKeyFromJwk({ kty: 'OKP', crv: 'Ed25519', x: 'x' }, 'ir', 'k')).rejects.toThrow(
      InputError,
    );
  });
});
