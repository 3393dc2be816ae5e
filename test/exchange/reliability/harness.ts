import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer, connect as netConnect, type Server, type Socket } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CompactSign } from 'jose';
import { expect } from 'vitest';
import { parseAuditPublicKeys } from '../../../src/exchange/audit/audit-keys.js';
import { readAuditTables } from '../../../src/exchange/audit/sqlite-audit-log.js';
import { verifyAudit } from '../../../src/exchange/audit/verify-audit.js';
import type { PublishResponse } from '../../../src/exchange/client/exchange-client.js';
import { BODY_FIELDS, type MessageType } from '../../../src/exchange/messages/bodies.js';
import { messageDigest } from '../../../src/exchange/messages/canonical.js';
import type { Message, MessageStatus } from '../../../src/exchange/messages/message.js';
import { parseReleasePolicy, type ReleasePolicy } from '../../../src/exchange/policy/policy.js';
import {
  DATABASE_FILE,
  initExchange,
  openRegistry,
  PUBLIC_KEY_FILE,
} from '../../../src/exchange/server/exchange-directory.js';
import { MESSAGE_JWS_ALG, MESSAGE_JWS_TYPE } from '../../../src/exchange/signing/jws-format.js';
import {
  createKeyring,
  type Keyring,
  type PublicKeyRecord,
  parsePublicKeyRecord,
} from '../../../src/exchange/signing/keyring.js';
import { generateSigningKey, type SigningKey } from '../../../src/exchange/signing/signing-key.js';
import { verifyMessage } from '../../../src/exchange/signing/verify.js';
import { openExchangeDatabaseReadOnly } from '../../../src/exchange/store/sqlite-database.js';
import { SqliteMessageStore } from '../../../src/exchange/store/sqlite-message-store.js';
import {
  acknowledgement,
  cancellation,
  errorMessage,
  extension,
  heartbeat,
  launchEvent,
  preLaunch,
  receipt,
} from '../messages/fixtures.js';

/**
 * Shared pieces of the reliability tests, which run the exchange server as a real process on
 * loopback: setting up an exchange directory with partners, keys and policies; starting, killing
 * and restarting server processes; building valid messages; checking receipts; reading the
 * database as it is on disk; and a TCP proxy that cuts or stalls connections on demand.
 */

export const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const SERVER_CHILD = fileURLToPath(new URL('./server-child.ts', import.meta.url));
const CLI_MAIN = join(ROOT, 'src', 'cli', 'main.ts');

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export { freePort } from '../../support/free-port.js';

// ---------------------------------------------------------------------------------------------
// The exchange directory

const DAY = 86_400_000;

export interface PartnerSpec {
  readonly id: string;
  /** Types it may publish. */
  readonly publish?: readonly MessageType[];
  /** Types its policy releases to it (every body field, exact precision); none: no policy. */
  readonly receives?: readonly MessageType[];
  /** Its keys' validity relative to now (ms); default one key valid from a day ago for a year. */
  readonly keys?: ReadonlyArray<{ readonly from: number; readonly to: number }>;
}

export interface TestPartner {
  readonly id: string;
  /** Undefined for the public partner. */
  readonly token: string;
  readonly publishTypes: readonly MessageType[];
  readonly policy: ReleasePolicy | undefined;
  readonly keys: readonly SigningKey[];
  readonly records: readonly PublicKeyRecord[];
}

export interface TestExchange {
  readonly dir: string;
  readonly dbPath: string;
  readonly publicKeyFile: string;
  readonly id: string;
  readonly partners: Readonly<Record<string, TestPartner>>;
}

/** A policy that releases these types with every body field, exactly, whatever their status. */
export function receivePolicy(partner: string, types: readonly MessageType[]): ReleasePolicy {
  const parsed = parseReleasePolicy({
    id: `to-${partner}.1`,
    partner,
    statuses: ['actual', 'exercise', 'test'],
    types: Object.fromEntries(types.map((t) => [t, [...BODY_FIELDS[t]]])),
    precision: { area: { kind: 'exact' }, time: 1, azimuth: 1, reach: 1 },
  });
  if (!parsed.ok) throw new Error(parsed.errors.map((e) => e.message).join('\n'));
  return parsed.value;
}

