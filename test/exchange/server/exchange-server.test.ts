import { readAuditTables } from '../../../src/exchange/audit/sqlite-audit-log.js';
import { openExchangeDatabaseReadOnly } from '../../../src/exchange/store/sqlite-database.js';
import { describeExchangeServer, type TestExchange } from './exchange-server-behaviour.js';

/** The exchange server on SQLite (one server; its database file in the exchange directory). */

function readOnly<T>(
  exchange: TestExchange,
  read: (db: ReturnType<typeof openExchangeDatabaseReadOnly>) => T,
): T {
  const db = openExchangeDatabaseReadOnly(`${exchange.dir}/exchange.db`);
  try {
    return read(db);
  } finally {
    db.close();
  }
}

describeExchangeServer('exchange server on SQLite', {
  database: () => undefined,
  storedMessage: async (exchange, id) =>
    readOnly(
      exchange,
      (db) =>
        db.prepare('SELECT sender, sequence FROM messages WHERE id = ?').get(id) as
          | { sender: string; sequence: number }
          | undefined,
    ),
  auditEntries: async (exchange) => readOnly(exchange, (db) => readAuditTables(db, 'exchange.db').entries),
});
