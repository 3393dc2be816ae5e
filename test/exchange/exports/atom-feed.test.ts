import { describe, expect, it } from 'vitest';
import { atomFeed, PUBLIC_FEED_NAMESPACE } from '../../../src/exchange/exports/atom-feed.js';
import { capAlert } from '../../../src/exchange/exports/cap-alert.js';
import { isHazardNotice } from '../../../src/exchange/exports/hazard-notice.js';
import type { AnyMessage } from '../../../src/exchange/messages/message.js';
import {
  ALL_EXAMPLES,
  cancellation,
  edited,
  extension,
  IDS,
  launchEvent,
  preLaunch,
} from '../messages/fixtures.js';
import { type Node, parseXml } from './cap-schema.js';

/**
 * The Atom feed checked structurally against RFC 4287 (no official XML Schema exists for Atom):
 * the elements 4.1.1 and 4.1.2 require, unique permanent ids, RFC 3339 times, newest first, links
 * to each entry's CAP alert, and text escaped by the builder.
 */

const BASE = 'https://exchange.example.org';
const byId = (messages: readonly AnyMessage[]) => (id: string) => messages.find((m) => m.id === id);
const OPTIONS = { exchange: 'exchange', base: BASE, referenced: byId(ALL_EXAMPLES) };

// RFC 3339 section 5.6 date-time.
const RFC3339 = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$/;

const feedOf = (xml: string): Node => parseXml(xml).feed;
const one = (value: unknown) => (Array.isArray(value) ? value : [value]);