/** Create an exchange in `dir` with these partners (library calls, as `exchange init` and `partner add`). */
export async function createTestExchange(dir: string, specs: readonly PartnerSpec[]): Promise<TestExchange> {
  const now = Date.now();
  await initExchange(dir, 'exchange', new Date(now));
  const partners: Record<string, TestPartner> = {};
  const { db, registry } = openRegistry(dir);
  try {
    for (const spec of specs) {
      const generated = await Promise.all(
        (spec.keys ?? [{ from: -DAY, to: 365 * DAY }]).map((k) =>
          generateSigningKey(spec.id, {
            notBefore: new Date(now + k.from).toISOString(),
            notAfter: new Date(now + k.to).toISOString(),
          }),
        ),
      );
      const policy = spec.receives ? receivePolicy(spec.id, spec.receives) : undefined;
      const publishTypes = spec.publish ?? [];
      const token = registry.add({
        id: spec.id,
        publishTypes,
        policy,
        keys: generated.map((g) => g.publicRecord),
        now: new Date(now).toISOString(),
      });
      partners[spec.id] = {
        id: spec.id,
        token: token ?? '',
        publishTypes,
        policy,
        keys: generated.map((g) => g.signingKey),
        records: generated.map((g) => g.publicRecord),
      };
    }
  } finally {
    db.close();
  }
  return {
    dir,
    dbPath: join(dir, DATABASE_FILE),
    publicKeyFile: join(dir, PUBLIC_KEY_FILE),
    id: 'exchange',
    partners,
  };
}

// ---------------------------------------------------------------------------------------------
// Server processes

export interface ServerOptions {
  /** Seconds between heartbeats on live streams. */
  readonly heartbeat?: number;
  readonly escalateAfter?: number;
}

export interface Exit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stderr: string;
}

/**
 * An exchange server process (server-child.ts). `prewarm` loads the code and waits; `go` opens the
 * exchange and listens. A test keeps the next server warm while the current one runs, so that a
 * restart after SIGKILL takes tens of milliseconds rather than the second tsx needs to load.
 */
/** Every server process started and not yet ended, so that a failed test leaves none behind. */
const running = new Set<ServerProcess>();

/** SIGKILL every server process still running (afterAll of each test file). */
export async function killAllServers(): Promise<void> {
  await Promise.all([...running].map((s) => s.kill()));
}

export class ServerProcess {
  readonly exited: Promise<Exit>;
  readonly warm: Promise<void>;
  readonly listening: Promise<string>;
  private readonly child: ChildProcessWithoutNullStreams;
  private stderr = '';

  private constructor(dir: string, port: number, options: ServerOptions, wait: boolean) {
    this.child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        SERVER_CHILD,
        dir,
        String(port),
        String(options.heartbeat ?? 10),
        String(options.escalateAfter ?? 600),
        ...(wait ? ['wait'] : []),
      ],
      { cwd: ROOT, stdio: ['pipe', 'pipe', 'pipe'] },
    );
    let onWarm: () => void = () => {};
    let onListening: (url: string) => void = () => {};
    this.warm = new Promise((resolve) => {
      onWarm = resolve;
    });
    const listening = new Promise<string>((resolve) => {
      onListening = resolve;
    });
    let pending = '';
    this.child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      pending += chunk;
      const lines = pending.split('\n');
      pending = lines.pop()!;
      for (const line of lines) {
        if (line === 'warm') onWarm();
        else if (line.startsWith('listening ')) onListening(line.slice('listening '.length));
      }
    });
    this.child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      this.stderr += chunk;
    });
    // An EPIPE on stdin when the child is killed before reading its start line is not an error.
    this.child.stdin.on('error', () => {});
    running.add(this);
    this.exited = new Promise((resolve) => {
      this.child.on('close', (code, signal) => {
        running.delete(this);
        resolve({ code, signal, stderr: this.stderr });
      });
    });
    // Listening, or the process ended first (a failure to start, or killed early).
    this.listening = Promise.race([
      listening,
      this.exited.then((exit) => {
        throw new Error(`the server exited before listening: ${JSON.stringify(exit)}`);
      }),
    ]);
    this.listening.catch(() => {});
    this.warm.catch(() => {});
  }

  /** A server that starts at once. */
  static async start(dir: string, port: number, options: ServerOptions = {}): Promise<ServerProcess> {
    const server = new ServerProcess(dir, port, options, false);
    await server.listening;
    return server;
  }

  /** A server that loads its code and waits for `go`. */
  static prewarm(dir: string, port: number, options: ServerOptions = {}): ServerProcess {
    return new ServerProcess(dir, port, options, true);
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  /** Start a pre-warmed server (after `warm`); resolves with its URL once it listens. */
  async go(): Promise<string> {
    await this.warm;
    this.child.stdin.write('go\n');
    return this.listening;
  }

  /** Tell a pre-warmed server to start without waiting for it to listen. */
  async goNoWait(): Promise<void> {
    await this.warm;
    this.child.stdin.write('go\n');
  }

  /** SIGKILL, and the exit once every output line has been read. */
  kill(): Promise<Exit> {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGKILL');
    return this.exited;
  }
}

