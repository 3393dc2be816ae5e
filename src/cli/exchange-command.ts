import type { KeyObject } from 'node:crypto';
import { closeSync, openSync, readFileSync, readSync, statSync } from 'node:fs';
import type { Command } from 'commander';
import { InputError, ResultsDiffer } from '../core/errors.js';
import type { AuditCheckpoint } from '../exchange/audit/audit-checkpoint.js';
import type { AuditEntry } from '../exchange/audit/audit-entry.js';
import type { AuditVerification } from '../exchange/audit/verify-audit.js';
import { checkFormat } from './common-flags.js';
import { registerExchangeAdmin } from './exchange-admin-commands.js';
import { registerExchangeClient } from './exchange-client-commands.js';
import { toJson } from './render.js';

/** Largest JSON-lines export read (a JavaScript string cannot hold much more). */
const MAX_EXPORT_BYTES = 256 * 1024 * 1024;

const collect = (value: string, previous: string[]) => [...previous, value];

/**
 * `shieldlab exchange ...`: the early-warning data-exchange service. The audit module and
 * better-sqlite3 are loaded inside the action, so that other commands do not pay for them.
 */
export function registerExchange(program: Command): void {
  const exchange = program.command('exchange').description('the early-warning data-exchange service');
  registerExchangeAdmin(exchange);
  registerExchangeClient(exchange);
  exchange
    .command('verify-audit <file>')
    .description(
      'verify an audit log (the exchange database, a postgres:// URL of one, or a JSON-lines export): exit 0 when intact, 1 when tampered',
    )
    .option(
      '--key <keyfile>',
      'trusted checkpoint public key: PEM, JWK or JWK set (repeatable; without it signatures are not checked)',
      collect,
      [],
    )
    .option('--format <format>', 'json or table', 'table')
    .action(async (file: string, flags: { key: string[]; format: string }) => {
      process.stdout.write(`${await runVerifyAudit(file, flags)}\n`);
    });
}

/**
 * Verify FILE; returns the summary of an intact log, throws ResultsDiffer (exit 1, report on
 * stdout) when tampering is found, InputError (exit 2) on a file that is not an audit log.
 */
export async function runVerifyAudit(
  file: string,
  flags: { key: string[]; format: string },
): Promise<string> {
  const format = checkFormat(flags.format);
  const [{ parseAuditPublicKeys }, { verifyAudit }] = await Promise.all([
    import('../exchange/audit/audit-keys.js'),
    import('../exchange/audit/verify-audit.js'),
  ]);
  const keys = new Map<string, KeyObject>();
  for (const keyFile of flags.key) {
    for (const [id, key] of parseAuditPublicKeys(readKeyFile(keyFile), keyFile)) {
      const known = keys.get(id);
      if (known && !known.equals(key))
        throw new InputError('--key', keyFile, `one key per key id (${id} differs)`);
      keys.set(id, key);
    }
  }
  const { entries, checkpoints } = await readAuditSource(file);
  const verification = verifyAudit(entries, checkpoints, flags.key.length > 0 ? keys : undefined);
  // A database URL is reported without its password.
  const name = isPostgresUrl(file)
    ? (await import('../exchange/server/postgres-exchange-directory.js')).describeDatabase(file)
    : file;
  const text = format === 'json' ? toJson({ file: name, ...verification }) : describe(name, verification);
  if (!verification.ok) throw new ResultsDiffer(text);
  return text;
}

/**
 * Entries and checkpoints from an exchange's PostgreSQL database (a postgres:// URL), an exchange
 * database (by its SQLite header) or a JSON-lines export.
 */
