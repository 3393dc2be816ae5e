import { describe, expect, it } from 'vitest';
import { LAUNCH_EVENT_NAMESPACE, nameBasedUuid } from '../../../src/exchange/bridge/name-based-id.js';
import { messageId } from '../../../src/exchange/messages/primitives.js';

describe('nameBasedUuid: RFC 9562 version 8, SHA-256 name-based', () => {
  it('reproduces the RFC 9562 Appendix B.2 example (DNS namespace, "www.example.com")', () => {
    expect(nameBasedUuid('6ba7b810-9dad-11d1-80b4-00c04fd430c8', 'www.example.com')).toBe(
      '5c146b14-3c52-8afd-938a-375d0df1fbf6',
    );
  });

  it('sets version 8 and variant 10, is deterministic, and is a valid message id', () => {
    for (let i = 0; i < 200; i++) {
      const id = nameBasedUuid(LAUNCH_EVENT_NAMESPACE, `name ${i}`);
      expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      expect(messageId.safeParse(id).success).toBe(true);
      expect(nameBasedUuid(LAUNCH_EVENT_NAMESPACE, new TextEncoder().encode(`name ${i}`))).toBe(id);
    }
    expect(nameBasedUuid(LAUNCH_EVENT_NAMESPACE, 'a')).not.toBe(nameBasedUuid(LAUNCH_EVENT_NAMESPACE, 'b'));
  });

  it('refuses a namespace that is not a lower-case UUID', () => {
    expect(() => nameBasedUuid('6BA7B810-9DAD-11D1-80B4-00C04FD430C8', 'x')).toThrow(/UUID/);
  });
});
