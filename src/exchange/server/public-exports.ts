import { hostname } from 'node:os';
import { atomFeed } from '../exports/atom-feed.js';
import { capAlert } from '../exports/cap-alert.js';
import type { AnyMessage, ReleasedMessage } from '../messages/message.js';
import { parseReleasedMessage } from '../messages/parse.js';
import { MAX_READ_LIMIT } from '../store/store-input.js';
import type { ExchangeService } from './exchange-service.js';
import { PUBLIC_PARTNER } from './partner-registry.js';

/**
 * Public hazard notices: the stream of the `public` partner (released under its own, coarse
 * policy) as CAP 1.2 alerts and an Atom feed. Nothing else of the exchange is public.
 *
 * The public copies are read once and then only the entries appended since (the stream only
 * grows), so answering a feed reader costs no database scan.
 */

/** Most public messages kept for exports (the feed shows the newest 100). */
const KEPT = 10_000;

export class PublicExports {
  private head = 0;
  /** Oldest first, as the stream orders them. */
  private messages: ReleasedMessage[] = [];
  private byId = new Map<string, ReleasedMessage>();
  /** CAP <sender>: the exchange's id at this host (CAP 3.2.1 asks for a globally unique name). */
  private readonly sender: string;

  constructor(
    private readonly service: ExchangeService,
    senderAddress?: string,
  ) {
    this.sender = senderAddress ?? `${service.id}@${hostname()}`;
  }

  async atom(base: string): Promise<string> {
    await this.refresh();
    return atomFeed(this.messages, {
      base,
      exchange: this.service.id,
      referenced: (id: string): AnyMessage | undefined => this.byId.get(id),
    });
  }

  /** The CAP alert of a message of the public stream; undefined when it is not there or not a notice. */
  async cap(messageId: string): Promise<string | undefined> {
    await this.refresh();
    const message = this.byId.get(messageId);
    return (
      message &&
      capAlert(message, {
        exchange: this.service.id,
        senderAddress: this.sender,
        referenced: (id: string): AnyMessage | undefined => this.byId.get(id),
      })
    );
  }

  private async refresh(): Promise<void> {
    const state = this.service.state;
    const head = await state.streamHead(PUBLIC_PARTNER);
    while (this.head < head) {
      const entries = await state.readStream(
        PUBLIC_PARTNER,
        Math.max(this.head, head - KEPT),
        MAX_READ_LIMIT,
      );
      if (entries.length === 0) break;
      for (const e of entries) {
        const m = decode(e.jws);
        if (m) {
          this.messages.push(m);
          this.byId.set(m.id, m);
        }
        this.head = e.streamSequence;
      }
    }
    if (this.messages.length > KEPT) {
      for (const m of this.messages.splice(0, this.messages.length - KEPT)) this.byId.delete(m.id);
    }
  }
}

function decode(jws: string): ReleasedMessage | undefined {
  try {
    const payload = JSON.parse(Buffer.from(jws.split('.')[1] ?? '', 'base64url').toString('utf8'));
    const parsed = parseReleasedMessage(payload);
    return parsed.ok ? parsed.value : undefined;
  } catch {
    return undefined;
  }
}
