import { KeyObject, sign } from 'node:crypto';
import { canonicalBytes } from '../messages/canonical.js';
import type { AnyMessage } from '../messages/message.js';
import { MESSAGE_JWS_ALG, MESSAGE_JWS_TYPE } from '../signing/jws-format.js';
import type { SigningKey } from '../signing/signing-key.js';

/**
 * The exchange's signer for the copies and receipts it makes, on node:crypto's one-shot Ed25519:
 * the same JWS, byte for byte, as signing/sign.ts makes through jose (Ed25519 is deterministic and
 * the header is written in the same member order; a test checks), at about half the cost, because
 * WebCrypto's promise and buffer handling is skipped. The exchange signs a copy per recipient of
 * every message, so this is its hottest path. Messages are not validated here: copies come from
 * release() and receipts from the service, both tested to be valid; a receiver verifies anyway.
 */
export class CopySigner {
  private readonly key: KeyObject;
  private readonly header: string;

  constructor(signingKey: SigningKey) {
    this.key = KeyObject.from(signingKey.privateKey);
    // The member order of jose's setProtectedHeader({ alg, kid, typ }).
    this.header = Buffer.from(
      JSON.stringify({ alg: MESSAGE_JWS_ALG, kid: signingKey.kid, typ: MESSAGE_JWS_TYPE }),
      'utf8',
    ).toString('base64url');
  }

  sign(message: AnyMessage): string {
    const signingInput = `${this.header}.${Buffer.from(canonicalBytes(message)).toString('base64url')}`;
    return `${signingInput}.${sign(null, Buffer.from(signingInput, 'ascii'), this.key).toString('base64url')}`;
  }
}
