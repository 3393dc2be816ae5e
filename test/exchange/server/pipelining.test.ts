import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ExchangeClient } from '../../../src/exchange/client/exchange-client.js';
import { type ExchangeServer, startExchangeServer } from '../../../src/exchange/server/exchange-server.js';
import { signMessage } from '../../../src/exchange/signing/sign.js';
import { createTestExchange, liveLaunchEvent } from './exchange-harness.js';

/**
 * Messages a partner's requests deliver in order are verified concurrently but checked and stored
 * in the order they arrived, so increasing sequence numbers are all stored, in order (found by the
 * benchmark: before, messages were checked in the order their verification finished, and some were
 * refused as not increasing). Requests on separate connections have no order: a publisher that
 * needs one keeps one request in flight (see the client).
 */
let exchange: Awaited<ReturnType<typeof createTestExchange>>;
let server: ExchangeServer;

beforeAll(async () => {
  exchange = await createTestExchange([
    { id: 'us', publish: ['launch-event'] },
    { id: 'ru', policy: {} },
  ]);
  server = await startExchangeServer({ dir: exchange.dir, host: '127.0.0.1', port: 0 });
});

afterAll(async () => {
  await server?.close();
  exchange?.dispose();
});

describe('pipelined publishing', () => {
  it('stores 300 messages handed over in order without waiting, every one, in sequence order', async () => {
    const us = exchange.partners['us']!;
    const signed = await Promise.all(
      Array.from({ length: 300 }, (_, i) => signMessage(liveLaunchEvent('us', i + 1), us.key)),
    );
    // The order the server received them in (as requests on one connection arrive), not awaited
    // one by one: verification of each runs concurrently and may finish in any order.
    const partner = (await server.service.state.partner('us'))!;
    const results = await Promise.allSettled(signed.map((jws) => server.service.publish(partner, jws)));
    expect(
      results.filter((r) => r.status === 'rejected').map((r) => String((r as PromiseRejectedResult).reason)),
    ).toEqual([]);
    const ru = new ExchangeClient(server.url, exchange.partners['ru']!.token);
    const entries = [];
    for (let after = 0; ; ) {
      const page = await ru.page(after, 1000);
      if (page.entries.length === 0) break;
      entries.push(...page.entries);
      after = page.entries.at(-1)!.streamSequence;
    }
    const order = entries.map(
      (e) => JSON.parse(Buffer.from(e.jws.split('.')[1]!, 'base64url').toString()).sequence,
    );
    expect(order).toEqual(Array.from({ length: 300 }, (_, i) => i + 1));
  });
});
