import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Queue, QueueEvents } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chunkQueueName } from '../../src/scale/compatibility.js';
import { runCli } from '../cli/run-cli.js';
import { type RedisServer, startRedisServer } from '../support/redis-server.js';
import { temporaryDirectory } from '../support/temporary-directory.js';
import { FIXTURE, serialResult } from './split-fixture.js';

/**
 * Distributed runs: `shieldlab run --queue` with two `shieldlab worker` processes on a local
 * redis-server. The run's result.json is the local serial one, bit for bit, and stays so when a
 * worker is killed (SIGKILL) in the middle of a chunk: BullMQ gives the chunk to the other worker
 * once the dead one's lock lapses.
 */

const serial = serialResult();

interface WorkerProcess {
  readonly child: ChildProcess;
  /** Everything it wrote to stderr so far. */
  log: string;
}

let redis: RedisServer;
const workers: WorkerProcess[] = [];

/** A worker process from the sources, one thread, giving up a dead worker's chunk after 2 s. */
function startWorker(url: string): Promise<WorkerProcess> {
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      'src/cli/main.ts',
      'worker',
      '--queue',
      url,
      '--threads',
      '1',
      '--stall-timeout',
      '2',
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  const w: WorkerProcess = { child, log: '' };
  workers.push(w);
  return new Promise((resolve, reject) => {
    child.stderr!.on('data', (chunk: Buffer) => {
      w.log += chunk.toString();
      if (w.log.includes('taking chunks from')) resolve(w);
    });
    child.once('exit', (code) => reject(new Error(`worker exited with ${code}: ${w.log}`)));
  });
}

const outDir = () => temporaryDirectory('queue');

beforeAll(async () => {
  redis = await startRedisServer();
  await Promise.all([startWorker(redis.url), startWorker(redis.url)]);
}, 60_000);

afterAll(async () => {
  for (const w of workers)
    if (w.child.exitCode === null && w.child.signalCode === null) w.child.kill('SIGKILL');
  await redis?.stop();
});

