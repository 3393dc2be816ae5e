import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Message } from '../../../src/exchange/messages/message.js';
import {
  DEFAULT_REPLAY_OPTIONS,
  emptyReplayState,
  type ReplayState,
  type ReplayVerdict,
  replayStep,
} from '../../../src/exchange/messages/replay-guard.js';
import { heartbeat, reversedMembers } from './fixtures.js';

const T = Date.parse('2007-06-07T07:14:00.000Z');

/** A heartbeat from `sender` with this sequence, id and sent time (ms). */
function beat(sequence: number, id: string, sentMs: number, sender = 'us', interval = 30): Message {
  return {
    ...heartbeat,
    id,
    sender,
    sequence,
    sent: new Date(sentMs).toISOString(),
    body: { interval },
  };
}

function id(n: number): string {
  return `00000000-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;
}

/** Feed messages in order; returns the verdicts and the final state. */
function run(
  steps: ReadonlyArray<readonly [Message, number]>,
  state: ReplayState = emptyReplayState(),
): { verdicts: ReplayVerdict[]; state: ReplayState } {
  const verdicts: ReplayVerdict[] = [];
  for (const [m, now] of steps) {
    const r = replayStep(state, m, now);
    verdicts.push(r.verdict);
    state = r.state;
  }
  return { verdicts, state };
}

describe('replay guard', () => {
  it('accepts increasing sequences per sender, with gaps, and keeps senders apart', () => {
    const { verdicts } = run([
      [beat(1, id(1), T), T],
      [beat(2, id(2), T), T],
      [beat(7, id(3), T), T],
      [beat(1, id(4), T, 'ru'), T],
    ]);
    expect(verdicts.map((v) => v.kind)).toEqual(['accepted', 'accepted', 'accepted', 'accepted']);
  });

  it('absorbs an identical copy as a duplicate and leaves the state unchanged', () => {
    const first = replayStep(emptyReplayState(), beat(1, id(1), T), T);
    // The copy arrives with members in another order: same canonical form, same content.
    const again = replayStep(first.state, reversedMembers(beat(1, id(1), T)), T + 5_000);
    expect(again.verdict).toEqual({
      kind: 'duplicate',
      reason: `message ${id(1)} was already accepted with identical content; absorbed`,
    });
    expect(again.state).toBe(first.state);
  });

  it('rejects an id reused with different content', () => {
    const { verdicts } = run([
      [beat(1, id(1), T), T],
      [beat(2, id(1), T, 'us', 60), T],
    ]);
    expect(verdicts[1]).toEqual({
      kind: 'rejected',
      code: 'id-reused',
      reason: `id ${id(1)} was already used by a different message (sender "us", sequence 1)`,
    });
  });

  it('rejects a sequence that does not increase, naming the last accepted one', () => {
    const { verdicts } = run([
      [beat(5, id(1), T), T],
      [beat(5, id(2), T), T],
      [beat(4, id(3), T), T],
      [beat(6, id(4), T), T],
    ]);
    expect(verdicts.map((v) => v.kind)).toEqual(['accepted', 'rejected', 'rejected', 'accepted']);
    expect(verdicts[1]).toMatchObject({
      code: 'sequence',
      reason: expect.stringContaining('the last accepted was 5'),
    });
  });

  it('rejects live messages older than the window (300 s by default) and at most 30 s in the future', () => {
    expect(DEFAULT_REPLAY_OPTIONS).toEqual({ staleAfter: 300, maxFutureSkew: 30 });
    const step = (sent: number) => replayStep(emptyReplayState(), beat(1, id(1), sent), T).verdict;
    expect(step(T - 300_000).kind).toBe('accepted'); // exactly 300 s old: still fresh
    expect(step(T - 300_001)).toMatchObject({ kind: 'rejected', code: 'stale' });
    expect(step(T - 300_001)).toMatchObject({ reason: expect.stringContaining('300.001 s before now') });
    expect(step(T + 30_000).kind).toBe('accepted');
    expect(step(T + 30_001)).toMatchObject({ kind: 'rejected', code: 'future' });
    const custom = replayStep(emptyReplayState(), beat(1, id(1), T - 61_000), T, {
      staleAfter: 60,
      maxFutureSkew: 30,
    });
    expect(custom.verdict).toMatchObject({ code: 'stale' });
  });

  it('refuses an identical replay after the window as stale, not as a duplicate', () => {
    const { verdicts } = run([
      [beat(1, id(1), T), T],
      [beat(1, id(1), T), T + 300_000],
      [beat(1, id(1), T), T + 300_001],
    ]);
    expect(verdicts.map((v) => v.kind)).toEqual(['accepted', 'duplicate', 'rejected']);
    expect(verdicts[2]).toMatchObject({ code: 'stale' });
  });

  it('never lets its clock run backwards', () => {
    const first = replayStep(emptyReplayState(), beat(1, id(1), T + 400_000), T + 400_000);
    expect(first.verdict.kind).toBe('accepted');
    // A later call with an earlier now (T) still judges staleness against the latest now (T + 400 s).
    const late = replayStep(first.state, beat(2, id(2), T), T);
    expect(late.verdict).toMatchObject({ code: 'stale' });
    // Without the earlier call the same message at the same now is fresh.
    expect(replayStep(emptyReplayState(), beat(2, id(2), T), T).verdict.kind).toBe('accepted');
  });

  it('does not mutate the state it is given', () => {
    const s0 = emptyReplayState();
    const s1 = replayStep(s0, beat(1, id(1), T), T).state;
    const snapshot = JSON.stringify([...s1.lastSequence], null, 0);
    replayStep(s1, beat(2, id(2), T), T);
    replayStep(s1, beat(3, id(3), T), T);
    expect(JSON.stringify([...s1.lastSequence])).toBe(snapshot);
    expect(s0.lastSequence.size).toBe(0);
    // From s1, both branches see only message 1.
    expect(replayStep(s1, beat(2, id(2), T), T).verdict.kind).toBe('accepted');
  });

  it('matches a plain reference model on random traffic (property, 300 runs)', () => {
    // The model: remember every accepted message in a list; decide by scanning it.
    type Event = {
      seq: number;
      idn: number;
      sentOffset: number;
      nowStep: number;
      sender: string;
      interval: number;
    };
    const event = fc.record({
      seq: fc.integer({ min: 1, max: 12 }),
      idn: fc.integer({ min: 1, max: 15 }),
      sentOffset: fc.integer({ min: -400_000, max: 40_000 }),
      nowStep: fc.integer({ min: 0, max: 120_000 }),
      sender: fc.constantFrom('us', 'ru'),
      interval: fc.constantFrom(30, 60),
    });
    fc.assert(
      fc.property(fc.array(event, { maxLength: 60 }), (events: Event[]) => {
        let state = emptyReplayState();
        const accepted: Array<{ m: Message; sent: number }> = [];
        const last = new Map<string, number>();
        let now = T;
        for (const e of events) {
          now += e.nowStep;
          const m = beat(e.seq, id(e.idn), now + e.sentOffset, e.sender, e.interval);
          const r = replayStep(state, m, now);
          state = r.state;
          const same = [...accepted].reverse().find((a) => a.m.id === m.id && now - a.sent <= 300_000);
          let expected: string;
          if (same) expected = JSON.stringify(same.m) === JSON.stringify(m) ? 'duplicate' : 'id-reused';
          else if (now - (now + e.sentOffset) > 300_000) expected = 'stale';
          else if (e.sentOffset > 30_000) expected = 'future';
          else if ((last.get(e.sender) ?? 0) >= e.seq) expected = 'sequence';
          else expected = 'accepted';
          const got = r.verdict.kind === 'rejected' ? r.verdict.code : r.verdict.kind;
          expect(got).toBe(expected);
          if (expected === 'accepted') {
            accepted.push({ m, sent: now + e.sentOffset });
            last.set(e.sender, e.seq);
          }
        }
      }),
      { numRuns: 300 },
    );
  });

  it('keeps memory to the ids inside the window and stays fast (100,000 messages)', () => {
    let state = emptyReplayState();
    const start = performance.now();
    for (let i = 1; i <= 100_000; i++) {
      const now = T + i * 10; // 100 messages per second: 30,000 inside a 300 s window
      state = replayStep(state, beat(i, id(i), now), now).state;
    }
    const elapsed = performance.now() - start;
    const remembered = state.levels.reduce((n, level) => n + level.entries.size, 0);
    expect(remembered).toBeLessThanOrEqual(3 * 30_001); // at most a few merges' worth of expired ids
    expect(remembered).toBeGreaterThanOrEqual(30_001);
    expect(state.levels.length).toBeLessThanOrEqual(40);
    expect(elapsed).toBeLessThan(20_000); // generous on a shared 2-core machine; measured about 1 s
  });
});
