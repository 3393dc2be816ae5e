import { CompactSign, type CryptoKey, decodeProtectedHeader, generateKeyPair } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import { InputError, InputErrors } from '../../../src/core/errors.js';
import { canonicalJson } from '../../../src/exchange/messages/canonical.js';
import type { AnyMessage } from '../../../src/exchange/messages/message.js';
import { MESSAGE_JWS_TYPE } from '../../../src/exchange/signing/jws-format.js';
import { createKeyring, type Keyring, revokeKey } from '../../../src/exchange/signing/keyring.js';
import { signMessage } from '../../../src/exchange/signing/sign.js';
import { generateSigningKey, type SigningKey } from '../../../src/exchange/signing/signing-key.js';
import { verifyMessage } from '../../../src/exchange/signing/verify.js';
import { edited, heartbeat, launchEvent, preLaunch, reversedMembers } from '../messages/fixtures.js';

const enc = (s: string) => Buffer.from(s, 'utf8').toString('base64url');

/** A JWS made by hand, to build what signMessage refuses to: other headers, payloads, signers. */
async function handSigned(payload: string, header: Record<string, unknown>, key: CryptoKey): Promise<string> {
  return new CompactSign(new TextEncoder().encode(payload))
    .setProtectedHeader(header as { alg: string })
    .sign(key);
}

let ir2007a: SigningKey; // Iran, first half of 2007
let ir2007b: SigningKey; // Iran, rotated in June 2007
let ru: SigningKey;
let exchange: SigningKey;
let keyring: Keyring;

beforeAll(async () => {
  const a = await generateSigningKey('ir', {
    notBefore: '2007-01-01T00:00:00.000Z',
    notAfter: '2007-07-01T00:00:00.000Z',
  });
  const b = await generateSigningKey('ir', {
    notBefore: '2007-06-01T00:00:00.000Z',
    notAfter: '2008-01-01T00:00:00.000Z',
  });
  const r = await generateSigningKey('ru', {
    notBefore: '2007-01-01T00:00:00.000Z',
    notAfter: '2008-01-01T00:00:00.000Z',
  });
  const x = await generateSigningKey(
    'exchange',
    { notBefore: '2007-01-01T00:00:00.000Z', notAfter: '2008-01-01T00:00:00.000Z' },
    { kid: 'exchange-2007' },
  );
  ir2007a = a.signingKey;
  ir2007b = b.signingKey;
  ru = r.signingKey;
  exchange = x.signingKey;
  keyring = await createKeyring([a.publicRecord, b.publicRecord, r.publicRecord, x.publicRecord]);
});

