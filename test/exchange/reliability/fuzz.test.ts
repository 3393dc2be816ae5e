import { mkdtempSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ExchangeClient } from '../../../src/exchange/client/exchange-client.js';
import { canonicalBytes, canonicalJson } from '../../../src/exchange/messages/canonical.js';
import type { Message } from '../../../src/exchange/messages/message.js';
import { openRegistry } from '../../../src/exchange/server/exchange-directory.js';
import { MAX_MESSAGE_LENGTH } from '../../../src/exchange/server/exchange-service.js';
import { MESSAGE_JWS_TYPE } from '../../../src/exchange/signing/jws-format.js';
import { signMessage } from '../../../src/exchange/signing/sign.js';
import { generateSigningKey } from '../../../src/exchange/signing/signing-key.js';
import {
  buildMessage,
  createTestExchange,
  type ExchangeState,
  freePort,
  killAllServers,
  rawSign,
  readState,
  ServerProcess,
  type TestExchange,
} from './harness.js';

/**
 * Thousands of hostile requests against a real server process: random bytes, truncated and altered
 * signatures, wrong content types, bodies over 256 KiB, bad JSON and bad numbers to
 * /v1/stream/ack, bad query parameters and Last-Event-ID, wrong methods and paths, bad or missing
 * or revoked credentials, and well-signed messages that must still be refused (signed with another
 * partner's key, claiming another sender, an old sequence, a stale or future `sent`, a type the
 * partner may not publish, an unknown, revoked or expired key, a conflicting duplicate, a released
 * copy, a non-canonical payload, an unsupported header). Each must get its documented 4xx with a
 * JSON body {error: {code, message}}, quickly; exact replays of stored messages get 200 with the
 * receipt they got first. Afterwards the server answers health, and nothing it stores changed.
 */

const SEED = 424_242;
const BATCH = 10;
const RUNS = 500;
/** A request that takes longer has hung. */
const REQUEST_TIMEOUT = 5_000;

interface Expectation {
  /** Allowed status → allowed error codes (empty: any code; for 200, the duplicate answer). */
  readonly allowed: ReadonlyArray<readonly [number, readonly string[]]>;
}

interface FuzzRequest {
  readonly kind: string;
  readonly method: string;
  readonly path: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: string | Uint8Array;
  readonly expect: Expectation;
  /** For an exact replay: the receipt given when it was stored. */
  readonly receipt?: string;
}

const MESSAGE_400 = ['malformed', 'unsupported', 'not-canonical', 'invalid-message'];
const KEY_403 = [
  'unknown-key',
  'revoked-key',
  'expired-key',
  'key-not-yet-valid',
  'bad-signature',
  'wrong-signer',
];

const printable = (maxLength: number, minLength = 0) =>
  fc.string({
    unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)),
    minLength,
    maxLength,
  });
const BASE64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const base64url = (maxLength: number) =>
  fc.string({ unit: fc.constantFrom(...BASE64URL.split('')), minLength: 1, maxLength });

/** A query value that is not a decimal integer of 1 to 15 digits. */
const notAnInteger = fc.oneof(
  fc.integer({ min: -1_000_000, max: -1 }).map(String),
  fc
    .double({ noNaN: true, min: -1e6, max: 1e6 })
    .filter((d) => !Number.isInteger(d))
    .map(String),
  fc.constantFrom('1e3', '0x10', ' 1', '1 ', '+1', '-0', '1.0', 'NaN', 'Infinity', '١٢', 'null', '[]', '%'),
  fc.bigInt({ min: 10n ** 15n, max: 10n ** 30n }).map(String),
  printable(12, 1).filter((s) => !/^\d{1,15}$/.test(s)),
);

