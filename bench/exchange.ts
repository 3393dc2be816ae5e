import { spawn } from 'node:child_process';
import { KeyObject, sign as nodeSign, randomUUID } from 'node:crypto';
import { setMaxListeners } from 'node:events';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { connectAsync, type MqttClient } from 'mqtt';
import { ExchangeClient } from '../src/exchange/client/exchange-client.js';
import { canonicalBytes } from '../src/exchange/messages/canonical.js';
import type { MessageOf } from '../src/exchange/messages/message.js';
import { parseReleasePolicy, type ReleasePolicy } from '../src/exchange/policy/policy.js';
import { release } from '../src/exchange/policy/release.js';
import { initExchange, openRegistry } from '../src/exchange/server/exchange-directory.js';
import { MESSAGE_JWS_ALG, MESSAGE_JWS_TYPE } from '../src/exchange/signing/jws-format.js';
import { createKeyring } from '../src/exchange/signing/keyring.js';
import { signMessage } from '../src/exchange/signing/sign.js';
import { generateSigningKey, type SigningKey } from '../src/exchange/signing/signing-key.js';
import { verifyMessage } from '../src/exchange/signing/verify.js';
import { SqliteMessageStore } from '../src/exchange/store/sqlite-message-store.js';
import { type Broker, findMosquitto, startMosquitto } from './exchange-mosquitto.js';

/**
 * Early-warning exchange benchmark (issue 9): durable ingest of signed notifications per second
 * (target at least 2,000 with SQLite) and delivery latency to 100 live subscribers at 500
 * notifications per second (target p99 under 100 ms), measured in the same run beside a Mosquitto
 * broker (Debian's package) carrying the same signed messages at QoS 1, the baseline a user would
 * otherwise pick.
 *
 * The exchange server runs in its own process (exchange-server-child.ts) on a fresh exchange
 * directory; publishers and subscribers run in this process, so send and receive times come from
 * one clock, and both systems are driven the same way:
 * - ingest: C publishers, each on its own keep-alive connection with one publish in flight (one
 *   sender's messages must arrive in sequence order; a separate check shows what pipelining one
 *   sender does), pre-signed launch events, counted when the reply came back: the exchange's 201
 *   (message, released copy, receipt and audit entry committed with fsync) or Mosquitto's PUBACK
 *   (message in memory; saved every autosave_interval and at exit);
 * - delivery: 16 publishers take turns on a 500/s schedule (message i from publisher i mod 16,
 *   one in flight each: a publisher still waiting when its turn comes falls behind), 100
 *   subscribers: ExchangeClient.follow on 100 partner streams (the real client: it parses each
 *   entry and acknowledges every 250 ms), or 100 mqtt.js QoS 1 subscriptions to one topic.
 *   Latency = when the subscriber's callback sees the message - when its publish started (and,
 *   for a publisher that fell behind, - when the schedule meant to publish it).
 * Both share this machine's cores with their clients (100 subscribers in this process).
 */

const TOPIC = 'shieldlab/launch-events';
const INGEST_CONCURRENCY = [1, 16, 64] as const;
const INGEST_MESSAGES = 5000;
/** Stop publishing at a level after this long (ms), whatever is left: keeps the run bounded. */
const INGEST_DEADLINE_MS = 4000;
const SUBSCRIBERS = 100;
/** Partners in the second delivery run: the 100 subscribers as 25 connections of each of 4 partners. */
const FEW_PARTNERS = 4;
const RATE = 500;
const DELIVERY_MS = 10_000;
/** Publishers taking turns in the delivery runs (so at most this many publishes in flight). */
const DELIVERY_PUBLISHERS = 16;
/** How long deliveries may trail the last publish before the rest count as undelivered (ms). */
const DRAIN_MS = 8000;
/** The exchange is also measured at half the rate it reached (when it does not reach RATE), this long. */
const SUSTAINED_MS = 5000;
const WARMUP_MESSAGES = 50;
const INGEST_TARGET = 2000;
const P99_TARGET_MS = 100;
/** An Ed25519 signature in base64url: the last 86 characters of a compact JWS. */
const SIGNATURE_CHARS = 86;

export interface DeliveryFigures {
  offered_msgs_per_s: number;
  published_msgs_per_s: number;
  published_msgs: number;
  refused_msgs: number;
  delivered_fraction: number;
  p50_ms: number;
  p95_ms: number;
  p99_ms: number;
  max_ms: number;
  /** From the time the schedule meant to publish (includes waiting for a late publisher). */
  p99_from_schedule_ms: number;
  max_from_schedule_ms: number;
  server_cpu_cores: number;
  server_cpu_ms_per_msg: number;
  /** The exchange server's main thread (null for Mosquitto). */
  server_event_loop_utilization: number | null;
  clients_cpu_cores: number;
}

export interface IngestFigures {
  concurrency: number;
  exchange_msgs_per_s: number;
  exchange_server_cpu_ms_per_msg: number;
  exchange_refused_msgs: number;
  mosquitto_msgs_per_s: number | null;
  mosquitto_cpu_ms_per_msg: number | null;
}

