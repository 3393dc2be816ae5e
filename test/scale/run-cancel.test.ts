import { spawn } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../cli/run-cli.js';
import { temporaryDirectory } from '../support/temporary-directory.js';
import { FIXTURE, serialResult } from './split-fixture.js';

/**
 * `shieldlab run --threads N`: the serial run's numbers, and Ctrl-C while worker threads compute
 * leaves the output folder exactly as it was (no new file, no half-written one).
 */

const outDir = () => temporaryDirectory('threads');

describe('shieldlab run --threads', () => {
  it('two threads write the serial result, bit for bit', async () => {
    const serial = serialResult();
    const dir = outDir();
    const { code, stderr } = await runCli('run', FIXTURE, '--out', dir, '--threads', '2');
    expect(code, stderr).toBe(0);
    expect(readFileSync(join(dir, 'result.json'), 'utf8')).toBe(`${JSON.stringify(serial, null, 2)}\n`);
  }, 120_000);

  it('Ctrl-C while chunks are out: exit 130, one line, the folder as it was', async () => {
    const dir = outDir();
    // A previous run's files, which a cancelled run must neither replace nor mix with its own.
    writeFileSync(join(dir, 'result.json'), '{"previous": true}\n');
    // A footprint of 400 launch points (each aimed: no pre-check there), in four chunks that last
    // seconds each after the reach table's build, so that 4 s after the start the run is waiting on them.
    const scenario = join(outDir(), 'long.yaml');
    writeFileSync(
      scenario,
      `name: long footprint
threats:
  - { id: irbm-london, missile: iran-irbm, from: tabriz, to: london }
defence:
  interceptorSites:
    - { id: redzikowo, site: redzikowo, interceptor: gbi-2stage, inventory: 2 }
  sensors: [emr-brdy, ew-satellites]
studies:
  - { kind: footprint, over: launch-points, grid: { south: 25, north: 44.5, west: 40, east: 59.5, spacing: 1 } }
`,
    );
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', 'src/cli/main.ts', 'run', scenario, '--out', dir, '--threads', '2'],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => {
      stderr += c.toString();
    });
    await new Promise((r) => setTimeout(r, 4000));
    const signalled = Date.now();
    child.kill('SIGINT');
    const code = await new Promise<number | null>((resolve) =>
      child.exitCode !== null ? resolve(child.exitCode) : child.once('exit', (c) => resolve(c)),
    );
    expect(Date.now() - signalled).toBeLessThan(5000);
    expect(code).toBe(130);
    expect(stderr).toBe('shieldlab: cancelled: nothing was written\n');
    expect(readdirSync(dir)).toEqual(['result.json']);
    expect(readFileSync(join(dir, 'result.json'), 'utf8')).toBe('{"previous": true}\n');
  }, 60_000);

  it('a thread count that is not a positive integer: exit 2, one line', async () => {
    const { code, stderr } = await runCli('run', FIXTURE, '--out', outDir(), '--threads', 'two');
    expect(code).toBe(2);
    expect(stderr).toBe('shieldlab: --threads: got "two", expected an integer from 1 to 1024\n');
  });
});
