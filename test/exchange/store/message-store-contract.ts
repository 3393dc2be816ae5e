import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { MessageStore } from '../../../src/exchange/store/message-store.js';
import { StoreError, type StoreErrorCode } from '../../../src/exchange/store/store-error.js';
import type { ReceivedEnvelope, Release } from '../../../src/exchange/store/stored-message.js';

/**
 * The behaviour every MessageStore must have, written once: the SQLite store runs it now, a
 * PostgreSQL store will run the same tests.
 */
export interface StoreStorage {
  /** Open a store on this storage; opening again after close() must find everything kept. */
  open(): MessageStore | Promise<MessageStore>;
  /** Remove the storage (after the store is closed). */
  dispose(): void | Promise<void>;
}

/** A deterministic UUID for message n of a test. */
export function messageId(n: number): string {
  return `00000000-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;
}

/** Message n from `sender` with sequence `sequence`, received n ms after a fixed epoch. */
export function envelope(n: number, overrides: Partial<ReceivedEnvelope> = {}): ReceivedEnvelope {
  return {
    id: messageId(n),
    sender: 'us',
    sequence: n,
    type: 'launch-event',
    jws: `eyJhbGciOiJFZERTQSJ9.payload-${n}.signature-${n}`,
    receivedAt: new Date(Date.UTC(2007, 5, 7) + n).toISOString(),
    ...overrides,
  };
}

/** Releases of message n to these partners, each with its own (coarsened) JWS. */
export function releases(n: number, partners: readonly string[]): Release[] {
  return partners.map((partner) => ({ partner, jws: `released-to-${partner}.payload-${n}.sig` }));
}

async function expectStoreError(action: () => unknown, code: StoreErrorCode): Promise<void> {
  let error: unknown;
  try {
    await action();
  } catch (e) {
    error = e;
  }
  expect(error, `expected StoreError ${code}`).toBeInstanceOf(StoreError);
  expect((error as StoreError).code).toBe(code);
}

export function describeMessageStoreContract(
  name: string,
  createStorage: () => Promise<StoreStorage> | StoreStorage,
) {
  describe(`${name}: MessageStore contract`, () => {
    let storage: StoreStorage;
    let store: MessageStore;
    let open: MessageStore[];

    const reopen = async () => {
      await store.close();
      store = await storage.open();
      open.push(store);
      return store;
    };

    beforeEach(async () => {
      storage = await createStorage();
      store = await storage.open();
      open = [store];
    });

    afterEach(async () => {
      for (const s of open) await s.close();
      await storage.dispose();
    });

    it('persists a message and returns it: by id as signed, in each stream as released', async () => {
      const m = envelope(1);
      const result = await store.append(m, releases(1, ['ru', 'uk']));
      expect(result).toEqual({
        outcome: 'stored',
        messageId: m.id,
        streams: [
          { partner: 'ru', streamSequence: 1 },
          { partner: 'uk', streamSequence: 1 },
        ],
      });
      expect(await store.get(m.id)).toEqual(m);
      expect(await store.lastSequence('us')).toBe(1);
      const ru = await store.readStream('ru', 0, 10);
      expect(ru).toEqual([
        {
          partner: 'ru',
          streamSequence: 1,
          messageId: m.id,
          sender: 'us',
          sequence: 1,
          type: 'launch-event',
          receivedAt: m.receivedAt,
          jws: 'released-to-ru.payload-1.sig',
        },
      ]);
      expect((await store.readStream('uk', 0, 10))[0]?.jws).toBe('released-to-uk.payload-1.sig');
      expect(await store.readStream('fr', 0, 10)).toEqual([]);
      expect(await store.get(messageId(2))).toBeUndefined();
      expect((await store.check()).ok).toBe(true);
    });

    it('a message released to nobody is stored and in no stream', async () => {
      expect(await store.append(envelope(1), [])).toMatchObject({ outcome: 'stored', streams: [] });
      expect(await store.get(messageId(1))).toEqual(envelope(1));
      expect(await store.streamHead('ru')).toBe(0);
    });

    it('absorbs a duplicate (same id and content): reported, nothing written, its releases ignored', async () => {
      await store.append(envelope(1), releases(1, ['ru']));
      const later = envelope(1, { receivedAt: '2007-06-08T00:00:00.000Z' });
      const again = await store.append(later, releases(1, ['ru', 'uk']));
      expect(again).toEqual({
        outcome: 'duplicate',
        messageId: messageId(1),
        receivedAt: envelope(1).receivedAt,
      });
      expect(await store.streamHead('ru')).toBe(1);
      expect(await store.streamHead('uk')).toBe(0);
      expect(await store.get(messageId(1))).toEqual(envelope(1));
      // The same content signed again (say with a rotated key): the same message, absorbed.
      const resigned = envelope(1, { jws: 'eyJhbGciOiJFZERTQSJ9.payload-1.another-signature' });
      expect((await store.append(resigned, releases(1, ['uk']))).outcome).toBe('duplicate');
      expect(await store.get(messageId(1))).toEqual(envelope(1));
      // Absorbed even when the sender has moved on since (a retransmission after a lost receipt).
      await store.append(envelope(2), releases(2, ['ru']));
      expect((await store.append(envelope(1), releases(1, ['ru']))).outcome).toBe('duplicate');
      expect(await store.streamHead('ru')).toBe(2);
    });

    it('rejects the same id with different content, and writes nothing', async () => {
      await store.append(envelope(1), releases(1, ['ru']));
      for (const change of [
        { jws: 'other.jws.sig' },
        { jws: 'eyJhbGciOiJFZERTQSJ9.payload-1-changed.signature-1' },
        { type: 'heartbeat' },
        { sender: 'ru' },
        { sequence: 7 },
      ]) {
        await expectStoreError(
          () => store.append(envelope(1, change), releases(1, ['uk'])),
          'conflicting-duplicate',
        );
      }
      expect(await store.get(messageId(1))).toEqual(envelope(1));
      expect(await store.streamHead('uk')).toBe(0);
      expect(await store.lastSequence('us')).toBe(1);
    });

    it('appends releases of a stored message later, once per partner, and knows who has what', async () => {
      await store.append(envelope(1), releases(1, ['ru']));
      await store.append(envelope(2), releases(2, ['ru']));
      expect(await store.appendReleases(messageId(1), releases(1, ['uk', 'ru']))).toEqual([
        { partner: 'uk', streamSequence: 1 },
      ]);
      expect(await store.appendReleases(messageId(1), releases(1, ['uk']))).toEqual([]);
      expect(await store.streamHead('ru')).toBe(2);
      const uk = await store.readStream('uk', 0, 10);
      expect(uk.map((e) => [e.messageId, e.jws])).toEqual([[messageId(1), 'released-to-uk.payload-1.sig']]);
      expect(await store.partnerHas('uk', messageId(1))).toBe(true);
      expect(await store.partnerHas('uk', messageId(2))).toBe(false);
      expect(await store.partnerHas('us', messageId(2))).toBe(true); // its sender
      expect(await store.partnerHas('fr', messageId(1))).toBe(false);
      await expectStoreError(
        () => store.appendReleases(messageId(9), releases(9, ['uk'])),
        'unknown-message',
      );
      expect(await store.streamHead('uk')).toBe(1);
    });

    it("requires each sender's sequence to increase strictly; senders are independent", async () => {
      await store.append(envelope(1, { sequence: 5 }), releases(1, ['ru']));
      await expectStoreError(
        () => store.append(envelope(2, { sequence: 5 }), releases(2, ['ru'])),
        'sequence-not-increasing',
      );
      await expectStoreError(
        () => store.append(envelope(3, { sequence: 4 }), releases(3, ['ru'])),
        'sequence-not-increasing',
      );
      expect(await store.get(messageId(2))).toBeUndefined();
      expect(await store.streamHead('ru')).toBe(1);
      // Gaps are allowed; another sender starts anywhere, even at 0.
      await store.append(envelope(4, { sequence: 9 }), []);
      await store.append(envelope(5, { sender: 'ru', sequence: 0 }), releases(5, ['us']));
      expect(await store.lastSequence('us')).toBe(9);
      expect(await store.lastSequence('ru')).toBe(0);
      expect(await store.lastSequence('uk')).toBeUndefined();
    });

    it('refuses malformed arguments before writing anything', async () => {
      const bad: Array<[ReceivedEnvelope, Release[]]> = [
        [envelope(1, { id: 'not-a-uuid' }), []],
        [envelope(1, { id: '00000000-0000-4000-8000-00000000000A' }), []],
        [envelope(1, { sequence: -1 }), []],
        [envelope(1, { sequence: 1.5 }), []],
        [envelope(1, { receivedAt: '2007-06-07T00:00:00Z' }), []],
        [envelope(1, { receivedAt: '2007-06-07T02:00:00.000+02:00' }), []],
        [envelope(1, { sender: '' }), []],
        [envelope(1, { jws: '' }), []],
        [envelope(1), [...releases(1, ['ru']), ...releases(1, ['ru'])]],
        [envelope(1), [{ partner: 'ru', jws: '' }]],
        // NUL cannot be stored in PostgreSQL text: every store refuses it.
        [envelope(1, { sender: 'u\0s' }), []],
        [envelope(1, { jws: 'eyJhbGciOiJFZERTQSJ9.pay\0load.sig' }), []],
        [envelope(1), [{ partner: 'r\0u', jws: 'x.y.z' }]],
        [envelope(1), [{ partner: 'ru', jws: 'x.\0.z' }]],
      ];
      for (const [m, r] of bad) await expectStoreError(() => store.append(m, r), 'invalid-argument');
      await expectStoreError(() => store.readStream('ru', -1, 10), 'invalid-argument');
      await expectStoreError(() => store.readStream('ru', 0, 0), 'invalid-argument');
      await expectStoreError(() => store.unacknowledged('ru', 'yesterday'), 'invalid-argument');
      expect(await store.lastSequence('us')).toBeUndefined();
      expect(await store.streamHead('ru')).toBe(0);
    });

    it('numbers each partner stream 1, 2, 3, ... with no gap, in append order (property)', async () => {
      const partners = ['ru', 'uk', 'dk', 'cz'];
      let run = 0;
      await fc.assert(
        fc.asyncProperty(
          fc.array(fc.subarray(partners), { minLength: 1, maxLength: 40 }),
          fc.integer({ min: 1, max: 7 }),
          async (plan, pageSize) => {
            // A fresh sender per run: the store is shared between runs, sequences are per sender.
            const sender = `sender-${run++}`;
            const before = new Map<string, number>();
            for (const p of partners) before.set(p, await store.streamHead(p));
            const base = run * 1000;
            for (const [i, to] of plan.entries()) {
              await store.append(envelope(base + i, { sender, sequence: i }), releases(base + i, to));
            }
            for (const p of partners) {
              const expected = plan.flatMap((to, i) => (to.includes(p) ? [base + i] : []));
              const start = before.get(p)!;
              // Paged, as a resuming subscriber reads it.
              const got: number[] = [];
              let after = start;
              for (;;) {
                const page = await store.readStream(p, after, pageSize);
                if (page.length === 0) break;
                for (const entry of page) {
                  expect(entry.streamSequence).toBe(++after);
                  expect(entry.jws).toBe(`released-to-${p}.payload-${entry.sequence + base}.sig`);
                  got.push(base + entry.sequence);
                }
              }
              expect(got).toEqual(expected);
              expect(await store.streamHead(p)).toBe(start + expected.length);
            }
          },
        ),
        { numRuns: 25, seed: 20070607 },
      );
      expect((await store.check()).ok).toBe(true);
    });

    it('resumes from any acknowledged point with exactly the rest of the stream', async () => {
      for (let n = 1; n <= 12; n++)
        await store.append(envelope(n), releases(n, n % 3 === 0 ? ['uk'] : ['ru', 'uk']));
      const head = await store.streamHead('ru');
      expect(head).toBe(8);
      const all = await store.readStream('ru', 0, 100);
      for (let acked = 0; acked <= head; acked++) {
        await store.acknowledge('ru', acked);
        const from = await store.lastAcknowledged('ru');
        expect(from).toBe(acked);
        const rest = await store.readStream('ru', from, 100);
        expect(rest).toEqual(all.slice(acked));
      }
    });

    it('keeps acknowledgements monotone and refuses one beyond the stream head', async () => {
      for (let n = 1; n <= 5; n++) await store.append(envelope(n), releases(n, ['ru']));
      expect(await store.lastAcknowledged('ru')).toBe(0);
      expect(await store.acknowledge('ru', 3)).toBe(3);
      expect(await store.acknowledge('ru', 2)).toBe(3);
      expect(await store.acknowledge('ru', 3)).toBe(3);
      expect(await store.acknowledge('ru', 0)).toBe(3);
      expect(await store.lastAcknowledged('ru')).toBe(3);
      await expectStoreError(() => store.acknowledge('ru', 6), 'acknowledgement-beyond-head');
      await expectStoreError(() => store.acknowledge('uk', 1), 'acknowledgement-beyond-head');
      expect(await store.acknowledge('uk', 0)).toBe(0);
      expect(await store.acknowledge('ru', 5)).toBe(5);
      expect(await store.lastAcknowledged('ru')).toBe(5);
    });

    it('lists unacknowledged entries older than a time, optionally of some types only', async () => {
      await store.append(envelope(1, { type: 'launch-event' }), releases(1, ['ru']));
      await store.append(envelope(2, { type: 'heartbeat' }), releases(2, ['ru']));
      await store.append(envelope(3, { type: 'launch-event' }), releases(3, ['ru']));
      await store.append(envelope(4, { type: 'launch-event' }), releases(4, ['ru']));
      const cutoff = envelope(4).receivedAt; // entries 1 to 3 are older
      const ids = (entries: readonly { messageId: string }[]) => entries.map((e) => e.messageId);
      expect(ids(await store.unacknowledged('ru', cutoff))).toEqual([
        messageId(1),
        messageId(2),
        messageId(3),
      ]);
      expect(ids(await store.unacknowledged('ru', cutoff, { types: ['launch-event'] }))).toEqual([
        messageId(1),
        messageId(3),
      ]);
      expect(ids(await store.unacknowledged('ru', cutoff, { limit: 1 }))).toEqual([messageId(1)]);
      await store.acknowledge('ru', 1);
      expect(ids(await store.unacknowledged('ru', cutoff, { types: ['launch-event'] }))).toEqual([
        messageId(3),
      ]);
      await store.acknowledge('ru', 4);
      expect(await store.unacknowledged('ru', '2100-01-01T00:00:00.000Z')).toEqual([]);
      expect(await store.unacknowledged('uk', '2100-01-01T00:00:00.000Z')).toEqual([]);
    });

    it('appendMany commits a batch; a refused message does not undo the others', async () => {
      await store.append(envelope(1), releases(1, ['ru']));
      const outcomes = await store.appendMany([
        { envelope: envelope(2), releases: releases(2, ['ru']) },
        { envelope: envelope(1), releases: releases(1, ['ru']) },
        { envelope: envelope(3, { sequence: 2 }), releases: releases(3, ['ru']) },
        { envelope: envelope(1, { jws: 'x.y.z' }), releases: [] },
        { envelope: envelope(4, { receivedAt: 'now' }), releases: [] },
        { envelope: envelope(5), releases: releases(5, ['ru', 'uk']) },
      ]);
      expect(outcomes.map((o) => (o.outcome === 'rejected' ? o.code : o.outcome))).toEqual([
        'stored',
        'duplicate',
        'sequence-not-increasing',
        'conflicting-duplicate',
        'invalid-argument',
        'stored',
      ]);
      expect(outcomes[5]).toMatchObject({
        streams: [
          { partner: 'ru', streamSequence: 3 },
          { partner: 'uk', streamSequence: 1 },
        ],
      });
      expect((await store.readStream('ru', 0, 10)).map((e) => e.messageId)).toEqual([
        messageId(1),
        messageId(2),
        messageId(5),
      ]);
      expect(await store.get(messageId(3))).toBeUndefined();
      expect(await store.appendMany([])).toEqual([]);
      expect((await store.check()).ok).toBe(true);
    });

    it('keeps everything across close and reopen, and carries on from where it was', async () => {
      for (let n = 1; n <= 6; n++)
        await store.append(envelope(n), releases(n, n % 2 ? ['ru'] : ['ru', 'uk']));
      await store.acknowledge('ru', 4);
      const before = {
        ru: await store.readStream('ru', 0, 100),
        uk: await store.readStream('uk', 0, 100),
      };
      const reopened = await reopen();
      expect(await reopened.readStream('ru', 0, 100)).toEqual(before.ru);
      expect(await reopened.readStream('uk', 0, 100)).toEqual(before.uk);
      expect(await reopened.lastAcknowledged('ru')).toBe(4);
      expect(await reopened.lastSequence('us')).toBe(6);
      for (let n = 1; n <= 6; n++) expect(await reopened.get(messageId(n))).toEqual(envelope(n));
      // The replay guard and the stream numbering survive the restart.
      expect((await reopened.append(envelope(6), releases(6, ['ru']))).outcome).toBe('duplicate');
      await expectStoreError(
        () => reopened.append(envelope(7, { sequence: 6 }), []),
        'sequence-not-increasing',
      );
      expect(await reopened.append(envelope(7), releases(7, ['ru']))).toMatchObject({
        streams: [{ partner: 'ru', streamSequence: 7 }],
      });
      expect((await reopened.check()).ok).toBe(true);
    });

    it('refuses use after close', async () => {
      await store.close();
      await expectStoreError(() => store.append(envelope(1), []), 'closed');
      await expectStoreError(() => store.readStream('ru', 0, 1), 'closed');
    });
  });
}