export interface ExchangeBenchmarkFigures {
  load_average_1min: number;
  ingest_target_msgs_per_s: number;
  ingest: IngestFigures[];
  /** One publisher, 16 publishes in flight: how many were refused as out of sequence. */
  ingest_one_sender_pipelined_msgs: number;
  ingest_one_sender_pipelined_refused_msgs: number;
  delivery_target_p99_ms: number;
  delivery_subscribers: number;
  delivery_exchange: DeliveryFigures;
  /** The exchange at half the rate it published at when offered RATE (null when it kept RATE). */
  delivery_exchange_sustained: DeliveryFigures | null;
  /** The same subscribers spread over FEW_PARTNERS partners (one signed copy per partner). */
  delivery_exchange_few_partners: DeliveryFigures;
  delivery_few_partners: number;
  delivery_mosquitto: DeliveryFigures | null;
  /** Making one message's 100 released copies (this process, one message at a time). */
  copies_100_service_path_ms: number;
  copies_100_node_crypto_ms: number;
  copy_release_us: number;
  copy_sign_us: number;
  copy_sign_node_crypto_us: number;
  verify_published_us: number;
  /** Storing one message with 100 stream rows in SQLite (WAL, synchronous FULL). */
  store_100_rows_commit_each_ms: number;
  store_100_rows_commit_per_10_ms: number;
}

// ---------------------------------------------------------------------------------------------
// Messages, partners and the exchange directory

function iso(ms: number): string {
  return new Date(ms).toISOString();
}

/** A launch event as a sensor operator would publish it (an IRBM test, positions illustrative). */
function launchEvent(sender: string, sequence: number, now: number): MessageOf<'launch-event'> {
  return {
    schemaVersion: 1,
    id: randomUUID(),
    sender,
    sequence,
    sent: iso(now),
    status: 'actual',
    references: [],
    type: 'launch-event',
    body: {
      basis: 'detected',
      vehicleClass: 'irbm',
      launchTime: iso(now - 157_000),
      launchArea: { kind: 'circle', centre: { lat: 35.2311, lon: 53.9207 }, radius: 5_000 },
      azimuth: 151.7,
      impactArea: { kind: 'circle', centre: { lat: 10.93, lon: 62.71 }, radius: 25_000 },
      impactTime: iso(now + 601_000),
      reach: { range: 2_034_500, apogee: 612_300 },
    },
  };
}

/** What each recipient receives: every launch-event field, coarsened as a cautious partner would. */
function recipientPolicy(partner: string): ReleasePolicy {
  const parsed = parseReleasePolicy({
    id: 'bench-launch-events.v1',
    partner,
    statuses: ['actual'],
    types: {
      'launch-event': [
        'basis',
        'vehicleClass',
        'launchTime',
        'launchArea',
        'azimuth',
        'impactArea',
        'impactTime',
        'reach',
      ],
    },
    precision: { area: { kind: 'grid', degrees: 1 }, time: 60, azimuth: 5, reach: 10_000 },
  });
  if (!parsed.ok) throw parsed.errors[0]!;
  return parsed.value;
}

const validity = (now: number) => ({ notBefore: iso(now - 3_600_000), notAfter: iso(now + 86_400_000) });

interface Publisher {
  readonly id: string;
  readonly token: string;
  readonly key: SigningKey;
  sequence: number;
}

/** Partner ids with a prefix: p01, p02, ... or r001, r002, ... */
const ids = (prefix: string, n: number, digits: number) =>
  Array.from({ length: n }, (_, i) => `${prefix}${String(i + 1).padStart(digits, '0')}`);

/**
 * A fresh exchange in `dir` with `publishers` partners that may publish launch events (and receive
 * nothing) and `recipients` partners that receive them under recipientPolicy.
 */
async function makeExchange(
  dir: string,
  publishers: readonly string[],
  recipients: readonly string[],
): Promise<{ publishers: Publisher[]; recipientTokens: string[] }> {
  const now = Date.now();
  await initExchange(dir, 'exchange', new Date(now));
  const keys = await Promise.all(publishers.map((id) => generateSigningKey(id, validity(now))));
  const { db, registry } = openRegistry(dir);
  try {
    const out: Publisher[] = publishers.map((id, i) => {
      const token = registry.add({
        id,
        publishTypes: ['launch-event'],
        policy: undefined,
        keys: [keys[i]!.publicRecord],
        now: iso(now),
      });
      return { id, token: token!, key: keys[i]!.signingKey, sequence: 0 };
    });
    const recipientTokens = recipients.map(
      (id) => registry.add({ id, publishTypes: [], policy: recipientPolicy(id), keys: [], now: iso(now) })!,
    );
    return { publishers: out, recipientTokens };
  } finally {
    db.close();
  }
}

/** `count` launch events of `publisher`, signed now (signing is not part of what is timed). */
async function signed(publisher: Publisher, count: number): Promise<string[]> {
  const now = Date.now();
  const out: string[] = [];
  for (let i = 0; i < count; i++)
    out.push(await signMessage(launchEvent(publisher.id, ++publisher.sequence, now), publisher.key));
  return out;
}

/** Messages 0..total-1, message i from publisher i mod n (so each publisher's are in sequence). */
async function signedInTurns(publishers: Publisher[], total: number): Promise<string[]> {
  const n = publishers.length;
  const perPublisher = await Promise.all(publishers.map((p) => signed(p, Math.ceil(total / n))));
  return Array.from({ length: total }, (_, i) => perPublisher[i % n]![Math.floor(i / n)]!);
}