describe('sign and verify', () => {
  it('round-trips: the receiver gets the message, the key id and the signer', async () => {
    const jws = await signMessage(preLaunch, ir2007a);
    const result = await verifyMessage(jws, keyring);
    expect(result).toEqual({ ok: true, message: preLaunch, kid: ir2007a.kid, signer: 'ir' });
  });

  it('signs the canonical form in compact serialization with alg Ed25519, kid and typ', async () => {
    const jws = await signMessage(preLaunch, ir2007a);
    const [, payload, signature] = jws.split('.');
    expect(decodeProtectedHeader(jws)).toEqual({ alg: 'Ed25519', kid: ir2007a.kid, typ: MESSAGE_JWS_TYPE });
    expect(Buffer.from(payload!, 'base64url').toString('utf8')).toBe(canonicalJson(preLaunch));
    expect(Buffer.from(signature!, 'base64url')).toHaveLength(64); // an Ed25519 signature
    // Ed25519 is deterministic and the payload canonical: member order does not change the JWS.
    const reordered = reversedMembers(preLaunch);
    expect(JSON.stringify(reordered)).not.toBe(JSON.stringify(preLaunch));
    expect(await signMessage(reordered, ir2007a)).toBe(jws);
  });

  it('fails a tampered payload, signature or header', async () => {
    const jws = await signMessage(launchEvent, ru);
    const [h, p, s] = jws.split('.') as [string, string, string];
    const moved = canonicalJson(edited(launchEvent, (m) => ((m.body as { azimuth: number }).azimuth = 120)));
    expect(await verifyMessage(`${h}.${enc(moved)}.${s}`, keyring)).toMatchObject({
      ok: false,
      code: 'bad-signature',
    });
    const flipped = s.slice(0, 10) + (s[10] === 'A' ? 'B' : 'A') + s.slice(11);
    expect(await verifyMessage(`${h}.${p}.${flipped}`, keyring)).toMatchObject({
      ok: false,
      code: 'bad-signature',
    });
    // Claiming the other Iranian key: the header is signed too.
    const otherKid = enc(JSON.stringify({ alg: 'Ed25519', kid: ir2007b.kid, typ: MESSAGE_JWS_TYPE }));
    expect(await verifyMessage(`${otherKid}.${p}.${s}`, keyring)).toMatchObject({
      ok: false,
      code: 'bad-signature',
    });
  });

  it('fails an unknown key id', async () => {
    const stranger = await generateSigningKey('ir', {
      notBefore: '2007-01-01T00:00:00.000Z',
      notAfter: '2008-01-01T00:00:00.000Z',
    });
    const result = await verifyMessage(await signMessage(preLaunch, stranger.signingKey), keyring);
    expect(result).toMatchObject({ ok: false, code: 'unknown-key' });
  });

  it('fails every message of a revoked key, whatever its sent time', async () => {
    const jws = await signMessage(preLaunch, ir2007a);
    const revoked = revokeKey(keyring, ir2007a.kid, '2007-06-30T00:00:00.000Z');
    expect(await verifyMessage(jws, revoked)).toMatchObject({
      ok: false,
      code: 'revoked-key',
      reason: expect.stringContaining('revoked at 2007-06-30T00:00:00.000Z'),
    });
    expect((await verifyMessage(jws, keyring)).ok).toBe(true); // the original keyring is unchanged
  });

  it('judges validity at the sent time: [notBefore, notAfter)', async () => {
    const at = (sent: string) => ({ ...heartbeat, sender: 'ir', sent });
    const verdict = async (sent: string, key: SigningKey) =>
      verifyMessage(await signMessage(at(sent), key), keyring);
    expect((await verdict('2007-06-30T23:59:59.999Z', ir2007a)).ok).toBe(true);
    expect(await verdict('2007-07-01T00:00:00.000Z', ir2007a)).toMatchObject({
      ok: false,
      code: 'expired-key',
    });
    expect(await verdict('2006-12-31T23:59:59.999Z', ir2007a)).toMatchObject({
      ok: false,
      code: 'key-not-yet-valid',
    });
    expect((await verdict('2007-01-01T00:00:00.000Z', ir2007a)).ok).toBe(true);
  });

  it('rotates keys: old messages verify with the old kid inside its validity, new ones with the new kid', async () => {
    const before = await signMessage(preLaunch, ir2007a); // sent 2007-06-06, old key
    const overlap = await signMessage(
      { ...heartbeat, sender: 'ir', sent: '2007-06-15T00:00:00.000Z' },
      ir2007b,
    );
    const after = await signMessage(
      { ...heartbeat, sender: 'ir', sent: '2007-09-01T00:00:00.000Z' },
      ir2007b,
    );
    const lateOld = await signMessage(
      { ...heartbeat, sender: 'ir', sent: '2007-09-01T00:00:00.000Z' },
      ir2007a,
    );
    expect(await verifyMessage(before, keyring)).toMatchObject({ ok: true, kid: ir2007a.kid });
    expect(await verifyMessage(overlap, keyring)).toMatchObject({ ok: true, kid: ir2007b.kid });
    expect(await verifyMessage(after, keyring)).toMatchObject({ ok: true, kid: ir2007b.kid });
    expect(await verifyMessage(lateOld, keyring)).toMatchObject({ ok: false, code: 'expired-key' });
  });

  it('refuses to sign, and fails to verify, a message of one partner signed by another', async () => {
    await expect(signMessage(preLaunch, ru)).rejects.toThrow(InputError);
    const forged = await handSigned(
      canonicalJson(preLaunch),
      { alg: 'Ed25519', kid: ru.kid, typ: MESSAGE_JWS_TYPE },
      ru.privateKey,
    );
    expect(await verifyMessage(forged, keyring)).toMatchObject({
      ok: false,
      code: 'wrong-signer',
      reason: `key ${ru.kid} belongs to "ru", not the sender "ir"`,
    });
  });

  it('lets only a named relay sign released copies, and never published messages', async () => {
    const copy: AnyMessage = {
      ...launchEvent,
      release: { recipient: 'us', policy: 'ru-to-us.1' },
      body: { launchTime: '2007-06-07T07:10:00.000Z' },
    };
    const signedCopy = await signMessage(copy, exchange);
    expect(await verifyMessage(signedCopy, keyring)).toMatchObject({ ok: false, code: 'wrong-signer' });
    expect(await verifyMessage(signedCopy, keyring, { relays: ['exchange'] })).toMatchObject({
      ok: true,
      signer: 'exchange',
      kid: 'exchange-2007',
    });
    const forgedOriginal = await handSigned(
      canonicalJson(launchEvent),
      { alg: 'Ed25519', kid: exchange.kid, typ: MESSAGE_JWS_TYPE },
      exchange.privateKey,
    );
    expect(await verifyMessage(forgedOriginal, keyring, { relays: ['exchange'] })).toMatchObject({
      ok: false,
      code: 'wrong-signer',
    });
  });

  it('fails a payload that is not canonical, or not a valid message, naming the fields', async () => {
    const header = { alg: 'Ed25519', kid: ir2007a.kid, typ: MESSAGE_JWS_TYPE };
    const spaced = await handSigned(JSON.stringify(preLaunch, null, 1), header, ir2007a.privateKey);
    expect(await verifyMessage(spaced, keyring)).toMatchObject({ ok: false, code: 'not-canonical' });
    const invalid = await handSigned(
      canonicalJson({ ...preLaunch, sequence: 0 }),
      header,
      ir2007a.privateKey,
    );
    const result = await verifyMessage(invalid, keyring);
    expect(result).toMatchObject({ ok: false, code: 'invalid-message' });
    if (!result.ok) expect(result.errors?.map((e) => e.path)).toEqual(['sequence']);
    const notJson = await handSigned('not json', header, ir2007a.privateKey);
    expect(await verifyMessage(notJson, keyring)).toMatchObject({ ok: false, code: 'malformed' });
  });

  it('fails other algorithms, types and header members', async () => {
    const payload = canonicalJson(preLaunch);
    const eddsa = await handSigned(
      payload,
      { alg: 'EdDSA', kid: ir2007a.kid, typ: MESSAGE_JWS_TYPE },
      ir2007a.privateKey,
    );
    expect(await verifyMessage(eddsa, keyring)).toMatchObject({ ok: false, code: 'unsupported' });
    const jwt = await handSigned(
      payload,
      { alg: 'Ed25519', kid: ir2007a.kid, typ: 'JWT' },
      ir2007a.privateKey,
    );
    expect(await verifyMessage(jwt, keyring)).toMatchObject({ ok: false, code: 'unsupported' });
    const embedded = await handSigned(
      payload,
      { alg: 'Ed25519', kid: ir2007a.kid, typ: MESSAGE_JWS_TYPE, jwk: { kty: 'OKP' } },
      ir2007a.privateKey,
    );
    expect(await verifyMessage(embedded, keyring)).toMatchObject({
      ok: false,
      code: 'unsupported',
      reason: expect.stringContaining('jwk'),
    });
    const hs = await generateKeyPair('ES256');
    const es256 = await handSigned(
      payload,
      { alg: 'ES256', kid: ir2007a.kid, typ: MESSAGE_JWS_TYPE },
      hs.privateKey,
    );
    expect(await verifyMessage(es256, keyring)).toMatchObject({ ok: false, code: 'unsupported' });
  });

  it('fails malformed and oversized input without throwing', async () => {
    for (const bad of ['', 'abc', 'a.b', 'a.b.c.d', '!!.??.**', `${enc('{')}.${enc('{}')}.AAAA`]) {
      expect(await verifyMessage(bad, keyring), bad).toMatchObject({ ok: false, code: 'malformed' });
    }
    expect(await verifyMessage(42 as unknown as string, keyring)).toMatchObject({
      ok: false,
      code: 'malformed',
    });
    const jws = await signMessage(preLaunch, ir2007a);
    expect(await verifyMessage(jws, keyring, { maxLength: jws.length - 1 })).toMatchObject({
      ok: false,
      code: 'malformed',
    });
  });

  it('refuses to sign an invalid message', async () => {
    await expect(signMessage({ ...preLaunch, sequence: 0 }, ir2007a)).rejects.toThrow(InputErrors);
  });
});
