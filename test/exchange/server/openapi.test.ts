import { readFileSync } from 'node:fs';
import Ajv2020 from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { buildExchangeApp } from '../../../src/exchange/server/exchange-app.js';
import { openExchange } from '../../../src/exchange/server/exchange-directory.js';
import { ExchangeService } from '../../../src/exchange/server/exchange-service.js';
import { exchangeOpenApi } from '../../../src/exchange/server/openapi.js';
import { SqliteExchangeState } from '../../../src/exchange/server/sqlite-exchange-state.js';
import { launchEvent } from '../messages/fixtures.js';
import { createTestExchange } from './exchange-harness.js';

/**
 * The OpenAPI description: the committed file is what the code generates, every route the server
 * answers is described (and nothing else), and the message schemas in it accept a valid message
 * and refuse a broken one, so the document describes what the server accepts.
 */
describe('exchange OpenAPI description', () => {
  const doc = exchangeOpenApi() as {
    openapi: string;
    paths: Record<string, Record<string, unknown>>;
    components: { schemas: Record<string, unknown> };
  };

  it('is the committed docs/exchange-openapi.json (regenerate: shieldlab exchange openapi)', () => {
    expect(JSON.parse(readFileSync('docs/exchange-openapi.json', 'utf8'))).toEqual(doc);
    expect(doc.openapi).toBe('3.1.0');
  });

  it('describes exactly the routes the server answers', async () => {
    const exchange = await createTestExchange([]);
    const open = await openExchange(exchange.dir);
    try {
      const { app, routes } = buildExchangeApp(new ExchangeService(new SqliteExchangeState(open)), {
        heartbeatInterval: 10,
      });
      await app.ready();
      const described = Object.entries(doc.paths).flatMap(([path, ops]) =>
        Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`),
      );
      expect(new Set(routes)).toEqual(new Set(described));
      expect(routes).toHaveLength(described.length);
      await app.close();
    } finally {
      open.close();
      exchange.dispose();
    }
  });

  it('has message schemas that accept a valid message and refuse a broken one', () => {
    const ajv = new Ajv2020.default({ strict: false, allErrors: true, validateFormats: false });
    ajv.addSchema(doc as object, 'openapi');
    const validate = ajv.getSchema('openapi#/components/schemas/Message')!;
    expect(validate(launchEvent), JSON.stringify(validate.errors)).toBe(true);
    expect(validate({ ...launchEvent, body: { ...launchEvent.body, azimuth: 400 } })).toBe(false);
    expect(validate({ ...launchEvent, type: 'launch' })).toBe(false);
  });
});