function messageIdOf(jws: string): string {
  return (JSON.parse(Buffer.from(jws.split('.')[1]!, 'base64url').toString('utf8')) as { id: string }).id;
}

// ---------------------------------------------------------------------------------------------
// The exchange server in its own process

interface ServerStats {
  cpu_us: number;
  eventLoopUtilization: number;
  eventLoopDelayP99_ms: number;
  eventLoopDelayMax_ms: number;
}

interface ServerChild {
  readonly url: string;
  stats(): Promise<ServerStats>;
  stop(): Promise<void>;
}

/**
 * Start exchange-server-child next to this file: the compiled .js under dist/bench when the suite
 * runs built, the .ts through tsx when this file runs from source. SHIELDLAB_BENCH_CPU_PROF=<dir>
 * makes the child write a V8 CPU profile there when it stops.
 */
async function startServerChild(root: string, dir: string): Promise<ServerChild> {
  const here = fileURLToPath(import.meta.url);
  const fromSource = here.endsWith('.ts');
  const script = join(dirname(here), `exchange-server-child.${fromSource ? 'ts' : 'js'}`);
  const profile = process.env['SHIELDLAB_BENCH_CPU_PROF'];
  const child = spawn(
    process.execPath,
    [
      ...(fromSource ? ['--import', 'tsx'] : []),
      ...(profile ? ['--cpu-prof', '--cpu-prof-dir', profile] : []),
      script,
      dir,
    ],
    { cwd: root, stdio: ['pipe', 'pipe', 'inherit'] },
  );
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const waiting: Array<{ resolve: (line: string) => void; reject: (e: Error) => void }> = [];
  createInterface({ input: child.stdout! }).on('line', (line) => waiting.shift()?.resolve(line));
  void exited.then(() => {
    for (const w of waiting.splice(0)) w.reject(new Error('the exchange server process exited'));
  });
  const nextLine = () => new Promise<string>((resolve, reject) => waiting.push({ resolve, reject }));
  const { url } = JSON.parse(await nextLine()) as { url: string };
  return {
    url,
    stats: async () => {
      const line = nextLine();
      child.stdin!.write('stats\n');
      return JSON.parse(await line) as ServerStats;
    },
    stop: async () => {
      child.stdin!.end();
      await exited;
    },
  };
}

/**
 * POST one signed message on a keep-alive connection; resolves with the status and error code.
 * node:http rather than fetch: it costs the client (which shares the cores) less per request.
 */
function post(
  agent: Agent,
  url: URL,
  token: string,
  jws: string,
): Promise<{ status: number; code?: string }> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        agent,
        host: url.hostname,
        port: url.port,
        path: '/v1/messages',
        method: 'POST',
        headers: {
          authorization: `Bearer ${token}`,
          'content-type': 'application/jose',
          'content-length': Buffer.byteLength(jws),
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const status = res.statusCode ?? 0;
          if (status === 201) return resolve({ status });
          let code = 'unknown';
          try {
            code = (JSON.parse(Buffer.concat(chunks).toString()) as { error: { code: string } }).error.code;
          } catch {
            // not an error body
          }
          resolve({ status, code });
        });
      },
    );
    req.on('error', reject);
    req.end(jws);
  });
}

async function mqttClients(url: string, n: number, prefix: string): Promise<MqttClient[]> {
  return Promise.all(
    Array.from({ length: n }, (_, i) =>
      connectAsync(url, { clientId: `${prefix}-${i}`, clean: true, reconnectPeriod: 0 }),
    ),
  );
}

