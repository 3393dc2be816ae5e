import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { seededRandom } from '../../../src/core/random.js';
import { SqliteMessageStore } from '../../../src/exchange/store/sqlite-message-store.js';
import { CRASH_PARTNERS, CRASH_SENDER, crashMessage, crashReleasedTo } from './crash-messages.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const CHILD = fileURLToPath(new URL('./crash-child.ts', import.meta.url));
const CYCLES = 50;
const SEED = 20070607;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Start the publisher, let it run, kill it with SIGKILL. Returns the last sequence it reported as
 * acknowledged. `earlyKill` kills it at a random moment of its start-up instead (while it opens the
 * file and SQLite recovers the previous crash), which may be before it appends anything.
 */
async function runAndKill(path: string, batch: number, earlyKill: boolean, delay: number): Promise<number> {
  const child = spawn(process.execPath, ['--import', 'tsx', CHILD, path, String(batch)], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let acked = 0;
  let pending = '';
  let stderr = '';
  let onReady: () => void = () => {};
  const ready = new Promise<void>((resolve) => {
    onReady = resolve;
  });
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    pending += chunk;
    const lines = pending.split('\n');
    pending = lines.pop()!;
    for (const line of lines) {
      if (line === 'ready') onReady();
      else if (line.startsWith('ack ')) acked = Number(line.slice(4));
    }
  });
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
  });
  // 'close', not 'exit': every line the child wrote has been read by then.
  const closed = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.on('close', (code, signal) => resolve({ code, signal }));
  });
  if (!earlyKill) await Promise.race([ready, closed]);
  await sleep(delay);
  child.kill('SIGKILL');
  const { code, signal } = await closed;
  // It must die by our hand, never on its own (a refused append, a corrupt file).
  expect({ code, signal, stderr }).toEqual({ code: null, signal: 'SIGKILL', stderr: '' });
  return acked;
}

/**
 * Everything the store holds must be exactly what was sent: messages 1..last of the publisher, each
 * complete (its envelope and one stream entry per partner it was released to, never part of it),
 * streams numbered without gap in publishing order. Checks messages after `from` only.
 */
function verifyStore(store: SqliteMessageStore, from: number): number {
  const last = store.lastSequence(CRASH_SENDER) ?? 0;
  const { n } = store.db.prepare('SELECT COUNT(*) AS n FROM messages').get() as { n: number };
  expect(n).toBe(last);
  for (let s = from + 1; s <= last; s++) {
    const { envelope } = crashMessage(s);
    expect(store.get(envelope.id)).toEqual(envelope);
  }
  for (const partner of CRASH_PARTNERS) {
    const expected: number[] = [];
    for (let s = 1; s <= last; s++) {
      if (crashReleasedTo(s).includes(partner)) expected.push(s);
    }
    expect(store.streamHead(partner)).toBe(expected.length);
    // Read the stream entries of messages after `from` (the earlier ones were checked before).
    const skip = expected.filter((s) => s <= from).length;
    let after = skip;
    for (;;) {
      const page = store.readStream(partner, after, 1000);
      if (page.length === 0) break;
      for (const entry of page) {
        after++;
        const s = expected[after - 1]!;
        expect(entry.streamSequence).toBe(after);
        expect(entry.sequence).toBe(s);
        expect(entry.jws).toBe(crashMessage(s).releases.find((r) => r.partner === partner)!.jws);
      }
    }
    expect(after).toBe(expected.length);
  }
  return last;
}

describe('SqliteMessageStore under SIGKILL', () => {
  const dir = mkdtempSync(join(tmpdir(), 'shieldlab-crash-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it(`loses no acknowledged message and no partial message in ${CYCLES} kill-restart cycles`, async () => {
    const path = join(dir, 'exchange.db');
    const random = seededRandom(SEED);
    let acknowledged = 0;
    let verified = 0;
    let cyclesWithAcks = 0;
    for (let cycle = 0; cycle < CYCLES; cycle++) {
      const batch = cycle % 3 === 2 ? 16 : 1;
      const earlyKill = random() < 0.15;
      const delay = earlyKill ? random() * 400 : random() * 60;
      const acked = await runAndKill(path, batch, earlyKill, delay);
      if (acked > acknowledged) cyclesWithAcks++;
      acknowledged = Math.max(acknowledged, acked);
      const store = SqliteMessageStore.open(path);
      try {
        expect(store.check(), `cycle ${cycle} (seed ${SEED})`).toEqual({ ok: true, problems: [] });
        const last = verifyStore(store, verified);
        expect(last, `cycle ${cycle}: acknowledged ${acknowledged}, stored ${last}`).toBeGreaterThanOrEqual(
          acknowledged,
        );
        verified = last;
      } finally {
        store.close();
      }
    }
    // Once more, everything from the first message on.
    const store = SqliteMessageStore.open(path);
    try {
      verifyStore(store, 0);
    } finally {
      store.close();
    }
    // The test has tested something: most cycles published before being killed.
    expect(cyclesWithAcks).toBeGreaterThan(CYCLES / 2);
    expect(acknowledged).toBeGreaterThan(CYCLES * 5);
  }, 120_000);
});
