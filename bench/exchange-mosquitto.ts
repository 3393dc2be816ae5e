import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { accessSync, constants, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import { delimiter, join } from 'node:path';

/**
 * The peer of bench/exchange.ts: a Mosquitto broker (Debian's package) started for the run on
 * 127.0.0.1 with a free port and its own configuration and persistence directory, and stopped at
 * the end. Mosquitto acknowledges a QoS 1 PUBLISH (PUBACK) once the message is in its memory; with
 * `persistence true` it writes its in-memory state to `mosquitto.db` every `autosave_interval`
 * seconds (Debian's default 1800) and at exit, not per message, so a PUBACK is not a durable receipt.
 */

export interface Broker {
  readonly url: string;
  readonly version: string;
  /** CPU time of the broker process so far (ms), from /proc; undefined where there is no /proc. */
  cpuMs(): number | undefined;
  stop(): Promise<void>;
}

/** The mosquitto executable on PATH or in the sbin directories Debian installs it to. */
export function findMosquitto(): string | undefined {
  const dirs = [...(process.env['PATH'] ?? '').split(delimiter), '/usr/sbin', '/usr/local/sbin', '/sbin'];
  for (const dir of dirs) {
    if (dir === '') continue;
    const path = join(dir, 'mosquitto');
    try {
      accessSync(path, constants.X_OK);
      return path;
    } catch {
      // not here
    }
  }
  return undefined;
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

let ticks: number | undefined;
/** CPU time (ms) of a process from /proc/<pid>/stat (utime + stime). */
export function processCpuMs(pid: number): number | undefined {
  try {
    ticks ??= Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / ticks;
  } catch {
    return undefined;
  }
}

export async function startMosquitto(bin: string, dir: string): Promise<Broker> {
  mkdirSync(dir, { recursive: true });
  const port = await freePort();
  const config = join(dir, 'mosquitto.conf');
  writeFileSync(
    config,
    [
      `listener ${port} 127.0.0.1`,
      'allow_anonymous true',
      'persistence true',
      `persistence_location ${dir}/`,
      // Debian's default: the in-memory state is saved every 30 minutes and at exit.
      'autosave_interval 1800',
      // The ingest phase keeps every message for one offline persistent subscriber (the exchange
      // keeps it in that recipient's stream): no cap on its queue, and no cap on in-flight QoS 1.
      'max_queued_messages 0',
      'max_inflight_messages 0',
      'log_dest stderr',
      'log_type error',
      'log_type warning',
      // Run as root, Mosquitto would switch to the user "mosquitto", who cannot write our temp dir.
      ...(process.getuid?.() === 0 ? ['user root'] : []),
      '',
    ].join('\n'),
  );
  const version =
    /mosquitto version (\S+)/.exec(
      (() => {
        try {
          return execFileSync(bin, ['-h'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
        } catch (e) {
          // `mosquitto -h` exits with status 3 after printing its usage.
          return String((e as { stdout?: string }).stdout ?? '');
        }
      })(),
    )?.[1] ?? 'unknown';
  const child: ChildProcess = spawn(bin, ['-c', config], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => {
    stderr += d.toString();
  });
  let exited = false;
  const exit = new Promise<void>((resolve) =>
    child.once('exit', () => {
      exited = true;
      resolve();
    }),
  );
  // A benchmark that dies early must not leave the broker running (Ctrl-C reaches the whole group).
  const killOnExit = () => child.kill();
  process.once('exit', killOnExit);
  const deadline = Date.now() + 5000;
  while (!(await canConnect(port))) {
    if (exited || Date.now() > deadline) {
      process.off('exit', killOnExit);
      child.kill();
      throw new Error(`mosquitto did not start on port ${port}: ${stderr.trim() || '(no output)'}`);
    }
    await new Promise((r) => setTimeout(r, 20));
  }
  return {
    url: `mqtt://127.0.0.1:${port}`,
    version,
    cpuMs: () => (child.pid === undefined ? undefined : processCpuMs(child.pid)),
    stop: async () => {
      process.off('exit', killOnExit);
      if (!exited) child.kill('SIGTERM');
      await exit;
    },
  };
}
