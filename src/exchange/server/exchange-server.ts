import { listenError } from '../../cli/listen-error.js';
import { buildExchangeApp } from './exchange-app.js';
import { openExchange } from './exchange-directory.js';
import { type Escalation, ExchangeService } from './exchange-service.js';
import type { ExchangeState } from './exchange-state.js';
import { SqliteExchangeState } from './sqlite-exchange-state.js';

/**
 * A running exchange server: the exchange in `dir`, its HTTP API on host:port, and the timers that
 * release held messages and escalate unacknowledged launch events.
 */

export interface ExchangeServerOptions {
  /** The exchange directory: its SQLite database and key files, or with `database` the key files only. */
  readonly dir: string;
  /**
   * A PostgreSQL URL (postgres://...): the exchange's tables are there, shared with any other
   * instance serving the same database (README: "PostgreSQL: several instances"). Without it, the
   * SQLite database in `dir`, for one server.
   */
  readonly database?: string | undefined;
  readonly host: string;
  readonly port: number;
  /** Seconds between heartbeats on live streams (default 10). */
  readonly heartbeat?: number;
  /** Seconds before an unacknowledged launch event is escalated (default 60). */
  readonly escalateAfter?: number;
  /** HTTPS with this certificate and key (PEM); with clientCa, partners authenticate by mutual TLS. */
  readonly tls?:
    | { readonly cert: string; readonly key: string; readonly clientCa?: string | undefined }
    | undefined;
  /** Log warnings and escalations to stderr. */
  readonly logger?: boolean | undefined;
  readonly onEscalation?: ((e: Escalation) => void) | undefined;
}

export interface ExchangeServer {
  /** Such as `http://127.0.0.1:8018`. */
  readonly url: string;
  readonly service: ExchangeService;
  close(): Promise<void>;
}

export const DEFAULT_EXCHANGE_PORT = 8018;

async function openState(options: ExchangeServerOptions): Promise<ExchangeState> {
  if (options.database === undefined) return new SqliteExchangeState(await openExchange(options.dir));
  const { openPostgresExchange } = await import('./postgres-exchange-directory.js');
  return openPostgresExchange(options.database, options.dir, {
    onListenError: options.logger
      ? (e) => process.stderr.write(`exchange: LISTEN connection to PostgreSQL: ${e.message}\n`)
      : undefined,
  });
}

export async function startExchangeServer(options: ExchangeServerOptions): Promise<ExchangeServer> {
  const state = await openState(options);
  const escalateAfter = options.escalateAfter ?? 60;
  const service = new ExchangeService(state, {
    escalateAfter,
    onEscalation: options.onEscalation,
  });
  const { app } = buildExchangeApp(service, {
    heartbeatInterval: options.heartbeat ?? 10,
    logger: options.logger,
    tls: options.tls,
  });
  // Held releases are checked every second; escalations at a quarter of their delay (>= 1 s).
  const releaseTimer = setInterval(() => {
    service.releaseDue().catch((e: unknown) => app.log.error(e));
  }, 1000);
  const escalationTimer = setInterval(
    () => {
      service.escalate().catch((e: unknown) => app.log.error(e));
    },
    Math.max(1000, (escalateAfter * 1000) / 4),
  );
  const stopTimers = () => {
    clearInterval(releaseTimer);
    clearInterval(escalationTimer);
  };
  try {
    await app.listen({ host: options.host, port: options.port });
  } catch (e) {
    stopTimers();
    await app.close();
    await state.close();
    throw listenError(e, options);
  }
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  const host = options.host.includes(':') ? `[${options.host}]` : options.host;
  return {
    url: `${options.tls ? 'https' : 'http'}://${host}:${port}`,
    service,
    close: async () => {
      stopTimers();
      await app.close();
      await service.drain();
      await state.close();
    },
  };
}
