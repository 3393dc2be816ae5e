import { messageDigest } from './canonical.js';
import type { AnyMessage } from './message.js';

/**
 * Replay protection as a pure state machine: `replayStep(state, message, now)` returns the next
 * state and a verdict, and never mutates its input, so a receiver can test, log or roll back a
 * decision freely, and the same inputs always give the same verdicts.
 *
 * Rules, checked in this order:
 * 1. An id already accepted within the window is absorbed as a `duplicate` when the content is
 *    identical (same canonical form: a sender retrying after a lost receipt), and `rejected`
 *    (`id-reused`) when the content differs.
 * 2. A live message whose `sent` time is more than `staleAfter` seconds before `now` is rejected as
 *    `stale`; one more than `maxFutureSkew` seconds after `now` is rejected as `future` (else it
 *    would stay "fresh" past the window and escape rule 1).
 * 3. Sequence numbers increase strictly per sender: a sequence at or below the sender's last
 *    accepted one is rejected (`sequence`). Gaps are allowed; a receiver learns of loss from them.
 *
 * Why 300 s by default: the window must cover clock differences and a few retries, and the guard
 * must remember every id it accepted for the whole window. Kerberos faces the same trade-off and
 * allows 300 s of clock skew by default (krb5.conf(5), `clockskew`), which also bounds its replay
 * cache. At the exchange's target ingest of 2,000 messages per second that is at most 600,000 ids.
 * Five minutes is far longer than a message needs to cross a working link, so a live message older
 * than that is a replay or came out of a stuck queue; its sender re-issues it (new id, next
 * sequence), and older traffic is read from the store's history on resume, not accepted as live.
 *
 * An id is remembered only while a copy of it could still pass rule 2; after that an identical
 * replay is refused as `stale`. Reusing an id with new content after the window is the one thing
 * this guard cannot see; the store, which keeps every id, refuses it.
 *
 * The remembered ids live in a few immutable maps of geometrically growing size (a log-structured
 * merge): accepting a message copies O(log n) entries amortized, not the whole set, and a lookup
 * reads O(log n) maps. Expired entries are dropped when maps merge, and a map whose entries have
 * all expired is dropped whole, so memory follows the number of ids inside the window.
 */

export interface ReplayOptions {
  /** Live messages older than this are stale (s). */
  readonly staleAfter: number;
  /** Messages dated further than this in the future are refused (s): allowed clock skew. */
  readonly maxFutureSkew: number;
}

export const DEFAULT_REPLAY_OPTIONS: ReplayOptions = Object.freeze({ staleAfter: 300, maxFutureSkew: 30 });

/** One immutable map of remembered ids and the latest `sent` in it (a fully expired map is dropped). */
interface Level {
  readonly entries: ReadonlyMap<string, Seen>;
  readonly newest: number;
}

interface Seen {
  readonly digest: string;
  /** The message's `sent` (ms since 1970 UTC). */
  readonly sent: number;
  readonly sender: string;
  readonly sequence: number;
}

export interface ReplayState {
  /** Last accepted sequence number per sender. */
  readonly lastSequence: ReadonlyMap<string, number>;
  /** Accepted ids, oldest map first; a newer map's entry overrides an older one. */
  readonly levels: readonly Level[];
  /** Latest `now` seen (ms): the guard's clock never runs backwards. */
  readonly clock: number;
}

export type ReplayVerdict =
  | { readonly kind: 'accepted' }
  | { readonly kind: 'duplicate'; readonly reason: string }
  | {
      readonly kind: 'rejected';
      readonly code: 'id-reused' | 'stale' | 'future' | 'sequence';
      readonly reason: string;
    };

export function emptyReplayState(): ReplayState {
  return { lastSequence: new Map(), levels: [], clock: Number.NEGATIVE_INFINITY };
}

/**
 * Decide on one received message and return the state after it. Only an accepted message changes
 * the state; duplicates and rejections return the same state object.
 *
 * @param now - Receiver's time (ms since 1970 UTC, as Date.now()); a smaller value than an earlier
 *   call's is treated as the earlier one.
 */
