import { execFile, execFileSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { freePort } from './free-port.js';

const run = promisify(execFile);

/** A throwaway PostgreSQL server for one test file. */
export interface PostgresServer {
  /** The test database, as the superuser `postgres` (trust authentication, 127.0.0.1 only). */
  readonly connectionString: string;
  /** Stop the server (fast shutdown) and remove its directory; safe to call twice. */
  stop(): Promise<void>;
}

/**
 * The directory holding initdb and pg_ctl: pg_config's bindir, else the newest Debian
 * /usr/lib/postgresql/<version>/bin, else the PATH. scripts/setup-test-system.sh searches the same
 * places and installs Debian's postgresql when none has them.
 */
export function findPostgresBinaries(): string | undefined {
  const hasBoth = (dir: string) => existsSync(join(dir, 'initdb')) && existsSync(join(dir, 'pg_ctl'));
  try {
    const dir = execFileSync('pg_config', ['--bindir'], { encoding: 'utf8', stdio: 'pipe' }).trim();
    if (hasBoth(dir)) return dir;
  } catch {
    // no pg_config: look further
  }
  const debian = '/usr/lib/postgresql';
  if (existsSync(debian)) {
    const versions = readdirSync(debian).sort((a, b) => Number(b) - Number(a));
    for (const version of versions)
      if (hasBoth(join(debian, version, 'bin'))) return join(debian, version, 'bin');
  }
  return (process.env['PATH'] ?? '').split(delimiter).find((dir) => dir !== '' && hasBoth(dir));
}

/**
 * initdb, start and create a database in a fresh temporary directory: a server on 127.0.0.1 at a
 * free port, its socket in that directory, fsync and synchronous_commit on (the store refuses
 * less). initdb refuses to run as root, so as root the server runs as the `postgres` user the
 * Debian package creates. Takes about a second.
 */
export async function startPostgresServer(): Promise<PostgresServer> {
  const bin = findPostgresBinaries();
  if (bin === undefined) {
    throw new Error('PostgreSQL not found (initdb, pg_ctl): run scripts/setup-test-system.sh');
  }
  const asRoot = process.getuid?.() === 0;
  const command = (program: string, args: string[]): [string, string[]] =>
    asRoot ? ['runuser', ['-u', 'postgres', '--', join(bin, program), ...args]] : [join(bin, program), args];

  const dir = mkdtempSync(join(tmpdir(), 'shieldlab-pg-'));
  const data = join(dir, 'data');
  const log = join(dir, 'server.log');
  const pgCtl = (...args: string[]) => run(...command('pg_ctl', ['-D', data, ...args]));
  let running = false;
  const cleanUpSync = () => {
    try {
      if (running)
        execFileSync(...command('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']), {
          stdio: 'ignore',
        });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  };
  // A test process that ends without stop() leaves no server and no directory behind.
  process.once('exit', cleanUpSync);

  try {
    if (asRoot) {
      const id = (flag: string) => {
        try {
          return Number(execFileSync('id', [flag, 'postgres'], { encoding: 'utf8', stdio: 'pipe' }).trim());
        } catch {
          throw new Error(
            'running as root, and no `postgres` user to run the server as (initdb refuses root)',
          );
        }
      };
      chownSync(dir, id('-u'), id('-g'));
    }
    await run(
      ...command('initdb', [
        '-D',
        data,
        '-U',
        'postgres',
        '-A',
        'trust',
        '-E',
        'UTF8',
        '--locale=C',
        '--no-instructions',
      ]),
    );
    let port = 0;
    // The free port is found, then released, then bound by the server: retried if taken meanwhile.
    for (let attempt = 1; !running; attempt++) {
      port = await freePort();
      const options = [
        "-c listen_addresses='127.0.0.1'",
        `-p ${port}`,
        `-c unix_socket_directories='${dir}'`,
        '-c fsync=on',
        '-c synchronous_commit=on',
      ].join(' ');
      try {
        await pgCtl('-l', log, '-w', '-t', '30', '-o', options, 'start');
        running = true;
      } catch (e) {
        if (attempt >= 3) throw new Error(`${(e as Error).message}\n${serverLog(log)}`);
      }
    }
    const admin = new pg.Client({ host: '127.0.0.1', port, user: 'postgres', database: 'postgres' });
    await admin.connect();
    try {
      await admin.query('CREATE DATABASE shieldlab');
    } finally {
      await admin.end();
    }
    let stopped = false;
    return {
      connectionString: `postgresql://postgres@127.0.0.1:${port}/shieldlab`,
      async stop() {
        if (stopped) return;
        stopped = true;
        process.removeListener('exit', cleanUpSync);
        try {
          if (running) await pgCtl('-m', 'fast', '-w', 'stop');
          running = false;
        } finally {
          rmSync(dir, { recursive: true, force: true });
        }
      },
    };
  } catch (e) {
    process.removeListener('exit', cleanUpSync);
    cleanUpSync();
    throw e;
  }
}

/** A TCP port on 127.0.0.1 that nothing listens on now. */
function serverLog(path: string): string {
  try {
    return readFileSync(path, 'utf8').slice(-2000);
  } catch {
    return '(no server log)';
  }
}
