import type { AppendRequest } from '../../../src/exchange/store/stored-message.js';

/**
 * The messages of the crash test, a pure function of their sequence number, so that the test can
 * check every stored message and stream entry against what the publisher sent.
 */

export const CRASH_SENDER = 'publisher';
export const CRASH_PARTNERS = ['ru', 'uk', 'dk'] as const;

export function crashMessage(sequence: number): AppendRequest {
  const id = `00000000-0000-4000-8000-${sequence.toString(16).padStart(12, '0')}`;
  // Sizes from 100 B to about 6 kB, so some messages span several database pages.
  const body = 'x'.repeat(100 + ((sequence * 2654435761) % 6000));
  return {
    envelope: {
      id,
      sender: CRASH_SENDER,
      sequence,
      type: sequence % 5 === 0 ? 'launch-event' : 'heartbeat',
      jws: `h.${body}.${sequence}`,
      receivedAt: new Date(Date.UTC(2007, 5, 7) + sequence).toISOString(),
    },
    releases: crashReleasedTo(sequence).map((partner) => ({
      partner,
      jws: `${partner}.${sequence}.${body.length}`,
    })),
  };
}

/** The partners message `sequence` is released to: every subset occurs, the empty one included. */
export function crashReleasedTo(sequence: number): string[] {
  return CRASH_PARTNERS.filter((_, i) => (sequence >> i) & 1);
}
