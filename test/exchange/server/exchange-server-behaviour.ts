import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditEntry } from '../../../src/exchange/audit/audit-entry.js';
import {
  ExchangeClient,
  ExchangeClientError,
  type StreamEntryData,
} from '../../../src/exchange/client/exchange-client.js';
import { messageDigest } from '../../../src/exchange/messages/canonical.js';
import { type ExchangeServer, startExchangeServer } from '../../../src/exchange/server/exchange-server.js';
import { createKeyring, parsePublicKeyRecord } from '../../../src/exchange/signing/keyring.js';
import { signMessage } from '../../../src/exchange/signing/sign.js';
import { verifyMessage } from '../../../src/exchange/signing/verify.js';
import { capSchemaErrors } from '../exports/cap-schema.js';
import { createTestExchange, liveLaunchEvent, type TestPartner } from './exchange-harness.js';

/**
 * The exchange server in this process on a loopback port: publish with receipts after commit,
 * duplicates, replay refusals, what each partner receives, live delivery with heartbeats, delayed
 * releases and escalation. The same behaviours on each state (SQLite: exchange-server.test.ts,
 * PostgreSQL: postgres-exchange-server.test.ts). Reliability under kills, fuzzing and the
 * authorization matrix against server processes are in test/exchange/reliability.
 */

export type TestExchange = Awaited<ReturnType<typeof createTestExchange>>;

/** How a suite reaches the exchange's database behind the server's back. */
export interface ServerBackend {
  /** The PostgreSQL URL (read when the suite starts); undefined: SQLite in the exchange directory. */
  database(): string | undefined;
  /** The stored message's sender and sequence, read by another connection. */
  storedMessage(
    exchange: TestExchange,
    id: string,
  ): Promise<{ sender: string; sequence: number } | undefined>;
  auditEntries(exchange: TestExchange): Promise<AuditEntry[]>;
}

