import { createHash, createPublicKey, generateKeyPairSync } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SqliteAuditLog } from '../../../src/exchange/audit/sqlite-audit-log.js';
import { SqliteMessageStore } from '../../../src/exchange/store/sqlite-message-store.js';
import { runCli } from '../../cli/run-cli.js';
import { signer } from './audit-fixtures.js';

/**
 * `shieldlab exchange verify-audit FILE [--key KEYFILE]`: exit 0 and a summary for an intact log,
 * 1 and the report for a tampered one, 2 and one line for anything that is not an audit log.
 */
describe('shieldlab exchange verify-audit', () => {
  const dir = mkdtempSync(join(tmpdir(), 'shieldlab-verify-audit-'));
  const db = join(dir, 'exchange.db');
  const jsonl = join(dir, 'audit.jsonl');
  const pem = join(dir, 'audit.pem');
  let lines: string[];

  beforeAll(() => {
    const log = SqliteAuditLog.open(db, { signer, checkpointEvery: 10 });
    for (let i = 1; i <= 25; i++) log.append({ actor: 'us', action: 'message.received', subject: `m-${i}` });
    writeFileSync(jsonl, log.exportJsonLines());
    log.close();
    lines = readFileSync(jsonl, 'utf8').trimEnd().split('\n');
    writeFileSync(pem, createPublicKey(signer.privateKey).export({ type: 'spki', format: 'pem' }));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  /** A JSON-lines file made of the export's lines, edited. */
  const variant = (name: string, edit: (lines: string[]) => string[]) => {
    const file = join(dir, name);
    writeFileSync(file, `${edit([...lines]).join('\n')}\n`);
    return file;
  };

  it('exit 0 and a summary for an intact database, which it does not change', async () => {
    const before = createHash('sha256').update(readFileSync(db)).digest('hex');
    const { code, stdout, stderr } = await runCli('exchange', 'verify-audit', db);
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
    expect(stdout).toMatch(new RegExp(`^${db.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: intact\n`));
    expect(stdout).toMatch(/25 entries, 2 checkpoints; checkpoint signatures NOT checked \(no --key\)/);
    expect(stdout).toMatch(/last checkpoint: entry 20/);
    expect(stdout).toMatch(/5 entries after the last checkpoint/);
    expect(createHash('sha256').update(readFileSync(db)).digest('hex')).toBe(before);
  });

  it('exit 0 for an intact export with its key (PEM), and JSON on request', async () => {
    const table = await runCli('exchange', 'verify-audit', jsonl, '--key', pem);
    expect(table.code).toBe(0);
    expect(table.stdout).toMatch(/checkpoint signatures checked/);
    const json = await runCli('exchange', 'verify-audit', jsonl, '--key', pem, '--format', 'json');
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout)).toMatchObject({
      file: jsonl,
      ok: true,
      entries: 25,
      signaturesChecked: true,
      lastCheckpoint: { index: 20, keyId: signer.keyId },
      uncovered: 5,
      problem: null,
    });
  });

  it('accepts a JWK set holding several keys (rotation)', async () => {
    const other = generateKeyPairSync('ed25519').publicKey.export({ format: 'jwk' });
    const set = join(dir, 'keys.json');
    writeFileSync(
      set,
      JSON.stringify({ keys: [other, createPublicKey(signer.privateKey).export({ format: 'jwk' })] }),
    );
    expect((await runCli('exchange', 'verify-audit', db, '--key', set)).code).toBe(0);
  });

  it('exit 1 with the report for each kind of tampering', async () => {
    const cases: Array<[string, string[], RegExp]> = [
      [
        variant('modified.jsonl', (l) => l.map((x, i) => (i === 7 ? x.replace('"m-7"', '"m-77"') : x))),
        [],
        /TAMPERED at entry 7 \(modified\)/,
      ],
      [variant('deleted.jsonl', (l) => l.filter((_, i) => i !== 7)), [], /TAMPERED at entry 7 \(deleted\)/],
      [
        variant('reordered.jsonl', (l) => [...l.slice(0, 7), l[8]!, l[7]!, ...l.slice(9)]),
        [],
        /TAMPERED at entry 7 \(reordered\)/,
      ],
      [
        variant('inserted.jsonl', (l) => [...l.slice(0, 8), l[3]!, ...l.slice(8)]),
        [],
        /TAMPERED at entry 8 \(inserted\)/,
      ],
      [
        variant('truncated.jsonl', (l) => l.filter((x, i) => i <= 16 || x.includes('"checkpoint"'))),
        [],
        /TAMPERED at entry 16 \(truncated\)/,
      ],
      [
        variant('forged.jsonl', (l) =>
          l.map((x) =>
            x.includes('"checkpoint"') && x.includes('"index":20')
              ? x.replace(/"time":"[^"]+"/, '"time":"2007-06-07T00:00:00.000Z"')
              : x,
          ),
        ),
        ['--key', pem],
        /TAMPERED at entry 20 \(forged-checkpoint\)/,
      ],
    ];
    for (const [file, extra, report] of cases) {
      const { code, stdout, stderr } = await runCli('exchange', 'verify-audit', file, ...extra);
      expect({ file, code, stderr }).toEqual({ file, code: 1, stderr: '' });
      expect(stdout).toMatch(report);
    }
    const json = await runCli('exchange', 'verify-audit', join(dir, 'deleted.jsonl'), '--format', 'json');
    expect(json.code).toBe(1);
    expect(JSON.parse(json.stdout)).toMatchObject({ ok: false, problem: { kind: 'deleted', index: 7 } });
  });

  it('exit 1 for a database edited in place', async () => {
    const edited = join(dir, 'edited.db');
    writeFileSync(edited, readFileSync(db));
    const raw = new Database(edited);
    raw.exec('DROP TRIGGER audit_entries_append_only_update');
    raw.exec("UPDATE audit_entries SET actor = 'ru' WHERE idx = 12");
    raw.close();
    const { code, stdout } = await runCli('exchange', 'verify-audit', edited, '--key', pem);
    expect(code).toBe(1);
    expect(stdout).toMatch(/TAMPERED at entry 12 \(modified\): entry 12 was modified/);
  });

  it('exit 2 and one line naming the file, field, value and expectation for bad input', async () => {
    const storeOnly = join(dir, 'store-only.db');
    SqliteMessageStore.open(storeOnly).close();
    const notAKey = join(dir, 'not-a-key.pem');
    writeFileSync(notAKey, 'hello');
    const folder = join(dir, 'folder');
    mkdirSync(folder);
    const badField = variant('bad-field.jsonl', (l) =>
      l.map((x, i) => (i === 3 ? x.replace('"index":3', '"index":"3"') : x)),
    );
    const text = join(dir, 'notes.txt');
    writeFileSync(text, 'these are not audit entries\n');
    const cases: Array<[string[], RegExp]> = [
      [
        [join(dir, 'missing.db')],
        /exchange verify-audit: got ".*missing\.db", expected an existing, readable file/,
      ],
      [[folder], /exchange verify-audit: got ".*folder", expected .*\(this is a directory\)/],
      [[text], /notes\.txt: line 1: got "these are not audit entries", expected a JSON object/],
      [[badField], /bad-field\.jsonl: line 4: index: got "3", expected an integer >= 1/],
      [
        [storeOnly],
        /store-only\.db: audit_entries: got "no audit tables", expected an exchange database with an audit log/,
      ],
      [
        [db, '--key', join(dir, 'missing.pem')],
        /--key: got ".*missing\.pem", expected an existing, readable key file/,
      ],
      [
        [db, '--key', notAKey],
        /not-a-key\.pem: key: got "hello", expected a PEM public key, a JWK or a JWK set/,
      ],
      [[db, '--format', 'xml'], /--format: got "xml", expected json or table/],
    ];
    for (const [args, message] of cases) {
      const { code, stdout, stderr } = await runCli('exchange', 'verify-audit', ...args);
      expect({ args, code, stdout }).toEqual({ args, code: 2, stdout: '' });
      expect(stderr).toMatch(message);
      expect(stderr.trimEnd().split('\n'), stderr).toHaveLength(1);
    }
  });
});
