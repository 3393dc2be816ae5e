import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';
import canonicalize from 'canonicalize';

/**
 * The canonical form of a message: the JSON Canonicalization Scheme (RFC 8785) through the
 * `canonicalize` package: object members sorted by UTF-16 code units, no white space, numbers as
 * ECMAScript writes them, strings escaped minimally. Two copies of a message that differ only in
 * member order or spacing have one canonical form, so it is what is signed (signing/sign.ts), what
 * duplicate detection compares (replay-guard.ts) and what a receipt's digest covers.
 *
 * SHA-256 comes from @noble/hashes, synchronously and without Node APIs, so the browser computes
 * the same digest (as src/studies/run-scenario-text.ts does for scenario hashes).
 */

/** RFC 8785 canonical JSON text of a JSON value. */
export function canonicalJson(value: unknown): string {
  const text = canonicalize(value);
  if (text === undefined) throw new TypeError('canonicalJson: the value has no JSON form');
  return text;
}

/** The UTF-8 bytes of the canonical form: the JWS payload of a signed message. */
export function canonicalBytes(value: unknown): Uint8Array {
  return utf8ToBytes(canonicalJson(value));
}

/** SHA-256 of the canonical form, 64 lower-case hex digits (the `sha256` of a receipt). */
export function messageDigest(value: unknown): string {
  return bytesToHex(sha256(canonicalBytes(value)));
}
