import { createParser, type EventSourceMessage } from 'eventsource-parser';

/**
 * A partner's client of the exchange's HTTP API (server/README.md): publish signed messages, read
 * and acknowledge its stream, and follow it live with resume. Uses only fetch, so it runs in Node
 * and in a browser.
 */

export interface StreamEntryData {
  readonly streamSequence: number;
  readonly messageId: string;
  readonly type: string;
  /** The released copy for this partner, signed by the exchange. */
  readonly jws: string;
}

export interface PublishResponse {
  readonly outcome: 'stored' | 'duplicate';
  readonly messageId: string;
  readonly sha256: string;
  readonly receipt: string;
}

export interface MeResponse {
  readonly id: string;
  readonly exchange: string;
  readonly publishTypes: readonly string[];
  readonly receives: readonly string[];
  readonly lastSequence: number;
  readonly streamHead: number;
  readonly acknowledged: number;
}

/** A refusal by the exchange (4xx) or a failure to reach it (status 0). */
export class ExchangeClientError extends Error {
  override readonly name = 'ExchangeClientError';
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export interface FollowOptions {
  /** Deliver entries after this stream sequence; by default after the last acknowledgement. */
  readonly after?: number;
  /**
   * Called once per entry, in stream order, never twice for one sequence within this call; the
   * entry is acknowledged after the returned promise resolves.
   */
  readonly onEntry: (entry: StreamEntryData) => void | Promise<void>;
  readonly onHeartbeat?: (heartbeat: { time: string; head: number; interval: number }) => void;
  /** Called on each reconnection with the reason. */
  readonly onReconnect?: (reason: string) => void;
  /** Stops following. */
  readonly signal?: AbortSignal;
  /** Consider the link dead after this many heartbeat intervals of silence (default 2.5). */
  readonly silenceFactor?: number;
  /** Wait before reconnecting (ms, default 200, doubling up to 5 s). */
  readonly retryDelay?: number;
  /**
   * Acknowledge at most this often (ms, default 250): one acknowledgement covers every entry
   * delivered before it, so a busy stream does not cost a request per entry.
   */
  readonly ackInterval?: number;
}

export interface ExchangeClientOptions {
  /**
   * The fetch to use: by default the global one. For mutual TLS pass one that presents the
   * partner's certificate (client/tls-fetch.ts, Node only), so this file stays browser-safe.
   */
  readonly fetch?: typeof fetch;
}

export class ExchangeClient {
  private readonly base: string;
  private readonly fetch: typeof fetch;
  private readonly authorization: Record<string, string>;

  /**
   * @param token - The partner's bearer token; undefined when it authenticates by its TLS
   *   certificate alone.
   */
  constructor(url: string, token: string | undefined, options: ExchangeClientOptions = {}) {
    this.base = url.replace(/\/+$/, '');
    this.fetch = options.fetch ?? ((input, init) => fetch(input, init));
    this.authorization = token === undefined ? {} : { authorization: `Bearer ${token}` };
  }

  me(): Promise<MeResponse> {
    return this.json('GET', '/v1/me');
  }

  keys(): Promise<{ keys: unknown[] }> {
    return this.json('GET', '/v1/keys');
  }

  /** Publish a signed message (its compact JWS). Resolves with the exchange's signed receipt. */
  publish(jws: string): Promise<PublishResponse> {
    return this.json('POST', '/v1/messages', jws, 'application/jose');
  }

  page(
    after: number,
    limit = 100,
  ): Promise<{ entries: StreamEntryData[]; head: number; acknowledged: number }> {
    return this.json('GET', `/v1/stream/messages?after=${after}&limit=${limit}`);
  }

  acknowledge(through: number): Promise<{ acknowledged: number }> {
    return this.json('POST', '/v1/stream/ack', JSON.stringify({ through }), 'application/json');
  }

  escalations(): Promise<{ escalations: unknown[] }> {
    return this.json('GET', '/v1/escalations');
  }

  /**
   * Follow the stream live until `signal` aborts: reconnects after any disconnection or silence,
   * resuming after the last entry delivered, so the application sees every entry once, in order.
   * Rejects only on a refusal that retrying cannot cure (401, 403).
   */
  async follow(options: FollowOptions): Promise<void> {
    let delivered = options.after ?? (await this.me()).acknowledged;
    const signal = options.signal;
    let acknowledged = delivered;
    let ackTimer: NodeJS.Timeout | undefined;
    const flushAck = async () => {
      ackTimer = undefined;
      if (delivered <= acknowledged) return;
      const through = delivered;
      await this.acknowledge(through).then(
        () => {
          acknowledged = Math.max(acknowledged, through);
        },
        () => undefined, // retried with the next one; the stream resumes from the server's ack anyway
      );
    };
    const scheduleAck = () => {
      ackTimer ??= setTimeout(() => void flushAck(), options.ackInterval ?? 250);
    };
    try {
      await this.followLinks(
        options,
        signal,
        () => delivered,
        (d) => {
          delivered = d;
          scheduleAck();
        },
      );
    } finally {
      clearTimeout(ackTimer);
      await flushAck();
    }
  }

