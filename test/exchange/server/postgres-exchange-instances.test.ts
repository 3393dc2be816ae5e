import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { createParser } from 'eventsource-parser';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseAuditPublicKeys } from '../../../src/exchange/audit/audit-keys.js';
import { readPostgresAuditTables } from '../../../src/exchange/audit/postgres-audit-log.js';
import { verifyAudit } from '../../../src/exchange/audit/verify-audit.js';
import { ExchangeClient, ExchangeClientError } from '../../../src/exchange/client/exchange-client.js';
import { type ExchangeServer, startExchangeServer } from '../../../src/exchange/server/exchange-server.js';
import type { PostgresExchangeState } from '../../../src/exchange/server/postgres-exchange-state.js';
import { createKeyring, parsePublicKeyRecord } from '../../../src/exchange/signing/keyring.js';
import { signMessage } from '../../../src/exchange/signing/sign.js';
import { verifyMessage } from '../../../src/exchange/signing/verify.js';
import { runCli } from '../../cli/run-cli.js';
import { type PostgresServer, startPostgresServer } from '../../support/postgres-server.js';
import { createTestExchange, liveLaunchEvent, type TestPartner } from './exchange-harness.js';

/**
 * Two exchange server instances (in this process) on one PostgreSQL database: what one stores the
 * other serves, live through LISTEN/NOTIFY; receipts' sequences are unique across them; the audit
 * log they both append to verifies; held releases are released once; a partner revoked on the
 * command line is refused by both. And the commands with --database.
 */

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const PUBLISHERS = ['de', 'fr', 'it', 'nl', 'pl', 'us'] as const;
const PER_PUBLISHER = 20;

let pgServer: PostgresServer;
let admin: pg.Pool;
let exchange: Awaited<ReturnType<typeof createTestExchange>>;
let a: ExchangeServer;
let b: ExchangeServer;
let partners: Record<string, TestPartner>;
const sequences: Record<string, number> = {};

function start(): Promise<ExchangeServer> {
  // Heartbeats every 10 s: within a test, only a notice can wake a stream.
  return startExchangeServer({
    dir: exchange.dir,
    database: exchange.database,
    host: '127.0.0.1',
    port: 0,
    heartbeat: 10,
    escalateAfter: 3600,
  });
}

beforeAll(async () => {
  pgServer = await startPostgresServer();
  admin = new pg.Pool({ connectionString: pgServer.connectionString, max: 2 });
  admin.on('error', () => {});
  exchange = await createTestExchange(
    [
      ...PUBLISHERS.map((id) => ({ id, publish: ['launch-event' as const] })),
      { id: 'ru', policy: {} },
      // Receives launch events 3 s after launch.
      { id: 'uk', policy: { delay: 3 } },
    ],
    { database: pgServer.connectionString },
  );
  partners = exchange.partners;
  [a, b] = await Promise.all([start(), start()]);
}, 30_000);

let closed = false;

afterAll(async () => {
  if (!closed) await Promise.all([a?.close(), b?.close()]);
  exchange?.dispose();
  await admin?.end();
  await pgServer?.stop();
});

/** The events of a partner's stream as they come off the wire (no client-side deduplication). */
function rawStream(url: string, token: string, after: number) {
  const controller = new AbortController();
  const messages: Array<{ streamSequence: number; messageId: string }> = [];
  let opened!: () => void;
  const open = new Promise<void>((resolve) => {
    opened = resolve;
  });
  const done = (async () => {
    const response = await fetch(`${url}/v1/stream?after=${after}`, {
      headers: { authorization: `Bearer ${token}`, accept: 'text/event-stream' },
      signal: controller.signal,
    });
    const parser = createParser({
      onEvent: (event) => {
        if (event.event === 'message') messages.push(JSON.parse(event.data));
        else if (event.event === 'heartbeat') opened();
      },
    });
    const decoder = new TextDecoder();
    try {
      for await (const chunk of response.body as AsyncIterable<Uint8Array>)
        parser.feed(decoder.decode(chunk, { stream: true }));
    } catch {
      // aborted
    }
  })();
  return {
    messages,
    open,
    async until(count: number, ms: number) {
      for (let t = 0; t < ms && messages.length < count; t += 20) await sleep(20);
    },
    async stop() {
      controller.abort();
      await done.catch(() => {});
    },
  };
}