describe('shieldlab run --queue with shieldlab workers', () => {
  it('two workers share the chunks, and result.json is the serial run, bit for bit', async () => {
    const dir = outDir();
    const { code, stderr } = await runCli('run', FIXTURE, '--out', dir, '--queue', redis.url);
    expect(code, stderr).toBe(0);
    const result = JSON.parse(readFileSync(join(dir, 'result.json'), 'utf8')) as typeof serial;
    expect(JSON.stringify(result.studies)).toBe(JSON.stringify(serial.studies));
    // Both workers computed chunks (a line each), and together all of them: 1 footprint chunk,
    // 2 sweep values, 1 nominal and 3 samples.
    const lines = workers.map((w) => (w.log.match(/: done in /g) ?? []).length);
    expect(lines.every((n) => n > 0)).toBe(true);
    expect(lines.reduce((a, b) => a + b, 0)).toBe(7);
  }, 120_000);

  it('a worker killed in the middle of a chunk: the chunk is done by another, the result unchanged', async () => {
    const queue = new Queue(chunkQueueName(), { connection: { url: redis.url } });
    const events = new QueueEvents(chunkQueueName(), { connection: { url: redis.url } });
    await events.waitUntilReady();
    const stalled: string[] = [];
    events.on('stalled', ({ jobId }) => stalled.push(jobId));
    // Fresh workers: their first chunk builds the reach table first, so it lasts seconds.
    for (const w of workers.splice(0)) w.child.kill('SIGKILL');
    await Promise.all([startWorker(redis.url), startWorker(redis.url)]);
    const alive = [...workers];
    try {
      const dir = outDir();
      const run = runCli('run', FIXTURE, '--out', dir, '--queue', redis.url);
      // The first chunk a worker holds: kill that worker while it computes.
      let victim: { jobId: string; worker: WorkerProcess } | undefined;
      for (let k = 0; k < 300 && !victim; k++) {
        await new Promise((r) => setTimeout(r, 50));
        for (const job of await queue.getActive()) {
          const worker = alive.find((w) => job.processedBy?.endsWith(`:${w.child.pid}`));
          if (worker) victim = { jobId: job.id!, worker };
        }
      }
      expect(victim, 'no worker took a chunk').toBeDefined();
      victim!.worker.child.kill('SIGKILL');
      const { code, stderr } = await run;
      expect(code, stderr).toBe(0);
      const result = JSON.parse(readFileSync(join(dir, 'result.json'), 'utf8')) as typeof serial;
      expect(JSON.stringify(result.studies)).toBe(JSON.stringify(serial.studies));
      // BullMQ saw the killed worker's chunk stall and handed it on.
      expect(stalled).toContain(victim!.jobId);
      const survivor = alive.find((w) => w !== victim!.worker)!;
      expect(survivor.log).toMatch(/: done in /);
    } finally {
      await events.close();
      await queue.close();
    }
  }, 180_000);

  it('an unreachable Redis server or a URL that is not Redis: one line, no output', async () => {
    const dir = join(outDir(), 'out');
    const refused = await runCli('run', FIXTURE, '--out', dir, '--queue', 'redis://127.0.0.1:1');
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(
      /^shieldlab: --queue redis:\/\/127\.0\.0\.1:1: cannot reach the Redis server \(ECONNREFUSED\)\n$/,
    );
    const wrong = await runCli('run', FIXTURE, '--out', dir, '--queue', 'http://127.0.0.1:6379');
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toBe(
      'shieldlab: --queue: got "http://127.0.0.1:6379", expected a Redis URL such as redis://127.0.0.1:6379\n',
    );
    const path = await runCli('run', FIXTURE, '--out', dir, '--queue', 'redis://127.0.0.1:6379/abc');
    expect(path.code).toBe(2);
    expect(path.stderr).toBe(
      'shieldlab: --queue: got "redis://127.0.0.1:6379/abc", expected a Redis URL whose path is a database number (such as redis://127.0.0.1:6379/0), not /abc\n',
    );
    // A password is never printed.
    const secret = await runCli('run', FIXTURE, '--out', dir, '--queue', 'redis://user:s3cret@127.0.0.1:1');
    expect(secret.code).toBe(1);
    expect(secret.stderr).toBe(
      'shieldlab: --queue redis://user:***@127.0.0.1:1: cannot reach the Redis server (ECONNREFUSED)\n',
    );
    const both = await runCli('run', FIXTURE, '--out', dir, '--queue', redis.url, '--threads', '2');
    expect(both.code).toBe(2);
    expect(both.stderr).toBe(
      'shieldlab: --threads: got "2", expected no --threads with --queue (each worker sets its own)\n',
    );
    expect(existsSync(dir)).toBe(false);
    const worker = await runCli('worker', '--queue', redis.url, '--threads', '0');
    expect(worker.code).toBe(2);
    expect(worker.stderr).toBe('shieldlab: --threads: got "0", expected an integer from 1 to 1024\n');
  });

  it('a Redis server lost in the middle of a run: one line and exit 1, not a wait forever', async () => {
    const lost = await startRedisServer();
    try {
      const dir = join(outDir(), 'out');
      // No worker on this server: the run waits on its chunks when the server goes.
      const run = runCli('run', FIXTURE, '--out', dir, '--queue', lost.url);
      await new Promise((r) => setTimeout(r, 2000));
      await lost.stop();
      const { code, stderr } = await run;
      expect(code).toBe(1);
      expect(stderr).toMatch(
        /^shieldlab: --queue redis:\/\/127\.0\.0\.1:\d+: lost the Redis server for 15 s \(ECONNREFUSED\)\n$/,
      );
      expect(existsSync(dir)).toBe(false);
    } finally {
      await lost.stop();
    }
  }, 60_000);
});
