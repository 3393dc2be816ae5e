import { generateKeyPairSync } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { signCheckpoint } from '../../../src/exchange/audit/audit-checkpoint.js';
import type { AuditEntry } from '../../../src/exchange/audit/audit-entry.js';
import { checkpointSigner } from '../../../src/exchange/audit/audit-keys.js';
import { verifyAudit } from '../../../src/exchange/audit/verify-audit.js';
import { buildLog, entryTime, forgedEntry, publicKeys, rechain, rehash, signer } from './audit-fixtures.js';

/** The problem verifyAudit finds, as { kind, index }; null when the log verifies. */
function finding(entries: readonly AuditEntry[], checkpoints = buildLog(0).checkpoints, keys = publicKeys) {
  const result = verifyAudit(entries, checkpoints, keys);
  return result.problem && { kind: result.problem.kind, index: result.problem.index };
}

const move = <T>(list: readonly T[], from: number, to: number): T[] => {
  const out = [...list];
  const [item] = out.splice(from, 1);
  out.splice(to, 0, item!);
  return out;
};

describe('verifyAudit: an untampered log', () => {
  it('verifies, naming its last checkpoint and the entries no checkpoint covers yet', () => {
    const { entries, checkpoints } = buildLog(25, 10);
    expect(verifyAudit(entries, checkpoints, publicKeys)).toEqual({
      ok: true,
      entries: 25,
      checkpoints: 2,
      signaturesChecked: true,
      lastCheckpoint: { index: 20, keyId: signer.keyId, time: entryTime(20) },
      uncovered: 5,
      problem: null,
    });
    expect(verifyAudit(entries, checkpoints).signaturesChecked).toBe(false);
    expect(verifyAudit([], []).ok).toBe(true);
    expect(verifyAudit(buildLog(7).entries, []).uncovered).toBe(7);
  });

  it('keeps checking after key rotation: each checkpoint by the key its id names', () => {
    const { entries, checkpoints } = buildLog(20, 10);
    const next = generateKeyPairSync('ed25519');
    const rotated = checkpointSigner(next.privateKey, 'audit-2008');
    const all = [...checkpoints, signCheckpoint(entries[19]!, rotated, entryTime(20))];
    const keys = new Map([...publicKeys, ['audit-2008', next.publicKey]]);
    expect(verifyAudit(entries, all, keys).ok).toBe(true);
    expect(verifyAudit(entries, all, publicKeys).problem?.kind).toBe('forged-checkpoint');
  });
});