async function readAuditSource(
  file: string,
): Promise<{ entries: AuditEntry[]; checkpoints: AuditCheckpoint[] }> {
  if (isPostgresUrl(file)) return readPostgresAudit(file);
  const what = 'an exchange database or a JSON-lines audit export';
  let size: number;
  try {
    const st = statSync(file);
    if (!st.isFile()) throw new InputError('exchange verify-audit', file, `${what} (this is a directory)`);
    size = st.size;
  } catch (e) {
    if (e instanceof InputError) throw e;
    throw new InputError('exchange verify-audit', file, `an existing, readable file: ${what}`);
  }
  const { isSqliteHeader, openExchangeDatabaseReadOnly } = await import(
    '../exchange/store/sqlite-database.js'
  );
  if (isSqliteHeader(firstBytes(file, 16))) {
    const { readAuditTables } = await import('../exchange/audit/sqlite-audit-log.js');
    let db: ReturnType<typeof openExchangeDatabaseReadOnly>;
    try {
      db = openExchangeDatabaseReadOnly(file);
    } catch (e) {
      throw new InputError(
        'exchange verify-audit',
        file,
        `a readable SQLite database (${(e as Error).message})`,
      );
    }
    try {
      return readAuditTables(db, file);
    } catch (e) {
      if (e instanceof InputError) throw e;
      throw new InputError(
        'exchange verify-audit',
        file,
        `a readable exchange database (${(e as Error).message})`,
      );
    } finally {
      db.close();
    }
  }
  if (size > MAX_EXPORT_BYTES) {
    throw new InputError(
      'exchange verify-audit',
      file,
      `an export of at most ${MAX_EXPORT_BYTES / 1024 / 1024} MiB`,
    );
  }
  const { parseAuditJsonLines } = await import('../exchange/audit/audit-json-lines.js');
  return parseAuditJsonLines(readFileSync(file, 'utf8'), file);
}

/** The audit tables of an exchange's PostgreSQL database (schema public), read as of one moment. */
async function readPostgresAudit(
  url: string,
): Promise<{ entries: AuditEntry[]; checkpoints: AuditCheckpoint[] }> {
  const [{ default: pg }, { readPostgresAuditTables }, { describeDatabase }] = await Promise.all([
    import('pg'),
    import('../exchange/audit/postgres-audit-log.js'),
    import('../exchange/server/postgres-exchange-directory.js'),
  ]);
  const source = describeDatabase(url);
  const client = new pg.Client({ connectionString: url, application_name: 'shieldlab-verify-audit' });
  client.on('error', () => {});
  try {
    await client.connect();
    return await readPostgresAuditTables(client, 'public', source);
  } catch (e) {
    if (e instanceof InputError) throw e;
    throw new InputError(
      'exchange verify-audit',
      source,
      `a reachable PostgreSQL exchange database (${(e as Error).message})`,
    );
  } finally {
    await client.end().catch(() => {});
  }
}

function isPostgresUrl(file: string): boolean {
  return /^postgres(ql)?:\/\//i.test(file);
}

function firstBytes(file: string, n: number): Uint8Array {
  const buffer = new Uint8Array(n);
  const fd = openSync(file, 'r');
  try {
    const read = readSync(fd, buffer, 0, n, 0);
    return buffer.subarray(0, read);
  } finally {
    closeSync(fd);
  }
}

function readKeyFile(file: string): string {
  try {
    if (!statSync(file).isFile()) throw new Error('not a file');
    return readFileSync(file, 'utf8');
  } catch {
    throw new InputError('--key', file, 'an existing, readable key file (PEM, JWK or JWK set)');
  }
}

/** The report for people: the verdict first, then what it rests on. */
function describe(file: string, v: AuditVerification): string {
  const lines: string[] = [];
  lines.push(
    v.problem
      ? `${file}: TAMPERED at entry ${v.problem.index} (${v.problem.kind}): ${v.problem.message}`
      : `${file}: intact`,
  );
  lines.push(
    `${v.entries} entr${v.entries === 1 ? 'y' : 'ies'}, ${v.checkpoints} checkpoint${v.checkpoints === 1 ? '' : 's'}; ` +
      (v.signaturesChecked
        ? 'checkpoint signatures checked'
        : 'checkpoint signatures NOT checked (no --key)'),
  );
  if (v.lastCheckpoint) {
    lines.push(
      `last checkpoint: entry ${v.lastCheckpoint.index}, signed ${v.lastCheckpoint.time} by key ${v.lastCheckpoint.keyId}`,
    );
  }
  if (v.uncovered > 0) {
    lines.push(
      `${v.uncovered} entr${v.uncovered === 1 ? 'y' : 'ies'} after the last checkpoint: no signature covers ${v.uncovered === 1 ? 'it' : 'them'}, so ${v.uncovered === 1 ? 'its' : 'their'} removal could not be detected`,
    );
  }
  return lines.join('\n');
}
