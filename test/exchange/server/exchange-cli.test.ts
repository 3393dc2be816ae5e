import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openRegistry } from '../../../src/exchange/server/exchange-directory.js';
import { startExchangeServer } from '../../../src/exchange/server/exchange-server.js';
import { runCli } from '../../cli/run-cli.js';

/**
 * The exchange's commands: init, partner add|list|revoke|add-key, publish, subscribe. Secrets are
 * written only for their owner; bad input is exit status 2 with one line naming the file or flag,
 * the value and the expectation.
 */

let dir: string;
let ex: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'shieldlab-exchange-cli-'));
  ex = join(dir, 'ex');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const mode = (file: string) => statSync(file).mode & 0o777;

function expectOneLine(result: { code: number; stdout: string; stderr: string }, ...parts: string[]) {
  expect(result.code, result.stdout).toBe(2);
  expect(result.stderr.trim().split('\n')).toHaveLength(1);
  for (const part of parts) expect(result.stderr).toContain(part);
}

const POLICY = `id: us-to-ru.1
partner: ru
statuses: [exercise]
types:
  launch-event: [launchTime, launchArea, reach]
precision: { area: { kind: grid, degrees: 5 }, time: 600, azimuth: 45, reach: 500000 }
`;

describe('shieldlab exchange init and partner', () => {
  it('creates an exchange once, with its private key readable only by its owner', async () => {
    expect((await runCli('exchange', 'init', '--dir', ex)).code).toBe(0);
    expect(mode(join(ex, 'exchange-key.jwk'))).toBe(0o600);
    expect(JSON.parse(readFileSync(join(ex, 'exchange-public.jwk'), 'utf8'))).toMatchObject({
      kty: 'OKP',
      crv: 'Ed25519',
    });
    expect(JSON.parse(readFileSync(join(ex, 'exchange-public.jwk'), 'utf8')).d).toBeUndefined();
    expectOneLine(await runCli('exchange', 'init', '--dir', ex), '--dir', 'exchange.db exists');
  });

  it('adds, lists, rotates keys of and revokes partners; tokens are kept only as hashes', async () => {
    await runCli('exchange', 'init', '--dir', ex);
    writeFileSync(join(dir, 'ru-policy.yaml'), POLICY);
    const added = await runCli(
      'exchange',
      'partner',
      'add',
      'us',
      '--dir',
      ex,
      '--publish',
      'launch-event,pre-launch',
      '--generate-key',
      join(dir, 'us-key.json'),
      '--token-file',
      join(dir, 'us.token'),
    );
    expect(added.code, added.stderr).toBe(0);
    expect(mode(join(dir, 'us.token'))).toBe(0o600);
    expect(mode(join(dir, 'us-key.json'))).toBe(0o600);
    const ruAdded = await runCli(
      'exchange',
      'partner',
      'add',
      'ru',
      '--dir',
      ex,
      '--policy',
      join(dir, 'ru-policy.yaml'),
    );
    expect(ruAdded.code, ruAdded.stderr).toBe(0);
    const ruToken = /token: (slx_\S+)/.exec(ruAdded.stdout)![1]!;

    const token = readFileSync(join(dir, 'us.token'), 'utf8').trim();
    const db = readFileSync(join(ex, 'exchange.db'));
    expect(db.includes(Buffer.from(token))).toBe(false);
    expect(db.includes(Buffer.from(ruToken))).toBe(false);

    const listed = JSON.parse(
      (await runCli('exchange', 'partner', 'list', '--dir', ex, '--format', 'json')).stdout,
    );
    expect(
      listed.map((p: { id: string; publishes: string[]; policy: string | null }) => [
        p.id,
        p.publishes,
        p.policy,
      ]),
    ).toEqual([
      ['ru', [], 'us-to-ru.1'],
      ['us', ['launch-event', 'pre-launch'], null],
    ]);

    const firstKid = listed[1].keys[0] as string;
    const rotated = await runCli(
      'exchange',
      'partner',
      'add-key',
      'us',
      '--dir',
      ex,
      '--generate-key',
      join(dir, 'us-key-2.json'),
      '--revoke-key',
      firstKid,
    );
    expect(rotated.code, rotated.stderr).toBe(0);
    const check = openRegistry(ex);
    try {
      const keys = check.registry.keysOf('us');
      expect(keys).toHaveLength(2);
      expect(keys.find((k) => k.kid === firstKid)?.revoked).toBeDefined();
      expect(check.registry.authenticate(token)?.id).toBe('us');
    } finally {
      check.db.close();
    }

    expect((await runCli('exchange', 'partner', 'revoke', 'us', '--dir', ex)).code).toBe(0);
    const after = openRegistry(ex);
    try {
      expect(after.registry.authenticate(token)).toBeUndefined();
      expect(after.registry.keysOf('us').every((k) => k.revoked !== undefined)).toBe(true);
      expect(after.registry.authenticate(ruToken)?.id).toBe('ru');
    } finally {
      after.db.close();
    }
  });

  it('refuses bad partners, policies and flags with one line (exit 2)', async () => {
    await runCli('exchange', 'init', '--dir', ex);
    writeFileSync(join(dir, 'bad-policy.yaml'), POLICY.replace('degrees: 5', 'degrees: 7'));
    expectOneLine(
      await runCli('exchange', 'partner', 'add', 'ru', '--dir', ex, '--policy', join(dir, 'bad-policy.yaml')),
      'bad-policy.yaml',
      'precision.area.degrees',
      'divides 90',
    );
    writeFileSync(join(dir, 'other-policy.yaml'), POLICY);
    expectOneLine(
      await runCli(
        'exchange',
        'partner',
        'add',
        'fr',
        '--dir',
        ex,
        '--policy',
        join(dir, 'other-policy.yaml'),
      ),
      'policy.partner',
      'fr',
    );
    expectOneLine(
      await runCli('exchange', 'partner', 'add', 'us', '--dir', ex, '--publish', 'launch'),
      '--publish',
      'launch',
    );
    expectOneLine(await runCli('exchange', 'partner', 'add', 'US!', '--dir', ex), 'partner', 'US!');
    expect((await runCli('exchange', 'partner', 'add', 'us', '--dir', ex)).code).toBe(0);
    expectOneLine(await runCli('exchange', 'partner', 'add', 'us', '--dir', ex), 'not already in use');
    expectOneLine(
      await runCli('exchange', 'partner', 'revoke', 'nobody', '--dir', ex),
      'nobody',
      'a registered partner',
    );
    expectOneLine(
      await runCli('exchange', 'partner', 'list', '--dir', join(dir, 'none')),
      '--dir',
      'exchange init',
    );
    expectOneLine(await runCli('exchange', 'serve', '--dir', ex, '--port', '70000'), '--port', '70000');
    expectOneLine(await runCli('exchange', 'serve', '--dir', ex, '--heartbeat', '0'), '--heartbeat');
    expect(existsSync(join(dir, 'none'))).toBe(false);
  });
});