describe('Atom feed', () => {
  it('has what RFC 4287 requires of a feed and its entries', () => {
    const feed = feedOf(atomFeed(ALL_EXAMPLES, OPTIONS));
    expect(feed['@_xmlns']).toBe('http://www.w3.org/2005/Atom');
    // 4.1.1: exactly one id, title, updated; an author (at feed level it covers every entry).
    for (const name of ['id', 'title', 'updated']) expect(one(feed[name]), name).toHaveLength(1);
    expect(feed.author.name).toBe('exchange (shieldlab exchange)');
    expect(feed.updated).toMatch(RFC3339);
    expect(feed.id).toMatch(/^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(feed.link).toEqual([
      { '@_rel': 'self', '@_type': 'application/atom+xml', '@_href': `${BASE}/v1/public/atom.xml` },
    ]);
    // One entry per hazard notice; receipts, acknowledgements, heartbeats and errors are left out.
    const entries: Node[] = feed.entry;
    expect(entries).toHaveLength(ALL_EXAMPLES.filter(isHazardNotice).length);
    const ids = entries.map((e) => e.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const e of entries) {
      // 4.1.2: exactly one id, title, updated; without content, a link rel="alternate".
      for (const name of ['id', 'title', 'updated', 'summary']) expect(one(e[name]), name).toHaveLength(1);
      expect(e.id).toMatch(/^urn:uuid:[0-9a-f-]{36}$/);
      expect(e.updated).toMatch(RFC3339);
      expect(Number.isFinite(Date.parse(e.updated))).toBe(true);
      const id = (e.id as string).slice('urn:uuid:'.length);
      expect(e.link).toEqual([
        {
          '@_rel': 'alternate',
          '@_type': 'application/cap+xml',
          '@_href': `${BASE}/v1/public/cap/${id}.xml`,
        },
      ]);
      expect(e.content).toBeUndefined();
    }
  });

  it('lists the newest first, the feed updated with the newest, and bounds the count', () => {
    const feed = feedOf(atomFeed(ALL_EXAMPLES, OPTIONS));
    const ids = feed.entry.map((e: Node) => e.id);
    expect(ids).toEqual(
      [cancellation, extension, launchEvent, preLaunch].map((m) => `urn:uuid:${m.id}`), // 13:00, 09:30, 07:12, day before
    );
    expect(feed.updated).toBe('2007-06-07T13:00:00Z');
    const times = feed.entry.map((e: Node) => Date.parse(e.updated));
    expect([...times].sort((a, b) => b - a)).toEqual(times);
    expect(feedOf(atomFeed(ALL_EXAMPLES, { ...OPTIONS, limit: 2 })).entry.map((e: Node) => e.id)).toEqual(
      ids.slice(0, 2),
    );
    for (const limit of [0, 1001, 1.5])
      expect(() => atomFeed(ALL_EXAMPLES, { ...OPTIONS, limit }), String(limit)).toThrow(/limit/);
  });

  it('orders messages sent in the same second by their place in the stream, the later first', () => {
    const sameTime = (m: AnyMessage) => edited(m, (c) => (c.sent = '2007-06-07T12:00:00.000Z'));
    const stream = [preLaunch, extension, cancellation].map(sameTime);
    const ids = feedOf(atomFeed(stream, OPTIONS)).entry.map((e: Node) => e.id);
    expect(ids).toEqual([IDS.cancellation, IDS.extension, IDS.preLaunch].map((id) => `urn:uuid:${id}`));
  });

  it('titles and summarizes each entry as its CAP alert does', () => {
    const feed = feedOf(atomFeed(ALL_EXAMPLES, OPTIONS));
    for (const e of feed.entry) {
      const id = (e.id as string).slice('urn:uuid:'.length);
      const message = ALL_EXAMPLES.find((m) => m.id === id)!;
      const info = parseXml(capAlert(message, { exchange: 'exchange', referenced: byId(ALL_EXAMPLES) })!)
        .alert.info[0];
      expect(e.title).toBe(info.headline);
      expect(e.summary).toBe(info.description);
      expect(e.category).toEqual([{ '@_term': message.type }]);
    }
  });

  it('escapes text through the XML builder: < & " and \' come back as written', () => {
    const title = 'Launches <public> & "tests" \'n\' more';
    const author = 'Watch <desk> & co';
    const xml = atomFeed(ALL_EXAMPLES, { ...OPTIONS, title, author });
    expect(xml).toContain('Launches &lt;public&gt; &amp; &quot;tests&quot;');
    expect(xml).not.toContain('<public>');
    const feed = feedOf(xml);
    expect(feed.title).toBe(title);
    expect(feed.author.name).toBe(author);
    // A query string in the base URL is escaped in attributes too.
    const odd = atomFeed([preLaunch], { ...OPTIONS, base: 'https://example.org/a?x=1&y="2"' });
    expect(odd).toContain('href="https://example.org/a?x=1&amp;y=&quot;2&quot;/v1/public/atom.xml"');
    expect(() => atomFeed([], { ...OPTIONS, title: 'bell\u0007' })).toThrow(/title/);
  });

  it('keeps a permanent feed id: named after the exchange unless given, a tag or urn:uuid', () => {
    const id = feedOf(atomFeed([], OPTIONS)).id;
    expect(feedOf(atomFeed(ALL_EXAMPLES, { ...OPTIONS, base: 'https://elsewhere.example' })).id).toBe(id);
    expect(feedOf(atomFeed([], { ...OPTIONS, exchange: 'other' })).id).not.toBe(id);
    expect(PUBLIC_FEED_NAMESPACE).toMatch(/^[0-9a-f-]{36}$/);
    const tag = 'tag:shieldlab.example.org,2025:exchange/public';
    expect(feedOf(atomFeed([], { ...OPTIONS, id: tag })).id).toBe(tag);
    expect(() => atomFeed([], { ...OPTIONS, id: 'https://example.org/feed' })).toThrow(/feed id/);
    expect(() => atomFeed([], { ...OPTIONS, base: 'ftp://example.org' })).toThrow(/base/);
  });

  it('is valid without entries: updated is now, or 1970 when not given', () => {
    const feed = feedOf(atomFeed([], { ...OPTIONS, now: Date.parse('2008-01-01T12:00:00.500Z') }));
    expect(feed.entry).toBeUndefined();
    expect(feed.updated).toBe('2008-01-01T12:00:00Z');
    expect(feedOf(atomFeed([], OPTIONS)).updated).toBe('1970-01-01T00:00:00Z');
  });
});
