import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CopySigner } from '../../../src/exchange/server/copy-signer.js';
import { signMessage } from '../../../src/exchange/signing/sign.js';
import { generateSigningKey } from '../../../src/exchange/signing/signing-key.js';
import { message as arbitraryMessage } from '../messages/arbitraries.js';

/** The exchange's fast signer gives exactly the JWS that jose gives (Ed25519 is deterministic). */
describe('CopySigner', () => {
  it('signs every message byte for byte as signMessage does', async () => {
    const { signingKey } = await generateSigningKey('exchange', {
      notBefore: '2000-01-01T00:00:00.000Z',
      notAfter: '2100-01-01T00:00:00.000Z',
    });
    const signer = new CopySigner(signingKey);
    await fc.assert(
      fc.asyncProperty(arbitraryMessage, async (m) => {
        const message = { ...m, sender: 'exchange' };
        expect(signer.sign(message)).toBe(await signMessage(message, signingKey));
      }),
      { numRuns: 200, seed: 20070607 },
    );
  });
});