async function publish(via: ExchangeServer, sender: string, overrides = {}) {
  const p = partners[sender]!;
  const sequence = (sequences[sender] ?? 0) + 1;
  sequences[sender] = sequence;
  const message = liveLaunchEvent(sender, sequence, overrides);
  const outcome = await new ExchangeClient(via.url, p.token!).publish(await signMessage(message, p.key));
  return { message, outcome };
}

async function auditLog() {
  const client = await admin.connect();
  try {
    return await readPostgresAuditTables(client, 'public', 'test');
  } finally {
    client.release();
  }
}

function exchangeKeys() {
  const file = join(exchange.dir, 'exchange-public.jwk');
  return parseAuditPublicKeys(readFileSync(file, 'utf8'), file);
}

describe('two exchange server instances on one PostgreSQL database', () => {
  it('a subscriber on B receives live, in order, gapless and once, what is published through A and B at once; receipts are unique; the audit log verifies', async () => {
    const ru = partners['ru']!;
    const stream = rawStream(b.url, ru.token!, 0);
    await stream.open;
    const published: Array<{
      id: string;
      sender: string;
      sequence: number;
      via: 'a' | 'b';
      receipt: string;
    }> = [];
    const started = performance.now();
    // Every publisher at once, each alternating between the instances (its sequence strictly increasing).
    await Promise.all(
      PUBLISHERS.map(async (sender, p) => {
        for (let i = 0; i < PER_PUBLISHER; i++) {
          const via = (i + p) % 2 === 0 ? 'a' : 'b';
          const { message, outcome } = await publish(via === 'a' ? a : b, sender);
          expect(outcome.outcome).toBe('stored');
          published.push({
            id: message.id,
            sender,
            sequence: message.sequence,
            via,
            receipt: outcome.receipt,
          });
        }
      }),
    );
    const total = PUBLISHERS.length * PER_PUBLISHER;
    await stream.until(total, 5000);
    const elapsed = performance.now() - started;
    await sleep(200); // anything sent twice would be here by now
    await stream.stop();

    // In order, gapless, each once: stream sequences 1..total, every message published.
    expect(stream.messages.map((m) => m.streamSequence)).toEqual(
      Array.from({ length: total }, (_, i) => i + 1),
    );
    expect(new Set(stream.messages.map((m) => m.messageId))).toEqual(new Set(published.map((m) => m.id)));
    expect(published.filter((m) => m.via === 'a')).toHaveLength(total / 2);
    // Each publisher's messages in its order.
    const position = new Map(stream.messages.map((m) => [m.messageId, m.streamSequence]));
    for (const sender of PUBLISHERS) {
      const own = published.filter((m) => m.sender === sender).sort((x, y) => x.sequence - y.sequence);
      const at = own.map((m) => position.get(m.id)!);
      expect(at).toEqual([...at].sort((x, y) => x - y));
    }

    // Receipts from both instances, signed by the exchange, with sequences unique across them.
    const { keys } = await new ExchangeClient(a.url, undefined).keys();
    const keyring = await createKeyring(
      keys.map((k) => {
        const parsed = parsePublicKeyRecord(k);
        if (!parsed.ok) throw new Error(parsed.errors[0]!.message);
        return parsed.value;
      }),
    );
    const receiptSequences: number[] = [];
    for (const m of published) {
      const verified = await verifyMessage(m.receipt, keyring);
      expect(verified.ok && verified.message).toMatchObject({
        sender: 'exchange',
        type: 'receipt',
        references: [m.id],
      });
      if (verified.ok) receiptSequences.push(verified.message.sequence);
    }
    expect(new Set(receiptSequences).size).toBe(total);

    // The audit log both instances appended to at once: chained, checkpoints signed, one entry per message.
    const log = await auditLog();
    const verification = verifyAudit(log.entries, log.checkpoints, exchangeKeys());
    expect(verification).toMatchObject({ ok: true, signaturesChecked: true, problem: null });
    expect(verification.checkpoints).toBeGreaterThanOrEqual(1);
    const stored = log.entries.filter((e) => e.action === 'message.stored');
    for (const m of published) expect(stored.filter((e) => e.subject === m.id)).toHaveLength(1);
    // The stream positions the log records are the ones ru was sent.
    for (const e of stored) {
      const streams = e.details['streams'] as Array<{ partner: string; streamSequence: number }>;
      const toRu = streams.find((s) => s.partner === 'ru');
      if (position.has(e.subject)) expect(toRu?.streamSequence).toBe(position.get(e.subject));
    }
    expect(await (a.service.state as PostgresExchangeState).store.check()).toEqual({
      ok: true,
      problems: [],
    });
    console.log(
      `two instances: ${total} messages from ${PUBLISHERS.length} publishers in ${elapsed.toFixed(0)} ms (${((total / elapsed) * 1000).toFixed(0)}/s, receipts to live delivery on B)`,
    );
  });

  it('releases a held message once, though both instances release due messages at once', async () => {
    const uk = partners['uk']!;
    const head = (await new ExchangeClient(a.url, uk.token!).me()).streamHead;
    // Due 3 s after launch: 300 ms from now.
    const { message } = await publish(a, 'us', { launchTime: new Date(Date.now() - 2700).toISOString() });
    expect((await new ExchangeClient(b.url, uk.token!).me()).streamHead).toBe(head);
    await sleep(400);
    await Promise.all([1, 2, 3].flatMap(() => [a.service.releaseDue(), b.service.releaseDue()]));
    const { entries } = await new ExchangeClient(b.url, uk.token!).page(head, 10);
    expect(entries.map((e) => e.messageId)).toEqual([message.id]);
    const released = (await auditLog()).entries.filter(
      (e) => e.action === 'message.released' && e.subject === message.id,
    );
    expect(released).toHaveLength(1);
  });

  it('keeps delivering after the LISTEN connections are cut: they reconnect and wake the streams', async () => {
    const ru = partners['ru']!;
    const head = (await new ExchangeClient(b.url, ru.token!).me()).streamHead;
    const stream = rawStream(b.url, ru.token!, head);
    await stream.open;
    const cut = await admin.query(
      "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'shieldlab-exchange-listen'",
    );
    expect(cut.rowCount).toBe(2);
    const { message } = await publish(a, 'us');
    await stream.until(1, 5000);
    await stream.stop();
    expect(stream.messages.map((m) => m.messageId)).toEqual([message.id]);
    let listening = 0;
    for (let t = 0; t < 5000 && listening < 2; t += 50) {
      listening =
        (
          await admin.query(
            "SELECT 1 FROM pg_stat_activity WHERE application_name = 'shieldlab-exchange-listen'",
          )
        ).rowCount ?? 0;
      if (listening < 2) await sleep(50);
    }
    expect(listening).toBe(2);
  });

  it('refuses at both instances a partner revoked on the command line; partner list and verify-audit take --database', async () => {
    const it_ = partners['it']!;
    expect((await new ExchangeClient(b.url, it_.token!).me()).id).toBe('it');
    const revoked = await runCli(
      'exchange',
      'partner',
      'revoke',
      'it',
      '--database',
      pgServer.connectionString,
    );
    expect(revoked.code, revoked.stderr).toBe(0);
    for (const server of [a, b]) {
      const client = new ExchangeClient(server.url, it_.token!);
      await expect(client.me()).rejects.toMatchObject({ status: 401, code: 'unauthenticated' });
      const message = liveLaunchEvent('it', 1000);
      await expect(client.publish(await signMessage(message, it_.key))).rejects.toBeInstanceOf(
        ExchangeClientError,
      );
    }
    const listed = await runCli(
      'exchange',
      'partner',
      'list',
      '--database',
      pgServer.connectionString,
      '--format',
      'json',
    );
    expect(listed.code, listed.stderr).toBe(0);
    const it = (JSON.parse(listed.stdout) as Array<{ id: string; status: string }>).find(
      (p) => p.id === 'it',
    );
    expect(it?.status).toMatch(/^revoked /);

    const verified = await runCli(
      'exchange',
      'verify-audit',
      pgServer.connectionString,
      '--key',
      join(exchange.dir, 'exchange-public.jwk'),
    );
    expect(verified.code, verified.stdout + verified.stderr).toBe(0);
    expect(verified.stdout).toContain('intact');
    expect(verified.stdout).toContain('checkpoint signatures checked');
  });
});

