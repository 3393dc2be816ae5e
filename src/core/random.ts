/**
 * A seeded pseudo-random generator (mulberry32, by T. Ettinger; public domain): the same seed
 * gives the same sequence everywhere, so studies and tests are reproducible bit for bit. Not for
 * cryptography. Hand-written because it is four lines and must be identical in every runtime.
 */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
