import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import { InputError } from '../core/errors.js';
import { SHIELDLAB_VERSION } from '../version.js';
import { listenError } from './listen-error.js';
import { packageRoot } from './package-root.js';
import { closeOnSignal } from './until-signal.js';

const DEFAULT_HOST = '127.0.0.1';
const DEFAULT_PORT = '8017';

/** `shieldlab serve [--port N] [--host H]`: the built web app on a local HTTP server until stopped. */
export function registerServe(program: Command): void {
  program
    .command('serve')
    .description('serve the web app (built by npm run build) until Ctrl-C')
    .option('--port <port>', 'TCP port; 0 picks any free port', DEFAULT_PORT)
    .option('--host <host>', 'address to listen on', DEFAULT_HOST)
    .action(async (flags: { port: string; host: string }) => {
      await runServe(flags);
    });
}

export interface WebServer {
  /** Where the app is, such as `http://127.0.0.1:8017/`. */
  readonly url: string;
  readonly close: () => Promise<void>;
}

/** Where `npm run build` writes the app. */
export function webAppDirectory(): string {
  return join(packageRoot(), 'dist', 'web');
}

/** The port flag as a number: an integer in [0, 65535], 0 meaning any free port. */
export function parsePort(value: string): number {
  const port = /^\d{1,5}$/.test(value) ? Number(value) : Number.NaN;
  if (!(port >= 0 && port <= 65535)) throw new InputError('--port', value, 'an integer port in [0, 65535]');
  return port;
}

/**
 * Serve the static files of `root` and `GET /api/health` on host:port. Fastify is loaded here, not
 * at the top of the module, so that the other commands do not pay for it.
 */
export async function startWebServer(options: {
  root: string;
  host: string;
  port: number;
}): Promise<WebServer> {
  const [{ default: fastify }, { default: fastifyStatic }] = await Promise.all([
    import('fastify'),
    import('@fastify/static'),
  ]);
  const app = fastify({ logger: false });
  app.get('/api/health', async () => ({ ok: true, version: SHIELDLAB_VERSION }));
  await app.register(fastifyStatic, { root: options.root, prefix: '/' });
  try {
    await app.listen({ host: options.host, port: options.port });
  } catch (e) {
    await app.close();
    throw listenError(e, options);
  }
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  const host = options.host.includes(':') ? `[${options.host}]` : options.host;
  return { url: `http://${host}:${port}/`, close: () => app.close() };
}

export async function runServe(flags: { port: string; host: string }): Promise<void> {
  const port = parsePort(flags.port);
  const root = webAppDirectory();
  if (!existsSync(join(root, 'index.html'))) {
    throw new InputError('serve', root, 'the built web app (run npm run build first)');
  }
  const server = await startWebServer({ root, host: flags.host, port });
  process.stdout.write(`shieldlab web app: ${server.url}\n`);
  await closeOnSignal(server);
}
