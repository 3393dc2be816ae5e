import { STATUS_CODES } from 'node:http';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fastify from 'fastify';
import { SHIELDLAB_VERSION } from '../../version.js';
import { ExchangeError, errorBody } from './exchange-error.js';
import { type AppendedListener, type ExchangeService, MAX_MESSAGE_LENGTH } from './exchange-service.js';
import { LiveStreams } from './live-streams.js';
import { exchangeOpenApi } from './openapi.js';
import { authenticatePartner } from './partner-authentication.js';
import { type Partner, PUBLIC_PARTNER } from './partner-registry.js';
import { PublicExports } from './public-exports.js';

/**
 * The exchange's HTTP API (README.md: routes and status codes) on fastify. Every refusal is a 4xx
 * with `{"error": {"code", "message"}}`; an unexpected failure is a 500 without details (they go
 * to the log), and the server keeps running either way.
 */

export interface ExchangeAppOptions {
  /** Seconds between heartbeats on live streams. */
  readonly heartbeatInterval: number;
  /** CAP <sender> of public alerts (default: the exchange id at this host name). */
  readonly capSender?: string | undefined;
  /** TLS: the server's certificate and key (PEM); with `clientCa`, partners authenticate by mutual TLS. */
  readonly tls?:
    | { readonly cert: string; readonly key: string; readonly clientCa?: string | undefined }
    | undefined;
  /** Log requests and warnings (the CLI server); tests keep it quiet. */
  readonly logger?: boolean | undefined;
}

/** Largest page of GET /v1/stream/messages. */
const MAX_PAGE = 1000;

export interface ExchangeApp {
  readonly app: FastifyInstance;
  readonly live: LiveStreams;
  /** Every route, as "METHOD /path/{param}" (HEAD left out): what openapi.ts must describe. */
  readonly routes: readonly string[];
}