  private async followLinks(
    options: FollowOptions,
    signal: AbortSignal | undefined,
    getDelivered: () => number,
    setDelivered: (d: number) => void,
  ): Promise<void> {
    let delay = options.retryDelay ?? 200;
    while (!signal?.aborted) {
      const link = new AbortController();
      const abortLink = () => link.abort();
      signal?.addEventListener('abort', abortLink);
      let reason = 'the stream ended';
      try {
        const from = getDelivered();
        const response = await this.fetch(`${this.base}/v1/stream?after=${from}`, {
          headers: {
            ...this.authorization,
            accept: 'text/event-stream',
            'last-event-id': String(from),
          },
          signal: link.signal,
        });
        if (response.status === 401 || response.status === 403) throw await refusal(response);
        if (!response.ok || !response.body) throw await refusal(response);
        delay = options.retryDelay ?? 200;
        let interval = 10;
        let watchdog: NodeJS.Timeout | undefined;
        const arm = () => {
          clearTimeout(watchdog);
          watchdog = setTimeout(
            () => {
              reason = `no event for ${(options.silenceFactor ?? 2.5) * interval} s`;
              link.abort();
            },
            (options.silenceFactor ?? 2.5) * interval * 1000,
          );
        };
        arm();
        const pending: EventSourceMessage[] = [];
        const parser = createParser({ onEvent: (event) => pending.push(event) });
        const decoder = new TextDecoder();
        try {
          for await (const chunk of response.body as AsyncIterable<Uint8Array>) {
            parser.feed(decoder.decode(chunk, { stream: true }));
            for (const event of pending.splice(0)) {
              arm();
              if (event.event === 'heartbeat') {
                const heartbeat = JSON.parse(event.data) as { time: string; head: number; interval: number };
                interval = heartbeat.interval;
                arm();
                options.onHeartbeat?.(heartbeat);
              } else if (event.event === 'message') {
                const entry = JSON.parse(event.data) as StreamEntryData;
                const delivered = getDelivered();
                if (entry.streamSequence <= delivered) continue; // sent again after a reconnect
                if (entry.streamSequence !== delivered + 1) {
                  reason = `gap: expected ${delivered + 1}, got ${entry.streamSequence}`;
                  link.abort();
                  break;
                }
                await options.onEntry(entry);
                setDelivered(entry.streamSequence);
              }
            }
          }
        } finally {
          clearTimeout(watchdog);
        }
      } catch (e) {
        if (e instanceof ExchangeClientError && (e.status === 401 || e.status === 403)) throw e;
        if (signal?.aborted) break;
        if (!link.signal.aborted) reason = e instanceof Error ? e.message : String(e);
      } finally {
        signal?.removeEventListener('abort', abortLink);
      }
      if (signal?.aborted) break;
      options.onReconnect?.(reason);
      await sleep(delay, signal);
      delay = Math.min(delay * 2, 5000);
    }
  }

  private async json<T>(method: string, path: string, body?: string, type?: string): Promise<T> {
    let response: Response;
    try {
      response = await this.fetch(`${this.base}${path}`, {
        method,
        headers: { ...this.authorization, ...(type ? { 'content-type': type } : {}) },
        ...(body === undefined ? {} : { body }),
      });
    } catch (e) {
      throw new ExchangeClientError(
        0,
        'unreachable',
        `${this.base}: ${e instanceof Error ? ((e.cause as Error | undefined)?.message ?? e.message) : String(e)}`,
      );
    }
    if (!response.ok) throw await refusal(response);
    return (await response.json()) as T;
  }
}

async function refusal(response: Response): Promise<ExchangeClientError> {
  const text = await response.text().catch(() => '');
  try {
    const { error } = JSON.parse(text) as { error: { code: string; message: string } };
    return new ExchangeClientError(response.status, error.code, error.message);
  } catch {
    return new ExchangeClientError(response.status, 'http', `HTTP ${response.status}: ${text.slice(0, 200)}`);
  }
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    // The listener goes with the wait: a follower that reconnects for days must not pile them up.
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
  });
}