describe('verifyAudit: each kind of tampering', () => {
  const { entries, checkpoints } = buildLog(25, 10);

  it('modified: any field of an entry changed', () => {
    const e = entries[6]!;
    for (const changed of [
      { ...e, actor: 'ru' },
      { ...e, action: 'message.deleted' },
      { ...e, subject: 'other' },
      { ...e, time: entryTime(99) },
      { ...e, details: { streamSequence: 8, partners: ['ru', 'uk'] } },
      { ...e, details: {} },
      { ...e, previousHash: entries[4]!.hash },
      { ...e, hash: entries[5]!.hash },
      { ...e, index: 9 },
    ]) {
      const tampered = entries.map((x) => (x === e ? changed : x));
      expect(finding(tampered, checkpoints)).toEqual({ kind: 'modified', index: 7 });
    }
  });

  it('modified: an entry changed and its own hash recomputed (the next entry still names the old one)', () => {
    const tampered = [...entries];
    tampered[6] = rehash({ ...entries[6]!, actor: 'ru' });
    expect(finding(tampered, checkpoints)).toEqual({ kind: 'modified', index: 7 });
    tampered[0] = rehash({ ...entries[0]!, previousHash: 'a'.repeat(64) });
    expect(finding(tampered, checkpoints)).toEqual({ kind: 'modified', index: 1 });
  });

  it('deleted: one entry, several, the first, or one with the rest renumbered', () => {
    expect(
      finding(
        entries.filter((e) => e.index !== 7),
        checkpoints,
      ),
    ).toEqual({ kind: 'deleted', index: 7 });
    expect(
      finding(
        entries.filter((e) => e.index < 7 || e.index > 9),
        checkpoints,
      ),
    ).toEqual({
      kind: 'deleted',
      index: 7,
    });
    expect(finding(entries.slice(1), checkpoints)).toEqual({ kind: 'deleted', index: 1 });
    const renumbered = entries.filter((e) => e.index !== 7).map((e, p) => ({ ...e, index: p + 1 }));
    expect(finding(renumbered, checkpoints)).toEqual({ kind: 'deleted', index: 7 });
    const result = verifyAudit(
      entries.filter((e) => e.index < 7 || e.index > 9),
      checkpoints,
      publicKeys,
    );
    expect(result.problem?.message).toMatch(/entries 7 to 9 were removed/);
  });

  it('reordered: entries swapped or moved, with or without their indexes', () => {
    expect(finding(move(entries, 6, 7), checkpoints)).toEqual({ kind: 'reordered', index: 7 });
    expect(finding(move(entries, 2, 10), checkpoints)).toEqual({ kind: 'reordered', index: 3 });
    expect(finding(move(entries, 12, 4), checkpoints)).toEqual({ kind: 'reordered', index: 5 });
    // As a swap of row keys in a table: each row keeps the index of its place, not its own.
    const swapped = move(entries, 6, 7).map((e, p) => ({ ...e, index: p + 1 }));
    expect(finding(swapped, checkpoints)).toEqual({ kind: 'reordered', index: 7 });
  });

  it('inserted: a forged entry, a copy of an entry, or a forged entry with the rest renumbered', () => {
    const forged = forgedEntry(7, entries[5]);
    expect(finding([...entries.slice(0, 6), forged, ...entries.slice(6)], checkpoints)).toEqual({
      kind: 'inserted',
      index: 7,
    });
    const garbage = { ...forged, hash: 'b'.repeat(64) };
    expect(finding([...entries.slice(0, 6), garbage, ...entries.slice(6)], checkpoints)).toEqual({
      kind: 'inserted',
      index: 7,
    });
    expect(finding([...entries.slice(0, 10), entries[2]!, ...entries.slice(10)], checkpoints)).toEqual({
      kind: 'inserted',
      index: 11,
    });
    expect(finding([...entries, entries[24]!], checkpoints)).toEqual({ kind: 'inserted', index: 26 });
    const shifted = [
      ...entries.slice(0, 6),
      forged,
      ...entries.slice(6).map((e) => ({ ...e, index: e.index + 1 })),
    ];
    expect(finding(shifted, checkpoints)).toEqual({ kind: 'inserted', index: 7 });
  });

  it('rewritten: a change with every later hash recomputed is caught by the next checkpoint', () => {
    const edited = [...entries];
    edited[14] = { ...entries[14]!, details: { streamSequence: 99 } };
    const rewritten = rechain(edited, 15);
    const result = verifyAudit(rewritten, checkpoints, publicKeys);
    expect(result.problem).toMatchObject({ kind: 'rewritten', index: 11 });
    expect(result.problem?.message).toMatch(/between 11 and 20/);
    expect(result.lastCheckpoint?.index).toBe(10);
    // An entry deleted and the rest rechained: the same.
    expect(
      finding(
        rechain(
          entries.filter((e) => e.index !== 3),
          3,
        ),
        checkpoints,
      ),
    ).toEqual({
      kind: 'rewritten',
      index: 1,
    });
  });

  it('forged checkpoint: altered, signed by another key under the trusted id, or by an unknown key', () => {
    // The tamperer rewrites from entry 15 and points checkpoint 20 at the new chain.
    const edited = [...entries];
    edited[14] = { ...entries[14]!, details: { streamSequence: 99 } };
    const rewritten = rechain(edited, 15);
    const altered = checkpoints.map((cp) => (cp.index === 20 ? { ...cp, hash: rewritten[19]!.hash } : cp));
    expect(finding(rewritten, altered)).toEqual({ kind: 'forged-checkpoint', index: 20 });
    const attacker = generateKeyPairSync('ed25519');
    const underTrustedId = checkpointSigner(attacker.privateKey, signer.keyId);
    const resigned = [checkpoints[0]!, signCheckpoint(rewritten[19]!, underTrustedId, entryTime(20))];
    expect(finding(rewritten, resigned)).toEqual({ kind: 'forged-checkpoint', index: 20 });
    const ownKey = [
      checkpoints[0]!,
      signCheckpoint(rewritten[19]!, checkpointSigner(attacker.privateKey), entryTime(20)),
    ];
    expect(verifyAudit(rewritten, ownKey, publicKeys).problem?.message).toMatch(/not among the trusted keys/);
    // A checkpoint's time or index changed breaks its signature too.
    expect(finding(entries, [{ ...checkpoints[0]!, time: entryTime(11) }])).toEqual({
      kind: 'forged-checkpoint',
      index: 10,
    });
    expect(finding(entries, [{ ...checkpoints[1]!, index: 19, hash: entries[18]!.hash }])).toEqual({
      kind: 'forged-checkpoint',
      index: 19,
    });
    // Without public keys the forgery passes: that is what the keys are for.
    expect(verifyAudit(rewritten, resigned).ok).toBe(true);
  });

  it('truncated: entries cut from the end are detected up to the last checkpoint, not after it', () => {
    expect(finding(entries.slice(0, 15), checkpoints)).toEqual({ kind: 'truncated', index: 16 });
    expect(finding(entries.slice(0, 15), checkpoints)).toEqual({ kind: 'truncated', index: 16 });
    expect(finding([], checkpoints)).toEqual({ kind: 'truncated', index: 1 });
    // Entries 21 to 25 come after the last checkpoint: nothing fixes them, their removal is invisible.
    const cut = verifyAudit(entries.slice(0, 20), checkpoints, publicKeys);
    expect(cut.ok).toBe(true);
    expect(cut.uncovered).toBe(0);
    // Nor can a cut be seen if the checkpoints that covered it are removed with it.
    expect(verifyAudit(entries.slice(0, 15), checkpoints.slice(0, 1), publicKeys).ok).toBe(true);
    // The last entry altered and rehashed is likewise invisible until a checkpoint covers it.
    const last = [...entries.slice(0, 24), rehash({ ...entries[24]!, actor: 'ru' })];
    expect(verifyAudit(last, checkpoints, publicKeys).ok).toBe(true);
  });

  it('reports the first problem when there are several', () => {
    const tampered = entries.filter((e) => e.index !== 12);
    tampered[4] = { ...tampered[4]!, actor: 'ru' };
    expect(finding(tampered, checkpoints)).toEqual({ kind: 'modified', index: 5 });
  });
});

