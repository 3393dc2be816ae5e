import { type AuditCheckpoint, checkpointSignatureValid } from './audit-checkpoint.js';
import { type AuditEntry, auditEntryHash, auditEntryHashValid, GENESIS_HASH } from './audit-entry.js';
import type { AuditPublicKeys } from './audit-keys.js';

/**
 * Verification of an audit log: its hash chain and its signed checkpoints.
 *
 * What can be detected, given the entries in their stored order and the checkpoints:
 * - an entry modified, removed, moved or added anywhere before the last entry: the chain breaks
 *   there (each hash covers the entry's index and the previous entry's hash);
 * - the same, done by someone who also recomputed every hash after it: the chain is whole again,
 *   but it no longer ends in the hash a signed checkpoint fixed ('rewritten'; the first bad entry
 *   lies somewhere after the previous checkpoint);
 * - entries removed from the end, when a checkpoint covers them ('truncated');
 * - a checkpoint not signed by a trusted key ('forged-checkpoint'), when public keys are given.
 *
 * What cannot be detected:
 * - entries removed from the end after the last checkpoint (or from a log without checkpoints):
 *   the shorter log is a valid log. The report gives how many entries no checkpoint covers;
 *   checkpoint often (and on demand before handing a log over) to keep that number small;
 * - removal of checkpoints themselves, with the entries they covered: keep copies of checkpoints
 *   outside the log (every partner can keep the ones it is sent);
 * - anything, against someone who holds the signing key, or when no public key is given (then a
 *   rewritten log with re-made checkpoints verifies: signatures are reported as not checked).
 */

export type AuditTampering =
  | 'modified'
  | 'deleted'
  | 'inserted'
  | 'reordered'
  | 'truncated'
  | 'rewritten'
  | 'forged-checkpoint';

export interface AuditProblem {
  readonly kind: AuditTampering;
  /** The first entry index found bad (for 'rewritten', the first one that may be). */
  readonly index: number;
  /** What was found, in a sentence. */
  readonly message: string;
}

export interface AuditVerification {
  /** True when no tampering was found. */
  readonly ok: boolean;
  readonly entries: number;
  readonly checkpoints: number;
  /** Whether checkpoint signatures were checked (public keys were given). */
  readonly signaturesChecked: boolean;
  /** The last checkpoint that matches the chain (and is validly signed, when keys were given). */
  readonly lastCheckpoint: { readonly index: number; readonly keyId: string; readonly time: string } | null;
  /** Entries after lastCheckpoint: no checkpoint fixes them, so their removal could not be detected. */
  readonly uncovered: number;
  /** The first problem found (lowest index); null when ok. */
  readonly problem: AuditProblem | null;
}

/** How far around its position the index of a misplaced entry is looked for (renumbered logs). */
const INDEX_SEARCH_WINDOW = 1024;

/**
 * Verify entries (in stored order) and checkpoints. With `publicKeys` (key id to Ed25519 public
 * key), every checkpoint must be signed by one of them; without, signatures are not checked.
 */
export function verifyAudit(
  entries: readonly AuditEntry[],
  checkpoints: readonly AuditCheckpoint[],
  publicKeys?: AuditPublicKeys,
): AuditVerification {
  const selfValid = entries.map(auditEntryHashValid);
  const genuine = genuineIndexes(entries, selfValid);
  const chainProblem = walkChain(entries, selfValid, genuine);
  // Entries 1 .. intact are in place and chained.
  const intact = chainProblem ? chainProblem.index - 1 : entries.length;

  const problems: AuditProblem[] = chainProblem ? [chainProblem] : [];
  let lastCheckpoint: AuditVerification['lastCheckpoint'] = null;
  let lastMatched = 0;
  const sorted = [...checkpoints].sort((a, b) => a.index - b.index);
  for (const cp of sorted) {
    if (!Number.isSafeInteger(cp.index) || cp.index < 1) {
      problems.push({
        kind: 'forged-checkpoint',
        index: 1,
        message: `a checkpoint cites entry ${cp.index}, which no log can have`,
      });
      continue;
    }
    if (publicKeys) {
      const key = publicKeys.get(cp.keyId);
      if (!key || !checkpointSignatureValid(cp, key)) {
        problems.push({
          kind: 'forged-checkpoint',
          index: cp.index,
          message: key
            ? `the checkpoint at entry ${cp.index} does not verify with key ${cp.keyId}: it was forged or altered`
            : `the checkpoint at entry ${cp.index} cites key ${cp.keyId}, which is not among the trusted keys`,
        });
        continue;
      }
    }
    if (cp.index > entries.length) {
      problems.push({
        kind: 'truncated',
        index: entries.length + 1,
        message: `a checkpoint covers entry ${cp.index} but the log ends at entry ${entries.length}: entries ${entries.length + 1} to ${cp.index} were removed`,
      });
    } else if (cp.index <= intact) {
      if (entries[cp.index - 1]!.hash === cp.hash) {
        lastMatched = cp.index;
        lastCheckpoint = { index: cp.index, keyId: cp.keyId, time: cp.time };
      } else {
        problems.push({
          kind: 'rewritten',
          index: lastMatched + 1,
          message: `entry ${cp.index} does not have the hash its checkpoint fixed, though the chain is whole: entries between ${lastMatched + 1} and ${cp.index} were changed, removed or added and every later hash recomputed`,
        });
      }
    }
    // A checkpoint beyond the first chain problem adds nothing: the chain problem comes first.
  }
  // The lowest index first; on a tie the chain's own finding, which says more.
  const problem = problems.reduce<AuditProblem | null>(
    (a, b) => (a === null || b.index < a.index ? b : a),
    null,
  );
  return {
    ok: problem === null,
    entries: entries.length,
    checkpoints: checkpoints.length,
    signaturesChecked: publicKeys !== undefined,
    lastCheckpoint,
    uncovered: entries.length - (lastCheckpoint?.index ?? 0),
    problem,
  };
}

