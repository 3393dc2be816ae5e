import { sha256 } from '@noble/hashes/sha2.js';
import { concatBytes, hexToBytes, utf8ToBytes } from '@noble/hashes/utils.js';
import { InputError } from '../../core/errors.js';

/**
 * Name-based message ids: the same name always gives the same id, so a bridge that publishes the
 * same notification again (a retry, a re-run) sends the same id and the exchange absorbs the copy.
 *
 * RFC 9562 keeps version 5 for SHA-1 (section 5.5) and says a name-based UUID with another hash,
 * such as SHA-256, is a version 8 UUID (section 6.5, with the worked SHA-256 example of Appendix
 * B.2): SHA-256 over the namespace's 16 bytes followed by the name, the first 128 bits kept, the
 * version field (bits 48-51) set to 8 and the variant field (bits 64-65) to binary 10. SHA-256
 * comes from @noble/hashes, so a browser computes the same ids synchronously.
 */

/** The namespace of the launch events the bridge publishes (a random UUID drawn for it once). */
export const LAUNCH_EVENT_NAMESPACE = 'a771820d-8fcf-4ae4-a280-06d3c29db64a';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** The name-based version 8 UUID (SHA-256) of `name` in `namespace`, in lower case. */
export function nameBasedUuid(namespace: string, name: string | Uint8Array): string {
  if (!UUID.test(namespace)) throw new InputError('namespace', namespace, 'a lower-case UUID');
  const nameBytes = typeof name === 'string' ? utf8ToBytes(name) : name;
  const bytes = sha256(concatBytes(hexToBytes(namespace.replaceAll('-', '')), nameBytes)).slice(0, 16);
  bytes[6] = (bytes[6]! & 0x0f) | 0x80;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
