import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  MESSAGE_STORE_COMPONENT,
  PostgresMessageStore,
} from '../../../src/exchange/store/postgres-message-store.js';
import { migrate, schemaVersion } from '../../../src/exchange/store/postgres-migrations.js';
import { StoreError } from '../../../src/exchange/store/store-error.js';
import type { AppendOutcome, AppendResult } from '../../../src/exchange/store/stored-message.js';
import { type PostgresServer, startPostgresServer } from '../../support/postgres-server.js';
import { describeMessageStoreContract, envelope, messageId, releases } from './message-store-contract.js';

let server: PostgresServer;
/** A connection for the tests' own statements (dropping schemas, corrupting a stream). */
let admin: pg.Pool;
let schemas = 0;
/** Each test works in its own schema of the one server, so tests are independent. */
const freshSchema = () => `test_${++schemas}`;
const open = (schema: string) => PostgresMessageStore.open(server.connectionString, { schema });

beforeAll(async () => {
  server = await startPostgresServer();
  admin = new pg.Pool({ connectionString: server.connectionString, max: 2 });
  admin.on('error', () => {}); // an idle connection dropped at the server's stop
}, 30_000);

afterAll(async () => {
  await admin?.end();
  await server?.stop();
});

describeMessageStoreContract('PostgresMessageStore', () => {
  const schema = freshSchema();
  return {
    open: () => open(schema),
    dispose: async () => {
      await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    },
  };
});

async function storeErrorCode(action: Promise<unknown>): Promise<string> {
  try {
    await action;
  } catch (e) {
    if (e instanceof StoreError) return e.code;
    throw e;
  }
  return 'no error';
}

/** n of messageId(n). */
const numberOf = (id: string) => Number.parseInt(id.slice(-12), 16);