function cpuMs(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

async function waitFor(condition: () => boolean, ms: number): Promise<boolean> {
  const deadline = performance.now() + ms;
  while (!condition()) {
    if (performance.now() > deadline) return false;
    await new Promise((r) => setTimeout(r, 10));
  }
  return true;
}

// ---------------------------------------------------------------------------------------------
// Ingest

interface IngestRun {
  ok: number;
  refused: number;
  seconds: number;
}

/** Each lane sends its messages one after another; lanes run together until the deadline. */
async function lanes(
  work: readonly (readonly string[])[],
  send: (lane: number, jws: string) => Promise<boolean>,
): Promise<IngestRun> {
  let ok = 0;
  let refused = 0;
  const t0 = performance.now();
  const deadline = t0 + INGEST_DEADLINE_MS;
  let last = t0;
  await Promise.all(
    work.map(async (messages, lane) => {
      for (const jws of messages) {
        if (performance.now() > deadline) break;
        if (await send(lane, jws)) ok++;
        else refused++;
        last = performance.now();
      }
    }),
  );
  return { ok, refused, seconds: (last - t0) / 1000 };
}

/** `total` pre-signed messages split over `concurrency` publishers (one lane each). */
function ingestWork(publishers: Publisher[], concurrency: number, total: number) {
  const per = Math.ceil(total / concurrency);
  return Promise.all(publishers.slice(0, concurrency).map((p) => signed(p, per)));
}

async function ingestBenchmark(root: string, tmp: string, broker: Broker | undefined) {
  const maxC = Math.max(...INGEST_CONCURRENCY);
  const dir = join(tmp, 'ingest');
  // One recipient ("watch"): each message is released, signed and stored once for it.
  const { publishers } = await makeExchange(dir, ids('p', maxC, 2), ['watch']);
  const server = await startServerChild(root, dir);
  const url = new URL(server.url);
  const agent = new Agent({ keepAlive: true, maxSockets: maxC });
  // Mosquitto keeps every message for one offline persistent subscriber, as the exchange keeps
  // each in the stream of its one recipient.
  let pubs: MqttClient[] = [];
  if (broker) {
    const watch = await connectAsync(broker.url, { clientId: 'watch', clean: false, reconnectPeriod: 0 });
    await watch.subscribeAsync(TOPIC, { qos: 1 });
    await watch.endAsync();
    pubs = await mqttClients(broker.url, maxC, 'ingest');
  }
  const exchangeSend = (lane: number, jws: string) =>
    post(agent, url, publishers[lane]!.token, jws).then((r) => r.status === 201);
  const mqttSend = (lane: number, jws: string) =>
    pubs[lane]!.publishAsync(TOPIC, jws, { qos: 1 }).then(() => true);
  const figures: IngestFigures[] = [];
  try {
    // Warm-up of both (JIT, SQLite page cache, connections).
    const warm = await ingestWork(publishers, 16, 800);
    await lanes(warm, exchangeSend);
    if (broker) await lanes(warm, mqttSend);
    for (const concurrency of INGEST_CONCURRENCY) {
      const work = await ingestWork(publishers, concurrency, INGEST_MESSAGES);
      const before = await server.stats();
      const ours = await lanes(work, exchangeSend);
      const after = await server.stats();
      let peer: IngestRun | undefined;
      let peerCpu: number | undefined;
      if (broker) {
        const cpu0 = broker.cpuMs();
        peer = await lanes(work, mqttSend);
        const cpu1 = broker.cpuMs();
        if (cpu0 !== undefined && cpu1 !== undefined) peerCpu = (cpu1 - cpu0) / peer.ok;
      }
      figures.push({
        concurrency,
        exchange_msgs_per_s: ours.ok / ours.seconds,
        exchange_server_cpu_ms_per_msg: (after.cpu_us - before.cpu_us) / 1000 / Math.max(1, ours.ok),
        exchange_refused_msgs: ours.refused,
        mosquitto_msgs_per_s: peer ? peer.ok / peer.seconds : null,
        mosquitto_cpu_ms_per_msg: peerCpu ?? null,
      });
    }
    // One sender pipelining: 16 publishes in flight from one publisher, started in sequence order.
    const one = await signed(publishers[0]!, 400);
    let next = 0;
    let refused = 0;
    await Promise.all(
      Array.from({ length: 16 }, async () => {
        while (next < one.length) {
          const r = await post(agent, url, publishers[0]!.token, one[next++]!);
          if (r.code === 'sequence-not-increasing') refused++;
        }
      }),
    );
    return { figures, pipelined: one.length, pipelinedRefused: refused };
  } finally {
    agent.destroy();
    await Promise.all(pubs.map((c) => c.endAsync()));
    await server.stop();
  }
}

// ---------------------------------------------------------------------------------------------
// Delivery latency

/** Latencies of every (message, subscriber) delivery, from the publish's start and from the schedule. */
class Deliveries {
  readonly started: Float64Array;
  readonly scheduled: Float64Array;
  private readonly fromStart: Float64Array;
  private readonly fromSchedule: Float64Array;
  count = 0;

  constructor(messages: number) {
    this.started = new Float64Array(messages);
    this.scheduled = new Float64Array(messages);
    this.fromStart = new Float64Array(messages * SUBSCRIBERS);
    this.fromSchedule = new Float64Array(messages * SUBSCRIBERS);
  }

  /** Message `i` reached a subscriber now. */
  record(i: number): void {
    if (this.count >= this.fromStart.length) return; // never past the end (duplicate deliveries)
    const now = performance.now();
    this.fromStart[this.count] = now - this.started[i]!;
    this.fromSchedule[this.count++] = now - this.scheduled[i]!;
  }

  percentiles() {
    const q = (xs: Float64Array, p: number) => xs[Math.min(xs.length - 1, Math.ceil(p * xs.length) - 1)] ?? 0;
    const a = this.fromStart.slice(0, this.count).sort();
    const b = this.fromSchedule.slice(0, this.count).sort();
    return {
      p50: q(a, 0.5),
      p95: q(a, 0.95),
      p99: q(a, 0.99),
      max: a[a.length - 1] ?? 0,
      p99Schedule: q(b, 0.99),
      maxSchedule: b[b.length - 1] ?? 0,
    };
  }
}

/** Which run and message a delivered message id (or signature) belongs to. */
type Routes = Map<string, [Deliveries, number]>;

interface PacedRun {
  rate: number;
  ms: number;
  sent: number;
  answered: number;
  refused: number;
}

/**
 * Publish message i at start + i / rate (s) for `ms`, from publisher i mod `publishers`, each
 * publisher with one publish in flight: when its turn comes while it still waits, the message
 * waits (late). Messages not started by the end are not sent. Resolves when all are answered.
 */
function paced(
  total: number,
  rate: number,
  ms: number,
  publishers: number,
  deliveries: Deliveries,
  send: (i: number) => Promise<unknown>,
): Promise<PacedRun> {
  return new Promise((resolve) => {
    const start = performance.now() + 5;
    const queues = Array.from({ length: publishers }, () => [] as number[]);
    const busy = new Array<boolean>(publishers).fill(false);
    let next = 0;
    let sent = 0;
    let answered = 0;
    let refused = 0;
    let stopped = false;
    const finish = () => {
      if (stopped && !busy.includes(true)) resolve({ rate, ms, sent, answered, refused });
    };
    const run = (p: number) => {
      if (busy[p] || queues[p]!.length === 0) return;
      const i = queues[p]!.shift()!;
      busy[p] = true;
      deliveries.started[i] = performance.now();
      sent++;
      send(i)
        .then(
          () => answered++,
          () => refused++,
        )
        .finally(() => {
          busy[p] = false;
          if (stopped) finish();
          else run(p);
        });
    };
    const tick = () => {
      const now = performance.now();
      if (now - start >= ms || next >= total) {
        stopped = true;
        for (const q of queues) q.length = 0;
        return finish();
      }
      const due = Math.min(total, Math.floor(((now - start) * rate) / 1000) + 1);
      while (next < due) {
        const i = next++;
        deliveries.scheduled[i] = start + (i * 1000) / rate;
        queues[i % publishers]!.push(i);
        run(i % publishers);
      }
      setTimeout(tick, 1);
    };
    setTimeout(tick, 5);
  });
}

function deliveryFigures(
  run: PacedRun,
  deliveries: Deliveries,
  serverCpuMs: number,
  clientCpuMs: number,
  seconds: number,
  elu: number | null,
): DeliveryFigures {
  const p = deliveries.percentiles();
  return {
    offered_msgs_per_s: run.rate,
    published_msgs_per_s: run.answered / (run.ms / 1000),
    published_msgs: run.answered,
    refused_msgs: run.refused,
    delivered_fraction: deliveries.count / Math.max(1, run.answered * SUBSCRIBERS),
    p50_ms: p.p50,
    p95_ms: p.p95,
    p99_ms: p.p99,
    max_ms: p.max,
    p99_from_schedule_ms: p.p99Schedule,
    max_from_schedule_ms: p.maxSchedule,
    server_cpu_cores: serverCpuMs / 1000 / seconds,
    server_cpu_ms_per_msg: serverCpuMs / Math.max(1, run.answered),
    server_event_loop_utilization: elu,
    clients_cpu_cores: clientCpuMs / 1000 / seconds,
  };
}

/** One measured delivery run against a system: sign, publish on schedule, wait for the deliveries. */
async function deliveryRun(
  rate: number,
  ms: number,
  publishers: Publisher[],
  routes: Routes,
  keyOf: (jws: string) => string,
  send: (publisher: number, jws: string) => Promise<unknown>,
  serverCpu: () => Promise<{ ms: number; elu: number | null }>,
): Promise<DeliveryFigures> {
  const total = Math.round((rate * ms) / 1000);
  const deliveries = new Deliveries(total);
  const messages = await signedInTurns(publishers, total);
  for (const [i, jws] of messages.entries()) routes.set(keyOf(jws), [deliveries, i]);
  const server0 = await serverCpu();
  const client0 = cpuMs();
  const t0 = performance.now();
  const run = await paced(total, rate, ms, publishers.length, deliveries, (i) =>
    send(i % publishers.length, messages[i]!),
  );
  await waitFor(() => deliveries.count >= run.answered * SUBSCRIBERS, DRAIN_MS);
  const seconds = (performance.now() - t0) / 1000;
  const server1 = await serverCpu();
  return deliveryFigures(run, deliveries, server1.ms - server0.ms, cpuMs() - client0, seconds, server1.elu);
}

/** Warm-up: WARMUP_MESSAGES at 50/s, each delivered to every subscriber before going on. */
async function warmUp(
  publishers: Publisher[],
  routes: Routes,
  keyOf: (jws: string) => string,
  send: (publisher: number, jws: string) => Promise<unknown>,
): Promise<void> {
  const deliveries = new Deliveries(WARMUP_MESSAGES);
  const messages = await signedInTurns(publishers, WARMUP_MESSAGES);
  for (const [i, jws] of messages.entries()) routes.set(keyOf(jws), [deliveries, i]);
  for (const [i, jws] of messages.entries()) {
    await send(i % publishers.length, jws);
    await new Promise((r) => setTimeout(r, 20));
  }
  await waitFor(() => deliveries.count >= WARMUP_MESSAGES * SUBSCRIBERS, 20_000);
}

/**
 * A follower per recipient token (ExchangeClient.follow as it comes: it parses each entry and
 * acknowledges every 250 ms), until stop(); ready() once each has heard its first heartbeat.
 */
function followAll(url: string, tokens: readonly string[], routes: Routes) {
  const stop = new AbortController();
  setMaxListeners(tokens.length * 4, stop.signal);
  let heard = 0;
  const following = tokens.map((token) => {
    let first = true;
    return new ExchangeClient(url, token)
      .follow({
        signal: stop.signal,
        onEntry: (entry) => {
          const route = routes.get(entry.messageId);
          if (route) route[0].record(route[1]);
        },
        onHeartbeat: () => {
          if (first) heard++;
          first = false;
        },
      })
      .catch((e: unknown) => {
        if (!stop.signal.aborted)
          console.error(`   subscriber failed: ${e instanceof Error ? e.message : String(e)}`);
      });
  });
  return {
    ready: () => waitFor(() => heard >= tokens.length, 10_000),
    stop: async () => {
      stop.abort();
      await Promise.all(following);
    },
  };
}

/**
 * Delivery to SUBSCRIBERS live subscribers spread over `recipients` partners (each partner's
 * stream followed by SUBSCRIBERS / recipients connections, as a partner's several consoles would):
 * the exchange signs one copy per partner and message, so its cost grows with the partners, not
 * with the connections.
 */
async function deliveryExchange(
  root: string,
  tmp: string,
  recipients: number,
  withSustained: boolean,
): Promise<{ offered: DeliveryFigures; sustained: DeliveryFigures | null }> {
  const dir = join(tmp, `delivery-${recipients}`);
  const { publishers, recipientTokens } = await makeExchange(
    dir,
    ids('s', DELIVERY_PUBLISHERS, 2),
    ids('r', recipients, 3),
  );
  const server = await startServerChild(root, dir);
  const url = new URL(server.url);
  const agent = new Agent({ keepAlive: true, maxSockets: DELIVERY_PUBLISHERS });
  const routes: Routes = new Map();
  const tokens = Array.from({ length: SUBSCRIBERS }, (_, i) => recipientTokens[i % recipients]!);
  const followers = followAll(server.url, tokens, routes);
  const send = (p: number, jws: string) =>
    post(agent, url, publishers[p]!.token, jws).then((r) => {
      if (r.status !== 201) throw new Error(`publish refused: ${r.status} ${r.code}`);
    });
  const serverCpu = async () => {
    const s = await server.stats();
    return { ms: s.cpu_us / 1000, elu: s.eventLoopUtilization };
  };
  try {
    await followers.ready();
    await warmUp(publishers, routes, messageIdOf, send);
    const offered = await deliveryRun(RATE, DELIVERY_MS, publishers, routes, messageIdOf, send, serverCpu);
    // What a user gets below the ceiling: half the rate it published at when offered RATE.
    const sustainable = Math.floor(0.5 * offered.published_msgs_per_s);
    const sustained =
      withSustained && offered.published_msgs_per_s < 0.98 * RATE && sustainable >= 1
        ? await deliveryRun(sustainable, SUSTAINED_MS, publishers, routes, messageIdOf, send, serverCpu)
        : null;
    return { offered, sustained };
  } finally {
    await followers.stop();
    agent.destroy();
    await server.stop();
  }
}

async function deliveryMosquitto(broker: Broker): Promise<DeliveryFigures> {
  const topic = `${TOPIC}/live`;
  const routes: Routes = new Map();
  const keyOf = (jws: string) => jws.slice(-SIGNATURE_CHARS);
  const subscribers = await mqttClients(broker.url, SUBSCRIBERS, 'sub');
  for (const s of subscribers) {
    s.on('message', (_topic, payload) => {
      const route = routes.get(payload.toString('latin1', payload.length - SIGNATURE_CHARS));
      if (route) route[0].record(route[1]);
    });
    await s.subscribeAsync(topic, { qos: 1 });
  }
  const pubs = await mqttClients(broker.url, DELIVERY_PUBLISHERS, 'live');
  try {
    const now = Date.now();
    const publishers = await Promise.all(
      ids('s', DELIVERY_PUBLISHERS, 2).map(async (id) => ({
        id,
        token: '',
        key: (await generateSigningKey(id, validity(now))).signingKey,
        sequence: 0,
      })),
    );
    const send = (p: number, jws: string) => pubs[p]!.publishAsync(topic, jws, { qos: 1 });
    const brokerCpu = async () => ({ ms: broker.cpuMs() ?? 0, elu: null });
    await warmUp(publishers, routes, keyOf, send);
    return await deliveryRun(RATE, DELIVERY_MS, publishers, routes, keyOf, send, brokerCpu);
  } finally {
    await Promise.all([...subscribers, ...pubs].map((c) => c.endAsync()));
  }
}

// ---------------------------------------------------------------------------------------------
// Where the exchange's time goes (this process, one message at a time)

async function costs(tmp: string) {
  const now = Date.now();
  const publisher = await generateSigningKey('ru', validity(now));
  const exchangeKey = (await generateSigningKey('exchange', validity(now))).signingKey;
  const policies = ids('r', SUBSCRIBERS, 3).map(recipientPolicy);
  const message = launchEvent('ru', 1, now);
  // Median of 5 batches of n calls (ms per call), after a warm-up: robust to a busy machine.
  const time = async (n: number, fn: () => unknown) => {
    for (let i = 0; i < Math.min(200, n); i++) await fn();
    const batches: number[] = [];
    for (let b = 0; b < 5; b++) {
      const t0 = performance.now();
      for (let i = 0; i < n; i++) await fn();
      batches.push((performance.now() - t0) / n);
    }
    return batches.sort((x, y) => x - y)[2]!;
  };
  const copy = release(message, policies[0]!, now);
  if (!copy.released) throw new Error('the benchmark policy withholds the launch event');
  const releaseUs = (await time(400, () => release(message, policies[0]!, now))) * 1000;
  const signUs = (await time(400, () => signMessage(copy.message, exchangeKey))) * 1000;
  // The same JWS by node:crypto's one-shot synchronous Ed25519 (deterministic: identical bytes).
  const keyObject = KeyObject.from(exchangeKey.privateKey);
  const header = Buffer.from(
    JSON.stringify({ alg: MESSAGE_JWS_ALG, kid: exchangeKey.kid, typ: MESSAGE_JWS_TYPE }),
  ).toString('base64url');
  const nodeJws = (m: object) => {
    const input = `${header}.${Buffer.from(canonicalBytes(m)).toString('base64url')}`;
    return `${input}.${nodeSign(null, Buffer.from(input), keyObject).toString('base64url')}`;
  };
  const nodeUs = (await time(400, () => nodeJws(copy.message))) * 1000;
  const identical = nodeJws(copy.message) === (await signMessage(copy.message, exchangeKey));
  // A message's 100 copies as the service makes them (release, then await each signature in turn)
  // and with node:crypto.
  const servicePath = await time(6, async () => {
    for (const policy of policies) {
      const r = release(message, policy, now);
      if (r.released) await signMessage(r.message, exchangeKey);
    }
  });
  const nodePath = await time(6, () => {
    for (const policy of policies) {
      const r = release(message, policy, now);
      if (r.released) nodeJws(r.message);
    }
  });
  const keyring = await createKeyring([publisher.publicRecord]);
  const published = await signMessage(message, publisher.signingKey);
  const verifyUs = (await time(400, () => verifyMessage(published, keyring))) * 1000;

  // Storing a message with 100 stream rows of ~1 KB, committed (fsync) each or ten per commit.
  const store = SqliteMessageStore.open(join(tmp, 'store-cost.db'));
  const copies = await Promise.all(
    policies.map(async (policy) => {
      const r = release(message, policy, now);
      return { partner: policy.partner, jws: r.released ? await signMessage(r.message, exchangeKey) : '' };
    }),
  );
  let sequence = 0;
  const request = () => ({
    envelope: {
      id: randomUUID(),
      sender: 'ru',
      sequence: ++sequence,
      type: 'launch-event',
      jws: published,
      receivedAt: iso(Date.now()),
    },
    releases: copies,
  });
  try {
    for (let i = 0; i < 10; i++) store.append(request().envelope, copies);
    const each = await time(8, () => {
      const r = request();
      store.append(r.envelope, r.releases);
    });
    const batched = (await time(1, () => store.appendMany(Array.from({ length: 10 }, request)))) / 10;
    return { releaseUs, signUs, nodeUs, identical, servicePath, nodePath, verifyUs, each, batched };
  } finally {
    store.close();
  }
}

// ---------------------------------------------------------------------------------------------

const fmt = (x: number | null | undefined, digits = 0) =>
  x === null || x === undefined
    ? '-'
    : x.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });

