import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ExchangeClient, type StreamEntryData } from '../../../src/exchange/client/exchange-client.js';
import { MESSAGE_TYPES, type MessageType } from '../../../src/exchange/messages/bodies.js';
import { canonicalBytes } from '../../../src/exchange/messages/canonical.js';
import { isReleased, type Message } from '../../../src/exchange/messages/message.js';
import { openRegistry } from '../../../src/exchange/server/exchange-directory.js';
import { PUBLIC_PARTNER } from '../../../src/exchange/server/partner-registry.js';
import type { Keyring } from '../../../src/exchange/signing/keyring.js';
import { signMessage } from '../../../src/exchange/signing/sign.js';
import type { SigningKey } from '../../../src/exchange/signing/signing-key.js';
import { verifyMessage } from '../../../src/exchange/signing/verify.js';
import { openExchangeDatabaseReadOnly } from '../../../src/exchange/store/sqlite-database.js';
import {
  buildMessage,
  checkExchangeFiles,
  createTestExchange,
  exchangeKeyring,
  freePort,
  killAllServers,
  type PartnerSpec,
  rawSign,
  runCliProcess,
  ServerProcess,
  SUBJECT_FIELD,
  type TestExchange,
} from './harness.js';

/**
 * Who may do what, against a real server process: every partner publishes every message type
 * (allowed: 201; otherwise 403 type-not-permitted; with an expired or not yet valid key 403 for the
 * key), every partner tries to publish as every other (403 wrong-sender or wrong-signer), bad
 * credentials get 401 on every route, and while the server runs a partner is revoked with
 * `shieldlab exchange partner revoke` (401 from then on, its key 403 revoked-key) and one key of
 * another is revoked (403 revoked-key, its other key still works). Then each partner reads its
 * stream, by page and live: exactly what its policy released to it, in order, each copy signed by
 * the exchange for it, and nothing released to another. Last, the audit log of the run verifies,
 * with the library and with `shieldlab exchange verify-audit`.
 */

const DAY = 86_400_000;

const SPECS: readonly PartnerSpec[] = [
  {
    id: 'alpha',
    publish: ['pre-launch', 'window-extension', 'cancellation', 'launch-event', 'heartbeat'],
    receives: ['pre-launch', 'launch-event', 'acknowledgement', 'heartbeat'],
  },
  {
    id: 'bravo',
    publish: ['heartbeat', 'acknowledgement', 'launch-event'],
    receives: ['pre-launch', 'window-extension', 'cancellation'],
  },
  // No policy: receives nothing.
  { id: 'charlie', publish: ['heartbeat', 'error'] },
  // Revoked while the server runs.
  { id: 'delta', publish: ['heartbeat', 'pre-launch'], receives: [...MESSAGE_TYPES] },
  // Its only key expired yesterday.
  { id: 'echo', publish: ['heartbeat'], receives: ['heartbeat'], keys: [{ from: -10 * DAY, to: -DAY }] },
  // Two keys; the first is revoked while the server runs.
  {
    id: 'foxtrot',
    publish: ['heartbeat'],
    receives: ['heartbeat', 'launch-event'],
    keys: [
      { from: -DAY, to: 365 * DAY },
      { from: -DAY, to: 365 * DAY },
    ],
  },
  // Its only key becomes valid tomorrow.
  { id: 'golf', publish: ['heartbeat'], keys: [{ from: DAY, to: 10 * DAY }] },
  { id: PUBLIC_PARTNER, receives: ['pre-launch', 'launch-event'] },
];
const WITH_TOKEN = SPECS.filter((s) => s.id !== PUBLIC_PARTNER).map((s) => s.id);

const ROUTES = [
  { method: 'GET', path: '/v1/me' },
  { method: 'POST', path: '/v1/messages', type: 'application/jose' },
  { method: 'GET', path: '/v1/stream/messages' },
  { method: 'GET', path: '/v1/stream?after=0' },
  { method: 'POST', path: '/v1/stream/ack', type: 'application/json', body: '{"through":0}' },
  { method: 'GET', path: '/v1/escalations' },
] as const;

interface Answer {
  readonly status: number;
  readonly code?: string;
}