describe('shieldlab exchange publish and subscribe', () => {
  it('publishes a message file with a verified receipt, and the recipient subscribes to it', async () => {
    await runCli('exchange', 'init', '--dir', ex);
    writeFileSync(join(dir, 'ru-policy.yaml'), POLICY);
    await runCli(
      'exchange',
      'partner',
      'add',
      'us',
      '--dir',
      ex,
      '--publish',
      'launch-event',
      '--generate-key',
      join(dir, 'us-key.json'),
      '--token-file',
      join(dir, 'us.token'),
    );
    await runCli(
      'exchange',
      'partner',
      'add',
      'ru',
      '--dir',
      ex,
      '--policy',
      join(dir, 'ru-policy.yaml'),
      '--token-file',
      join(dir, 'ru.token'),
    );
    const server = await startExchangeServer({ dir: ex, host: '127.0.0.1', port: 0, heartbeat: 1 });
    try {
      const now = Date.now();
      writeFileSync(
        join(dir, 'launch.yaml'),
        `type: launch-event
body:
  basis: declared
  vehicleClass: irbm
  launchTime: '${new Date(now - 120_000).toISOString()}'
  launchArea: { kind: circle, centre: { lat: 35.23, lon: 53.92 }, radius: 5000 }
  azimuth: 151.7
  impactArea: { kind: circle, centre: { lat: 10.93, lon: 62.71 }, radius: 25000 }
  impactTime: '${new Date(now + 600_000).toISOString()}'
  reach: { range: 2034500, apogee: 612300 }
`,
      );
      const connection = ['--url', server.url, '--token-file', join(dir, 'us.token')];
      const published = await runCli(
        'exchange',
        'publish',
        join(dir, 'launch.yaml'),
        ...connection,
        '--key',
        join(dir, 'us-key.json'),
      );
      expect(published.code, published.stderr).toBe(0);
      const line = JSON.parse(published.stdout);
      expect(line).toMatchObject({ outcome: 'stored', sequence: 1, receipt: 'verified' });

      const sub = await runCli(
        'exchange',
        'subscribe',
        '--url',
        server.url,
        '--token-file',
        join(dir, 'ru.token'),
        '--count',
        '1',
      );
      expect(sub.code, sub.stderr).toBe(0);
      const got = JSON.parse(sub.stdout);
      expect(got).toMatchObject({
        streamSequence: 1,
        verified: true,
        message: { id: line.id, sender: 'us' },
      });
      // Only the fields ru's policy allows.
      expect(Object.keys(got.message.body).sort()).toEqual(['launchArea', 'launchTime', 'reach']);

      // A message the schema refuses: named by file and field, nothing sent.
      writeFileSync(join(dir, 'broken.yaml'), 'type: launch-event\nbody: { basis: seen }\n');
      expectOneLine(
        await runCli(
          'exchange',
          'publish',
          join(dir, 'broken.yaml'),
          ...connection,
          '--key',
          join(dir, 'us-key.json'),
        ),
        'broken.yaml',
        'body.basis',
      );
      // A type us may not publish: the exchange's refusal, in one line.
      writeFileSync(join(dir, 'hb.yaml'), 'type: heartbeat\nbody: { interval: 10 }\n');
      expectOneLine(
        await runCli(
          'exchange',
          'publish',
          join(dir, 'hb.yaml'),
          ...connection,
          '--key',
          join(dir, 'us-key.json'),
        ),
        'hb.yaml',
        'type-not-permitted',
        'HTTP 403',
      );
    } finally {
      await server.close();
    }
    expectOneLine(
      await runCli(
        'exchange',
        'publish',
        join(dir, 'launch.yaml'),
        '--url',
        'http://127.0.0.1:9',
        '--token-file',
        join(dir, 'us.token'),
        '--key',
        join(dir, 'us-key.json'),
      ),
      '--url',
      'a reachable exchange',
    );
  });
});
