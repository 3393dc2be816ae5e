import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { InputError } from '../core/errors.js';
import type { ExchangeClient } from '../exchange/client/exchange-client.js';
import type { Keyring } from '../exchange/signing/keyring.js';

/**
 * `shieldlab exchange publish | subscribe`: a partner's side of the exchange from the command line.
 * publish signs each message with the partner's key and prints the exchange's receipt, verified;
 * subscribe prints the partner's stream as JSON lines, each message verified, and acknowledges it.
 */

const collect = (value: string, previous: string[]) => [...previous, value];

interface ConnectionFlags {
  url: string;
  tokenFile?: string;
  ca?: string;
  tlsCert?: string;
  tlsKey?: string;
}

type BridgeFlags = ConnectionFlags & {
  key: string;
  party: string;
  sensors?: string;
  sharing?: string;
  latency: string;
  status: string;
};

/** The flags every client command takes to reach and authenticate to the exchange. */
function connectionOptions(command: Command): Command {
  return command
    .requiredOption('--url <url>', 'the exchange, such as http://127.0.0.1:8018')
    .option('--token-file <file>', 'the partner’s bearer token (or SHIELDLAB_EXCHANGE_TOKEN)')
    .option('--ca <file>', 'CA certificate (PEM) that issued the exchange’s TLS certificate')
    .option('--tls-cert <file>', 'the partner’s TLS client certificate (PEM), for mutual TLS')
    .option('--tls-key <file>', 'its private key (PEM)');
}

export function registerExchangeClient(exchange: Command): void {
  connectionOptions(exchange.command('publish <files...>'))
    .description(
      'sign and publish messages (YAML or JSON); id, sender, sequence, sent, schemaVersion and references are filled in when absent',
    )
    .requiredOption('--key <file>', 'the partner’s private key file')
    .action(async (files: string[], flags: ConnectionFlags & { key: string }) => {
      const lines = await runPublish(files, flags);
      process.stdout.write(lines.map((l) => `${JSON.stringify(l)}\n`).join(''));
    });

  connectionOptions(exchange.command('subscribe'))
    .description('print the partner’s stream as JSON lines (verified, then acknowledged), live until Ctrl-C')
    .option(
      '--after <sequence>',
      'start after this stream sequence (default: after the last acknowledgement)',
    )
    .option('--count <n>', 'stop after this many messages')
    .option('--key <file>', 'also trust this public key record (repeatable)', collect, [])
    .action(async (flags: ConnectionFlags & { after?: string; count?: string; key: string[] }) => {
      await runSubscribe(flags);
    });

  connectionOptions(exchange.command('bridge <scenario>'))
    .description(
      'run a scenario and publish, as one partner, the launch events its sensors detect (times shifted to now; each sent at its time)',
    )
    .requiredOption('--key <file>', 'the partner’s private key file')
    .requiredOption(
      '--party <party>',
      'the party whose sensors report (data/sharing.yaml), such as united-states',
    )
    .option(
      '--sensors <ids>',
      'its sensors that report, comma-separated (default: all of the party’s sensors)',
    )
    .option('--sharing <arrangement>', 'an arrangement whose shared tracks may cue its radars')
    .option('--latency <seconds>', 'reporting latency after the first detection', '60')
    .option('--status <status>', 'exercise or test (a simulated launch is never actual)', 'exercise')
    .action(async (scenario: string, flags: BridgeFlags) => {
      await runBridge(scenario, flags, (line) => process.stdout.write(`${JSON.stringify(line)}\n`));
    });
}

/**
 * The chain launch, detection, notification, receipt: run the scenario, turn the partner's
 * detections into launch events shifted so the first is sent now, and publish each at its `sent`
 * time (the exchange refuses live messages dated more than 30 s ahead).
 */
