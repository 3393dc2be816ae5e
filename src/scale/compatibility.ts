import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import { packageRoot } from '../cli/package-root.js';
import { SHIELDLAB_VERSION } from '../version.js';

/**
 * What must be the same for a worker's items to be a run's, bit for bit: shieldlab's code (every
 * file of it, since the version number does not change with each commit), its catalog (data/, read
 * from disk) and the JavaScript engine (engines differ in the last bit of Math.sin and the like,
 * docs/METHODS.md section 14). Runs and workers meet on a queue named after this fingerprint, so an
 * incompatible worker never sees a run's chunks.
 */
let fingerprint: string | undefined;

export function compatibilityFingerprint(): string {
  if (fingerprint) return fingerprint;
  const hash = sha256.create();
  hash.update(new TextEncoder().encode(`${SHIELDLAB_VERSION}\0${process.versions.v8}\0`));
  // The code this module was loaded with (src/ from the sources, dist/src/ built) and the catalog.
  const code = dirname(dirname(fileURLToPath(import.meta.url)));
  const root = packageRoot();
  for (const dir of [code, join(root, 'data')])
    for (const file of filesUnder(dir)) {
      hash.update(new TextEncoder().encode(`${relative(root, file)}\0`));
      hash.update(readFileSync(file));
    }
  fingerprint = bytesToHex(hash.digest()).slice(0, 16);
  return fingerprint;
}

/** Every file under a folder, in a fixed order; source maps and declarations left out. */
function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && !/\.(map|d\.ts)$/.test(e.name))
    .map((e) => join(e.parentPath, e.name))
    .sort();
}

/** The BullMQ queue of this code, catalog and engine. */
export function chunkQueueName(): string {
  return `shieldlab-chunks-${compatibilityFingerprint()}`;
}
