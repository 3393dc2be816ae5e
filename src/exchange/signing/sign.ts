import { CompactSign } from 'jose';
import { InputError, InputErrors } from '../../core/errors.js';
import { canonicalBytes } from '../messages/canonical.js';
import { type AnyMessage, isReleased } from '../messages/message.js';
import { parseAnyMessage } from '../messages/parse.js';
import { MESSAGE_JWS_ALG, MESSAGE_JWS_TYPE } from './jws-format.js';
import type { SigningKey } from './signing-key.js';

/**
 * Sign a message: JWS compact serialization, Ed25519, over the RFC 8785 canonical form (see
 * jws-format.ts for why). The message is validated first, so a signature never vouches for
 * something receivers must refuse.
 *
 * A published message is signed by its sender only: a key signs for one partner, and signing
 * another partner's message with it is refused here as well as by every verifier. A released copy
 * (with `release`) is signed by the exchange that made it, whose key the verifier names as a relay.
 *
 * @returns The compact JWS `protected.payload.signature`.
 * @throws InputErrors when the message is not valid; InputError when the key belongs to another
 *   partner than the sender of a published message.
 */
export async function signMessage(message: AnyMessage, key: SigningKey): Promise<string> {
  const parsed = parseAnyMessage(message);
  if (!parsed.ok) throw new InputErrors(parsed.errors);
  if (!isReleased(message) && key.partner !== message.sender)
    throw new InputError(
      'sender',
      message.sender,
      `the partner that owns the signing key ("${key.partner}", kid ${key.kid}): a partner signs only its own messages`,
    );
  return new CompactSign(canonicalBytes(message))
    .setProtectedHeader({ alg: MESSAGE_JWS_ALG, kid: key.kid, typ: MESSAGE_JWS_TYPE })
    .sign(key.privateKey);
}