// ---------------------------------------------------------------------------------------------
// Messages

const TEMPLATES: { readonly [T in MessageType]: Message } = {
  'pre-launch': preLaunch,
  'window-extension': extension,
  cancellation,
  'launch-event': launchEvent,
  receipt,
  acknowledgement,
  heartbeat,
  error: errorMessage,
};

/** The types whose body names the message they are about (the policy withholds them unless it is known). */
export const SUBJECT_FIELD: { readonly [T in MessageType]?: string } = {
  'window-extension': 'notification',
  cancellation: 'notification',
  receipt: 'message',
  acknowledgement: 'message',
};

/**
 * A valid published message of `type` from `sender`, sent now (or at `sent`): the fixture's body
 * with a fresh id; a message about another one names `subject` (required for those types).
 */
export function buildMessage(
  type: MessageType,
  sender: string,
  sequence: number,
  options: { subject?: string; sent?: Date; status?: MessageStatus; id?: string } = {},
): Message {
  const template = structuredClone(TEMPLATES[type]) as Message & { body: Record<string, unknown> };
  const body = template.body;
  const field = SUBJECT_FIELD[type];
  const references: string[] = [];
  if (field) {
    if (!options.subject) throw new Error(`a ${type} needs a subject`);
    body[field] = options.subject;
    references.push(options.subject);
  } else if (type === 'launch-event') {
    delete body['notification'];
  } else if (type === 'error') {
    delete body['message'];
  }
  return {
    ...template,
    id: options.id ?? crypto.randomUUID(),
    sender,
    sequence,
    sent: (options.sent ?? new Date()).toISOString(),
    status: options.status ?? template.status,
    references,
    body,
  } as Message;
}

/** A signed JWS with any payload bytes and header (what signMessage would refuse to make). */
export async function rawSign(
  payload: Uint8Array | string,
  key: SigningKey,
  header: Record<string, unknown> = {},
): Promise<string> {
  const bytes = typeof payload === 'string' ? new TextEncoder().encode(payload) : payload;
  return new CompactSign(bytes)
    .setProtectedHeader({ alg: MESSAGE_JWS_ALG, kid: key.kid, typ: MESSAGE_JWS_TYPE, ...header } as never)
    .sign(key.privateKey);
}

// ---------------------------------------------------------------------------------------------
// Receipts and keys

/** The exchange's public keys from GET /v1/keys, as a keyring. */
export async function exchangeKeyring(url: string): Promise<Keyring> {
  const response = await fetch(`${url}/v1/keys`);
  const { keys } = (await response.json()) as { keys: unknown[] };
  return createKeyring(
    keys.map((k) => {
      const parsed = parsePublicKeyRecord(k);
      if (!parsed.ok) throw new Error(parsed.errors.map((e) => e.message).join('\n'));
      return parsed.value;
    }),
  );
}

/**
 * Why a publish response is not a valid acknowledgement of `message`, or undefined when it is: the
 * receipt is signed by the exchange, is a receipt, names the message and its canonical digest.
 */