export function buildExchangeApp(service: ExchangeService, options: ExchangeAppOptions): ExchangeApp {
  const tls = options.tls;
  const app = fastify({
    ...(tls
      ? {
          https: {
            cert: tls.cert,
            key: tls.key,
            minVersion: 'TLSv1.2' as const,
            // Ask for a client certificate but let the request through without one, so that
            // public routes stay open and a partner without one gets a clear 401, not a reset.
            ...(tls.clientCa ? { ca: tls.clientCa, requestCert: true, rejectUnauthorized: false } : {}),
          },
        }
      : {}),
    logger: options.logger ? { level: 'warn' } : false,
    // The body limit applies to every content type; a message is at most MAX_MESSAGE_LENGTH.
    bodyLimit: MAX_MESSAGE_LENGTH + 1024,
    return503OnClosing: true,
    // A client that sends part of a request and stalls gives its connection up after 30 s.
    requestTimeout: 30_000,
    // Refusals fastify makes before routing (a URL that does not decode) get the same JSON body.
    frameworkErrors: (error, _request, reply) => {
      const status = error.statusCode !== undefined && error.statusCode < 500 ? error.statusCode : 400;
      // (before routing the reply's types know no route, hence the plain FastifyReply)
      void (reply as FastifyReply).code(status).send(errorBody(fastifyCode(error), error.message));
    },
    // Requests Node cannot parse (an unknown method, headers over 16 KiB, a broken chunk) are
    // answered before fastify sees them: the same JSON error body, then the connection closes.
    clientErrorHandler: (error, socket) => {
      if (error.code === 'ECONNRESET' || socket.destroyed) return;
      const [status, code] =
        error.code === 'HPE_HEADER_OVERFLOW'
          ? [431, 'headers-too-large']
          : error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
            ? [408, 'timeout']
            : [400, 'bad-request'];
      const body = JSON.stringify(
        errorBody(code, `not a valid HTTP/1.1 request (${error.code ?? error.message})`),
      );
      if (socket.writable)
        socket.write(
          `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Type: application/json; charset=utf-8\r\n` +
            `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
        );
      socket.destroy(error);
    },
  });
  const routes: string[] = [];
  app.addHook('onRoute', (route) => {
    for (const method of [route.method].flat())
      if (method !== 'HEAD') routes.push(`${method} ${route.url.replace(/:(\w+)/g, '{$1}')}`);
  });
  const state = service.state;
  const live = new LiveStreams(
    { read: (p, after, limit) => state.readStream(p, after, limit), head: (p) => state.streamHead(p) },
    options.heartbeatInterval,
  );
  const onAppended: AppendedListener = (partners, entries) => live.wake(partners, entries);
  service.events.on('appended', onAppended);
  const exports = new PublicExports(service, options.capSender);

  // A signed message is sent as its compact JWS text: application/jose (RFC 7515 section 9.2.1).
  app.addContentTypeParser(['application/jose', 'text/plain'], { parseAs: 'string' }, (_req, body, done) =>
    done(null, body),
  );

  app.setErrorHandler((error: Error & { statusCode?: number; code?: string }, request, reply) => {
    if (error instanceof ExchangeError)
      return reply.code(error.status).send(errorBody(error.code, error.message));
    const status = error.statusCode ?? 500;
    if (status >= 400 && status < 500)
      return reply.code(status).send(errorBody(fastifyCode(error), error.message));
    request.log.error(error);
    return reply
      .code(500)
      .send(errorBody('internal', 'the exchange failed to handle this request; it is logged'));
  });
  app.setNotFoundHandler((request, reply) =>
    reply
      .code(404)
      .send(
        errorBody(
          'not-found',
          `${request.method} ${request.url.split('?')[0]}: no such route (see /v1/openapi.json)`,
        ),
      ),
  );

  const mutualTls = tls?.clientCa !== undefined;
  const caller = (request: FastifyRequest): Promise<Partner> =>
    authenticatePartner(request, state, mutualTls);

  app.get('/v1/health', async () => ({
    status: 'ok',
    exchange: state.id,
    version: SHIELDLAB_VERSION,
    time: new Date().toISOString(),
    liveStreams: live.size,
  }));

  app.get('/v1/keys', async () => {
    const directory = await service.currentDirectory();
    return { keys: [...directory.keyring.byKid.values()].map((e) => e.record) };
  });

  app.get('/v1/openapi.json', async () => exchangeOpenApi());

  app.get('/v1/me', async (request) => service.me(await caller(request)));

  app.post('/v1/messages', async (request, reply) => {
    const partner = await caller(request);
    const type = (request.headers['content-type'] ?? '').split(';')[0]!.trim();
    if (typeof request.body !== 'string' || (type !== 'application/jose' && type !== 'text/plain'))
      throw new ExchangeError(
        415,
        'unsupported-media-type',
        `content-type: got "${type}", expected application/jose (the compact JWS)`,
      );
    const outcome = await service.publish(partner, request.body.trim());
    return reply.code(outcome.outcome === 'stored' ? 201 : 200).send(outcome);
  });

  app.get('/v1/stream/messages', async (request) => {
    const partner = await caller(request);
    const query = request.query as Record<string, string | undefined>;
    const after = integerParameter('after', query['after'], 0, await state.lastAcknowledged(partner.id));
    const limit = integerParameter('limit', query['limit'], 1, 100);
    if (limit > MAX_PAGE)
      throw new ExchangeError(400, 'invalid-parameter', `limit: got ${limit}, expected at most ${MAX_PAGE}`);
    return {
      entries: await service.readStream(partner, after, limit),
      head: await state.streamHead(partner.id),
      acknowledged: await state.lastAcknowledged(partner.id),
    };
  });

  // No automatic HEAD: a hijacked event stream never ends, and a HEAD answer has no body to end.
  app.get('/v1/stream', { exposeHeadRoute: false }, async (request, reply) => {
    const partner = await caller(request);
    const query = request.query as Record<string, string | undefined>;
    const lastEventId = request.headers['last-event-id'];
    const resumeFrom = typeof lastEventId === 'string' && lastEventId !== '' ? lastEventId : query['after'];
    const after = integerParameter(
      typeof lastEventId === 'string' && lastEventId !== '' ? 'Last-Event-ID' : 'after',
      resumeFrom,
      0,
      await state.lastAcknowledged(partner.id),
    );
    reply.hijack();
    live.open(partner.id, after, reply.raw);
  });

  app.post('/v1/stream/ack', async (request) => {
    const partner = await caller(request);
    const body = request.body as { through?: unknown } | undefined;
    const through = body?.through;
    if (typeof through !== 'number' || !Number.isSafeInteger(through) || through < 0)
      throw new ExchangeError(
        400,
        'invalid-parameter',
        `through: got ${JSON.stringify(through)}, expected a stream sequence (an integer >= 0)`,
      );
    return { acknowledged: await service.acknowledge(partner, through) };
  });

  app.get('/v1/escalations', async (request) => ({
    escalations: await service.escalationsOf(await caller(request)),
  }));

  app.get('/v1/public/atom.xml', async (request, reply) =>
    reply.type('application/atom+xml; charset=utf-8').send(await exports.atom(baseUrl(request))),
  );

  app.get('/v1/public/cap/:file', async (request, reply) => {
    const file = (request.params as { file: string }).file;
    const id = /^([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\.xml$/.exec(file)?.[1];
    if (!id) throw new ExchangeError(404, 'not-found', `${file}: expected <message id>.xml`);
    const xml = await exports.cap(id);
    if (xml === undefined)
      throw new ExchangeError(
        404,
        'not-found',
        `message ${id}: not in the ${PUBLIC_PARTNER} stream or not a hazard notice`,
      );
    return reply.type('application/cap+xml; charset=utf-8').send(xml);
  });

  app.addHook('onClose', async () => live.closeAll());
  return { app, live, routes };
}

function integerParameter(name: string, value: string | undefined, min: number, fallback: number): number {
  if (value === undefined || value === '') return fallback;
  const n = /^\d{1,15}$/.test(value) ? Number(value) : Number.NaN;
  if (!(n >= min))
    throw new ExchangeError(
      400,
      'invalid-parameter',
      `${name}: got ${JSON.stringify(value)}, expected an integer >= ${min}`,
    );
  return n;
}

/** The URL the client used to reach the exchange, for links in feeds. */
function baseUrl(request: FastifyRequest): string {
  return `${request.protocol}://${request.host}`;
}

/** A short code for fastify's own 4xx errors (body too large, bad JSON, wrong media type). */
function fastifyCode(error: { code?: string; statusCode?: number }): string {
  switch (error.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return 'too-large';
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return 'unsupported-media-type';
    case 'FST_ERR_BAD_URL':
      return 'bad-url';
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return 'malformed';
    default:
      return error.statusCode === 413 ? 'too-large' : 'bad-request';
  }
}
