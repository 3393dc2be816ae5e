import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ExchangeClient, ExchangeClientError } from '../../../src/exchange/client/exchange-client.js';
import { tlsFetch } from '../../../src/exchange/client/tls-fetch.js';
import { openRegistry } from '../../../src/exchange/server/exchange-directory.js';
import { type ExchangeServer, startExchangeServer } from '../../../src/exchange/server/exchange-server.js';
import { signMessage } from '../../../src/exchange/signing/sign.js';
import { runCli } from '../../cli/run-cli.js';
import { createTestExchange, liveLaunchEvent } from './exchange-harness.js';
import { makeTestPki, type TestPki } from './test-certificates.js';

/**
 * Mutual TLS, the credential the issue prefers: partners present a certificate the exchange's
 * partner CA issued (CN = partner id). A certificate alone authenticates; no certificate, one from
 * another CA, or a revoked partner's is refused with 401; a token and a certificate of two
 * different partners with 403. Public routes stay open over HTTPS.
 */

let exchange: Awaited<ReturnType<typeof createTestExchange>>;
let pki: TestPki;
let server: ExchangeServer;

function clientAs(name: string | undefined, token?: string): ExchangeClient {
  const cert = name === undefined ? {} : pki.pem(name);
  return new ExchangeClient(server.url, token, { fetch: tlsFetch({ ca: pki.ca, ...cert }) });
}

async function refusal(promise: Promise<unknown>) {
  try {
    await promise;
  } catch (e) {
    expect(e).toBeInstanceOf(ExchangeClientError);
    return { status: (e as ExchangeClientError).status, code: (e as ExchangeClientError).code };
  }
  throw new Error('expected a refusal');
}

beforeAll(async () => {
  exchange = await createTestExchange([
    { id: 'us', publish: ['launch-event'] },
    { id: 'ru', policy: {} },
  ]);
  pki = makeTestPki(exchange.dir, ['us', 'ru']);
  server = await startExchangeServer({
    dir: exchange.dir,
    host: '127.0.0.1',
    port: 0,
    tls: { ...pki.server, clientCa: pki.ca },
  });
});

afterAll(async () => {
  await server?.close();
  exchange?.dispose();
});

describe('exchange server over mutual TLS', () => {
  it('authenticates a partner by its certificate alone, and serves public routes without one', async () => {
    expect(server.url).toMatch(/^https:/);
    const message = liveLaunchEvent('us', 1);
    const outcome = await clientAs('us').publish(await signMessage(message, exchange.partners['us']!.key));
    expect(outcome).toMatchObject({ outcome: 'stored', messageId: message.id });
    expect((await clientAs('ru').page(0)).entries.map((e) => e.messageId)).toEqual([message.id]);
    const health = await tlsFetch({ ca: pki.ca })(`${server.url}/v1/health`);
    expect(health.status).toBe(200);
  });

  it('refuses no certificate, another CA’s, and a token of another partner', async () => {
    expect(await refusal(clientAs(undefined).me())).toEqual({
      status: 401,
      code: 'client-certificate-required',
    });
    // Even with a valid token: with mutual TLS the certificate is required.
    expect(await refusal(clientAs(undefined, exchange.partners['us']!.token).me())).toEqual({
      status: 401,
      code: 'client-certificate-required',
    });
    expect(await refusal(clientAs('rogue').me())).toEqual({
      status: 401,
      code: 'client-certificate-required',
    });
    expect(await refusal(clientAs('ru', exchange.partners['us']!.token).me())).toEqual({
      status: 403,
      code: 'credential-mismatch',
    });
    expect((await clientAs('us', exchange.partners['us']!.token).me()).id).toBe('us');
  });

  it('publishes from the command line with a client certificate', async () => {
    const file = join(exchange.dir, 'launch.json');
    const { sequence: _s, id: _i, sent: _t, ...rest } = liveLaunchEvent('us', 2);
    writeFileSync(file, JSON.stringify({ type: rest.type, body: rest.body }));
    const files = pki.files('us');
    const result = await runCli(
      'exchange',
      'publish',
      file,
      '--url',
      server.url,
      '--ca',
      pki.caFile,
      '--tls-cert',
      files.cert,
      '--tls-key',
      files.key,
      '--key',
      exchange.partners['us']!.keyFile,
    );
    expect(result.code, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ outcome: 'stored', receipt: 'verified' });
  });

  it('stops a revoked partner’s certificate at once', async () => {
    const { db, registry } = openRegistry(exchange.dir);
    try {
      registry.revoke('ru', new Date().toISOString());
    } finally {
      db.close();
    }
    expect(await refusal(clientAs('ru').me())).toEqual({ status: 401, code: 'unauthenticated' });
  });
});
