import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { capAlert } from '../../../src/exchange/exports/cap-alert.js';
import { HAZARD_TYPES, isHazardNotice } from '../../../src/exchange/exports/hazard-notice.js';
import { BODY_FIELDS } from '../../../src/exchange/messages/bodies.js';
import type { AnyMessage, Message } from '../../../src/exchange/messages/message.js';
import { parseReleasePolicy, type ReleasePolicy } from '../../../src/exchange/policy/policy.js';
import { release } from '../../../src/exchange/policy/release.js';
import { message, preLaunch } from '../messages/arbitraries.js';
import { CAP_UTC_TIME, capSchemaErrors, capTimes, type Document, type Node, parseXml } from './cap-schema.js';

/**
 * Random messages of every type, every kind of area and every status, published or released under a
 * random coarse policy, with a random pre-launch notification as the earlier message any reference
 * resolves to: every hazard notice gives an alert the OASIS schema accepts, with CAP times, closed
 * polygons of at least 4 latitude,longitude pairs and circles in kilometres; every other type none.
 * The alerts are collected during the run and validated by one xmllint run.
 */

const RUNS = 300;

const policy: fc.Arbitrary<ReleasePolicy> = fc
  .record({
    area: fc.oneof(
      fc.constant({ kind: 'exact' as const }),
      fc.constantFrom(0.5, 1, 5, 10, 30).map((degrees) => ({ kind: 'grid' as const, degrees })),
      fc.integer({ min: 1_000, max: 2_000_000 }).map((radius) => ({ kind: 'circle' as const, radius })),
      fc.constant({ kind: 'named' as const }),
    ),
    time: fc.integer({ min: 1, max: 86_400 }),
    fields: fc.record(
      Object.fromEntries(HAZARD_TYPES.map((t) => [t, fc.subarray([...BODY_FIELDS[t]])])) as {
        [T in (typeof HAZARD_TYPES)[number]]: fc.Arbitrary<string[]>;
      },
    ),
  })
  .map(({ area, time, fields }) => {
    const parsed = parseReleasePolicy({
      id: 'public.1',
      partner: 'public',
      statuses: ['actual', 'exercise', 'test'],
      types: fields,
      precision: { area, time, azimuth: 10, reach: 100_000 },
      // Release everything, so the threshold does not thin the sample.
      threshold: { range: 0, apogee: 0 },
    });
    if (!parsed.ok) throw new Error(parsed.errors.map((e) => e.message).join('\n'));
    return parsed.value;
  });

const LATER = Date.parse('2031-01-01T00:00:00.000Z');

const NUMBER = /^-?\d+(\.\d+)?$/;

/** "lat,lon lat,lon ..." as numbers, each written in plain decimals (no exponent, NaN or Infinity). */
function pairs(text: string): number[][] {
  return text
    .trim()
    .split(/\s+/)
    .map((p) => {
      const parts = p.split(',');
      expect(parts).toHaveLength(2);
      for (const x of parts) expect(x).toMatch(NUMBER);
      return parts.map(Number);
    });
}

/** The checks that need no schema: times, polygons, circles. */
function checkShape(xml: string): void {
  for (const t of capTimes(xml)) expect(t).toMatch(CAP_UTC_TIME);
  const info: Node = parseXml(xml).alert.info?.[0];
  expect(info.headline.length).toBeLessThanOrEqual(160);
  for (const area of info?.area ?? []) {
    for (const polygon of area.polygon ?? []) {
      const ring = pairs(polygon);
      expect(ring.length).toBeGreaterThanOrEqual(4);
      expect(ring[0]).toEqual(ring[ring.length - 1]);
      for (const [lat, lon] of ring) {
        expect(Math.abs(lat!)).toBeLessThanOrEqual(90);
        expect(Math.abs(lon!)).toBeLessThanOrEqual(180);
      }
    }
    for (const circle of area.circle ?? []) {
      expect(circle).toMatch(/^-?\d+(\.\d+)?,-?\d+(\.\d+)? \d+(\.\d+)?$/);
      const [lat, lon] = pairs(circle.split(' ')[0])[0]!;
      expect(Math.abs(lat!)).toBeLessThanOrEqual(90);
      expect(Math.abs(lon!)).toBeLessThanOrEqual(180);
    }
  }
  for (const parameter of info?.parameter ?? [])
    if (/Metres$|Degrees$/.test(parameter.valueName)) expect(parameter.value).toMatch(NUMBER);
  expect(xml).not.toMatch(/NaN|Infinity|undefined|null/);
}

describe('CAP 1.2 alert, property', () => {
  it(`is valid for ${RUNS} random messages, published and released, with references resolved`, async () => {
    const documents: Document[] = [];
    fc.assert(
      fc.property(message, preLaunch, fc.option(policy, { nil: undefined }), (m, earlier, p) => {
        let subject: AnyMessage = m;
        if (p !== undefined) {
          const result = release(m, p, LATER, () => true);
          if (!result.released) return;
          subject = result.message;
        }
        // Any referenced id resolves to the random notification, renamed to that id.
        const referenced = (id: string): AnyMessage => ({ ...(earlier as Message), id });
        const xml = capAlert(subject, { exchange: 'exchange', referenced });
        expect(xml === undefined).toBe(!isHazardNotice(subject));
        if (xml === undefined) return;
        checkShape(xml);
        documents.push({ name: `alert-${documents.length}`, xml });
      }),
      { numRuns: RUNS },
    );
    expect(documents.length).toBeGreaterThan(RUNS / 4);
    const errors = await capSchemaErrors(documents);
    const first = errors[0]?.split(':')[0];
    expect(errors, first ? documents.find((d) => `${d.name}.xml` === first)?.xml : '').toEqual([]);
  });
});