describe('verifyAudit: tampering at any place is found where it was done (property)', () => {
  const arbitraryLog = fc.integer({ min: 2, max: 60 }).map((n) => buildLog(n, 0).entries);

  it('an entry modified', () => {
    fc.assert(
      fc.property(arbitraryLog, fc.nat(), fc.string({ minLength: 1 }), (entries, at, actor) => {
        const p = (at % entries.length) + 1;
        fc.pre(entries[p - 1]!.actor !== actor);
        const tampered = entries.map((e) => (e.index === p ? { ...e, actor } : e));
        expect(finding(tampered, [])).toEqual({ kind: 'modified', index: p });
      }),
      { numRuns: 200, seed: 1988 },
    );
  });

  it('an entry deleted (not the last)', () => {
    fc.assert(
      fc.property(arbitraryLog, fc.nat(), (entries, at) => {
        const p = (at % (entries.length - 1)) + 1;
        expect(
          finding(
            entries.filter((e) => e.index !== p),
            [],
          ),
        ).toEqual({ kind: 'deleted', index: p });
      }),
      { numRuns: 200, seed: 2000 },
    );
  });

  it('an entry moved', () => {
    fc.assert(
      fc.property(arbitraryLog, fc.nat(), fc.nat(), (entries, a, b) => {
        const from = a % entries.length;
        const to = b % entries.length;
        fc.pre(from !== to);
        expect(finding(move(entries, from, to), [])).toEqual({
          kind: 'reordered',
          index: Math.min(from, to) + 1,
        });
      }),
      { numRuns: 200, seed: 2007 },
    );
  });

  it('an entry inserted: forged in front of a genuine one, or a copy of an earlier one', () => {
    fc.assert(
      fc.property(arbitraryLog, fc.nat(), fc.nat(), fc.boolean(), (entries, a, b, copy) => {
        // A forged entry goes before a genuine one (a forged entry chained onto the end is simply
        // an append: that is what a log allows); a copy may also go at the end.
        const p = copy ? (a % entries.length) + 2 : (a % entries.length) + 1;
        const extra = copy ? entries[b % (p - 1)]! : forgedEntry(p, entries[p - 2]);
        const tampered = [...entries.slice(0, p - 1), extra, ...entries.slice(p - 1)];
        expect(finding(tampered, [])).toEqual({ kind: 'inserted', index: p });
      }),
      { numRuns: 200, seed: 2008 },
    );
  });

  it('the tail cut below a checkpoint', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 60 }),
        fc.integer({ min: 1, max: 10 }),
        fc.nat(),
        (n, every, at) => {
          const { entries, checkpoints } = buildLog(n, every);
          fc.pre(checkpoints.length > 0);
          const last = checkpoints.at(-1)!.index;
          const keep = at % last; // keep entries 1..keep, keep < last
          expect(finding(entries.slice(0, keep), checkpoints)).toEqual({
            kind: 'truncated',
            index: keep + 1,
          });
        },
      ),
      { numRuns: 200, seed: 2009 },
    );
  });
});
