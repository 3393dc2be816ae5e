import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseMessage } from '../../../src/exchange/messages/parse.js';
import { parseReleasePolicy } from '../../../src/exchange/policy/policy.js';
import { parseSourceDocument } from '../../../src/scenario/source-document.js';

/** The example files the README points to are valid as they stand. */
const read = (file: string) => parseSourceDocument(file, readFileSync(file, 'utf8')).data;

describe('examples/exchange', () => {
  it.each(['ru-policy.yaml', 'public-policy.yaml'])('%s is a valid release policy', (name) => {
    const parsed = parseReleasePolicy(read(`examples/exchange/${name}`), name);
    expect(parsed.ok ? [] : parsed.errors.map((e) => e.message)).toEqual([]);
  });

  it('launch-event.yaml is a valid message once publish fills in the envelope', () => {
    const data = read('examples/exchange/launch-event.yaml') as Record<string, unknown>;
    const parsed = parseMessage({
      schemaVersion: 1,
      id: '00000000-0000-4000-8000-000000000001',
      sender: 'us',
      sequence: 1,
      sent: '2026-11-26T21:05:00.000Z',
      status: 'exercise',
      references: [],
      ...data,
    });
    expect(parsed.ok ? [] : parsed.errors.map((e) => e.message)).toEqual([]);
  });
});
