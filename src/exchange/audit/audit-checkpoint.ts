import { type KeyObject, sign, verify } from 'node:crypto';
import { canonicalJson } from './audit-entry.js';

/**
 * A signed checkpoint: the log's signer states "entry `index` has hash `hash`", which fixes every
 * entry up to `index` (each hash covers the one before). Whoever holds a copy of a checkpoint can
 * later prove that any of those entries was changed, removed, moved or added, or that the log was
 * cut short before `index`. Entries after the last checkpoint are fixed by nothing yet.
 */
export interface AuditCheckpoint {
  /** The last entry covered. */
  readonly index: number;
  /** That entry's hash. */
  readonly hash: string;
  /** Which key signed: verifiers look the public key up by this id (keys rotate). */
  readonly keyId: string;
  /** When it was signed: ISO 8601 UTC. */
  readonly time: string;
  /** Ed25519 signature (base64url) of checkpointSigningInput. */
  readonly signature: string;
}

/** The private key that signs checkpoints, and its id. */
export interface CheckpointSigner {
  readonly keyId: string;
  readonly privateKey: KeyObject;
}

/** Names what is signed, so that a checkpoint signature cannot be passed off as a message signature. */
export const CHECKPOINT_PURPOSE = 'shieldlab-audit-checkpoint/1';

/**
 * The bytes signed: the canonical JSON of the purpose, index, hash, key id and time. The key id is
 * signed too, so a signature cannot be relabelled as another key's.
 */
export function checkpointSigningInput(checkpoint: Omit<AuditCheckpoint, 'signature'>): Buffer {
  return Buffer.from(
    canonicalJson({
      purpose: CHECKPOINT_PURPOSE,
      index: checkpoint.index,
      hash: checkpoint.hash,
      keyId: checkpoint.keyId,
      time: checkpoint.time,
    }),
    'utf8',
  );
}

/** Sign a checkpoint of the log's head (Ed25519 via node:crypto: synchronous, deterministic). */
export function signCheckpoint(
  head: { readonly index: number; readonly hash: string },
  signer: CheckpointSigner,
  time: string,
): AuditCheckpoint {
  const unsigned = { index: head.index, hash: head.hash, keyId: signer.keyId, time };
  const signature = sign(null, checkpointSigningInput(unsigned), signer.privateKey).toString('base64url');
  return { ...unsigned, signature };
}

/** Whether the checkpoint was signed by the holder of this Ed25519 public key. */
export function checkpointSignatureValid(checkpoint: AuditCheckpoint, publicKey: KeyObject): boolean {
  if (publicKey.asymmetricKeyType !== 'ed25519') return false;
  if (!/^[A-Za-z0-9_-]{86}$/.test(checkpoint.signature)) return false;
  const signature = Buffer.from(checkpoint.signature, 'base64url');
  // One spelling per signature: the last character's spare bits must be zero.
  if (signature.toString('base64url') !== checkpoint.signature) return false;
  try {
    return verify(null, checkpointSigningInput(checkpoint), publicKey, signature);
  } catch {
    return false;
  }
}