/** A deterministic pseudo-random sequence in [0, 1) (mulberry32). */
function random(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('PostgresMessageStore on a server', () => {
  it('commits durably (fsync and synchronous_commit on) and refuses a server that would not', async () => {
    const store = await open(freshSchema());
    try {
      const { rows } = await store.pool.query(
        "SELECT current_setting('fsync') AS fsync, current_setting('synchronous_commit') AS commit",
      );
      expect(rows[0]).toEqual({ fsync: 'on', commit: 'on' });
    } finally {
      await store.close();
    }
    const lax = PostgresMessageStore.open(
      { connectionString: server.connectionString, options: '-c synchronous_commit=off' },
      { schema: freshSchema() },
    );
    expect(await storeErrorCode(lax)).toBe('unsupported-database');
  });

  it('migrates once when several instances open a new schema at the same moment', async () => {
    const schema = freshSchema();
    const stores = await Promise.all([1, 2, 3, 4].map(() => open(schema)));
    try {
      expect(await schemaVersion(admin, schema, MESSAGE_STORE_COMPONENT)).toBe(1);
      await stores[0]!.append(envelope(1), releases(1, ['ru']));
      expect(await stores[3]!.readStream('ru', 0, 10)).toHaveLength(1);
      // Components migrate independently, each step once, however many instances race.
      const pools = [1, 2, 3].map(() => new pg.Pool({ connectionString: server.connectionString }));
      const steps = ['CREATE TABLE a (x integer)', 'CREATE TABLE b (y integer)'];
      await Promise.all(pools.map((pool) => migrate(pool, schema, 'demo', steps)));
      await Promise.all(pools.map((pool) => pool.end()));
      expect(await schemaVersion(admin, schema, 'demo')).toBe(2);
      expect(await schemaVersion(admin, schema, MESSAGE_STORE_COMPONENT)).toBe(1);
      expect(await schemaVersion(admin, 'no_such_schema', MESSAGE_STORE_COMPONENT)).toBe(0);
    } finally {
      for (const store of stores) await store.close();
    }
  });

  it('refuses a schema migrated by a newer version, and a malformed schema name', async () => {
    const schema = freshSchema();
    await (await open(schema)).close();
    await admin.query(`UPDATE ${schema}.schema_versions SET version = 99 WHERE component = $1`, [
      MESSAGE_STORE_COMPONENT,
    ]);
    expect(await storeErrorCode(open(schema))).toBe('schema-too-new');
    expect(await storeErrorCode(open('Robert"; DROP TABLE x'))).toBe('invalid-argument');
  });

  it('two instances appending at once: gapless streams, each message once, no deadlock', async () => {
    const schema = freshSchema();
    const [a, b] = await Promise.all([open(schema), open(schema)]);
    const deadlocksBefore = await deadlocks();
    const partners = ['p0', 'p1', 'p2', 'p3', 'p4', 'p5'];
    const next = random(20070607);
    const released = new Map<string, string[]>(); // message id -> partners, ascending
    const sent = new Map<string, ReturnType<typeof envelope>>();
    let n = 0;
    const message = (sender: string, sequence: number) => {
      const m = envelope(++n, { sender, sequence });
      released.set(
        m.id,
        partners.filter(() => next() < 0.6),
      );
      sent.set(m.id, m);
      return m;
    };
    // Instance a names a message's partners in ascending order, b in descending order: without
    // one lock order, two appends would each hold a partner's head the other waits for.
    const ascending = (m: ReturnType<typeof envelope>) => releases(numberOf(m.id), released.get(m.id)!);
    const descending = (m: ReturnType<typeof envelope>) => ascending(m).reverse();
    const results: AppendOutcome[] = [];

    // a: 8 senders appending one message at a time, 25 each.
    const singles = Array.from({ length: 8 }, (_, w) => {
      const plan = Array.from({ length: 25 }, (_, i) => message(`a${w}`, i));
      return async () => {
        for (const m of plan) results.push(await a.append(m, ascending(m)));
      };
    });
    // b: 4 workers with 2 senders each, in batches of 10 interleaving their senders, 50 each.
    const batches = Array.from({ length: 4 }, (_, w) => {
      const plan = Array.from({ length: 50 }, (_, i) => message(`b${w}${i % 2 ? 'y' : 'x'}`, i));
      return async () => {
        for (let i = 0; i < plan.length; i += 10) {
          const batch = plan.slice(i, i + 10).map((m) => ({ envelope: m, releases: descending(m) }));
          results.push(...(await b.appendMany(batch)));
        }
      };
    });
    // Both: the same 50 messages of one sender (as if its client had sent each to both instances).
    const shared = Array.from({ length: 50 }, (_, i) => message('shared', i));
    const sharedOutcomes = new Map<string, string[]>();
    const both = [a, b].map((store, k) => async () => {
      for (const m of shared) {
        const result = await store.append(m, k === 0 ? ascending(m) : descending(m));
        sharedOutcomes.set(m.id, [...(sharedOutcomes.get(m.id) ?? []), result.outcome]);
        if (result.outcome === 'stored') results.push(result);
      }
    });

    const started = Date.now();
    await Promise.all([...singles, ...batches, ...both].map((work) => work()));
    const elapsed = Date.now() - started;

    expect(results.filter((r) => r.outcome !== 'stored')).toEqual([]);
    expect(results).toHaveLength(450);
    for (const outcomes of sharedOutcomes.values()) expect(outcomes.sort()).toEqual(['duplicate', 'stored']);

    // Every stream is 1..head without a gap, holds each of its messages exactly once, each
    // sender's messages in sequence order, and agrees with the positions append returned.
    const positions = new Map<string, string>();
    for (const r of results) {
      if (r.outcome === 'stored')
        for (const s of r.streams) positions.set(`${s.partner}/${s.streamSequence}`, r.messageId);
    }
    const streams = new Map<string, readonly unknown[]>();
    for (const p of partners) {
      const stream = await b.readStream(p, 0, 10_000);
      streams.set(p, stream);
      expect(stream.map((e) => e.streamSequence)).toEqual(stream.map((_, i) => i + 1));
      const expected = [...released].filter(([, to]) => to.includes(p)).map(([id]) => id);
      expect(stream.map((e) => e.messageId).sort()).toEqual(expected.sort());
      const lastOf = new Map<string, number>();
      for (const e of stream) {
        expect(e.sequence).toBeGreaterThan(lastOf.get(e.sender) ?? -1);
        lastOf.set(e.sender, e.sequence);
        expect(positions.get(`${p}/${e.streamSequence}`)).toBe(e.messageId);
        expect(e.jws).toBe(`released-to-${p}.payload-${numberOf(e.messageId)}.sig`);
      }
      expect(await a.streamHead(p)).toBe(stream.length);
    }
    for (const [id, m] of sent) expect(await a.get(id)).toEqual(m);
    expect(await a.check()).toEqual({ ok: true, problems: [] });
    await a.close();
    await b.close();
    expect(await deadlocks()).toBe(deadlocksBefore);
    expect(elapsed).toBeLessThan(15_000);

    // A restarted instance finds everything.
    const c = await open(schema);
    try {
      for (const p of partners) expect(await c.readStream(p, 0, 10_000)).toEqual(streams.get(p));
      expect(await c.lastSequence('shared')).toBe(49);
      expect((await c.check()).ok).toBe(true);
    } finally {
      await c.close();
    }
  });

  it("serializes one sender's appends across instances: stored sequences only increase", async () => {
    const schema = freshSchema();
    const [a, b] = await Promise.all([open(schema), open(schema)]);
    try {
      // 100 messages of one sender sent at once, alternately to a and b: each is stored or
      // refused, and what is stored is in sequence order.
      const outcomes = await Promise.all(
        Array.from({ length: 100 }, (_, i) =>
          (i % 2 ? b : a).append(envelope(i + 1, { sequence: i }), releases(i + 1, ['ru'])).then(
            (r: AppendResult) => r.outcome,
            (e: StoreError) => e.code,
          ),
        ),
      );
      expect(outcomes).toContain('stored');
      expect(outcomes.filter((o) => o !== 'stored' && o !== 'sequence-not-increasing')).toEqual([]);
      const stream = await a.readStream('ru', 0, 1000);
      expect(stream).toHaveLength(outcomes.filter((o) => o === 'stored').length);
      for (let i = 1; i < stream.length; i++)
        expect(stream[i]!.sequence).toBeGreaterThan(stream[i - 1]!.sequence);
      expect(await a.lastSequence('us')).toBe(stream.at(-1)!.sequence);
    } finally {
      await a.close();
      await b.close();
    }
  });

  it('appendReleases and acknowledge racing on two instances: each partner gets a message once', async () => {
    const schema = freshSchema();
    const [a, b] = await Promise.all([open(schema), open(schema)]);
    try {
      for (let n = 1; n <= 20; n++) await a.append(envelope(n), []);
      const given = await Promise.all(
        Array.from({ length: 20 }, (_, i) => [
          a.appendReleases(messageId(i + 1), releases(i + 1, ['ru', 'uk', 'dk'])),
          b.appendReleases(messageId(i + 1), releases(i + 1, ['dk', 'uk', 'ru'])),
        ]).flat(),
      );
      expect(given.flat()).toHaveLength(60);
      for (const p of ['ru', 'uk', 'dk']) {
        const stream = await b.readStream(p, 0, 100);
        expect(new Set(stream.map((e) => e.messageId)).size).toBe(20);
        expect(stream.map((e) => e.streamSequence)).toEqual(stream.map((_, i) => i + 1));
      }
      const acks = await Promise.all([5, 17, 3, 20, 11].map((s, i) => (i % 2 ? a : b).acknowledge('ru', s)));
      for (const [i, ack] of acks.entries()) expect(ack).toBeGreaterThanOrEqual([5, 17, 3, 20, 11][i]!);
      expect(await a.lastAcknowledged('ru')).toBe(20);
    } finally {
      await a.close();
      await b.close();
    }
  });

  it('carries on after the server ends its connections (a restart, a failover)', async () => {
    const store = await open(freshSchema());
    try {
      await store.append(envelope(1), releases(1, ['ru']));
      await admin.query(
        `SELECT pg_terminate_backend(pid) FROM pg_stat_activity
          WHERE datname = current_database() AND application_name = 'shieldlab-exchange'`,
      );
      await new Promise((resolve) => setTimeout(resolve, 100)); // the pool hears of it
      expect(await store.append(envelope(2), releases(2, ['ru']))).toMatchObject({
        streams: [{ partner: 'ru', streamSequence: 2 }],
      });
    } finally {
      await store.close();
    }
  });

  it('check() verifies indexes with amcheck, and reports a gap and a dangling stream entry', async () => {
    await admin.query('CREATE EXTENSION IF NOT EXISTS amcheck');
    const schema = freshSchema();
    const store = await open(schema);
    try {
      for (let n = 1; n <= 3; n++) await store.append(envelope(n), releases(n, ['ru']));
      expect(await store.check()).toEqual({ ok: true, problems: [] });
      const client = await admin.connect();
      try {
        await client.query(`DELETE FROM ${schema}.streams WHERE partner = 'ru' AND stream_sequence = 2`);
        // As a logical restore may leave it: foreign keys are not enforced in replica mode.
        await client.query('SET session_replication_role = replica');
        await client.query(`DELETE FROM ${schema}.messages WHERE id = $1`, [messageId(3)]);
        await client.query('RESET session_replication_role');
      } finally {
        client.release();
      }
      const result = await store.check();
      expect(result.ok).toBe(false);
      expect(result.problems.join('\n')).toMatch(/stream ru: head 3 but 2 entries up to 3/);
      expect(result.problems.join('\n')).toMatch(/1 rows of streams point to a missing row of messages/);
    } finally {
      await store.close();
    }
  });
});

/** Deadlocks the server has detected in the test database (statistics of ended sessions included). */
async function deadlocks(): Promise<number> {
  // Sessions report their statistics when they end; give the ones just closed a moment.
  await new Promise((resolve) => setTimeout(resolve, 200));
  const { rows } = await admin.query<{ deadlocks: string }>(
    'SELECT deadlocks FROM pg_stat_database WHERE datname = current_database()',
  );
  return Number(rows[0]!.deadlocks);
}
