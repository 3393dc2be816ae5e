import { nameBasedUuid } from '../bridge/name-based-id.js';
import type { AnyMessage } from '../messages/message.js';
import { CAP_MEDIA_TYPE } from './cap-alert.js';
import { type HazardNotice, isHazardNotice, type MessageLookup, noticeFacts } from './hazard-notice.js';
import { description, headline } from './notice-text.js';
import { ATOM_PATH, capPath } from './public-paths.js';
import { baseUrl, xmlDocument, xmlText } from './xml-document.js';
import { atomTime } from './xml-time.js';

/**
 * The public hazard notices as an Atom 1.0 feed (RFC 4287), newest first: one entry per notice,
 * titled with its CAP headline, summarized by its CAP description, and linked (rel "alternate",
 * type application/cap+xml) to its CAP alert, as CAP feeds commonly are. Messages that are not
 * hazard notices are left out, like `capAlert` leaves them.
 *
 * Required by RFC 4287: the feed has exactly one id, title and updated, an author (here at feed
 * level, covering every entry, 4.1.1) and should link to itself (rel "self"); each entry has
 * exactly one id, title and updated, and, having no content, a link rel "alternate" (4.1.2).
 * Entry ids are "urn:uuid:<message id>": message ids are UUIDs and never change (RFC 4287 4.2.6
 * asks ids to be permanent and universally unique). Times are whole seconds with "Z" (xml-time.ts).
 */

export const ATOM_NAMESPACE = 'http://www.w3.org/2005/Atom';
export const ATOM_MEDIA_TYPE = 'application/atom+xml';

/** Most entries a feed may carry; a feed is a window on recent notices, not an archive. */
export const MAX_FEED_ENTRIES = 1000;
export const DEFAULT_FEED_ENTRIES = 100;

/** The namespace of feed ids named after the exchange (a random UUID drawn for it once). */
export const PUBLIC_FEED_NAMESPACE = '80afbd9d-dd27-40da-a0fd-ee4b68c2ac99';

export interface AtomFeedOptions {
  /** The exchange's partner id: names the default feed id and author. */
  readonly exchange: string;
  /** Public base URL of the exchange; links are `${base}/v1/public/...`. */
  readonly base: string;
  /**
   * The feed's permanent id: a tag URI (RFC 4151) or "urn:uuid:" with a lower-case UUID. By
   * default the name-based UUID of the exchange id, so it survives a move to another URL.
   */
  readonly id?: string | undefined;
  readonly title?: string | undefined;
  /** The feed's author name (RFC 4287 4.2.1); by default "<exchange> (shieldlab exchange)". */
  readonly author?: string | undefined;
  /** Most entries, newest first: 1 to 1000, default 100. */
  readonly limit?: number | undefined;
  /**
   * The feed's updated time when it has no entries (ms since 1970); without it an empty feed says
   * 1970-01-01T00:00:00Z ("never"), so the function stays pure.
   */
  readonly now?: number | undefined;
  /** Earlier messages by id, to complete follow-ups' titles and summaries (as for `capAlert`). */
  readonly referenced?: MessageLookup | undefined;
}

const UUID_URN = /^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
// RFC 4151: "tag:" authority "," date ":" specific; the specific part may be empty.
const TAG_URI = /^tag:[A-Za-z0-9.@-]+,\d{4}(-\d{2}(-\d{2})?)?:[^\s]*$/;

function feedId(id: string): string {
  if (!UUID_URN.test(id) && !TAG_URI.test(id))
    throw new Error(
      `Atom feed id: a tag URI ("tag:example.org,2025:exchange") or "urn:uuid:" and a lower-case UUID, got ${JSON.stringify(id)}`,
    );
  return id;
}

function entryLimit(limit: number | undefined): number {
  const n = limit ?? DEFAULT_FEED_ENTRIES;
  if (!Number.isInteger(n) || n < 1 || n > MAX_FEED_ENTRIES)
    throw new Error(`Atom feed limit: an integer from 1 to ${MAX_FEED_ENTRIES}, got ${n}`);
  return n;
}

/**
 * Newest first by sent time; of two sent in the same millisecond (released copies share floored
 * times), the later in the input first: pass messages in stream order, oldest first.
 */
function newestFirst(messages: readonly AnyMessage[]): HazardNotice[] {
  return messages
    .map((m, i) => ({ m, i, t: Date.parse(m.sent) }))
    .filter((x): x is { m: HazardNotice; i: number; t: number } => isHazardNotice(x.m))
    .sort((a, b) => b.t - a.t || b.i - a.i)
    .map((x) => x.m);
}

export function atomFeed(messages: readonly AnyMessage[], options: AtomFeedOptions): string {
  const base = baseUrl('Atom feed base', options.base);
  const notices = newestFirst(messages).slice(0, entryLimit(options.limit));
  const entries = notices.map((m) => {
    const facts = noticeFacts(m, options.referenced);
    return {
      id: `urn:uuid:${m.id}`,
      title: headline(facts),
      updated: atomTime(m.sent),
      link: { '@_rel': 'alternate', '@_type': CAP_MEDIA_TYPE, '@_href': base + capPath(m.id) },
      category: { '@_term': m.type },
      summary: description(facts),
    };
  });
  const newest = notices[0];
  return xmlDocument({
    feed: {
      '@_xmlns': ATOM_NAMESPACE,
      id: feedId(options.id ?? `urn:uuid:${nameBasedUuid(PUBLIC_FEED_NAMESPACE, options.exchange)}`),
      title: xmlText('Atom feed title', options.title ?? 'Public launch notices'),
      updated: atomTime(newest !== undefined ? newest.sent : (options.now ?? 0)),
      author: {
        name: xmlText('Atom feed author', options.author ?? `${options.exchange} (shieldlab exchange)`),
      },
      link: { '@_rel': 'self', '@_type': ATOM_MEDIA_TYPE, '@_href': base + ATOM_PATH },
      entry: entries.length > 0 ? entries : undefined,
    },
  });
}
