import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { type AuditCheckpoint, signCheckpoint } from '../../../src/exchange/audit/audit-checkpoint.js';
import {
  type AuditEntry,
  auditEntryHash,
  chainAuditEntry,
  GENESIS_HASH,
} from '../../../src/exchange/audit/audit-entry.js';
import { checkpointSigner } from '../../../src/exchange/audit/audit-keys.js';

/** Audit logs built in memory, and the edits a tamperer would make to them. */

const trusted = generateKeyPairSync('ed25519');
export const signer = checkpointSigner(trusted.privateKey);
export const publicKeys: ReadonlyMap<string, KeyObject> = new Map([[signer.keyId, trusted.publicKey]]);

/** Time of entry i: one second apart from a fixed epoch. */
export function entryTime(i: number): string {
  return new Date(Date.UTC(2007, 5, 7) + i * 1000).toISOString();
}

/** A log of n entries with a checkpoint every `every` entries (none when 0). */
export function buildLog(n: number, every = 0): { entries: AuditEntry[]; checkpoints: AuditCheckpoint[] } {
  const entries: AuditEntry[] = [];
  const checkpoints: AuditCheckpoint[] = [];
  for (let i = 1; i <= n; i++) {
    const entry = chainAuditEntry(
      entries.at(-1),
      {
        actor: i % 3 === 0 ? 'ru' : 'us',
        action: i % 4 === 0 ? 'stream.acknowledged' : 'message.received',
        subject: `00000000-0000-4000-8000-${i.toString(16).padStart(12, '0')}`,
        details: { streamSequence: i, partners: ['ru', 'uk'] },
      },
      entryTime(i),
    );
    entries.push(entry);
    if (every > 0 && i % every === 0) checkpoints.push(signCheckpoint(entry, signer, entryTime(i)));
  }
  return { entries, checkpoints };
}

/** The entry with its hash recomputed from its (edited) fields. */
export function rehash(entry: AuditEntry): AuditEntry {
  return { ...entry, hash: auditEntryHash(entry) };
}

/** Renumber, re-link and rehash every entry from position `from` on: a tamperer covering tracks. */
export function rechain(entries: readonly AuditEntry[], from: number): AuditEntry[] {
  const out = entries.slice(0, from - 1);
  for (let p = from; p <= entries.length; p++) {
    out.push(rehash({ ...entries[p - 1]!, index: p, previousHash: out.at(-1)?.hash ?? GENESIS_HASH }));
  }
  return out;
}

/** A forged entry that claims index `index` and chains correctly to `previous`. */
export function forgedEntry(index: number, previous: AuditEntry | undefined): AuditEntry {
  return rehash({
    index,
    time: entryTime(index),
    actor: 'us',
    action: 'message.received',
    subject: 'ffffffff-ffff-4fff-8fff-ffffffffffff',
    details: { note: 'never happened' },
    previousHash: previous?.hash ?? GENESIS_HASH,
    hash: '',
  });
}