describe('the exchange server under hostile requests', () => {
  const dir = mkdtempSync(join(tmpdir(), 'shieldlab-fuzz-'));
  let ex: TestExchange;
  let server: ServerProcess;
  let url: string;
  const stored: Array<{ jws: string; sender: string; receipt: string; message: Message }> = [];

  beforeAll(async () => {
    ex = await createTestExchange(dir, [
      { id: 'alpha', publish: ['heartbeat', 'pre-launch'], receives: ['heartbeat'] },
      { id: 'bravo', publish: ['heartbeat'], receives: ['pre-launch', 'heartbeat'] },
      { id: 'yankee', publish: ['heartbeat'], keys: [{ from: -10 * 86_400_000, to: -86_400_000 }] },
      { id: 'zulu', publish: ['heartbeat'] },
    ]);
    const { db, registry } = openRegistry(dir);
    registry.revoke('zulu', new Date().toISOString());
    db.close();
    server = await ServerProcess.start(dir, await freePort());
    url = await server.listening;
    // What is stored before the fuzzing: a few messages of alpha and bravo.
    for (const [sender, type, sequence] of [
      ['alpha', 'heartbeat', 1],
      ['alpha', 'pre-launch', 2],
      ['alpha', 'heartbeat', 3],
      ['bravo', 'heartbeat', 1],
      ['bravo', 'heartbeat', 2],
    ] as const) {
      const partner = ex.partners[sender]!;
      const message = buildMessage(type, sender, sequence, { status: 'exercise' });
      const jws = await signMessage(message, partner.keys[0]!);
      const outcome = await new ExchangeClient(url, partner.token).publish(jws);
      expect(outcome.outcome).toBe('stored');
      stored.push({ jws, sender, receipt: outcome.receipt, message });
    }
  }, 30_000);

  afterAll(async () => {
    await killAllServers();
    rmSync(dir, { recursive: true, force: true });
  });

  /** Send one request; the problem with its answer, or undefined. */
  async function send(request: FuzzRequest): Promise<string | undefined> {
    const started = Date.now();
    let response: Response;
    let text: string;
    try {
      response = await fetch(`${url}${request.path}`, {
        method: request.method,
        headers: request.headers,
        ...(request.body === undefined ? {} : { body: request.body }),
        signal: AbortSignal.timeout(REQUEST_TIMEOUT),
      });
      text = await response.text();
    } catch (e) {
      return `no answer after ${Date.now() - started} ms: ${e instanceof Error ? `${e.message} ${String((e as { cause?: unknown }).cause ?? '')}` : String(e)}`;
    }
    const allowed = request.expect.allowed.find(([status]) => status === response.status);
    if (!allowed) return `status ${response.status}: ${text.slice(0, 300)}`;
    let body: { error?: { code?: unknown; message?: unknown }; outcome?: unknown; receipt?: unknown };
    try {
      body = JSON.parse(text);
    } catch {
      return `status ${response.status} with a body that is not JSON: ${text.slice(0, 300)}`;
    }
    if (response.status === 200) {
      if (body.outcome !== 'duplicate' || body.receipt !== request.receipt)
        return `200 but not the duplicate's first receipt: ${text.slice(0, 300)}`;
      return undefined;
    }
    const code = body.error?.code;
    const message = body.error?.message;
    if (typeof code !== 'string' || typeof message !== 'string' || message === '')
      return `status ${response.status} without {error: {code, message}}: ${text.slice(0, 300)}`;
    if (allowed[1].length > 0 && !allowed[1].includes(code))
      return `status ${response.status} code ${code} (expected ${allowed[1].join(' | ')}): ${message}`;
    return undefined;
  }

  const describeRequest = (r: FuzzRequest) => {
    const body =
      r.body === undefined
        ? ''
        : typeof r.body === 'string'
          ? ` body ${JSON.stringify(r.body.slice(0, 120))}${r.body.length > 120 ? `… (${r.body.length})` : ''}`
          : ` ${r.body.length} bytes`;
    return `[${r.kind}] ${r.method} ${r.path} ${JSON.stringify(r.headers)}${body}`;
  };

  it(`answers ${RUNS * BATCH} hostile requests with a 4xx JSON error each and changes nothing`, async () => {
    const started = Date.now();
    const alpha = ex.partners['alpha']!;
    const bravo = ex.partners['bravo']!;
    const zulu = ex.partners['zulu']!;
    const yankee = ex.partners['yankee']!;
    const auth = (token: string) => ({ authorization: `Bearer ${token}` });
    const jose = (token: string) => ({ ...auth(token), 'content-type': 'application/jose' });
    const now = Date.now();
    const fresh = (sequence: number, options: Parameters<typeof buildMessage>[3] = {}) =>
      buildMessage('heartbeat', 'alpha', sequence, { status: 'exercise', ...options });

    // Well-signed messages the exchange must refuse, each with the token to send it with.
    const stranger = await generateSigningKey('alpha', {
      notBefore: new Date(now - 86_400_000).toISOString(),
      notAfter: new Date(now + 86_400_000).toISOString(),
    });
    const refused: Array<{ kind: string; jws: string; token: string; status: number; code: string }> = [];
    const refuse = (kind: string, jws: string, token: string, status: number, code: string) =>
      refused.push({ kind, jws, token, status, code });
    for (let i = 0; i < 6; i++) {
      const seq = 1000 + i;
      // Signed with alpha's key, claiming to be bravo (and the other way round).
      refuse(
        'signed-by-another',
        await rawSign(canonicalBytes(buildMessage('heartbeat', 'bravo', seq)), alpha.keys[0]!),
        alpha.token,
        403,
        'wrong-signer',
      );
      refuse(
        'signed-by-another',
        await rawSign(canonicalBytes(fresh(seq)), bravo.keys[0]!),
        alpha.token,
        403,
        'wrong-signer',
      );
      // Bravo's own message, well signed, sent with alpha's token.
      refuse(
        'another-sender',
        await signMessage(buildMessage('heartbeat', 'bravo', seq), bravo.keys[0]!),
        alpha.token,
        403,
        'wrong-sender',
      );
      refuse(
        'old-sequence',
        await signMessage(fresh(1 + (i % 3)), alpha.keys[0]!),
        alpha.token,
        409,
        'sequence-not-increasing',
      );
      refuse(
        'stale',
        await signMessage(fresh(seq, { sent: new Date(now - 400_000 - i * 60_000) }), alpha.keys[0]!),
        alpha.token,
        422,
        'stale',
      );
      refuse(
        'future',
        await signMessage(fresh(seq, { sent: new Date(now + 900_000 + i * 60_000) }), alpha.keys[0]!),
        alpha.token,
        422,
        'from-the-future',
      );
      refuse(
        'type-not-permitted',
        await signMessage(buildMessage('pre-launch', 'bravo', seq), bravo.keys[0]!),
        bravo.token,
        403,
        'type-not-permitted',
      );
      refuse(
        'unknown-key',
        await signMessage(fresh(seq), stranger.signingKey),
        alpha.token,
        403,
        'unknown-key',
      );
      refuse(
        'revoked-key',
        await signMessage(buildMessage('heartbeat', 'zulu', seq), zulu.keys[0]!),
        alpha.token,
        403,
        'revoked-key',
      );
      refuse(
        'expired-key',
        await signMessage(buildMessage('heartbeat', 'yankee', seq), yankee.keys[0]!),
        yankee.token,
        403,
        'expired-key',
      );
      refuse(
        'conflicting-duplicate',
        await signMessage(fresh(seq, { id: stored[i % 3]!.message.id }), alpha.keys[0]!),
        alpha.token,
        409,
        'conflicting-duplicate',
      );
      refuse(
        'released-copy',
        await signMessage(
          { ...fresh(seq), release: { recipient: 'bravo', policy: 'to-bravo.1' } } as never,
          alpha.keys[0]!,
        ),
        alpha.token,
        400,
        'invalid-message',
      );
      refuse(
        'not-canonical',
        await rawSign(JSON.stringify(fresh(seq), null, i % 3), alpha.keys[0]!),
        alpha.token,
        400,
        'not-canonical',
      );
      refuse(
        'not-a-message',
        await rawSign(canonicalJson({ hello: i, type: 'heartbeat' }), alpha.keys[0]!),
        alpha.token,
        400,
        'invalid-message',
      );
      refuse(
        'header',
        await rawSign(
          canonicalBytes(fresh(seq)),
          alpha.keys[0]!,
          [{ cty: 'json' }, { jku: 'https://example.org/keys' }][i % 2]!,
        ),
        alpha.token,
        400,
        'unsupported',
      );
    }
    // Every refusal was refused for its reason when sent as is (checked once each, first).
    for (const r of refused) {
      const problem = await send({
        kind: r.kind,
        method: 'POST',
        path: '/v1/messages',
        headers: jose(r.token),
        body: r.jws,
        expect: { allowed: [[r.status, [r.code]]] },
      });
      expect(problem, r.kind).toBeUndefined();
    }
    const before = readState(ex.dbPath);
    const meBefore = await Promise.all([alpha, bravo].map((p) => new ExchangeClient(url, p.token).me()));
    const head = before.streams['bravo']?.head ?? 0;

    // Everything the fuzzer alters: refused messages and stored ones (whose exact replay is a duplicate).
    const samples = [
      ...refused.map((r) => ({ jws: r.jws, token: r.token, expect: [r.status, [r.code]] as const })),
      ...stored.map((s) => ({
        jws: s.jws,
        token: ex.partners[s.sender]!.token,
        expect: [200, []] as const,
        receipt: s.receipt,
      })),
    ];
    const sample = fc.constantFrom(...samples);
    const anyJws = fc.constantFrom(...samples.map((s) => s.jws));
    const genericMessageRefusal: Array<readonly [number, readonly string[]]> = [
      [400, MESSAGE_400],
      [403, [...KEY_403, 'wrong-sender', 'type-not-permitted']],
    ];

    const routes = [
      { method: 'GET', path: '/v1/me' },
      { method: 'POST', path: '/v1/messages' },
      { method: 'GET', path: '/v1/stream/messages' },
      { method: 'GET', path: '/v1/stream' },
      { method: 'POST', path: '/v1/stream/ack' },
      { method: 'GET', path: '/v1/escalations' },
    ] as const;

    const requests: Array<fc.Arbitrary<FuzzRequest>> = [
      // Random bytes and text where a JWS belongs.
      fc
        .record({
          body: fc.oneof(
            fc.string({ maxLength: 300 }),
            fc.string({ unit: 'binary', maxLength: 200 }),
            fc.uint8Array({ maxLength: 400 }).map((b) => Buffer.from(b).toString('latin1')),
            fc.tuple(base64url(120), base64url(400), base64url(90)).map((p) => p.join('.')),
            fc
              .tuple(printable(40), base64url(300), base64url(86))
              .map(([kid, p, s]) =>
                [
                  Buffer.from(JSON.stringify({ alg: 'Ed25519', kid, typ: MESSAGE_JWS_TYPE })).toString(
                    'base64url',
                  ),
                  p,
                  s,
                ].join('.'),
              ),
          ),
          type: fc.constantFrom('application/jose', 'text/plain', 'application/jose; charset=utf-8'),
        })
        .map(({ body, type }) => ({
          kind: 'random-body',
          method: 'POST',
          path: '/v1/messages',
          headers: { ...auth(alpha.token), 'content-type': type },
          body,
          expect: { allowed: genericMessageRefusal },
        })),
      // Truncated signatures.
      fc.tuple(sample, fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true })).map(([s, at]) => ({
        kind: 'truncated',
        method: 'POST',
        path: '/v1/messages',
        headers: jose(s.token),
        body: s.jws.slice(0, Math.floor(at * s.jws.length)),
        expect: { allowed: genericMessageRefusal },
      })),
      // One character altered (an alteration that leaves the bytes the same answers as the original).
      fc
        .tuple(
          sample,
          fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true }),
          fc.constantFrom(...`${BASE64URL}.=+/ ~`.split('')),
        )
        .map(([s, at, c]) => {
          const i = Math.floor(at * s.jws.length);
          return {
            kind: 'altered',
            method: 'POST',
            path: '/v1/messages',
            headers: jose(s.token),
            body: s.jws.slice(0, i) + c + s.jws.slice(i + 1),
            expect: { allowed: [...genericMessageRefusal, s.expect] },
            ...('receipt' in s ? { receipt: s.receipt } : {}),
          };
        }),
      // The right body under the wrong content type, or none.
      fc
        .tuple(
          anyJws,
          fc.oneof(
            fc.constantFrom(
              'application/json',
              'application/x-www-form-urlencoded',
              'multipart/form-data; boundary=xyz',
              'text/html',
              'application/octet-stream',
              'application/jose+json',
              'application/xml',
              'image/png',
              '',
              'none',
            ),
            printable(30).filter((t) => !/^\s*(application\/jose|text\/plain)\s*(;|$)/i.test(t)),
          ),
        )
        .map(([jws, type]) => ({
          kind: 'content-type',
          method: 'POST',
          path: '/v1/messages',
          headers: type === 'none' ? auth(alpha.token) : { ...auth(alpha.token), 'content-type': type },
          body: type === 'none' ? new TextEncoder().encode(jws) : jws,
          expect: {
            allowed: [
              [415, ['unsupported-media-type']],
              [400, ['malformed', 'bad-request']],
            ],
          },
        })),
      // Bodies over 256 KiB.
      fc
        .tuple(
          fc.oneof(
            fc.integer({ min: MAX_MESSAGE_LENGTH + 1, max: MAX_MESSAGE_LENGTH + 1024 }),
            fc.integer({ min: MAX_MESSAGE_LENGTH + 1025, max: 2 * MAX_MESSAGE_LENGTH }),
          ),
          fc.constantFrom('application/jose', 'text/plain', 'application/json'),
          fc.constantFrom('a', 'eyJ', '.', '{'),
        )
        .map(([size, type, fill]) => ({
          kind: 'too-large',
          method: 'POST',
          path: type === 'application/json' ? '/v1/stream/ack' : '/v1/messages',
          headers: { ...auth(alpha.token), 'content-type': type },
          body: fill.repeat(Math.ceil(size / fill.length)).slice(0, size),
          // 256 KiB is the limit of a message; any body is refused over 257 KiB, before it is parsed
          // (a bad acknowledgement under that is refused as bad JSON).
          expect: {
            allowed: [
              [413, ['too-large']],
              ...(type === 'application/json' && size <= MAX_MESSAGE_LENGTH + 1024
                ? [[400, ['malformed']] as const]
                : []),
            ],
          },
        })),
      // Bad acknowledgements.
      fc
        .oneof(
          printable(60).map((text) => ({ text, type: 'application/json' })),
          fc
            .oneof(
              fc.jsonValue(),
              fc.record({
                through: fc.oneof(
                  fc.double().filter((d) => !Number.isSafeInteger(d)),
                  fc.integer({ max: -1 }),
                  fc.integer({ min: head + 1 }),
                  fc.string(),
                  fc.constant(null),
                  fc.boolean(),
                  fc.array(fc.integer()),
                ),
              }),
            )
            .filter((v) => {
              const through = (v as { through?: unknown } | null)?.through;
              return !(
                typeof through === 'number' &&
                Number.isSafeInteger(through) &&
                through >= 0 &&
                through <= head
              );
            })
            .map((v) => ({ text: JSON.stringify(v) ?? 'null', type: 'application/json' })),
          fc.constantFrom('text/plain', 'application/jose').map((type) => ({ text: '{"through":1}', type })),
        )
        .map(({ text, type }) => ({
          kind: 'ack',
          method: 'POST',
          path: '/v1/stream/ack',
          headers: { ...auth(bravo.token), 'content-type': type },
          body: text,
          expect: {
            allowed: [
              [400, ['malformed', 'invalid-parameter', 'bad-request']],
              [415, ['unsupported-media-type']],
              [422, ['acknowledgement-beyond-head']],
            ],
          },
        })),
      // Bad query parameters and Last-Event-ID.
      fc
        .tuple(
          fc.constantFrom('/v1/stream/messages', '/v1/stream'),
          fc.constantFrom('after', 'limit', 'last-event-id', 'twice'),
          notAnInteger,
          fc.oneof(notAnInteger, fc.constantFrom('0', '1001', '99999')),
        )
        .map(([path, which, bad, badLimit]) => {
          const headers: Record<string, string> = { ...auth(bravo.token) };
          let query = `after=${encodeURIComponent(bad)}`;
          if (which === 'limit' && path === '/v1/stream/messages')
            query = `after=0&limit=${encodeURIComponent(badLimit)}`;
          else if (which === 'twice') query = `after=1&after=${encodeURIComponent(bad)}`;
          else if (
            which === 'last-event-id' &&
            path === '/v1/stream' &&
            // (fetch trims a header's value and takes only Latin-1)
            /^[\x21-\x7e](?:[\x20-\x7e]*[\x21-\x7e])?$/.test(bad)
          ) {
            headers['last-event-id'] = bad;
            query = 'after=0';
          }
          return {
            kind: 'query',
            method: 'GET',
            path: `${path}?${query}`,
            headers,
            expect: { allowed: [[400, ['invalid-parameter']]] },
          };
        }),
      // Methods a route does not have, and paths that are not routes.
      fc
        .tuple(
          fc.constantFrom(
            '/v1/me',
            '/v1/messages',
            '/v1/stream',
            '/v1/stream/messages',
            '/v1/stream/ack',
            '/v1/escalations',
            '/v1/health',
            '/v1/keys',
          ),
          fc.constantFrom('PUT', 'DELETE', 'PATCH', 'OPTIONS', 'POST', 'GET'),
          fc.boolean(),
        )
        .filter(([path, method]) => {
          const post = ['/v1/messages', '/v1/stream/ack'].includes(path);
          return post ? method !== 'POST' : method !== 'GET';
        })
        .map(([path, method, withAuth]) => ({
          kind: 'method',
          method,
          path,
          headers: {
            ...(withAuth ? auth(alpha.token) : {}),
            ...(method === 'GET' ? {} : { 'content-type': 'application/json' }),
          },
          ...(method === 'GET' || method === 'OPTIONS' ? {} : { body: '{"through":0}' }),
          // (An OPTIONS request saying application/json without a body is refused for that first.)
          expect: {
            allowed: [[404, ['not-found']], ...(method === 'OPTIONS' ? [[400, ['malformed']] as const] : [])],
          },
        })),
      fc
        .oneof(
          fc
            .array(
              fc.stringMatching(/^[A-Za-z0-9._~-]{1,12}$/).filter((p) => !/^\.+$/.test(p)),
              { minLength: 1, maxLength: 4 },
            )
            .map((p) => `/v1/${p.join('/')}`),
          fc.stringMatching(/^[0-9a-f-]{36}$/).map((id) => `/v1/public/cap/${id}.xml`),
          printable(20).map((s) => `/v1/public/cap/${encodeURIComponent(s)}.xml`),
          fc.constantFrom('/v1/public/cap/%ZZ.xml', '/v1/%E0%A4%A', '/v1/me%', '/%C0%AF', '/v1/%00'),
          fc.uuid({ version: 4 }).map((id) => `/v1/public/cap/${id}.xml`),
        )
        .filter(
          (path) =>
            !routes.some((r) => r.path === path) &&
            !['/v1/health', '/v1/keys', '/v1/openapi.json', '/v1/public/atom.xml'].includes(path),
        )
        .map((path) => ({
          kind: 'path',
          method: 'GET',
          path,
          headers: auth(alpha.token),
          expect: {
            allowed: [
              [404, ['not-found']],
              [400, ['bad-url', 'bad-request']],
            ],
          },
        })),
      // Bad, missing or revoked credentials, on every route that needs them.
      fc
        .tuple(
          fc.constantFrom(...routes),
          fc.oneof(
            fc.constantFrom(
              'none',
              '',
              'Bearer',
              'Bearer ',
              `bearer ${alpha.token}`,
              `Bearer ${alpha.token}x`,
              `Bearer  ${alpha.token}`,
              `Bearer ${alpha.token.slice(0, -1)}`,
              `Bearer ${zulu.token}`,
              `Basic ${Buffer.from(`alpha:${alpha.token}`).toString('base64')}`,
              `Token ${alpha.token}`,
            ),
            base64url(60).map((t) => `Bearer slx_${t}`),
            printable(80).map((t) => `Bearer ${t}`),
            printable(80),
          ),
        )
        .map(([route, authorization]) => ({
          kind: 'credentials',
          method: route.method,
          path: route.path === '/v1/stream' ? '/v1/stream?after=0' : route.path,
          headers: {
            ...(authorization === 'none' ? {} : { authorization }),
            ...(route.path === '/v1/messages' ? { 'content-type': 'application/jose' } : {}),
            ...(route.path === '/v1/stream/ack' ? { 'content-type': 'application/json' } : {}),
          },
          ...(route.path === '/v1/messages' ? { body: stored[0]!.jws } : {}),
          ...(route.path === '/v1/stream/ack' ? { body: '{"through":0}' } : {}),
          expect: { allowed: [[401, ['unauthenticated']]] },
        })),
      // Well-signed messages refused for what they say, sent as they are; and exact replays.
      sample.map((s) => ({
        kind: s.expect[0] === 200 ? 'replay' : 'refused',
        method: 'POST',
        path: '/v1/messages',
        headers: jose(s.token),
        body: s.jws,
        expect: { allowed: [s.expect] },
        ...('receipt' in s ? { receipt: s.receipt } : {}),
      })),
    ];

    const counts: Record<string, number> = {};
    let sent = 0;
    const result = await fc.check(
      fc.asyncProperty(
        fc.array(fc.oneof(...requests), { minLength: BATCH, maxLength: BATCH }),
        async (batch) => {
          const problems = await Promise.all(batch.map((r) => send(r)));
          sent += batch.length;
          for (const r of batch) counts[r.kind] = (counts[r.kind] ?? 0) + 1;
          const failed = problems.findIndex((p) => p !== undefined);
          if (failed >= 0) throw new Error(`${describeRequest(batch[failed]!)}\n  → ${problems[failed]}`);
        },
      ),
      { seed: SEED, numRuns: RUNS, endOnFailure: true },
    );
    // The first failing request alone (the counterexample's other requests passed).
    expect(result.failed ? String(result.errorInstance) : undefined).toBeUndefined();

    // The server is up, and nothing it stores changed.
    const health = await fetch(`${url}/v1/health`);
    expect(health.status).toBe(200);
    expect(((await health.json()) as { status: string }).status).toBe('ok');
    const after: ExchangeState = readState(ex.dbPath);
    expect(after).toEqual(before);
    const meAfter = await Promise.all([alpha, bravo].map((p) => new ExchangeClient(url, p.token).me()));
    expect(meAfter).toEqual(meBefore);
    console.info(
      `fuzz: ${sent} requests (${Object.entries(counts)
        .sort()
        .map(([k, n]) => `${k} ${n}`)
        .join(
          ', ',
        )}) in ${((Date.now() - started) / 1000).toFixed(1)} s; ${refused.length} refusal kinds checked first`,
    );
  }, 90_000);

  it('requests that are not HTTP enough for fastify get the same 4xx JSON error, and the connection closes', async () => {
    const port = Number(new URL(url).port);
    const token = ex.partners['alpha']!.token;
    /** Write raw bytes; what came back before the server closed the connection (or a timeout). */
    const raw = (text: string) =>
      new Promise<string>((resolve) => {
        const socket = connect(port, '127.0.0.1');
        let answer = '';
        const timer = setTimeout(() => {
          socket.destroy();
          resolve(`${answer}[no close after ${REQUEST_TIMEOUT} ms]`);
        }, REQUEST_TIMEOUT);
        socket.on('data', (d: Buffer) => {
          answer += d.toString('latin1');
        });
        socket.on('close', () => {
          clearTimeout(timer);
          resolve(answer);
        });
        socket.on('error', () => {});
        socket.end(text);
      });
    const host = 'Host: 127.0.0.1\r\n';
    const cases: ReadonlyArray<readonly [string, string, number]> = [
      ['unknown method', `FOO /v1/me HTTP/1.1\r\n${host}\r\n`, 400],
      ['not HTTP', 'GARBAGE\r\n\r\n', 400],
      ['header over 16 KiB', `GET /v1/me HTTP/1.1\r\n${host}X-Big: ${'a'.repeat(20_000)}\r\n\r\n`, 431],
      ['URL over 16 KiB', `GET /v1/stream/messages?after=${'1'.repeat(20_000)} HTTP/1.1\r\n${host}\r\n`, 431],
      ['invalid header name', `GET /v1/me HTTP/1.1\r\n${host}Bad Header: y\r\n\r\n`, 400],
      [
        'broken chunk',
        `POST /v1/stream/ack HTTP/1.1\r\n${host}Authorization: Bearer ${token}\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\nZZ\r\nabc\r\n0\r\n\r\n`,
        400,
      ],
      [
        'two content lengths',
        `POST /v1/stream/ack HTTP/1.1\r\n${host}Content-Type: application/json\r\nContent-Length: 3\r\nContent-Length: 4\r\n\r\nabcd`,
        400,
      ],
      [
        'content length and chunked (smuggling)',
        `POST /v1/messages HTTP/1.1\r\n${host}Content-Type: application/jose\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n`,
        400,
      ],
    ];
    const before = readState(ex.dbPath);
    for (const [name, request, status] of cases) {
      const answer = await raw(request);
      const [head, body] = [
        answer.slice(0, answer.indexOf('\r\n\r\n')),
        answer.slice(answer.indexOf('\r\n\r\n') + 4),
      ];
      expect(head.split('\r\n')[0], `${name}: ${answer.slice(0, 200)}`).toMatch(
        new RegExp(`^HTTP/1\\.1 ${status} `),
      );
      let parsed: unknown;
      try {
        parsed = JSON.parse(body);
      } catch {
        parsed = body;
      }
      expect(parsed, `${name}: the body`).toEqual({
        error: { code: expect.any(String), message: expect.stringMatching(/./) },
      });
    }
    expect((await fetch(`${url}/v1/health`)).status).toBe(200);
    expect(readState(ex.dbPath)).toEqual(before);
  });

  it('concurrent copies of one message: stored once, one receipt; one sequence twice: one stored, the rest 409', async () => {
    const bravo = ex.partners['bravo']!;
    const post = async (jws: string) => {
      const r = await fetch(`${url}/v1/messages`, {
        method: 'POST',
        headers: { authorization: `Bearer ${bravo.token}`, 'content-type': 'application/jose' },
        body: jws,
        signal: AbortSignal.timeout(REQUEST_TIMEOUT),
      });
      const body = (await r.json()) as { outcome?: string; receipt?: string; error?: { code: string } };
      return { status: r.status, outcome: body.outcome ?? body.error?.code, receipt: body.receipt };
    };
    const summary = (answers: ReadonlyArray<{ status: number; outcome: string | undefined }>) => {
      const counts: Record<string, number> = {};
      for (const a of answers)
        counts[`${a.status} ${a.outcome}`] = (counts[`${a.status} ${a.outcome}`] ?? 0) + 1;
      return counts;
    };
    const last = readState(ex.dbPath).lastSequence['bravo']!;
    // A publisher that resends a message whose answer is late (a retry after a timeout) sends a copy
    // while the first may still be in the commit queue: each copy gets the first one's receipt.
    for (let round = 1; round <= 3; round++) {
      const jws = await signMessage(buildMessage('heartbeat', 'bravo', last + round), bravo.keys[0]!);
      const copies = await Promise.all(Array.from({ length: 12 }, () => post(jws)));
      expect(summary(copies), `round ${round}: ${JSON.stringify(summary(copies))}`).toEqual({
        '201 stored': 1,
        '200 duplicate': 11,
      });
      expect(new Set(copies.map((c) => c.receipt)).size).toBe(1);
    }
    // Different messages with one sequence: the first is stored, the others are refused.
    const rivals = await Promise.all(
      Array.from({ length: 6 }, () =>
        signMessage(buildMessage('heartbeat', 'bravo', last + 4), bravo.keys[0]!),
      ),
    );
    expect(summary(await Promise.all(rivals.map(post)))).toEqual({
      '201 stored': 1,
      '409 sequence-not-increasing': 5,
    });
    expect(readState(ex.dbPath).lastSequence['bravo']).toBe(last + 4);
  });

  it('HEAD of the live stream answers at once instead of holding the connection', async () => {
    const bravo = ex.partners['bravo']!;
    const response = await fetch(`${url}/v1/stream?after=0`, {
      method: 'HEAD',
      headers: { authorization: `Bearer ${bravo.token}` },
      signal: AbortSignal.timeout(3000),
    });
    expect(response.status).toBeLessThan(500);
    // The connection is free again: the next request on it is answered.
    const me = await fetch(`${url}/v1/me`, {
      headers: { authorization: `Bearer ${bravo.token}` },
      signal: AbortSignal.timeout(3000),
    });
    expect(me.status).toBe(200);
  });
});