describe('PostgresExchangeState.commit', () => {
  it('commits a batch in one transaction: a refused message undoes nothing, a duplicate gets the first receipt, the audit log has the stored ones', async () => {
    const state = a.service.state as PostgresExchangeState;
    const receivedAt = new Date().toISOString();
    const request = (id: string, sequence: number, jws = `h.${id}.s`) => ({
      envelope: { id, sender: 'de', sequence, type: 'launch-event', jws, receivedAt },
      releases: [{ partner: 'ru', jws: `h.${id}.ru` }],
      held: [],
      receipt: `receipt-of-${id}`,
      audit: { actor: 'de', action: 'message.stored', subject: id, details: { sequence } },
    });
    const [first, second, third] = [crypto.randomUUID(), crypto.randomUUID(), crypto.randomUUID()];
    const before = (await auditLog()).entries.length;
    const head = await state.streamHead('ru');
    const results = await state.commit([
      request(first, 10_000),
      request(crypto.randomUUID(), 9_999), // sequence not above 10 000
      request(first, 10_000, 'h.other.s'), // the same id, other content
      request(first, 10_000), // the same message again
      request(second, 10_001),
      { ...request(third, 10_002), releases: [{ partner: 'ru', jws: '' }] }, // malformed
    ]);
    expect(results.map((r) => (r.outcome === 'refused' ? r.error.code : r.outcome))).toEqual([
      'stored',
      'sequence-not-increasing',
      'conflicting-duplicate',
      'duplicate',
      'stored',
      'invalid-argument',
    ]);
    expect(results[3]).toEqual({ outcome: 'duplicate', receipt: `receipt-of-${first}` });
    expect(results[0]).toEqual({ outcome: 'stored', streams: [{ partner: 'ru', streamSequence: head + 1 }] });
    expect(results[4]).toEqual({ outcome: 'stored', streams: [{ partner: 'ru', streamSequence: head + 2 }] });
    expect(await state.receipt(second)).toBe(`receipt-of-${second}`);
    const added = (await auditLog()).entries.slice(before);
    expect(added.map((e) => [e.action, e.subject, e.details['streams']])).toEqual([
      ['message.stored', first, [{ partner: 'ru', streamSequence: head + 1 }]],
      ['message.stored', second, [{ partner: 'ru', streamSequence: head + 2 }]],
    ]);
    // The same batch again, through the other instance: all duplicates, nothing written.
    const state2 = b.service.state as PostgresExchangeState;
    const again = await state2.commit([request(first, 10_000), request(second, 10_001)]);
    expect(again.map((r) => r.outcome)).toEqual(['duplicate', 'duplicate']);
    expect((await auditLog()).entries.length).toBe(before + 2);
  });

  it('numbers exchange messages uniquely and increasingly across instances', async () => {
    const [x, y] = [a.service.state, b.service.state];
    const numbers = await Promise.all(
      Array.from({ length: 40 }, (_, i) => (i % 2 === 0 ? x : y).nextExchangeSequence()),
    );
    expect(new Set(numbers).size).toBe(40);
    const n1 = await x.nextExchangeSequence();
    const n2 = await y.nextExchangeSequence();
    expect(n2).toBeGreaterThan(n1);
    expect(n1).toBeGreaterThan(Math.max(...numbers));
  });

  it('refuses UPDATE, DELETE and TRUNCATE of the audit log', async () => {
    for (const statement of [
      "UPDATE audit_entries SET actor = 'someone' WHERE idx = 1",
      'DELETE FROM audit_entries WHERE idx = 1',
      'TRUNCATE audit_entries',
      'DELETE FROM audit_checkpoints',
    ])
      await expect(admin.query(statement)).rejects.toThrow(/append-only/);
  });
});

