import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ExchangeClient } from '../../../src/exchange/client/exchange-client.js';
import { type ExchangeServer, startExchangeServer } from '../../../src/exchange/server/exchange-server.js';
import { createKeyring, parsePublicKeyRecord } from '../../../src/exchange/signing/keyring.js';
import { verifyMessage } from '../../../src/exchange/signing/verify.js';
import { runCli } from '../../cli/run-cli.js';
import { createTestExchange } from './exchange-harness.js';

/**
 * The whole chain through real interfaces: a scenario launches an Iranian IRBM, the US early-warning
 * satellites detect it in the simulation, `shieldlab exchange bridge` publishes the launch event as
 * the United States would, the exchange stores it and answers with a receipt, and Russia's stream
 * carries the copy its policy grants, signed by the exchange.
 */

const SCENARIO = `name: bridge end to end
threats:
  - { id: irbm-london, missile: iran-irbm, from: tabriz, to: london }
defence:
  interceptorSites:
    - { id: redzikowo, site: redzikowo, interceptor: gbi-2stage, inventory: 2 }
  sensors: [ew-satellites]
studies:
  - { kind: trajectory, id: flights }
`;

let exchange: Awaited<ReturnType<typeof createTestExchange>>;
let server: ExchangeServer;

beforeAll(async () => {
  exchange = await createTestExchange([
    { id: 'us', publish: ['launch-event'] },
    { id: 'ru', policy: {} },
  ]);
  server = await startExchangeServer({ dir: exchange.dir, host: '127.0.0.1', port: 0, heartbeat: 1 });
});

afterAll(async () => {
  await server?.close();
  exchange?.dispose();
});

describe('simulator to exchange bridge', () => {
  it('publishes the detected launch; the partner receives the released copy', async () => {
    const scenario = join(exchange.dir, 'scenario.yaml');
    writeFileSync(scenario, SCENARIO);
    const tokenFile = join(exchange.dir, 'us.token');
    writeFileSync(tokenFile, exchange.partners['us']!.token!);
    const started = Date.now();
    const { code, stdout, stderr } = await runCli(
      'exchange',
      'bridge',
      scenario,
      '--url',
      server.url,
      '--token-file',
      tokenFile,
      '--key',
      exchange.partners['us']!.keyFile,
      '--party',
      'united-states',
      '--sensors',
      'ew-satellites',
      '--latency',
      '0',
    );
    expect(code, stderr).toBe(0);
    const lines = stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({
      threat: 'irbm-london',
      sensor: 'ew-satellites',
      outcome: 'stored',
      receipt: 'verified',
    });
    // Sent now: the first detection shifted to the wall clock.
    expect(Math.abs(Date.parse(lines[0].sent) - started)).toBeLessThan(30_000);

    const ru = new ExchangeClient(server.url, exchange.partners['ru']!.token!);
    const { entries } = await ru.page(0, 10);
    expect(entries.map((e) => e.messageId)).toEqual([lines[0].id]);
    const { keys } = (await (await fetch(`${server.url}/v1/keys`)).json()) as { keys: unknown[] };
    const keyring = await createKeyring(
      keys.map((k) => {
        const parsed = parsePublicKeyRecord(k);
        if (!parsed.ok) throw new Error(parsed.errors[0]!.message);
        return parsed.value;
      }),
    );
    const copy = await verifyMessage(entries[0]!.jws, keyring, { relays: ['exchange'] });
    expect(copy.ok).toBe(true);
    if (!copy.ok || copy.message.type !== 'launch-event') throw new Error('not a launch event');
    expect(copy.message).toMatchObject({ sender: 'us', status: 'exercise', release: { recipient: 'ru' } });
    expect(copy.message.body).toMatchObject({ basis: 'detected', vehicleClass: 'irbm' });
    // Launched before it was detected and sent; the policy floors times to the minute.
    const launch = Date.parse(copy.message.body.launchTime!);
    expect(launch % 60_000).toBe(0);
    expect(launch).toBeLessThanOrEqual(Date.parse(lines[0].sent));
  });
});
