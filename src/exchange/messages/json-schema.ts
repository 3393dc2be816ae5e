import { z } from 'zod';
import { messageSchema, releasedMessageSchema } from './message.js';

/**
 * JSON Schema (draft 2020-12, the dialect of OpenAPI 3.1) of the exchange messages, generated from
 * the zod schemas that validate them, so the published API description cannot drift from the code.
 * Cross-field rules (a closed polygon ring, a window whose end follows its start, references that
 * cover the ids a body names) are checked by the zod schemas but have no JSON Schema form; the
 * descriptions state them.
 */

export interface ExchangeJsonSchemas {
  /** A message as its sender publishes it. */
  readonly message: Record<string, unknown>;
  /** A message as released to one partner. */
  readonly releasedMessage: Record<string, unknown>;
}

export function exchangeJsonSchemas(): ExchangeJsonSchemas {
  const options = { target: 'draft-2020-12', io: 'input', unrepresentable: 'throw', reused: 'ref' } as const;
  return {
    message: z.toJSONSchema(messageSchema, options) as Record<string, unknown>,
    releasedMessage: z.toJSONSchema(releasedMessageSchema, options) as Record<string, unknown>,
  };
}