describe('shieldlab exchange init and partner with --database', () => {
  it('creates an exchange in a database once, its keys in --dir; manages partners; refuses a database without one', async () => {
    await admin.query('CREATE DATABASE cli');
    const url = pgServer.connectionString.replace(/\/shieldlab$/, '/cli');
    const dir = join(exchange.dir, 'cli');
    const init = await runCli('exchange', 'init', '--database', url, '--dir', dir, '--id', 'hub');
    expect(init.code, init.stderr).toBe(0);
    expect(statSync(join(dir, 'exchange-key.jwk')).mode & 0o777).toBe(0o600);
    const again = await runCli('exchange', 'init', '--database', url, '--dir', join(dir, 'other'));
    expect(again.code).toBe(2);
    expect(again.stderr.trim().split('\n')).toHaveLength(1);
    expect(again.stderr).toContain('holds exchange hub');

    const added = await runCli(
      'exchange',
      'partner',
      'add',
      'us',
      '--database',
      url,
      '--publish',
      'launch-event',
      '--generate-key',
      join(dir, 'us-key.json'),
    );
    expect(added.code, added.stderr).toBe(0);
    expect(added.stdout).toMatch(/token: slx_/);
    const duplicate = await runCli('exchange', 'partner', 'add', 'us', '--database', url);
    expect(duplicate.code).toBe(2);
    expect(duplicate.stderr).toContain('not already in use');
    const listed = JSON.parse(
      (await runCli('exchange', 'partner', 'list', '--database', url, '--format', 'json')).stdout,
    ) as Array<{ id: string; keys: string[] }>;
    expect(listed.map((p) => p.id)).toEqual(['us']);
    const rotated = await runCli(
      'exchange',
      'partner',
      'add-key',
      'us',
      '--database',
      url,
      '--generate-key',
      join(dir, 'us-key-2.json'),
      '--revoke-key',
      listed[0]!.keys[0]!,
    );
    expect(rotated.code, rotated.stderr).toBe(0);
    const verified = await runCli('exchange', 'verify-audit', url, '--format', 'json');
    expect(verified.code, verified.stdout).toBe(0);
    expect(JSON.parse(verified.stdout)).toMatchObject({ ok: true, entries: 4 });

    const empty = pgServer.connectionString.replace(/\/shieldlab$/, '/postgres');
    const none = await runCli('exchange', 'partner', 'list', '--database', empty);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('a database holding an exchange');
    const unreachable = await runCli(
      'exchange',
      'partner',
      'list',
      '--database',
      'postgres://nobody:secret@127.0.0.1:9/x',
    );
    expect(unreachable.code).toBe(2);
    expect(unreachable.stderr).toContain('a reachable PostgreSQL database');
    expect(unreachable.stderr).not.toContain('secret');
  });
});

describe('closing the instances', () => {
  it('signs a checkpoint of the audit head on close: no entry is left uncovered', async () => {
    closed = true;
    await Promise.all([a.close(), b.close()]);
    const log = await auditLog();
    const verification = verifyAudit(log.entries, log.checkpoints, exchangeKeys());
    expect(verification).toMatchObject({ ok: true, uncovered: 0 });
    // Every connection of both instances ends; the server removes a backend shortly after its
    // client has gone, so look again for up to 5 s before calling one left open.
    let open = -1;
    for (let i = 0; i < 50 && open !== 0; i++) {
      if (i > 0) await new Promise((r) => setTimeout(r, 100));
      open = (
        await admin.query("SELECT 1 FROM pg_stat_activity WHERE application_name LIKE 'shieldlab-exchange%'")
      ).rowCount!;
    }
    expect(open).toBe(0);
  });
});