export function describeExchangeServer(label: string, backend: ServerBackend): void {
  describe(label, () => {
    const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

    let exchange: Awaited<ReturnType<typeof createTestExchange>>;
    let server: ExchangeServer;
    let us: TestPartner;
    let ru: TestPartner;
    let uk: TestPartner;
    const escalations: string[] = [];

    function client(p: TestPartner): ExchangeClient {
      return new ExchangeClient(server.url, p.token!);
    }

    async function keyring() {
      const { keys } = (await (await fetch(`${server.url}/v1/keys`)).json()) as { keys: unknown[] };
      return createKeyring(
        keys.map((k: unknown) => {
          const parsed = parsePublicKeyRecord(k);
          if (!parsed.ok) throw new Error(parsed.errors[0]!.message);
          return parsed.value;
        }),
      );
    }

    async function refusal(
      promise: Promise<unknown>,
    ): Promise<{ status: number; code: string; message: string }> {
      try {
        await promise;
      } catch (e) {
        expect(e).toBeInstanceOf(ExchangeClientError);
        const { status, code, message } = e as ExchangeClientError;
        return { status, code, message };
      }
      throw new Error('expected a refusal');
    }

    let sequence = 0;
    async function publishLaunch(overrides: Parameters<typeof liveLaunchEvent>[2] = {}) {
      const message = liveLaunchEvent('us', ++sequence, overrides);
      const jws = await signMessage(message, us.key);
      return { message, jws, outcome: await client(us).publish(jws) };
    }

    beforeAll(async () => {
      exchange = await createTestExchange(
        [
          { id: 'us', publish: ['launch-event', 'acknowledgement'] },
          { id: 'ru', policy: {} },
          // Receives launch events only an hour after launch (and nothing below 5000 km range).
          { id: 'uk', policy: { delay: 3, threshold: { range: 1_000_000, apogee: 1_000_000 } } },
          // The public: launch time, areas as 5-degree cells, no delay (hazard notices).
          {
            id: 'public',
            policy: {
              types: {
                'launch-event': ['vehicleClass', 'launchTime', 'launchArea', 'impactArea', 'impactTime'],
              },
              precision: { area: { kind: 'grid', degrees: 5 }, time: 300, azimuth: 45, reach: 500_000 },
            },
          },
        ],
        { ...(backend.database() !== undefined && { database: backend.database()! }) },
      );
      ({ us, ru, uk } = exchange.partners as Record<string, TestPartner> & {
        us: TestPartner;
        ru: TestPartner;
        uk: TestPartner;
      });
      server = await startExchangeServer({
        dir: exchange.dir,
        database: exchange.database,
        host: '127.0.0.1',
        port: 0,
        heartbeat: 0.2,
        escalateAfter: 1,
        onEscalation: (e) => escalations.push(`${e.partner}:${e.messageId}`),
      });
    });

    afterAll(async () => {
      await server?.close();
      exchange?.dispose();
    });

    describe('exchange server: publish', () => {
      it('stores a message, answers 201 with a receipt the exchange signed over its digest', async () => {
        const { message, outcome } = await publishLaunch();
        expect(outcome).toMatchObject({
          outcome: 'stored',
          messageId: message.id,
          sha256: messageDigest(message),
        });
        const receipt = await verifyMessage(outcome.receipt, await keyring());
        expect(receipt.ok && receipt.message).toMatchObject({
          sender: 'exchange',
          type: 'receipt',
          references: [message.id],
          body: { message: message.id, sha256: messageDigest(message) },
        });
        // Stored before the answer: the database (read by another connection) has it.
        expect(await backend.storedMessage(exchange, message.id)).toEqual({
          sender: 'us',
          sequence: message.sequence,
        });
      });

      it('absorbs a duplicate: 200, the same receipt, nothing stored twice', async () => {
        const { jws, outcome } = await publishLaunch();
        const headBefore = (await client(ru).me()).streamHead;
        const again = await client(us).publish(jws);
        expect(again).toEqual({ ...outcome, outcome: 'duplicate' });
        expect((await client(ru).me()).streamHead).toBe(headBefore);
      });

      it('refuses replays and forgeries with the documented status and code', async () => {
        const last = (await client(us).me()).lastSequence;
        const old = liveLaunchEvent('us', last); // a sequence already used
        expect(await refusal(client(us).publish(await signMessage(old, us.key)))).toMatchObject({
          status: 409,
          code: 'sequence-not-increasing',
        });
        const stale = liveLaunchEvent('us', last + 100, {
          sent: new Date(Date.now() - 301_000).toISOString(),
        });
        expect(await refusal(client(us).publish(await signMessage(stale, us.key)))).toMatchObject({
          status: 422,
          code: 'stale',
        });
        const future = liveLaunchEvent('us', last + 100, {
          sent: new Date(Date.now() + 31_000).toISOString(),
        });
        expect(await refusal(client(us).publish(await signMessage(future, us.key)))).toMatchObject({
          status: 422,
          code: 'from-the-future',
        });
        // ru signs its own message, but may publish no launch events.
        const fromRu = liveLaunchEvent('ru', 1);
        expect(await refusal(client(ru).publish(await signMessage(fromRu, ru.key)))).toMatchObject({
          status: 403,
          code: 'type-not-permitted',
        });
        // ru sends a message us signed: a partner publishes only as itself.
        const asUs = await signMessage(liveLaunchEvent('us', last + 100), us.key);
        expect(await refusal(client(ru).publish(asUs))).toMatchObject({ status: 403, code: 'wrong-sender' });
        // A signature that does not match the payload.
        const [h, p] = asUs.split('.');
        const other = (await signMessage(liveLaunchEvent('us', last + 101), us.key)).split('.')[2];
        expect(await refusal(client(us).publish(`${h}.${p}.${other}`))).toMatchObject({
          status: 403,
          code: 'bad-signature',
        });
        expect(await refusal(new ExchangeClient(server.url, 'slx_not-a-token').me())).toMatchObject({
          status: 401,
          code: 'unauthenticated',
        });
        expect((await client(us).me()).lastSequence).toBe(last);
      });
    });

    describe('exchange server: public hazard notices', () => {
      it('serves the public stream as an Atom feed and CAP 1.2 alerts valid against the schema, without a token', async () => {
        const { message } = await publishLaunch();
        const feed = await fetch(`${server.url}/v1/public/atom.xml`);
        expect(feed.status).toBe(200);
        expect(feed.headers.get('content-type')).toContain('application/atom+xml');
        const atom = await feed.text();
        expect(atom).toContain(`<id>urn:uuid:${message.id}</id>`);
        const alert = await fetch(`${server.url}/v1/public/cap/${message.id}.xml`);
        expect(alert.status).toBe(200);
        expect(alert.headers.get('content-type')).toContain('application/cap+xml');
        const xml = await alert.text();
        expect(await capSchemaErrors([{ name: 'alert.xml', xml }])).toEqual([]);
        expect(xml).toContain(`<identifier>${message.id}</identifier>`);
        expect(xml).not.toMatch(/\d{2}:\d{2}:\d{2}Z/);
        // The public copy is coarse: no 5 km circle, a 5-degree cell.
        expect(xml).not.toContain('<circle>');
        // Anything not in the public stream is not public.
        const missing = await fetch(`${server.url}/v1/public/cap/${crypto.randomUUID()}.xml`);
        expect(missing.status).toBe(404);
        expect(await missing.json()).toMatchObject({ error: { code: 'not-found' } });
      });
    });

    describe('exchange server: streams', () => {
      it('releases a coarsened copy, signed by the exchange, to each partner its policy allows', async () => {
        const { message } = await publishLaunch();
        const { entries } = await client(ru).page(0, 1000);
        const entry = entries.find((e) => e.messageId === message.id)!;
        const copy = await verifyMessage(entry.jws, await keyring(), { relays: ['exchange'] });
        expect(copy.ok && copy.signer).toBe('exchange');
        expect(copy.ok && copy.message).toMatchObject({
          id: message.id,
          sender: 'us',
          release: { recipient: 'ru', policy: 'to-ru.1' },
        });
        const body = copy.ok
          ? (copy.message.body as { launchArea: { kind: string }; azimuth: number })
          : undefined;
        expect(body?.launchArea.kind).toBe('polygon'); // a 1-degree grid cell, not the 5 km circle
        expect((body?.azimuth ?? 0) % 10).toBe(0);
        // The publisher's own stream holds nothing: no partner receives its own messages back.
        expect((await client(us).me()).streamHead).toBe(0);
      });

      it('holds a delayed release and appends it when due; withholds below the partner threshold', async () => {
        const headBefore = (await client(uk).me()).streamHead;
        const { message } = await publishLaunch({ launchTime: new Date(Date.now() - 1000).toISOString() });
        await publishLaunch({ range: 600_000 }); // below uk's 1000 km threshold: never released to uk
        expect((await client(uk).me()).streamHead).toBe(headBefore);
        // Due 3 s after launch; the server checks every second.
        for (let i = 0; i < 40 && (await client(uk).me()).streamHead === headBefore; i++) await sleep(100);
        const { entries } = await client(uk).page(headBefore, 10);
        expect(entries.map((e) => e.messageId)).toEqual([message.id]);
      });

      it('delivers live by Server-Sent Events with heartbeats, resuming after the last acknowledgement', async () => {
        const seen: StreamEntryData[] = [];
        let heartbeats = 0;
        const controller = new AbortController();
        const start = (await client(ru).me()).acknowledged;
        const following = client(ru).follow({
          signal: controller.signal,
          ackInterval: 20,
          onHeartbeat: () => heartbeats++,
          onEntry: (e) => {
            seen.push(e);
          },
        });
        const published: string[] = [];
        for (let i = 0; i < 5; i++) published.push((await publishLaunch()).message.id);
        for (let i = 0; i < 50 && !published.every((id) => seen.some((e) => e.messageId === id)); i++)
          await sleep(50);
        await sleep(300);
        controller.abort();
        await following;
        expect(seen.map((e) => e.streamSequence)).toEqual(seen.map((_, i) => start + i + 1));
        expect(published.every((id) => seen.some((e) => e.messageId === id))).toBe(true);
        expect(heartbeats).toBeGreaterThanOrEqual(2);
        // Acknowledged through the last one delivered: a new subscription starts after it.
        expect((await client(ru).me()).acknowledged).toBe(seen.at(-1)!.streamSequence);
      });

      it('escalates a launch event left unacknowledged, once, to the publisher and the audit log', async () => {
        const { message } = await publishLaunch();
        await sleep(1300);
        await server.service.escalate();
        await server.service.escalate();
        expect(escalations.filter((e) => e === `ru:${message.id}`)).toHaveLength(1);
        const { escalations: listed } = (await client(us).escalations()) as {
          escalations: Array<{ messageId: string; partner: string }>;
        };
        expect(listed.filter((e) => e.messageId === message.id).map((e) => e.partner)).toContain('ru');
        // Acknowledging stops further escalation of later events up to that point.
        const head = (await client(ru).me()).streamHead;
        await client(ru).acknowledge(head);
        const entries = await backend.auditEntries(exchange);
        expect(
          entries.filter(
            (e) =>
              e.action === 'launch-event.escalated' &&
              e.subject === message.id &&
              e.details['partner'] === 'ru',
          ),
        ).toHaveLength(1);
        expect(entries.filter((e) => e.action === 'message.stored').length).toBeGreaterThanOrEqual(
          sequence - 1,
        );
      });
    });
  });
}
