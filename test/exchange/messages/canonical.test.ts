import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalBytes, canonicalJson, messageDigest } from '../../../src/exchange/messages/canonical.js';
import { message } from './arbitraries.js';
import { heartbeat, launchEvent, reversedMembers } from './fixtures.js';

describe('canonical form (RFC 8785)', () => {
  it('sorts members, drops white space and writes numbers as ECMAScript does', () => {
    expect(canonicalJson({ b: 1, a: [true, null, 'x'], c: { z: 1e21, y: 0.1, x: -0 } })).toBe(
      '{"a":[true,null,"x"],"b":1,"c":{"x":0,"y":0.1,"z":1e+21}}',
    );
    // RFC 8785 section 3.2.3: members sorted by UTF-16 code units, so "\u20ac" sorts before "\ud83d\ude00".
    expect(canonicalJson({ '\u{1F600}': 1, '\u20ac': 2 })).toBe('{"\u20ac":2,"\u{1F600}":1}');
  });

  it('does not depend on member order (property over random messages, 200 runs)', () => {
    fc.assert(
      fc.property(message, (m) => {
        const shuffled = reversedMembers(m);
        expect(JSON.stringify(shuffled)).not.toBe(JSON.stringify(m)); // the order really changed
        expect(canonicalJson(shuffled)).toBe(canonicalJson(m));
        expect(messageDigest(shuffled)).toBe(messageDigest(m));
      }),
      { numRuns: 200 },
    );
  });

  it('changes with any change of content', () => {
    const moved = { ...launchEvent, body: { ...launchEvent.body, azimuth: 151.8 } };
    expect(canonicalJson(moved)).not.toBe(canonicalJson(launchEvent));
    expect(messageDigest(moved)).not.toBe(messageDigest(launchEvent));
  });

  it('digests the UTF-8 canonical bytes with SHA-256', () => {
    expect(messageDigest(heartbeat)).toBe(
      bytesToHex(sha256(new TextEncoder().encode(canonicalJson(heartbeat)))),
    );
    expect(new TextDecoder().decode(canonicalBytes(heartbeat))).toBe(canonicalJson(heartbeat));
    expect(messageDigest(heartbeat)).toMatch(/^[0-9a-f]{64}$/);
  });

  it('refuses values JSON cannot carry', () => {
    expect(() => canonicalJson({ x: Number.NaN })).toThrow();
    expect(() => canonicalJson('\uD800')).toThrow();
    expect(() => canonicalJson(undefined)).toThrow(/no JSON form/);
  });
});
