import { z } from 'zod';
import { SHIELDLAB_VERSION } from '../../version.js';
import { exchangeJsonSchemas } from '../messages/json-schema.js';
import { publicKeyRecordSchema } from '../signing/keyring.js';
import { MAX_MESSAGE_LENGTH } from './exchange-service.js';

/**
 * The OpenAPI 3.1 description of the exchange's HTTP API. The message schemas come from the zod
 * schemas that validate messages (messages/json-schema.ts), so the description cannot drift from
 * what the server accepts; `docs/exchange-openapi.json` is this document, and a test keeps it equal.
 */
export function exchangeOpenApi(): Record<string, unknown> {
  const { message, releasedMessage } = exchangeJsonSchemas();
  const keyRecord = z.toJSONSchema(publicKeyRecordSchema, { target: 'draft-2020-12', io: 'input' });
  const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
  const json = (schema: unknown) => ({ 'application/json': { schema } });
  const error = (description: string) => ({ description, content: json(ref('Error')) });
  const auth = [{ bearer: [] }];
  const common4xx = { '401': error('No token, an unknown one, or a revoked partner’s.') };
  const sequence = { type: 'integer', minimum: 0 };
  return {
    openapi: '3.1.0',
    info: {
      title: 'shieldlab early-warning data exchange',
      version: SHIELDLAB_VERSION,
      description:
        'Partners publish signed launch notifications; each partner receives what its release policy grants, on its own ordered stream (Server-Sent Events with resume, or pages). Every message is signed with Ed25519 (JWS compact serialization over the RFC 8785 canonical form).',
      license: { name: 'MIT', identifier: 'MIT' },
    },
    servers: [{ url: 'http://127.0.0.1:8018' }],
    components: {
      securitySchemes: {
        bearer: {
          type: 'http',
          scheme: 'bearer',
          description: 'The partner’s token from `shieldlab exchange partner add`.',
        },
      },
      schemas: {
        ...hoisted('Message', message),
        ...hoisted('ReleasedMessage', releasedMessage),
        SignedMessage: {
          type: 'string',
          pattern: '^[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+$',
          maxLength: MAX_MESSAGE_LENGTH,
          description:
            'A Message signed by its sender: JWS compact serialization (alg Ed25519, typ shieldlab-message+jws, kid) whose payload is the RFC 8785 canonical JSON of the Message.',
          contentMediaType: 'application/jose',
        },
        ...hoisted('PublicKeyRecord', keyRecord as Record<string, unknown>),
        Receipt: {
          type: 'object',
          required: ['outcome', 'messageId', 'sha256', 'receipt'],
          properties: {
            outcome: { enum: ['stored', 'duplicate'] },
            messageId: { type: 'string', format: 'uuid' },
            sha256: {
              type: 'string',
              pattern: '^[0-9a-f]{64}$',
              description: 'SHA-256 of the canonical message.',
            },
            receipt: {
              type: 'string',
              description:
                'A receipt Message signed by the exchange (SignedMessage), sent only after the message was durably stored.',
            },
          },
        },
        StreamEntry: {
          type: 'object',
          required: ['streamSequence', 'messageId', 'type', 'jws'],
          properties: {
            streamSequence: { type: 'integer', minimum: 1 },
            messageId: { type: 'string', format: 'uuid' },
            sender: { type: 'string' },
            sequence: { type: 'integer' },
            type: { type: 'string' },
            receivedAt: { type: 'string', format: 'date-time' },
            jws: {
              type: 'string',
              description: 'The ReleasedMessage for this partner, signed by the exchange.',
            },
          },
        },
        Error: {
          type: 'object',
          required: ['error'],
          properties: {
            error: {
              type: 'object',
              required: ['code', 'message'],
              properties: {
                code: {
                  type: 'string',
                  description: 'Stable reason: malformed, bad-signature, wrong-sender, stale, ...',
                },
                message: {
                  type: 'string',
                  description: 'One line naming the field, the value and the expectation.',
                },
              },
            },
          },
        },
      },
    },
    paths: {
      '/v1/health': {
        get: {
          summary: 'Liveness',
          responses: { '200': { description: 'The exchange is up.', content: json({ type: 'object' }) } },
        },
      },
      '/v1/keys': {
        get: {
          summary: 'Public keys of the exchange and its partners, to verify messages and released copies',
          responses: {
            '200': {
              description: 'Key records.',
              content: json({
                type: 'object',
                properties: { keys: { type: 'array', items: ref('PublicKeyRecord') } },
              }),
            },
          },
        },
      },
      '/v1/openapi.json': {
        get: { summary: 'This document', responses: { '200': { description: 'OpenAPI 3.1.' } } },
      },
      '/v1/me': {
        get: {
          summary: 'The caller: what it may publish, receives, and where its stream stands',
          security: auth,
          responses: {
            '200': { description: 'The caller.', content: json({ type: 'object' }) },
            ...common4xx,
          },
        },
      },
      '/v1/messages': {
        post: {
          summary: 'Publish a signed message',
          security: auth,
          requestBody: { required: true, content: { 'application/jose': { schema: ref('SignedMessage') } } },
          responses: {
            '201': {
              description: 'Stored durably; the receipt follows the commit.',
              content: json(ref('Receipt')),
            },
            '200': {
              description:
                'A duplicate of a stored message (same id and content): absorbed, its receipt again.',
              content: json(ref('Receipt')),
            },
            '400': error(
              'Not a compact JWS, a payload that is not canonical JSON, or not a valid published message.',
            ),
            ...common4xx,
            '403': error(
              'The sender is not the caller, the caller may not publish this type, or the key is unknown, revoked, expired or does not verify.',
            ),
            '409': error('The id is stored with other content, or the sequence does not increase.'),
            '413': error('Larger than the limit.'),
            '415': error('Not application/jose.'),
            '422': error('A live message sent too long ago (stale) or too far ahead.'),
          },
        },
      },
      '/v1/stream': {
        get: {
          summary: 'The caller’s stream, live (Server-Sent Events)',
          description:
            'Events `message` (id = stream sequence, data = StreamEntry) and `heartbeat` (data = {time, head, interval}). Resumes after Last-Event-ID, or `after`, or by default after the last acknowledgement.',
          security: auth,
          parameters: [
            { name: 'after', in: 'query', schema: sequence },
            { name: 'Last-Event-ID', in: 'header', schema: { type: 'string' } },
          ],
          responses: {
            '200': {
              description: 'An event stream.',
              content: { 'text/event-stream': { schema: { type: 'string' } } },
            },
            ...common4xx,
          },
        },
      },
      '/v1/stream/messages': {
        get: {
          summary: 'A page of the caller’s stream',
          security: auth,
          parameters: [
            { name: 'after', in: 'query', schema: sequence },
            { name: 'limit', in: 'query', schema: { type: 'integer', minimum: 1, maximum: MAX_PAGE_DOC } },
          ],
          responses: {
            '200': {
              description: 'Entries after `after`.',
              content: json({
                type: 'object',
                properties: {
                  entries: { type: 'array', items: ref('StreamEntry') },
                  head: sequence,
                  acknowledged: sequence,
                },
              }),
            },
            '400': error('A bad parameter.'),
            ...common4xx,
          },
        },
      },
      '/v1/stream/ack': {
        post: {
          summary: 'Acknowledge the stream through a sequence',
          security: auth,
          requestBody: {
            required: true,
            content: json({ type: 'object', required: ['through'], properties: { through: sequence } }),
          },
          responses: {
            '200': {
              description: 'The last acknowledged sequence (acknowledgements are monotone).',
              content: json({ type: 'object', properties: { acknowledged: sequence } }),
            },
            '400': error('Not an integer.'),
            ...common4xx,
            '422': error('Beyond the stream head.'),
          },
        },
      },
      '/v1/escalations': {
        get: {
          summary: 'Launch events the caller published that a recipient left unacknowledged',
          security: auth,
          responses: {
            '200': { description: 'Escalations.', content: json({ type: 'object' }) },
            ...common4xx,
          },
        },
      },
      '/v1/public/atom.xml': {
        get: {
          summary: 'Atom feed of public hazard notices',
          responses: {
            '200': {
              description: 'Atom 1.0.',
              content: { 'application/atom+xml': { schema: { type: 'string' } } },
            },
          },
        },
      },
      '/v1/public/cap/{file}': {
        get: {
          summary: 'One public hazard notice as a CAP 1.2 alert',
          parameters: [
            {
              name: 'file',
              in: 'path',
              required: true,
              schema: {
                type: 'string',
                pattern: '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\\.xml$',
              },
            },
          ],
          responses: {
            '200': {
              description: 'CAP 1.2.',
              content: { 'application/cap+xml': { schema: { type: 'string' } } },
            },
            '404': error('Not a public hazard notice.'),
          },
        },
      },
    },
  };
}

const MAX_PAGE_DOC = 1000;

/**
 * A generated schema as components: its `$defs` become components of their own (`Message_def0`...)
 * and its `#/$defs/...` references point to them, since in an OpenAPI document `#` is the document,
 * not the schema. The `$schema` member goes: OpenAPI 3.1 sets the dialect.
 */
function hoisted(name: string, schema: Record<string, unknown>): Record<string, unknown> {
  const {
    $schema: _dialect,
    $defs,
    ...root
  } = schema as { $schema?: unknown; $defs?: Record<string, unknown> };
  const rename = (key: string) => `${name}_${key.replace(/^__schema/, 'def')}`;
  const rewrite = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(rewrite);
    if (value === null || typeof value !== 'object') return value;
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) =>
        k === '$ref' && typeof v === 'string' && v.startsWith('#/$defs/')
          ? [k, `#/components/schemas/${rename(v.slice('#/$defs/'.length))}`]
          : [k, rewrite(v)],
      ),
    );
  };
  const out: Record<string, unknown> = { [name]: rewrite(root) };
  for (const [key, def] of Object.entries($defs ?? {})) out[rename(key)] = rewrite(def);
  return out;
}
