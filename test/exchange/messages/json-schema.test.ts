import Ajv2020 from 'ajv/dist/2020.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MESSAGE_TYPES } from '../../../src/exchange/messages/bodies.js';
import { exchangeJsonSchemas } from '../../../src/exchange/messages/json-schema.js';
import { message } from './arbitraries.js';
import { ALL_EXAMPLES, edited, launchEvent, preLaunch } from './fixtures.js';

/**
 * The JSON Schema generated for the OpenAPI file must accept what the zod schemas accept and refuse
 * what they refuse where JSON Schema can say it. Checked with Ajv (draft 2020-12), the validator
 * fastify uses.
 */

const schemas = exchangeJsonSchemas();
const ajv = new Ajv2020.default({ strict: false, allErrors: true, validateFormats: false });
const validateMessage = ajv.compile(schemas.message);
const validateReleased = ajv.compile(schemas.releasedMessage);

describe('JSON Schema of the messages', () => {
  it('is draft 2020-12 with one branch per message type', () => {
    expect(schemas.message['$schema']).toBe('https://json-schema.org/draft/2020-12/schema');
    const text = JSON.stringify(schemas.message);
    for (const type of MESSAGE_TYPES) expect(text).toContain(`"const":"${type}"`);
  });

  it('accepts the examples and random valid messages (200 runs)', () => {
    for (const m of ALL_EXAMPLES) expect(validateMessage(m), m.type).toBe(true);
    fc.assert(
      fc.property(message, (m) => {
        expect(validateMessage(JSON.parse(JSON.stringify(m))), JSON.stringify(validateMessage.errors)).toBe(
          true,
        );
      }),
      { numRuns: 200 },
    );
  });

  it('refuses unknown fields, bad types and out-of-range values', () => {
    expect(validateMessage({ ...preLaunch, priority: 1 })).toBe(false);
    expect(validateMessage(edited(preLaunch, (m) => ((m as { sequence: number }).sequence = 0)))).toBe(false);
    expect(validateMessage(edited(preLaunch, (m) => ((m as { type: string }).type = 'launch')))).toBe(false);
    expect(validateMessage(edited(launchEvent, (m) => ((m.body as { azimuth: number }).azimuth = 400)))).toBe(
      false,
    );
  });

  it('describes released copies, which need their release field', () => {
    const copy = { ...launchEvent, release: { recipient: 'us', policy: 'p.1' }, body: { azimuth: 150 } };
    expect(validateReleased(copy)).toBe(true);
    const { release: _, ...withoutRelease } = copy;
    expect(validateReleased(withoutRelease)).toBe(false);
    expect(validateMessage(copy)).toBe(false);
  });
});
