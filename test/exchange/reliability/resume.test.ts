import { getEventListeners } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { seededRandom } from '../../../src/core/random.js';
import {
  ExchangeClient,
  ExchangeClientError,
  type StreamEntryData,
} from '../../../src/exchange/client/exchange-client.js';
import type { MessageType } from '../../../src/exchange/messages/bodies.js';
import { isReleased } from '../../../src/exchange/messages/message.js';
import { signMessage } from '../../../src/exchange/signing/sign.js';
import { verifyMessage } from '../../../src/exchange/signing/verify.js';
import {
  buildMessage,
  CuttingProxy,
  createTestExchange,
  exchangeKeyring,
  freePort,
  killAllServers,
  ServerProcess,
  sleep,
} from './harness.js';

/**
 * Subscribers following their streams (ExchangeClient.follow, Server-Sent Events with resume)
 * while the link breaks at random: the server is killed with SIGKILL and restarted on the same
 * port, every connection is cut mid-stream by a proxy, or the link stalls silently (only the
 * heartbeat watchdog notices). Each subscriber's application must see its stream sequences
 * 1..N exactly once, in order, carrying exactly the messages its policy releases of what was
 * published, each copy signed by the exchange for it.
 */

const SEED = 7_062_007;
const MESSAGES = 240;
const HEARTBEAT = 0.25;

const SUBSCRIBERS: Readonly<Record<string, readonly MessageType[]>> = {
  bravo: ['heartbeat', 'pre-launch'],
  charlie: ['pre-launch'],
  delta: ['heartbeat'],
};

interface Subscriber {
  readonly id: string;
  readonly seen: StreamEntryData[];
  readonly reconnects: string[];
  readonly controller: AbortController;
  done: Promise<void>;
}