describe('authorization against a running exchange', () => {
  const dir = mkdtempSync(join(tmpdir(), 'shieldlab-authz-'));
  let ex: TestExchange;
  let server: ServerProcess;
  let url: string;
  let keyring: Keyring;
  /** Every stored message in commit order (publishing is sequential), with who had it then. */
  const stored: Array<{ message: Message; recipients: string[] }> = [];
  const revoked = new Set<string>();
  const sequences = new Map<string, number>();
  const nextSequence = (sender: string) => {
    const n = (sequences.get(sender) ?? 0) + 1;
    sequences.set(sender, n);
    return n;
  };
  let requests = 0;

  beforeAll(async () => {
    ex = await createTestExchange(dir, SPECS);
    server = await ServerProcess.start(dir, await freePort());
    url = await server.listening;
    keyring = await exchangeKeyring(url);
  }, 30_000);
  afterAll(async () => {
    await killAllServers();
    rmSync(dir, { recursive: true, force: true });
  });

  /** POST a JWS with a partner's token; the status and error code. */
  async function post(token: string, jws: string): Promise<Answer> {
    requests++;
    const response = await fetch(`${url}/v1/messages`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/jose' },
      body: jws,
    });
    const body = (await response.json()) as { error?: { code: string; message: string } };
    if (response.status >= 400) {
      expect(typeof body.error?.message).toBe('string');
      return { status: response.status, code: body.error!.code };
    }
    return { status: response.status };
  }

  /** Who receives `message` now, by the policies as written in the specs (the model the server must match). */
  function recipientsOf(message: Message): string[] {
    const field = SUBJECT_FIELD[message.type];
    const subject = field ? ((message.body as Record<string, unknown>)[field] as string) : undefined;
    const has = (partner: string, id: string) => {
      const s = stored.find((x) => x.message.id === id);
      return s !== undefined && (s.message.sender === partner || s.recipients.includes(partner));
    };
    return SPECS.filter(
      (r) =>
        r.id !== message.sender &&
        r.receives?.includes(message.type) &&
        !revoked.has(r.id) &&
        (subject === undefined || has(r.id, subject)),
    ).map((r) => r.id);
  }

  /** Publish and expect `answer`; a stored message joins the model. */
  async function publish(token: string, message: Message, key: SigningKey, answer: Answer, context: string) {
    const jws =
      key.partner === message.sender
        ? await signMessage(message, key)
        : await rawSign(canonicalBytes(message), key);
    const got = await post(token, jws);
    expect(got, context).toEqual(answer);
    if (got.status === 201) stored.push({ message, recipients: recipientsOf(message) });
  }

  /** The last stored message of a type (a subject for the messages about another). */
  const lastOf = (...types: MessageType[]) =>
    [...stored].reverse().find((s) => types.includes(s.message.type))?.message.id;

  it('every partner publishing every type: allowed, type-not-permitted, or refused for its key', async () => {
    let allowed = 0;
    for (const id of WITH_TOKEN) {
      const partner = ex.partners[id]!;
      const spec = SPECS.find((s) => s.id === id)!;
      for (const type of MESSAGE_TYPES) {
        const subject = SUBJECT_FIELD[type]
          ? type === 'window-extension' || type === 'cancellation'
            ? lastOf('pre-launch')
            : lastOf('launch-event', 'pre-launch')
          : undefined;
        const message = buildMessage(type, id, nextSequence(id), {
          status: 'exercise',
          ...(subject ? { subject } : {}),
        });
        const answer: Answer =
          id === 'echo'
            ? { status: 403, code: 'expired-key' }
            : id === 'golf'
              ? { status: 403, code: 'key-not-yet-valid' }
              : spec.publish?.includes(type)
                ? { status: 201 }
                : { status: 403, code: 'type-not-permitted' };
        if (answer.status === 201) allowed++;
        await publish(partner.token, message, partner.keys[0]!, answer, `${id} publishes ${type}`);
        // A refused message did not use up its sequence.
        if (answer.status !== 201) sequences.set(id, sequences.get(id)! - 1);
      }
    }
    // Some of everything: enough messages for the streams, and the audit log, to be worth reading.
    const alpha = ex.partners['alpha']!;
    const bravo = ex.partners['bravo']!;
    for (let i = 0; i < 80; i++) {
      const type = (['heartbeat', 'pre-launch', 'launch-event'] as const)[i % 3]!;
      await publish(
        alpha.token,
        buildMessage(type, 'alpha', nextSequence('alpha'), { status: 'exercise' }),
        alpha.keys[0]!,
        { status: 201 },
        `alpha bulk ${i}`,
      );
      if (i % 4 === 0)
        await publish(
          bravo.token,
          buildMessage('acknowledgement', 'bravo', nextSequence('bravo'), { subject: lastOf('pre-launch')! }),
          bravo.keys[0]!,
          { status: 201 },
          `bravo acknowledges ${i}`,
        );
    }
    expect(allowed).toBe(
      WITH_TOKEN.filter((id) => id !== 'echo' && id !== 'golf')
        .map((id) => SPECS.find((s) => s.id === id)!.publish!.length)
        .reduce((a, b) => a + b),
    );
  });

  it('no partner publishes as another: wrong-sender, wrong-signer', async () => {
    const active = ['alpha', 'bravo', 'charlie', 'delta', 'foxtrot'];
    for (const p of active) {
      for (const q of active) {
        if (p === q) continue;
        const P = ex.partners[p]!;
        const Q = ex.partners[q]!;
        // Q's own message, signed by Q, sent with P's token.
        await publish(
          P.token,
          buildMessage('heartbeat', q, 10_000),
          Q.keys[0]!,
          { status: 403, code: 'wrong-sender' },
          `${p} sends ${q}'s message`,
        );
        // A message claiming to be Q's, signed with P's key.
        await publish(
          P.token,
          buildMessage('heartbeat', q, 10_001),
          P.keys[0]!,
          { status: 403, code: 'wrong-signer' },
          `${p} signs as ${q}`,
        );
        // P's message signed with Q's key.
        await publish(
          P.token,
          buildMessage('heartbeat', p, 10_002),
          Q.keys[0]!,
          { status: 403, code: 'wrong-signer' },
          `${p} uses ${q}'s key`,
        );
      }
    }
  });

  it('bad, missing or unknown credentials: 401 on every route', async () => {
    const body = await signMessage(
      buildMessage('heartbeat', 'alpha', 20_000),
      ex.partners['alpha']!.keys[0]!,
    );
    for (const route of ROUTES) {
      for (const authorization of [
        undefined,
        'Bearer slx_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA',
        `Basic ${ex.partners['alpha']!.token}`,
        `Bearer ${ex.partners['alpha']!.token}?`,
      ]) {
        requests++;
        const response = await fetch(`${url}${route.path}`, {
          method: route.method,
          headers: {
            ...(authorization === undefined ? {} : { authorization }),
            ...('type' in route ? { 'content-type': route.type } : {}),
          },
          ...(route.method === 'POST' ? { body: 'body' in route ? route.body : body } : {}),
          signal: AbortSignal.timeout(5000),
        });
        expect(
          { status: response.status, body: await response.json() },
          `${route.method} ${route.path} with ${authorization}`,
        ).toMatchObject({ status: 401, body: { error: { code: 'unauthenticated' } } });
      }
    }
  });

  it('revocations take effect while the server runs: partner (CLI) and key (registry)', async () => {
    const delta = ex.partners['delta']!;
    const foxtrot = ex.partners['foxtrot']!;
    const alpha = ex.partners['alpha']!;
    // Before: delta works.
    await publish(
      delta.token,
      buildMessage('pre-launch', 'delta', nextSequence('delta'), { status: 'exercise' }),
      delta.keys[0]!,
      { status: 201 },
      'delta before its revocation',
    );
    const cli = await runCliProcess('exchange', 'partner', 'revoke', 'delta', '--dir', dir);
    expect({ code: cli.code, stderr: cli.stderr }).toEqual({ code: 0, stderr: '' });
    revoked.add('delta');
    const { db, registry } = openRegistry(dir);
    try {
      registry.revokeKey(foxtrot.keys[0]!.kid, new Date().toISOString());
    } finally {
      db.close();
    }

    // delta's token opens nothing any more.
    for (const route of ROUTES) {
      requests++;
      const response = await fetch(`${url}${route.path}`, {
        method: route.method,
        headers: {
          authorization: `Bearer ${delta.token}`,
          ...('type' in route ? { 'content-type': route.type } : {}),
        },
        ...(route.method === 'POST' ? { body: 'body' in route ? route.body : 'x.y.z' } : {}),
        signal: AbortSignal.timeout(5000),
      });
      expect(
        { status: response.status, body: await response.json() },
        `revoked delta: ${route.path}`,
      ).toMatchObject({
        status: 401,
        body: { error: { code: 'unauthenticated' } },
      });
    }
    // Its key verifies nothing, whoever sends the message.
    await publish(
      alpha.token,
      buildMessage('heartbeat', 'delta', 30_000),
      delta.keys[0]!,
      { status: 403, code: 'revoked-key' },
      "delta's revoked key",
    );
    // foxtrot: the revoked key is refused, the other one works.
    await publish(
      foxtrot.token,
      buildMessage('heartbeat', 'foxtrot', nextSequence('foxtrot')),
      foxtrot.keys[0]!,
      { status: 403, code: 'revoked-key' },
      "foxtrot's revoked key",
    );
    sequences.set('foxtrot', sequences.get('foxtrot')! - 1);
    await publish(
      foxtrot.token,
      buildMessage('heartbeat', 'foxtrot', nextSequence('foxtrot')),
      foxtrot.keys[1]!,
      { status: 201 },
      "foxtrot's other key",
    );
    // What is published from now on goes to everyone but delta.
    for (const type of ['pre-launch', 'launch-event', 'heartbeat'] as const)
      await publish(
        alpha.token,
        buildMessage(type, 'alpha', nextSequence('alpha'), { status: 'exercise' }),
        alpha.keys[0]!,
        { status: 201 },
        `alpha ${type} after the revocations`,
      );
    await publish(
      ex.partners['bravo']!.token,
      buildMessage('launch-event', 'bravo', nextSequence('bravo')),
      ex.partners['bravo']!.keys[0]!,
      { status: 201 },
      'bravo launch event after the revocations',
    );
  });

  /** What partner `id` must have in its stream: every stored message the model released to it. */
  const expectedStream = (id: string) =>
    stored.filter((s) => s.recipients.includes(id)).map((s) => s.message);

  /** Check a stream's entries: the expected messages, in order, each a copy for `id` signed by the exchange. */
  async function checkEntries(id: string, entries: ReadonlyArray<StreamEntryData & { partner?: string }>) {
    const want = expectedStream(id);
    expect(
      entries.map((e) => [e.streamSequence, e.messageId, e.type]),
      `stream of ${id}`,
    ).toEqual(want.map((m, i) => [i + 1, m.id, m.type]));
    const policy = ex.partners[id]!.policy;
    for (const e of entries) {
      if (e.partner !== undefined) expect(e.partner).toBe(id);
      const verified = await verifyMessage(e.jws, keyring, { relays: [ex.id] });
      expect(verified.ok, `${id} ${e.streamSequence}: ${verified.ok ? '' : verified.reason}`).toBe(true);
      if (!verified.ok) continue;
      expect(verified.signer).toBe(ex.id);
      expect(isReleased(verified.message) && verified.message.release).toEqual({
        recipient: id,
        policy: policy!.id,
      });
      expect(verified.message.id).toBe(e.messageId);
      expect(Object.keys(policy!.types)).toContain(verified.message.type);
    }
  }

  it('each partner reads exactly what its policy released to it, by page and live, and nothing else', async () => {
    for (const id of WITH_TOKEN.filter((p) => !revoked.has(p))) {
      const client = new ExchangeClient(url, ex.partners[id]!.token);
      const want = expectedStream(id);
      // By page (small pages, so that paging is exercised), and a stray parameter changes nothing.
      const paged: StreamEntryData[] = [];
      for (;;) {
        requests++;
        const page = await client.page(paged.length, 7);
        expect(page.head, id).toBe(want.length);
        if (page.entries.length === 0) break;
        paged.push(...page.entries);
      }
      await checkEntries(id, paged);
      requests++;
      const other = await fetch(`${url}/v1/stream/messages?after=0&limit=1000&partner=bravo`, {
        headers: { authorization: `Bearer ${ex.partners[id]!.token}` },
      });
      expect(
        ((await other.json()) as { entries: StreamEntryData[] }).entries.map((e) => e.messageId),
      ).toEqual(paged.map((e) => e.messageId));

      // Live, from the start; then the stream is acknowledged to its end.
      const live: StreamEntryData[] = [];
      const controller = new AbortController();
      let head = -1;
      const following = client.follow({
        after: 0,
        signal: controller.signal,
        ackInterval: 10,
        onEntry: (e) => {
          live.push(e);
        },
        onHeartbeat: (h) => {
          head = h.head;
        },
      });
      const deadline = Date.now() + 5000;
      while ((head < 0 || live.length < want.length) && Date.now() < deadline)
        await new Promise((r) => setTimeout(r, 10));
      controller.abort();
      await following;
      requests += 2;
      expect(head, id).toBe(want.length);
      await checkEntries(id, live);
      const me = await client.me();
      expect({ head: me.streamHead, acknowledged: me.acknowledged }, id).toEqual({
        head: want.length,
        acknowledged: want.length,
      });
    }
    // The partner without a policy, and the one whose key is not yet valid, got nothing.
    expect(expectedStream('charlie')).toEqual([]);
    expect(expectedStream('golf')).toEqual([]);
    // A policy without a type gets none of it: bravo receives no heartbeat, launch event or acknowledgement.
    expect(expectedStream('bravo').length).toBeGreaterThan(0);
    expect(
      expectedStream('bravo').every((m) =>
        ['pre-launch', 'window-extension', 'cancellation'].includes(m.type),
      ),
    ).toBe(true);

    // The revoked partner's stream and the public one, as stored: delta has nothing from after its
    // revocation, the public stream holds its own copies.
    const db = openExchangeDatabaseReadOnly(ex.dbPath);
    try {
      for (const id of ['delta', PUBLIC_PARTNER]) {
        const rows = db
          .prepare(
            `SELECT s.stream_sequence AS streamSequence, s.message_id AS messageId, m.type, s.jws, s.partner
               FROM streams s JOIN messages m ON m.id = s.message_id WHERE s.partner = ? ORDER BY s.stream_sequence`,
          )
          .all(id) as Array<StreamEntryData & { partner: string }>;
        expect(rows.length, id).toBeGreaterThan(0);
        await checkEntries(id, rows);
      }
      // Every stream row is a copy for its own partner (no row of one partner's stream is another's copy).
      const all = db.prepare('SELECT partner, jws FROM streams').all() as Array<{
        partner: string;
        jws: string;
      }>;
      for (const row of all) {
        const payload = JSON.parse(Buffer.from(row.jws.split('.')[1]!, 'base64url').toString('utf8')) as {
          release: { recipient: string };
        };
        expect(payload.release.recipient).toBe(row.partner);
      }
    } finally {
      db.close();
    }
  });

  it('the audit log of the run verifies, with the library and with shieldlab exchange verify-audit', async () => {
    const exit = await server.kill();
    expect(exit.stderr).toBe('');
    const check = checkExchangeFiles(ex, 'after the authorization run');
    expect(check.messages).toBe(stored.length);
    expect(check.checkpoints).toBeGreaterThan(0);
    const cli = await runCliProcess(
      'exchange',
      'verify-audit',
      ex.dbPath,
      '--key',
      ex.publicKeyFile,
      '--format',
      'json',
    );
    expect({ code: cli.code, stderr: cli.stderr }).toEqual({ code: 0, stderr: '' });
    const report = JSON.parse(cli.stdout) as { ok: boolean; entries: number; signaturesChecked: boolean };
    expect(report).toMatchObject({ ok: true, entries: check.auditEntries, signaturesChecked: true });
    // The revocation by the command line and the acknowledgements are in it too.
    const db = openExchangeDatabaseReadOnly(ex.dbPath);
    try {
      const actions = db.prepare('SELECT action, subject FROM audit_entries').all() as Array<{
        action: string;
        subject: string;
      }>;
      expect(actions).toContainEqual({ action: 'partner.revoked', subject: 'delta' });
      expect(actions.filter((a) => a.action === 'stream.acknowledged').length).toBeGreaterThan(0);
    } finally {
      db.close();
    }
    console.info(
      `authorization: ${requests} requests, ${stored.length} messages stored, ${check.auditEntries} audit entries, ${check.checkpoints} checkpoints`,
    );
  });
});
