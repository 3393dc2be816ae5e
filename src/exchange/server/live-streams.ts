import type { ServerResponse } from 'node:http';
import type { StreamEntry } from '../store/stored-message.js';

/**
 * Live delivery by Server-Sent Events (the WHATWG HTML "server-sent events" format): each open
 * connection of a partner is sent its stream entries in order, each as an event whose `id` is the
 * stream sequence, so a client that reconnects sends `Last-Event-ID` and resumes after the last
 * entry it received. Delivery is at least once (an entry in flight when the link drops is sent
 * again); clients drop duplicates by stream sequence or message id.
 *
 * SSE rather than WebSocket: delivery is one way (acknowledgements are small POSTs), it runs over
 * plain HTTP through proxies, and resume by Last-Event-ID is part of the standard.
 *
 * Heartbeats: every `heartbeatInterval` seconds each connection gets a `heartbeat` event with the
 * time and its stream head, so silence longer than the interval means the link is dead, and a
 * subscriber can see whether it is behind.
 */

export interface LiveStreamSource {
  /** Entries of the partner's stream after `after`, in order, at most `limit`. */
  read(
    partner: string,
    after: number,
    limit: number,
  ): Promise<readonly StreamEntry[]> | readonly StreamEntry[];
  head(partner: string): Promise<number> | number;
}

/** Entries read per step; a slow client gets them as fast as its socket drains. */
const PAGE = 256;

interface Connection {
  readonly partner: string;
  readonly response: ServerResponse;
  /** The last stream sequence written to this connection. */
  sent: number;
  pumping: boolean;
  again: boolean;
  closed: boolean;
}

export class LiveStreams {
  private readonly connections = new Set<Connection>();
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly source: LiveStreamSource,
    private readonly heartbeatInterval: number,
    private readonly clock: () => number = Date.now,
  ) {
    this.timer = setInterval(() => this.heartbeat(), heartbeatInterval * 1000);
    this.timer.unref();
  }

  /** How many connections are open (for health and tests). */
  get size(): number {
    return this.connections.size;
  }

  /** Take over an HTTP response and deliver the partner's stream after `after` on it. */
  open(partner: string, after: number, response: ServerResponse): void {
    response.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
    });
    // retry: how long a standard EventSource waits before reconnecting (ms).
    response.write(`retry: 1000\n\n`);
    const connection: Connection = {
      partner,
      response,
      sent: after,
      pumping: false,
      again: false,
      closed: false,
    };
    this.connections.add(connection);
    const close = () => {
      connection.closed = true;
      this.connections.delete(connection);
    };
    response.on('close', close);
    response.on('error', close);
    void this.writeHeartbeat(connection);
    void this.pump(connection);
  }

  /**
   * New entries were appended to these partners' streams. A connection that has sent everything
   * before them and is not busy is sent `entries` directly (one database read saved per
   * connection and message); any other reads its stream from where it is.
   */
  wake(partners: readonly string[], entries?: ReadonlyMap<string, readonly StreamEntry[]>): void {
    const set = new Set(partners);
    for (const c of this.connections) {
      if (!set.has(c.partner)) continue;
      const fresh = entries?.get(c.partner);
      if (fresh && fresh.length > 0 && !c.pumping && fresh[0]!.streamSequence === c.sent + 1) {
        let buffered = true;
        for (const e of fresh) buffered = this.writeEntry(c, e);
        if (!buffered) void this.pump(c); // the pump waits for the socket to drain
      } else void this.pump(c);
    }
  }

  /** Write one entry; false when the socket's buffer is full. */
  private writeEntry(c: Connection, e: StreamEntry): boolean {
    const ok = c.response.write(
      `id: ${e.streamSequence}\nevent: message\ndata: ${JSON.stringify({
        streamSequence: e.streamSequence,
        messageId: e.messageId,
        type: e.type,
        jws: e.jws,
      })}\n\n`,
    );
    c.sent = e.streamSequence;
    return ok;
  }

  /** End every connection (server shutdown). */
  closeAll(): void {
    clearInterval(this.timer);
    for (const c of this.connections) c.response.end();
    this.connections.clear();
  }

  private async pump(c: Connection): Promise<void> {
    if (c.pumping) {
      c.again = true;
      return;
    }
    c.pumping = true;
    try {
      do {
        c.again = false;
        for (;;) {
          if (c.closed) return;
          const entries = await this.source.read(c.partner, c.sent, PAGE);
          if (entries.length === 0) break;
          let buffered = true;
          for (const e of entries) {
            // Entries may have been sent from memory meanwhile.
            if (e.streamSequence <= c.sent) continue;
            buffered = this.writeEntry(c, e);
          }
          if (!buffered) await drained(c.response);
        }
      } while (c.again);
    } catch {
      c.response.destroy();
    } finally {
      c.pumping = false;
    }
  }

  private heartbeat(): void {
    for (const c of this.connections) void this.writeHeartbeat(c);
  }

  private async writeHeartbeat(c: Connection): Promise<void> {
    if (c.closed) return;
    let head: number;
    try {
      head = await this.source.head(c.partner);
    } catch {
      return; // the database is unreachable for now; silence tells the subscriber
    }
    if (c.closed) return;
    const data = {
      time: new Date(this.clock()).toISOString(),
      head,
      interval: this.heartbeatInterval,
    };
    c.response.write(`event: heartbeat\ndata: ${JSON.stringify(data)}\n\n`);
  }
}

function drained(response: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      response.off('drain', done);
      response.off('close', done);
      resolve();
    };
    response.on('drain', done);
    response.on('close', done);
  });
}