export async function runBridge(
  scenario: string,
  flags: BridgeFlags,
  print: (line: Record<string, unknown>) => void,
): Promise<void> {
  const [
    { readInputFile },
    { shippedCatalog },
    { runScenarioText },
    bridge,
    { readSigningKey },
    { signMessage },
    { verifyMessage },
    { ExchangeClientError },
  ] = await Promise.all([
    import('./input-file.js'),
    import('./catalog-files.js'),
    import('../studies/run-scenario-text.js'),
    import('../exchange/bridge/launch-events.js'),
    import('../exchange/server/key-files.js'),
    import('../exchange/signing/sign.js'),
    import('../exchange/signing/verify.js'),
    import('../exchange/client/exchange-client.js'),
  ]);
  const latency = Number(flags.latency);
  if (!/^\d+(\.\d+)?$/.test(flags.latency) || !(latency <= 3600))
    throw new InputError('--latency', flags.latency, 'a latency in seconds, >= 0 and <= 3600');
  if (flags.status !== 'exercise' && flags.status !== 'test')
    throw new InputError(
      '--status',
      flags.status,
      'exercise or test (a simulated launch is never published as actual)',
    );
  const { key } = await readSigningKey(flags.key);
  const client = await connect(flags);
  const me = await client.me().catch((e: unknown) => {
    throw clientFailure(e, ExchangeClientError);
  });
  const run = runScenarioText(scenario, readInputFile(scenario, 'scenario'), shippedCatalog());
  const sensors =
    flags.sensors?.split(',').map((s) => s.trim()) ?? bridge.partySensors(run.library, flags.party);
  const batch = bridge.detectedLaunchEvents(
    run,
    { partner: key.partner, party: flags.party, sensors },
    {
      firstSequence: me.lastSequence + 1,
      status: flags.status,
      reportingLatency: latency,
      now: Date.now(),
      ...(flags.sharing === undefined ? {} : { sharing: flags.sharing }),
    },
  );
  for (const s of batch.skipped) print({ threat: s.threat, published: false, reason: s.reason });
  const keyring = await exchangeKeyring(client);
  for (const event of batch.events) {
    const wait = Date.parse(event.message.sent) - Date.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    const outcome = await client.publish(await signMessage(event.message, key)).catch((e: unknown) => {
      throw clientFailure(e, ExchangeClientError, scenario);
    });
    const receipt = await verifyMessage(outcome.receipt, keyring);
    print({
      threat: event.threat,
      sensor: event.sensor,
      detection: event.detection,
      id: outcome.messageId,
      sequence: event.message.sequence,
      sent: event.message.sent,
      outcome: outcome.outcome,
      receipt:
        receipt.ok && receipt.message.type === 'receipt' && receipt.message.body.sha256 === outcome.sha256
          ? 'verified'
          : 'NOT VERIFIED',
    });
  }
}

async function connect(flags: ConnectionFlags): Promise<ExchangeClient> {
  const { ExchangeClient } = await import('../exchange/client/exchange-client.js');
  let url: URL;
  try {
    url = new URL(flags.url);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error('scheme');
  } catch {
    throw new InputError('--url', flags.url, 'an http:// or https:// URL of the exchange');
  }
  let token = process.env['SHIELDLAB_EXCHANGE_TOKEN'];
  if (flags.tokenFile !== undefined) {
    try {
      token = readFileSync(flags.tokenFile, 'utf8').trim();
    } catch {
      throw new InputError('--token-file', flags.tokenFile, 'an existing, readable file holding the token');
    }
  }
  if ((flags.tlsCert === undefined) !== (flags.tlsKey === undefined))
    throw new InputError('--tls-key', flags.tlsKey ?? '(none)', 'both --tls-cert and --tls-key, or neither');
  if (!token && flags.tlsCert === undefined)
    throw new InputError(
      '--token-file',
      '(none)',
      'a token file, the token in SHIELDLAB_EXCHANGE_TOKEN, or a TLS client certificate',
    );
  const read = (flag: string, file: string | undefined) => {
    if (file === undefined) return undefined;
    try {
      return readFileSync(file, 'utf8');
    } catch {
      throw new InputError(flag, file, 'an existing, readable PEM file');
    }
  };
  const tls = {
    ca: read('--ca', flags.ca),
    cert: read('--tls-cert', flags.tlsCert),
    key: read('--tls-key', flags.tlsKey),
  };
  const useTls = tls.ca !== undefined || tls.cert !== undefined;
  const fetch = useTls ? (await import('../exchange/client/tls-fetch.js')).tlsFetch(tls) : undefined;
  return new ExchangeClient(url.toString(), token || undefined, fetch ? { fetch } : {});
}

/** The exchange's keyring, from GET /v1/keys, plus keys the user trusts explicitly. */
async function exchangeKeyring(client: ExchangeClient, extra: readonly string[] = []): Promise<Keyring> {
  const [{ createKeyring, parsePublicKeyRecord }, { readPublicKeyRecord }] = await Promise.all([
    import('../exchange/signing/keyring.js'),
    import('../exchange/server/key-files.js'),
  ]);
  const records = (await client.keys()).keys.map((k, i) => {
    const parsed = parsePublicKeyRecord(k, `GET /v1/keys: keys[${i}]`);
    if (!parsed.ok) throw parsed.errors[0]!;
    return parsed.value;
  });
  const known = new Set(records.map((r) => r.kid));
  for (const file of extra) {
    const r = readPublicKeyRecord(file);
    if (!known.has(r.kid)) records.push(r);
  }
  return createKeyring(records);
}