describe('ExchangeClient.follow against a failing server and link', () => {
  const dir = mkdtempSync(join(tmpdir(), 'shieldlab-resume-'));
  afterAll(async () => {
    await killAllServers();
    rmSync(dir, { recursive: true, force: true });
  });

  it('delivers every entry once, in order, across kills, cuts and stalls', async () => {
    const started = Date.now();
    const random = seededRandom(SEED);
    const ex = await createTestExchange(dir, [
      { id: 'alpha', publish: ['heartbeat', 'pre-launch'] },
      ...Object.entries(SUBSCRIBERS).map(([id, receives]) => ({ id, receives })),
    ]);
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    let server = await ServerProcess.start(dir, port, { heartbeat: HEARTBEAT });
    let next = ServerProcess.prewarm(dir, port, { heartbeat: HEARTBEAT });
    const keyring = await exchangeKeyring(url);
    const proxy = new CuttingProxy(port);
    const proxyUrl = `http://127.0.0.1:${await proxy.listen()}`;

    let up = true;
    let upAgain: Promise<void> = Promise.resolve();
    let markUp: () => void = () => {};

    // Subscribers: through the proxy, so that their links can be cut and stalled.
    const subscribers: Subscriber[] = Object.keys(SUBSCRIBERS).map((id) => {
      const client = new ExchangeClient(proxyUrl, ex.partners[id]!.token);
      const subscriber: Subscriber = {
        id,
        seen: [],
        reconnects: [],
        controller: new AbortController(),
        done: Promise.resolve(),
      };
      subscriber.done = client.follow({
        after: 0,
        signal: subscriber.controller.signal,
        retryDelay: 20,
        ackInterval: 50,
        onEntry: async (entry) => {
          subscriber.seen.push(entry);
          // A slow application now and then, so entries queue up while the link breaks.
          if (entry.streamSequence % 17 === 0) await sleep(15);
        },
        onReconnect: (reason) => subscriber.reconnects.push(reason),
      });
      return subscriber;
    });

    // The publisher: straight to the server; a message whose answer was lost is sent again.
    const published: Array<{ id: string; type: MessageType }> = [];
    const publisher = (async () => {
      const alpha = ex.partners['alpha']!;
      const client = new ExchangeClient(url, alpha.token);
      for (let sequence = 1; sequence <= MESSAGES; sequence++) {
        const type: MessageType = sequence % 3 === 0 ? 'pre-launch' : 'heartbeat';
        const message = buildMessage(type, 'alpha', sequence, { status: 'exercise' });
        const jws = await signMessage(message, alpha.keys[0]!);
        for (;;) {
          if (!up) await upAgain;
          try {
            await client.publish(jws);
            break;
          } catch (e) {
            if (e instanceof ExchangeClientError && e.status !== 0) throw e;
          }
        }
        published.push({ id: message.id, type });
        await sleep(random() * 30);
      }
    })();

    // The disruptions, at random moments while the publisher publishes (and until each kind
    // happened a few times).
    const counts = { kills: 0, cuts: 0, stalls: 0 };
    let publishing = true;
    void publisher.finally(() => {
      publishing = false;
    });
    while (publishing || counts.kills < 4 || counts.cuts < 6 || counts.stalls < 2) {
      await sleep(60 + random() * 200);
      const r = random();
      if (r < 0.35 && counts.kills < 8) {
        up = false;
        upAgain = new Promise((resolve) => {
          markUp = resolve;
        });
        const exit = await server.kill();
        expect(exit.stderr).toBe('');
        counts.kills++;
        await sleep(random() * 100);
        await next.go();
        server = next;
        next = ServerProcess.prewarm(dir, port, { heartbeat: HEARTBEAT });
        up = true;
        markUp();
      } else if (r < 0.8) {
        proxy.cut();
        counts.cuts++;
      } else if (counts.stalls < 4) {
        // Silence for longer than the watchdog waits (2.5 heartbeat intervals), then nothing else
        // for a while, so that only the watchdog can notice.
        proxy.stall(1500);
        counts.stalls++;
        await sleep(1000);
      }
    }
    await publisher;
    proxy.cut();
    counts.cuts++;

    // Each subscriber catches up with everything its policy releases.
    const expected = Object.fromEntries(
      Object.entries(SUBSCRIBERS).map(([id, types]) => [
        id,
        published.filter((p) => types.includes(p.type)).map((p) => p.id),
      ]),
    );
    const deadline = Date.now() + 20_000;
    while (subscribers.some((s) => s.seen.length < expected[s.id]!.length) && Date.now() < deadline)
      await sleep(50);
    // A little longer, so that a duplicate delivered late would be seen.
    await sleep(300);
    // Reconnecting does not pile listeners onto the caller's signal (one per wait would leak).
    for (const s of subscribers)
      expect(getEventListeners(s.controller.signal, 'abort').length, s.id).toBeLessThanOrEqual(2);
    for (const s of subscribers) s.controller.abort();
    await Promise.all(subscribers.map((s) => s.done));

    for (const s of subscribers) {
      const want = expected[s.id]!;
      expect(
        s.seen.map((e) => e.streamSequence),
        `${s.id}: stream sequences`,
      ).toEqual(want.map((_, i) => i + 1));
      expect(
        s.seen.map((e) => e.messageId),
        `${s.id}: message ids`,
      ).toEqual(want);
      for (const e of s.seen) {
        const verified = await verifyMessage(e.jws, keyring, { relays: [ex.id] });
        expect(verified.ok, `${s.id} ${e.streamSequence}`).toBe(true);
        if (!verified.ok) continue;
        expect(isReleased(verified.message) && verified.message.release.recipient).toBe(s.id);
        expect(verified.message.id).toBe(e.messageId);
        expect(verified.message.type).toBe(e.type);
      }
      // Every subscriber lost its link at least once and resumed.
      expect(s.reconnects.length, s.id).toBeGreaterThan(0);
    }
    // The acknowledgements reached the server: each stream is acknowledged to its end.
    for (const s of subscribers) {
      const me = await new ExchangeClient(url, ex.partners[s.id]!.token).me();
      expect({ head: me.streamHead, acknowledged: me.acknowledged }, s.id).toEqual({
        head: expected[s.id]!.length,
        acknowledged: expected[s.id]!.length,
      });
    }
    // A stalled link was noticed by the heartbeat watchdog alone.
    expect(subscribers.flatMap((s) => s.reconnects).some((r) => r.startsWith('no event for'))).toBe(true);

    await proxy.close();
    const exit = await server.kill();
    expect(exit.stderr).toBe('');
    await next.kill();
    console.info(
      `resume: ${MESSAGES} published; ${subscribers.map((s) => `${s.id} ${s.seen.length} entries, ${s.reconnects.length} reconnections`).join('; ')}; ` +
        `${counts.kills} kills, ${counts.cuts} cuts, ${counts.stalls} stalls; ${((Date.now() - started) / 1000).toFixed(1)} s`,
    );
  }, 60_000);
});
