import type { SignedEnvelope } from './stored-message.js';

/**
 * Whether a copy of a message is the stored message again (a retransmission, or the same content
 * re-signed with a rotated key) rather than other content under its id: same id, sender, sequence,
 * type and signed payload. Every store absorbs the first and refuses the second.
 */
export function sameMessage(stored: SignedEnvelope, copy: SignedEnvelope): boolean {
  return (
    stored.id === copy.id &&
    stored.sender === copy.sender &&
    stored.sequence === copy.sequence &&
    stored.type === copy.type &&
    signedPayload(stored.jws) === signedPayload(copy.jws)
  );
}

/**
 * The signed payload of a JWS compact serialization (its middle part). Payloads are canonical JSON
 * (RFC 8785), so equal payloads mean equal content whatever key signed them.
 */
export function signedPayload(jws: string): string {
  const first = jws.indexOf('.');
  const last = jws.lastIndexOf('.');
  return first < 0 || last === first ? jws : jws.slice(first + 1, last);
}