export function replayStep(
  state: ReplayState,
  message: AnyMessage,
  now: number,
  options: ReplayOptions = DEFAULT_REPLAY_OPTIONS,
): { readonly state: ReplayState; readonly verdict: ReplayVerdict } {
  const clock = Math.max(state.clock, now);
  const windowMs = options.staleAfter * 1000;
  const digest = messageDigest(message);
  const sent = Date.parse(message.sent);

  const previous = lookup(state, message.id, clock, windowMs);
  if (previous) {
    if (previous.digest === digest) {
      return {
        state,
        verdict: {
          kind: 'duplicate',
          reason: `message ${message.id} was already accepted with identical content; absorbed`,
        },
      };
    }
    return reject(
      state,
      'id-reused',
      `id ${message.id} was already used by a different message (sender "${previous.sender}", sequence ${previous.sequence})`,
    );
  }

  const age = (clock - sent) / 1000;
  if (age > options.staleAfter) {
    return reject(
      state,
      'stale',
      `sent ${message.sent} is ${formatSeconds(age)} before now; live messages older than ${options.staleAfter} s are refused`,
    );
  }
  if (-age > options.maxFutureSkew) {
    return reject(
      state,
      'future',
      `sent ${message.sent} is ${formatSeconds(-age)} after now; more than the allowed clock skew of ${options.maxFutureSkew} s`,
    );
  }

  const last = state.lastSequence.get(message.sender);
  if (last !== undefined && message.sequence <= last) {
    return reject(
      state,
      'sequence',
      `sequence ${message.sequence} from "${message.sender}" does not increase: the last accepted was ${last}`,
    );
  }

  const lastSequence = new Map(state.lastSequence);
  lastSequence.set(message.sender, message.sequence);
  const seen: Seen = { digest, sent, sender: message.sender, sequence: message.sequence };
  const levels = insert(state.levels, message.id, seen, clock, windowMs);
  return { state: { lastSequence, levels, clock }, verdict: { kind: 'accepted' } };
}

function reject(
  state: ReplayState,
  code: 'id-reused' | 'stale' | 'future' | 'sequence',
  reason: string,
): { state: ReplayState; verdict: ReplayVerdict } {
  return { state, verdict: { kind: 'rejected', code, reason } };
}

function formatSeconds(s: number): string {
  return `${Math.round(s * 1000) / 1000} s`;
}

function live(seen: Seen, clock: number, windowMs: number): boolean {
  return clock - seen.sent <= windowMs;
}

/** The remembered, unexpired entry for an id; an expired entry counts as absent. */
function lookup(state: ReplayState, id: string, clock: number, windowMs: number): Seen | undefined {
  for (let i = state.levels.length - 1; i >= 0; i--) {
    const seen = state.levels[i]!.entries.get(id);
    if (seen) return live(seen, clock, windowMs) ? seen : undefined;
  }
  return undefined;
}

/**
 * Add an entry as a new one-entry map, merge neighbours while the newer map is at least half the
 * older, and drop maps whose entries have all expired.
 */
function insert(
  levels: readonly Level[],
  id: string,
  seen: Seen,
  clock: number,
  windowMs: number,
): readonly Level[] {
  const next = levels.filter((level) => clock - level.newest <= windowMs);
  next.push({ entries: new Map([[id, seen]]), newest: seen.sent });
  while (next.length >= 2 && 2 * next[next.length - 1]!.entries.size >= next[next.length - 2]!.entries.size) {
    const newer = next.pop()!;
    const older = next.pop()!;
    const entries = new Map<string, Seen>();
    for (const [k, v] of older.entries) if (live(v, clock, windowMs)) entries.set(k, v);
    for (const [k, v] of newer.entries) if (live(v, clock, windowMs)) entries.set(k, v);
    next.push({ entries, newest: Math.max(older.newest, newer.newest) });
  }
  return next;
}
