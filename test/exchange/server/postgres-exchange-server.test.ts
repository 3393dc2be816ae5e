import pg from 'pg';
import { afterAll, beforeAll } from 'vitest';
import { readPostgresAuditTables } from '../../../src/exchange/audit/postgres-audit-log.js';
import { type PostgresServer, startPostgresServer } from '../../support/postgres-server.js';
import { describeExchangeServer } from './exchange-server-behaviour.js';

/** The same behaviours as exchange-server.test.ts, the exchange's tables in PostgreSQL. */

let server: PostgresServer;
let admin: pg.Pool;

beforeAll(async () => {
  server = await startPostgresServer();
  admin = new pg.Pool({ connectionString: server.connectionString, max: 2 });
  admin.on('error', () => {});
}, 30_000);

afterAll(async () => {
  await admin?.end();
  await server?.stop();
});

describeExchangeServer('exchange server on PostgreSQL', {
  database: () => server.connectionString,
  storedMessage: async (_exchange, id) => {
    const { rows } = await admin.query<{ sender: string; sequence: string }>(
      'SELECT sender, sequence FROM messages WHERE id = $1',
      [id],
    );
    return rows[0] && { sender: rows[0].sender, sequence: Number(rows[0].sequence) };
  },
  auditEntries: async () => {
    const client = await admin.connect();
    try {
      return (await readPostgresAuditTables(client, 'public', 'test')).entries;
    } finally {
      client.release();
    }
  },
});
