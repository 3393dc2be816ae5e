import { z } from 'zod';

/**
 * How a message is signed: JWS (RFC 7515) compact serialization, algorithm Ed25519, over the UTF-8
 * bytes of the message's canonical form (RFC 8785, messages/canonical.ts).
 *
 * Compact rather than flattened JSON: the signed message is one URL-safe string that the store
 * keeps byte for byte as text (the exchange store's `jws` column), that fits an HTTP header, a
 * Server-Sent Events `data:` line or a WebSocket frame as it is, and that no JSON layer on the way
 * can re-serialize into something else. The flattened form adds only an unprotected header, which
 * the exchange has no use for (everything it relies on must be signed), and the general form only
 * several signatures, while every message here has exactly one signer.
 *
 * The payload is attached, not detached: the string alone proves what was sent, so an archived
 * message still verifies if the canonicalizer ever changes, and the receiver checks that the
 * payload already is the canonical form of the message it decodes to, so each message has exactly
 * one signed spelling.
 *
 * Algorithm identifier "Ed25519" (RFC 9864, "Fully-Specified Algorithms for JOSE and COSE", 2025)
 * rather than the polymorphic "EdDSA" of RFC 8037, which RFC 9864 deprecates: the identifier itself
 * rules out Ed448, and a verifier accepts nothing else. The `typ` header names what the signature
 * is for, so a signature made by the same key over something else (an audit checkpoint, say)
 * is never accepted as a message.
 */

export const MESSAGE_JWS_ALG = 'Ed25519';
export const MESSAGE_JWS_TYPE = 'shieldlab-message+jws';

/** The only protected header members a message signature may carry. */
export const MESSAGE_JWS_HEADER_MEMBERS: readonly string[] = ['alg', 'kid', 'typ'];

/** Longest signed message accepted by default (characters of the compact JWS): 1 MiB. */
export const DEFAULT_MAX_JWS_LENGTH = 1 << 20;

/** A compact JWS: three base64url parts separated by dots, for the API description. */
export const compactJwsSchema = z
  .string({ error: 'a JWS in compact serialization: three base64url parts separated by dots' })
  .regex(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/, {
    error: 'a JWS in compact serialization: three base64url parts separated by dots',
  })
  .meta({
    title: 'SignedMessage',
    description:
      'A message signed with Ed25519: JWS compact serialization whose payload is the RFC 8785 canonical JSON of the message.',
  });