export async function exchangeBenchmark(root: string): Promise<ExchangeBenchmarkFigures> {
  const tmp = mkdtempSync(join(tmpdir(), 'shieldlab-exchange-bench-'));
  const load = loadavg()[0]!;
  console.log(
    '\n9. Early-warning exchange: durable ingest of signed launch events, live delivery to 100 subscribers',
  );
  console.log(
    `   exchange: own process, SQLite WAL + synchronous FULL: a 201 after the message, its released copies, receipt and audit entry are fsynced (group commit); load average ${load.toFixed(1)} at start`,
  );
  const bin = findMosquitto();
  let broker: Broker | undefined;
  try {
    if (bin) {
      mkdirSync(join(tmp, 'mosquitto'));
      try {
        broker = await startMosquitto(bin, join(tmp, 'mosquitto'));
        console.log(
          `   peer: Mosquitto ${broker.version}, QoS 1, persistence on (Debian's defaults): PUBACK once in memory; saved to disk every 30 min and at exit, not per message`,
        );
      } catch (e) {
        console.log(`   peer skipped: ${e instanceof Error ? e.message : String(e)}`);
      }
    } else
      console.log(
        '   peer skipped: mosquitto not found (Debian: apt-get install --no-install-recommends mosquitto)',
      );
    const ingest = await ingestBenchmark(root, tmp, broker);
    const ours = await deliveryExchange(root, tmp, SUBSCRIBERS, true);
    const fewPartners = await deliveryExchange(root, tmp, FEW_PARTNERS, false);
    const peer = broker ? await deliveryMosquitto(broker) : null;
    const c = await costs(tmp);

    console.log(
      `   Ingest: pre-signed launch events (~930-character JWS), C publishers with 1 publish in flight each, keep-alive; 1 recipient; target >= ${INGEST_TARGET.toLocaleString('en-US')}/s`,
    );
    console.log('     C   exchange msgs/s   server CPU/msg   Mosquitto msgs/s   broker CPU/msg');
    for (const f of ingest.figures)
      console.log(
        `   ${String(f.concurrency).padStart(3)}   ${fmt(f.exchange_msgs_per_s).padStart(15)}   ${fmt(f.exchange_server_cpu_ms_per_msg, 2).padStart(11)} ms   ${fmt(f.mosquitto_msgs_per_s).padStart(16)}   ${(f.mosquitto_cpu_ms_per_msg === null ? '-' : `${fmt(f.mosquitto_cpu_ms_per_msg, 3)} ms`).padStart(14)}` +
          (f.exchange_refused_msgs > 0 ? `   (${f.exchange_refused_msgs} refused)` : ''),
      );
    console.log(
      `   one publisher with 16 publishes in flight on 16 connections: ${ingest.pipelinedRefused} of ${ingest.pipelined} refused as sequence-not-increasing (requests on separate connections arrive in any order; a publisher that needs order keeps one in flight)`,
    );
    console.log(
      `   Delivery: ${SUBSCRIBERS} subscribers (exchange: ExchangeClient.follow, acknowledging every 250 ms; Mosquitto: QoS 1 on one topic), ${DELIVERY_PUBLISHERS} publishers taking turns; target p99 < ${P99_TARGET_MS} ms at ${RATE}/s`,
    );
    console.log(
      '                offered/s  published/s  delivered   p50 ms   p95 ms   p99 ms   max ms   p99 | max from schedule   server CPU   clients CPU',
    );
    const row = (name: string, d: DeliveryFigures | null) => {
      if (!d) return console.log(`   ${name.padEnd(12)} skipped`);
      console.log(
        `   ${name.padEnd(12)} ${fmt(d.offered_msgs_per_s).padStart(8)}  ${fmt(d.published_msgs_per_s).padStart(11)}  ${fmt(d.delivered_fraction * 100, 1).padStart(7)} %  ${fmt(d.p50_ms, 1).padStart(7)}  ${fmt(d.p95_ms, 1).padStart(7)}  ${fmt(d.p99_ms, 1).padStart(7)}  ${fmt(d.max_ms).padStart(7)}   ${`${fmt(d.p99_from_schedule_ms)} | ${fmt(d.max_from_schedule_ms)} ms`.padStart(19)}   ${fmt(d.server_cpu_cores, 2).padStart(5)} cores  ${fmt(d.clients_cpu_cores, 2).padStart(5)} cores` +
          (d.refused_msgs > 0 ? `  (${d.refused_msgs} refused)` : ''),
      );
    };
    row('exchange', ours.offered);
    row('exchange', ours.sustained);
    row(`exch. ${FEW_PARTNERS} p.`, fewPartners.offered);
    row('Mosquitto', peer);
    console.log(
      `   (exchange: ${SUBSCRIBERS} partners with one subscriber each, then at half the rate it reached; "exch. ${FEW_PARTNERS} p.": the ${SUBSCRIBERS} subscribers spread over ${FEW_PARTNERS} partners, ${SUBSCRIBERS / FEW_PARTNERS} connections each, so ${FEW_PARTNERS} signed copies per message)`,
    );
    const o = ours.offered;
    console.log(
      `   exchange at ${RATE}/s offered: ${fmt(o.server_cpu_ms_per_msg, 1)} ms server CPU per message (${SUBSCRIBERS} released copies), main thread busy ${fmt((o.server_event_loop_utilization ?? 0) * 100)} % (CPU or blocked in fsync)`,
    );
    console.log(
      `   per copy: release ${fmt(c.releaseUs)} us, signMessage (validate, canonicalize, jose/WebCrypto Ed25519) ${fmt(c.signUs)} us, the same JWS by node:crypto ${fmt(c.nodeUs)} us (identical bytes: ${c.identical ? 'yes' : 'NO'}); verify a published message ${fmt(c.verifyUs)} us`,
    );
    console.log(
      `   per message: ${SUBSCRIBERS} copies as the service makes them ${fmt(c.servicePath, 1)} ms, with node:crypto ${fmt(c.nodePath, 1)} ms; storing it with ${SUBSCRIBERS} stream rows ${fmt(c.each, 1)} ms committed alone, ${fmt(c.batched, 1)} ms ten per commit`,
    );
    return {
      load_average_1min: load,
      ingest_target_msgs_per_s: INGEST_TARGET,
      ingest: ingest.figures,
      ingest_one_sender_pipelined_msgs: ingest.pipelined,
      ingest_one_sender_pipelined_refused_msgs: ingest.pipelinedRefused,
      delivery_target_p99_ms: P99_TARGET_MS,
      delivery_subscribers: SUBSCRIBERS,
      delivery_exchange: ours.offered,
      delivery_exchange_sustained: ours.sustained,
      delivery_exchange_few_partners: fewPartners.offered,
      delivery_few_partners: FEW_PARTNERS,
      delivery_mosquitto: peer,
      copies_100_service_path_ms: c.servicePath,
      copies_100_node_crypto_ms: c.nodePath,
      copy_release_us: c.releaseUs,
      copy_sign_us: c.signUs,
      copy_sign_node_crypto_us: c.nodeUs,
      verify_published_us: c.verifyUs,
      store_100_rows_commit_each_ms: c.each,
      store_100_rows_commit_per_10_ms: c.batched,
    };
  } finally {
    await broker?.stop();
    rmSync(tmp, { recursive: true, force: true });
  }
}