export async function receiptProblem(
  response: PublishResponse,
  message: Message,
  keyring: Keyring,
  exchangeId: string,
): Promise<string | undefined> {
  const sha256 = messageDigest(message);
  if (response.messageId !== message.id) return `messageId ${response.messageId}, expected ${message.id}`;
  if (response.sha256 !== sha256) return `sha256 ${response.sha256}, expected ${sha256}`;
  const verified = await verifyMessage(response.receipt, keyring);
  if (!verified.ok) return `receipt does not verify: ${verified.reason}`;
  const r = verified.message;
  if (r.sender !== exchangeId || verified.signer !== exchangeId) return `receipt from ${r.sender}`;
  if (r.type !== 'receipt') return `receipt of type ${r.type}`;
  if (r.body.message !== message.id || r.body.sha256 !== sha256) return 'receipt names another message';
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// The database as it is on disk

export interface ExchangeState {
  readonly messages: number;
  readonly lastSequence: Readonly<Record<string, number>>;
  readonly streams: Readonly<Record<string, { head: number; acknowledged: number; entries: number }>>;
  readonly receipts: number;
  readonly audit: number;
  readonly auditHead: string;
  readonly partners: string;
}

/** What the exchange holds, read through a fresh read-only connection (the server may be running). */
export function readState(dbPath: string): ExchangeState {
  const db = openExchangeDatabaseReadOnly(dbPath);
  try {
    return db.transaction(() => {
      const count = (sql: string) => (db.prepare(sql).get() as { n: number }).n;
      const lastSequence = Object.fromEntries(
        (
          db.prepare('SELECT sender, MAX(sequence) AS last FROM messages GROUP BY sender').all() as Array<{
            sender: string;
            last: number;
          }>
        ).map((r) => [r.sender, r.last]),
      );
      const streams = Object.fromEntries(
        (
          db
            .prepare(
              `SELECT p.partner, p.last_stream_sequence AS head, p.last_acknowledged AS acknowledged,
                      (SELECT COUNT(*) FROM streams s WHERE s.partner = p.partner) AS entries
                 FROM partners p ORDER BY p.partner`,
            )
            .all() as Array<{ partner: string; head: number; acknowledged: number; entries: number }>
        ).map((r) => [r.partner, { head: r.head, acknowledged: r.acknowledged, entries: r.entries }]),
      );
      const head = db.prepare('SELECT hash FROM audit_entries ORDER BY idx DESC LIMIT 1').get() as
        | { hash: string }
        | undefined;
      const partners = JSON.stringify(db.prepare('SELECT * FROM exchange_partners ORDER BY id').all());
      return {
        messages: count('SELECT COUNT(*) AS n FROM messages'),
        lastSequence,
        streams,
        receipts: count('SELECT COUNT(*) AS n FROM exchange_receipts'),
        audit: count('SELECT COUNT(*) AS n FROM audit_entries'),
        auditHead: head?.hash ?? '',
        partners,
      };
    })();
  } finally {
    db.close();
  }
}

export interface ExchangeCheck {
  readonly messages: number;
  readonly auditEntries: number;
  readonly checkpoints: number;
}

/**
 * The exchange's files are whole (no server may be running, as after a kill): the store's check
 * (integrity, foreign keys, gapless streams), the audit log's chain and checkpoints with the
 * exchange's public key, exactly one `message.stored` entry per stored message whose streams are
 * the message's stream entries, and a receipt per message.
 */
export function checkExchangeFiles(ex: TestExchange, context: string): ExchangeCheck {
  const store = SqliteMessageStore.open(ex.dbPath);
  try {
    expect(store.check(), context).toEqual({ ok: true, problems: [] });
    const keys = parseAuditPublicKeys(readFileSync(ex.publicKeyFile, 'utf8'), ex.publicKeyFile);
    const { entries, checkpoints } = readAuditTables(store.db, ex.dbPath);
    const verification = verifyAudit(entries, checkpoints, keys);
    expect(verification.ok, `${context}: ${JSON.stringify(verification.problem)}`).toBe(true);
    expect(verification.signaturesChecked, context).toBe(true);

    const ids = (store.db.prepare('SELECT id FROM messages ORDER BY id').all() as Array<{ id: string }>).map(
      (r) => r.id,
    );
    const stored = entries.filter((e) => e.action === 'message.stored');
    expect(stored.map((e) => e.subject).sort(), `${context}: one message.stored entry per message`).toEqual(
      ids,
    );
    const streamsOf = new Map<string, string[]>();
    for (const e of entries) {
      if (e.action !== 'message.stored' && e.action !== 'message.released') continue;
      const list = streamsOf.get(e.subject) ?? [];
      for (const s of (e.details['streams'] ?? []) as Array<{ partner: string; streamSequence: number }>)
        list.push(`${s.partner}:${s.streamSequence}`);
      streamsOf.set(e.subject, list);
    }
    const rows = store.db.prepare('SELECT message_id, partner, stream_sequence FROM streams').all() as Array<{
      message_id: string;
      partner: string;
      stream_sequence: number;
    }>;
    const actual = new Map<string, string[]>();
    for (const r of rows) {
      const list = actual.get(r.message_id) ?? [];
      list.push(`${r.partner}:${r.stream_sequence}`);
      actual.set(r.message_id, list);
    }
    for (const id of ids)
      expect((actual.get(id) ?? []).sort(), `${context}: streams of ${id}`).toEqual(
        (streamsOf.get(id) ?? []).sort(),
      );
    const receipts = (store.db.prepare('SELECT COUNT(*) AS n FROM exchange_receipts').get() as { n: number })
      .n;
    expect(receipts, `${context}: one receipt per message`).toBe(ids.length);
    return { messages: ids.length, auditEntries: entries.length, checkpoints: checkpoints.length };
  } finally {
    store.close();
  }
}

// ---------------------------------------------------------------------------------------------
// A proxy that cuts connections

/**
 * A TCP proxy on loopback in front of the server: `cut()` destroys every connection through it
 * at once (mid-event, as a broken link does), `stall(ms)` stops forwarding for a while (a link
 * that hangs without closing, which only the heartbeat watchdog can detect).
 */
export class CuttingProxy {
  private readonly server: Server;
  private readonly pairs = new Set<{ client: Socket; upstream: Socket }>();

  constructor(private readonly targetPort: number) {
    this.server = createServer((client) => {
      const upstream = netConnect(this.targetPort, '127.0.0.1');
      const pair = { client, upstream };
      this.pairs.add(pair);
      const drop = () => {
        this.pairs.delete(pair);
        client.destroy();
        upstream.destroy();
      };
      client.on('error', drop).on('close', drop);
      upstream.on('error', drop).on('close', drop);
      client.pipe(upstream);
      upstream.pipe(client);
    });
  }

  listen(): Promise<number> {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(0, '127.0.0.1', () => {
        const address = this.server.address();
        resolve(typeof address === 'object' && address ? address.port : 0);
      });
    });
  }

  get connections(): number {
    return this.pairs.size;
  }

  /** Destroy every connection; returns how many there were. */
  cut(): number {
    const n = this.pairs.size;
    for (const { client, upstream } of [...this.pairs]) {
      client.destroy();
      upstream.destroy();
    }
    this.pairs.clear();
    return n;
  }

  /** Stop forwarding server-to-client data on the current connections for `ms`. */
  stall(ms: number): number {
    const stalled = [...this.pairs];
    for (const { client, upstream } of stalled) {
      upstream.unpipe(client);
      upstream.pause();
    }
    setTimeout(() => {
      for (const { client, upstream } of stalled) {
        if (client.destroyed || upstream.destroyed) continue;
        upstream.pipe(client);
        upstream.resume();
      }
    }, ms).unref();
    return stalled.length;
  }

  close(): Promise<void> {
    this.cut();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

// ---------------------------------------------------------------------------------------------
// The command line

/** Run `shieldlab ...` as its own process (node --import tsx src/cli/main.ts). */
export function runCliProcess(
  ...args: string[]
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', CLI_MAIN, ...args], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (c: string) => {
      stdout += c;
    });
    child.stderr.setEncoding('utf8').on('data', (c: string) => {
      stderr += c;
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}