/** Whether the entry's fields hash to its hash when it is given index `index`. */
function hashValidAt(entry: AuditEntry, index: number): boolean {
  return auditEntryHash({ ...entry, index }) === entry.hash;
}

/**
 * The index each stored entry was created with, when it can be known: the stored index when the
 * entry's hash matches it, else the index that makes its hash match, found through the entry it
 * chains to (an entry moved or renumbered keeps its original fields under its hash). Undefined for
 * an entry whose fields match its hash under no such index (modified or forged).
 */
function genuineIndexes(
  entries: readonly AuditEntry[],
  selfValid: readonly boolean[],
): Array<number | undefined> {
  const n = entries.length;
  const byHash = new Map<string, number>();
  entries.forEach((e, i) => {
    if (!byHash.has(e.hash)) byHash.set(e.hash, i);
  });
  const result = new Array<number | undefined>(n).fill(undefined);
  // 0: not visited, 1: on the current path (a cycle of forged links ends there), 2: resolved.
  const state = new Uint8Array(n);
  for (let start = 0; start < n; start++) {
    // Follow previous-hash links to an entry already resolved, then resolve back along the path;
    // a loop, not recursion, so a long renumbered log cannot overflow the stack.
    const path: number[] = [];
    let i: number | undefined = start;
    while (i !== undefined && state[i] === 0) {
      state[i] = 1;
      path.push(i);
      if (selfValid[i] || entries[i]!.previousHash === GENESIS_HASH) break;
      i = byHash.get(entries[i]!.previousHash);
    }
    for (let j = path.pop(); j !== undefined; j = path.pop()) {
      const e = entries[j]!;
      let index: number | undefined;
      if (selfValid[j]) index = e.index;
      else {
        const before = e.previousHash === GENESIS_HASH ? 0 : byHash.get(e.previousHash);
        const previousIndex =
          before === 0 ? 0 : before !== undefined && state[before] === 2 ? result[before] : undefined;
        if (previousIndex !== undefined && hashValidAt(e, previousIndex + 1)) index = previousIndex + 1;
      }
      result[j] = index;
      state[j] = 2;
    }
  }
  return result;
}

/** For the first broken entry only: an index near `position` under which its hash matches. */
function searchIndex(entry: AuditEntry, position: number): number | undefined {
  for (let d = 1; d <= INDEX_SEARCH_WINDOW; d++) {
    if (hashValidAt(entry, position + d)) return position + d;
    if (position - d >= 1 && hashValidAt(entry, position - d)) return position - d;
  }
  return undefined;
}

/**
 * Walk the entries in stored order; position p must hold entry p, chained to entry p - 1. Returns
 * the first place where that fails, and what most likely happened there.
 */
function walkChain(
  entries: readonly AuditEntry[],
  selfValid: readonly boolean[],
  genuine: ReadonlyArray<number | undefined>,
): AuditProblem | null {
  let head = GENESIS_HASH;
  for (let p = 1; p <= entries.length; p++) {
    const e = entries[p - 1]!;
    if (selfValid[p - 1] && e.index === p) {
      if (e.previousHash === head) {
        head = e.hash;
        continue;
      }
      // Entry p is intact but chained to another entry p - 1 than the one stored.
      return p === 1
        ? { kind: 'modified', index: 1, message: 'entry 1 does not start the chain: it was altered' }
        : {
            kind: 'modified',
            index: p - 1,
            message: `entry ${p - 1} is not the entry that entry ${p} was chained to: it was changed and its hash recomputed`,
          };
    }
    let index = selfValid[p - 1] ? e.index : genuine[p - 1];
    if (index === undefined) {
      // A forged entry pushed in front of the genuine entry p, which follows it intact.
      const next = entries[p];
      if (next && genuine[p] === p && next.previousHash === head) {
        return {
          kind: 'inserted',
          index: p,
          message: `an entry was inserted at position ${p}, before the genuine entry ${p}`,
        };
      }
      index = searchIndex(e, p);
      if (index === undefined) {
        return {
          kind: 'modified',
          index: p,
          message: `entry ${p} was modified: its fields do not match its hash`,
        };
      }
    }
    if (index === p || index < 1) {
      return {
        kind: 'modified',
        index: p,
        message: `entry ${p} was modified: its index was changed to ${e.index}`,
      };
    }
    if (index > p) {
      const missingLater = genuine.some((g, q) => q >= p && g !== undefined && g >= p && g < index);
      return missingLater
        ? {
            kind: 'reordered',
            index: p,
            message: `entry ${index} is at position ${p}: entries were moved out of order`,
          }
        : {
            kind: 'deleted',
            index: p,
            message:
              index === p + 1
                ? `entry ${p} was removed (entry ${index} follows entry ${p - 1})`
                : `entries ${p} to ${index - 1} were removed (entry ${index} follows entry ${p - 1})`,
          };
    }
    // index < p: entry `index` occurs a second time.
    return e.hash === entries[index - 1]!.hash
      ? { kind: 'inserted', index: p, message: `a copy of entry ${index} was inserted at position ${p}` }
      : {
          kind: 'inserted',
          index,
          message: `two different entries claim index ${index} (positions ${index} and ${p}): entries were inserted at position ${index}`,
        };
  }
  return null;
}