/** Sign and publish each file's message; returns one result per file. */
export async function runPublish(files: readonly string[], flags: ConnectionFlags & { key: string }) {
  const [
    { readSigningKey },
    { signMessage },
    { verifyMessage },
    { parseSourceDocument },
    { SCHEMA_VERSION },
    { ExchangeClientError },
  ] = await Promise.all([
    import('../exchange/server/key-files.js'),
    import('../exchange/signing/sign.js'),
    import('../exchange/signing/verify.js'),
    import('../scenario/source-document.js'),
    import('../exchange/messages/message.js'),
    import('../exchange/client/exchange-client.js'),
  ]);
  const { key } = await readSigningKey(flags.key);
  const client = await connect(flags);
  const me = await client.me().catch((e: unknown) => {
    throw clientFailure(e, ExchangeClientError);
  });
  const keyring = await exchangeKeyring(client);
  let sequence = me.lastSequence;
  const results = [];
  for (const file of files) {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      throw new InputError(file, '(unreadable)', 'an existing, readable message file (YAML or JSON)');
    }
    const data = parseSourceDocument(file, text).data as Record<string, unknown>;
    if (typeof data !== 'object' || data === null || Array.isArray(data))
      throw new InputError('(top level)', data, 'a message: an object with type and body', file);
    const message = {
      schemaVersion: SCHEMA_VERSION,
      id: crypto.randomUUID(),
      sender: key.partner,
      sequence: ++sequence,
      sent: new Date().toISOString(),
      references: [],
      status: 'exercise',
      ...data,
    };
    if (typeof message.sequence === 'number') sequence = Math.max(sequence, message.sequence);
    let jws: string;
    try {
      jws = await signMessage(message as never, key);
    } catch (e) {
      if (e instanceof InputError) throw e.inFile(file);
      const errors = (e as { errors?: InputError[] }).errors;
      if (errors?.[0]) throw errors[0].inFile(file);
      throw e;
    }
    const outcome = await client.publish(jws).catch((e: unknown) => {
      throw clientFailure(e, ExchangeClientError, file);
    });
    const receipt = await verifyMessage(outcome.receipt, keyring);
    const receiptOk =
      receipt.ok &&
      receipt.message.sender === me.exchange &&
      receipt.message.type === 'receipt' &&
      receipt.message.body.message === outcome.messageId &&
      receipt.message.body.sha256 === outcome.sha256;
    if (!receiptOk)
      throw new Error(
        `${file}: the exchange's receipt does not verify (${receipt.ok ? 'wrong content' : receipt.reason})`,
      );
    results.push({
      file,
      outcome: outcome.outcome,
      id: outcome.messageId,
      sequence: (message as { sequence: number }).sequence,
      sha256: outcome.sha256,
      receipt: 'verified',
    });
  }
  return results;
}

/** Follow the stream, printing each verified message as a JSON line. */
export async function runSubscribe(
  flags: ConnectionFlags & { after?: string; count?: string; key: string[] },
): Promise<void> {
  const [{ verifyMessage }, { ExchangeClientError }] = await Promise.all([
    import('../exchange/signing/verify.js'),
    import('../exchange/client/exchange-client.js'),
  ]);
  const count = flags.count === undefined ? undefined : integerFlag('--count', flags.count, 1);
  const after = flags.after === undefined ? undefined : integerFlag('--after', flags.after, 0);
  const client = await connect(flags);
  const me = await client.me().catch((e: unknown) => {
    throw clientFailure(e, ExchangeClientError);
  });
  let keyring = await exchangeKeyring(client, flags.key);
  const controller = new AbortController();
  const stop = () => controller.abort();
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  let received = 0;
  try {
    await client.follow({
      ...(after === undefined ? {} : { after }),
      signal: controller.signal,
      onReconnect: (reason) => process.stderr.write(`reconnecting: ${reason}\n`),
      onEntry: async (entry) => {
        let verified = await verifyMessage(entry.jws, keyring, { relays: [me.exchange] });
        if (!verified.ok && verified.code === 'unknown-key') {
          keyring = await exchangeKeyring(client, flags.key); // a key added since we started
          verified = await verifyMessage(entry.jws, keyring, { relays: [me.exchange] });
        }
        const line = verified.ok
          ? { streamSequence: entry.streamSequence, verified: true, message: verified.message }
          : {
              streamSequence: entry.streamSequence,
              verified: false,
              reason: verified.reason,
              messageId: entry.messageId,
            };
        process.stdout.write(`${JSON.stringify(line)}\n`);
        received++;
        if (count !== undefined && received >= count) controller.abort();
      },
    });
  } catch (e) {
    throw clientFailure(e, ExchangeClientError);
  } finally {
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
  }
}

function integerFlag(flag: string, value: string, min: number): number {
  const n = /^\d{1,15}$/.test(value) ? Number(value) : Number.NaN;
  if (!(n >= min)) throw new InputError(flag, value, `an integer >= ${min}`);
  return n;
}

/** A refusal by the exchange as one line: bad input (exit 2) when the exchange says it is. */
function clientFailure(e: unknown, type: new (...args: never[]) => Error, file?: string): unknown {
  if (!(e instanceof type)) return e;
  const { status, code, message } = e as unknown as { status: number; code: string; message: string };
  if (status === 0) return new InputError('--url', message, 'a reachable exchange');
  const where = file ?? 'exchange';
  return new InputError(where, code, `a message the exchange accepts (HTTP ${status}: ${message})`);
}
