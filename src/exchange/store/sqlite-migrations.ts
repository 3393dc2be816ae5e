import type { SqliteDatabase } from './sqlite-database.js';
import { StoreError } from './store-error.js';

/**
 * Schema migrations on open. Each component sharing the file (message store, audit log, later the
 * server's partner tables) keeps its own version in schema_versions, so each migrates on its own;
 * SQLite's single user_version could not tell them apart.
 *
 * `steps[i]` takes the component from version i to i + 1. Steps are only ever appended: a released
 * step is never edited, because databases in the field have already run it.
 */
export function migrate(db: SqliteDatabase, component: string, steps: readonly string[]): void {
  // IMMEDIATE takes the write lock first, so two processes opening a new file cannot both migrate it.
  db.transaction(() => {
    db.exec(
      'CREATE TABLE IF NOT EXISTS schema_versions (component TEXT PRIMARY KEY, version INTEGER NOT NULL) STRICT',
    );
    const row = db.prepare('SELECT version FROM schema_versions WHERE component = ?').get(component) as
      | { version: number }
      | undefined;
    const current = row?.version ?? 0;
    if (current > steps.length) {
      throw new StoreError(
        'schema-too-new',
        `${component}: the database is at schema version ${current}, this shieldlab knows up to ${steps.length}`,
      );
    }
    for (let version = current; version < steps.length; version++) db.exec(steps[version]!);
    if (current < steps.length) {
      db.prepare(
        'INSERT INTO schema_versions (component, version) VALUES (?, ?) ON CONFLICT (component) DO UPDATE SET version = excluded.version',
      ).run(component, steps.length);
    }
  }).immediate();
}

/** The component's schema version in the file; 0 when it has never been migrated. */
export function schemaVersion(db: SqliteDatabase, component: string): number {
  const table = db
    .prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_versions'")
    .get();
  if (!table) return 0;
  const row = db.prepare('SELECT version FROM schema_versions WHERE component = ?').get(component) as
    | { version: number }
    | undefined;
  return row?.version ?? 0;
}
