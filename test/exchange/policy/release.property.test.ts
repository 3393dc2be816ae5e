import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { geodesicDirect, geodesicInverse } from '../../../src/earth/geodesic.js';
import { BODY_FIELDS, MESSAGE_TYPES, type MessageType } from '../../../src/exchange/messages/bodies.js';
import { canonicalJson } from '../../../src/exchange/messages/canonical.js';
import type { Area, Position } from '../../../src/exchange/messages/geometry.js';
import type { Message } from '../../../src/exchange/messages/message.js';
import { NAMED_AREA_IDS, namedArea } from '../../../src/exchange/messages/named-areas.js';
import { parseReleasedMessage } from '../../../src/exchange/messages/parse.js';
import {
  type AreaPrecision,
  parseReleasePolicy,
  type ReleasePolicy,
} from '../../../src/exchange/policy/policy.js';
import { FIELD_TREATMENT, release } from '../../../src/exchange/policy/release.js';
import { launchEvent, message, preLaunch } from '../messages/arbitraries.js';

/**
 * Property test of `release` over random messages of every type and random policies of every kind
 * (exact, grid, circle, named areas; any time, azimuth and reach cells; delays; thresholds; type,
 * field and status allow-lists; references known or not). For each pair it checks:
 * - the decision: withheld exactly when the type or status is not allowed, the launch does not
 *   exceed the threshold, a follow-up's subject is unknown to the partner, or the delay has not
 *   passed, with that reason; released otherwise;
 * - determinism: the same inputs give the same copy, byte for byte, and the copy does not depend
 *   on the release time;
 * - the allow-list: only listed body fields and known references remain;
 * - never finer than the policy, with the truth inside: grid boxes have every vertex on the grid
 *   and contain the true area; circles have at least the policy radius and contain the true area;
 *   named areas are allowed ones and contain the true area; times, azimuths and reaches lie on
 *   their cells and the truth in the cell.
 * The truth is sampled independently of the code's bounds: circle rims from GeographicLib's direct
 * problem, polygon and box edges and interior points. Tolerances: 1e-9 deg for positions against
 * boxes and grids (relative for grid membership), 1 mm for distances (GeographicLib round-off),
 * exact for times (integer milliseconds).
 */

const RUNS = Number(process.env['SHIELDLAB_PROPERTY_RUNS'] ?? 400);
const DEG_TOL = 1e-9;
const DIST_TOL = 1e-3;

const logUniform = (lo: number, hi: number) =>
  fc.double({ min: lo, max: hi, noNaN: true }).map((x) => 10 ** x);

const areaPrecision: fc.Arbitrary<AreaPrecision> = fc.oneof(
  fc.constant({ kind: 'exact' as const }),
  fc
    .constantFrom(0.1, 0.25, 0.5, 1, 2.5, 3, 5, 9, 10, 15, 30, 45, 90)
    .map((degrees) => ({ kind: 'grid' as const, degrees })),
  logUniform(0, 6.5).map((r) => ({ kind: 'circle' as const, radius: Math.max(1, r) })),
  fc
    .option(fc.subarray([...NAMED_AREA_IDS], { minLength: 1 }), { nil: undefined })
    .map((areas) => (areas ? { kind: 'named' as const, areas } : { kind: 'named' as const })),
);

const policyArbitrary: fc.Arbitrary<ReleasePolicy> = fc
  .record({
    // Biased toward releasing, so most runs reach the coarsening checks.
    statuses: fc.oneof(
      { weight: 3, arbitrary: fc.constant(['actual', 'exercise', 'test'] as const) },
      fc.subarray(['actual', 'exercise', 'test'] as const, { minLength: 1 }),
    ),
    types: fc.tuple(
      ...MESSAGE_TYPES.map((t) =>
        fc
          .option(
            fc.oneof(
              { weight: 2, arbitrary: fc.constant([...BODY_FIELDS[t]]) },
              fc.subarray([...BODY_FIELDS[t]]),
            ),
            { nil: undefined, freq: 10 },
          )
          .map((f) => [t, f] as const),
      ),
    ),
    area: areaPrecision,
    time: fc.oneof(fc.integer({ min: 1, max: 86_400 }), fc.constantFrom(1, 60, 3600)),
    azimuth: fc.oneof(fc.double({ min: 0.01, max: 360, noNaN: true }), fc.constantFrom(1, 10, 45, 90)),
    reach: logUniform(0, 6),
    delay: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 86_400 })),
    threshold: fc.option(
      fc.record({
        range: fc.double({ min: 0, max: 1e6, noNaN: true }),
        apogee: fc.double({ min: 0, max: 1e6, noNaN: true }),
      }),
      { nil: undefined },
    ),
  })
  .map((p) => {
    const types: Partial<Record<MessageType, string[]>> = {};
    for (const [t, fields] of p.types) if (fields) types[t] = [...fields];
    const parsed = parseReleasePolicy({
      id: 'policy.1',
      partner: 'partner',
      statuses: p.statuses,
      types,
      precision: { area: p.area, time: p.time, azimuth: p.azimuth, reach: p.reach },
      delay: p.delay,
      ...(p.threshold ? { threshold: p.threshold } : {}),
    });
    if (!parsed.ok) throw new Error(parsed.errors.map((e) => e.message).join('\n'));
    return parsed.value;
  });

/** Points of the true area: vertices, edges, rims and interior points. */
function truthSamples(area: Area): Position[] {
  if (area.kind === 'circle') {
    const { lat, lon } = area.centre;
    const points: Position[] = [area.centre];
    for (let i = 0; i < 64; i++)
      for (const f of [0.5, 1]) {
        const p = geodesicDirect(lat, lon, (360 * i) / 64, f * area.radius);
        points.push({ lat: p.lat, lon: p.lon });
      }
    return points;
  }
  const ring =
    area.kind === 'polygon'
      ? area.ring
      : (() => {
          const n = namedArea(area.id)!;
          return [
            { lat: n.south, lon: n.west },
            { lat: n.south, lon: n.east },
            { lat: n.north, lon: n.east },
            { lat: n.north, lon: n.west },
            { lat: n.south, lon: n.west },
          ];
        })();
  const points: Position[] = [];
  for (let i = 0; i + 1 < ring.length; i++) {
    const p = ring[i]!;
    const q = ring[i + 1]!;
    for (let k = 0; k < 16; k++) {
      const t = k / 16;
      points.push({ lat: p.lat + t * (q.lat - p.lat), lon: p.lon + t * (q.lon - p.lon) });
    }
  }
  // Interior points: a 6 x 6 lattice over the vertex box, kept when inside (even-odd rule).
  const lats = ring.map((p) => p.lat);
  const lons = ring.map((p) => p.lon);
  const [s, n, w, e] = [Math.min(...lats), Math.max(...lats), Math.min(...lons), Math.max(...lons)];
  for (let i = 1; i < 6; i++)
    for (let j = 1; j < 6; j++) {
      const pt = { lat: s + ((n - s) * i) / 6, lon: w + ((e - w) * j) / 6 };
      if (inside(pt, ring)) points.push(pt);
    }
  return points;
}

function inside(pt: Position, ring: readonly Position[]): boolean {
  let odd = false;
  for (let i = 0, j = ring.length - 2; i < ring.length - 1; j = i++) {
    const a = ring[i]!;
    const b = ring[j]!;
    if (
      a.lat > pt.lat !== b.lat > pt.lat &&
      pt.lon < ((b.lon - a.lon) * (pt.lat - a.lat)) / (b.lat - a.lat) + a.lon
    )
      odd = !odd;
  }
  return odd;
}

function onGrid(value: number, step: number): boolean {
  const k = value / step;
  return Math.abs(k - Math.round(k)) <= 1e-9 * Math.max(1, Math.abs(k));
}

function expectInBox(
  points: readonly Position[],
  box: { south: number; north: number; west: number; east: number },
) {
  for (const p of points) {
    expect(p.lat).toBeGreaterThanOrEqual(box.south - DEG_TOL);
    expect(p.lat).toBeLessThanOrEqual(box.north + DEG_TOL);
    expect(p.lon).toBeGreaterThanOrEqual(box.west - DEG_TOL);
    expect(p.lon).toBeLessThanOrEqual(box.east + DEG_TOL);
  }
}

/** The coarsened area is no finer than the precision and contains the true one. */
function checkArea(truth: Area, out: Area, precision: AreaPrecision): void {
  switch (precision.kind) {
    case 'exact':
      expect(out).toEqual(truth);
      return;
    case 'grid': {
      expect(out.kind).toBe('polygon');
      if (out.kind !== 'polygon') return;
      const [a, b, c, d, e] = out.ring;
      expect(out.ring).toHaveLength(5);
      // A rectangle of whole cells: (s,w) (s,e) (n,e) (n,w) (s,w).
      expect(a!.lat).toBe(b!.lat);
      expect(c!.lat).toBe(d!.lat);
      expect(b!.lon).toBe(c!.lon);
      expect(d!.lon).toBe(a!.lon);
      expect(e).toEqual(a);
      const box = { south: a!.lat, north: c!.lat, west: a!.lon, east: b!.lon };
      expect(box.north).toBeGreaterThan(box.south);
      expect(box.east).toBeGreaterThan(box.west);
      for (const v of [box.south, box.north, box.west, box.east])
        expect(onGrid(v, precision.degrees), `${v}`).toBe(true);
      expectInBox(truthSamples(truth), box);
      return;
    }
    case 'circle': {
      expect(out.kind).toBe('circle');
      if (out.kind !== 'circle') return;
      expect(out.radius).toBeGreaterThanOrEqual(precision.radius);
      for (const p of truthSamples(truth)) {
        const d = geodesicInverse(out.centre.lat, out.centre.lon, p.lat, p.lon).distance;
        expect(d).toBeLessThanOrEqual(out.radius + DIST_TOL);
      }
      return;
    }
    case 'named': {
      expect(out.kind).toBe('named');
      if (out.kind !== 'named') return;
      expect(precision.areas ?? NAMED_AREA_IDS).toContain(out.id);
      expectInBox(truthSamples(truth), namedArea(out.id)!);
      return;
    }
  }
}

/** Why the message must be withheld, by the rules stated independently of the code; undefined to release. */
function expectedWithhold(
  m: Message,
  p: ReleasePolicy,
  now: number,
  known: (id: string) => boolean,
): string | undefined {
  if (!p.types[m.type]) return 'type-not-allowed';
  if (!p.statuses.includes(m.status)) return 'status-not-allowed';
  const body = m.body as Record<string, unknown>;
  const reach = body['reach'] as { range?: number; apogee?: number } | undefined;
  if (reach && !((reach.range ?? -1) > p.threshold.range || (reach.apogee ?? -1) > p.threshold.apogee))
    return 'below-threshold';
  const subject =
    m.type === 'window-extension' || m.type === 'cancellation'
      ? (body['notification'] as string)
      : m.type === 'receipt' || m.type === 'acknowledgement'
        ? (body['message'] as string)
        : undefined;
  if (subject !== undefined && !known(subject)) return 'unknown-reference';
  const event = m.type === 'launch-event' ? m.body.launchTime : m.sent;
  if (now < Date.parse(event) + p.delay * 1000) return 'delayed';
  return undefined;
}

function checkTimeFloor(out: string, truth: string, seconds: number): void {
  const o = Date.parse(out);
  const t = Date.parse(truth);
  expect(o % (seconds * 1000)).toBe(0);
  expect(o).toBeLessThanOrEqual(t);
  expect(t).toBeLessThan(o + seconds * 1000);
}

function checkTimeCeil(out: string, truth: string, seconds: number): void {
  const o = Date.parse(out);
  const t = Date.parse(truth);
  expect(o % (seconds * 1000)).toBe(0);
  expect(o).toBeGreaterThanOrEqual(t);
  expect(o).toBeLessThan(t + seconds * 1000);
}

const case_ = fc.record({
  message,
  policy: policyArbitrary,
  /** Release time relative to the moment the delay ends (ms); after it in most runs. */
  offset: fc.oneof(
    { weight: 4, arbitrary: fc.integer({ min: 0, max: 3_600_000 }) },
    fc.integer({ min: -3_600_000, max: -1 }),
    fc.constantFrom(-1, 0, 1),
  ),
  knownBits: fc.oneof({ weight: 2, arbitrary: fc.constant(15) }, fc.integer({ min: 0, max: 15 })),
});

/** Release one message under one policy and check every rule on the result. */
function checkRelease(m: Message, p: ReleasePolicy, offset: number, knownBits: number): void {
  const knownIds = new Set(m.references.filter((_, i) => (knownBits >> i) & 1));
  const known = (id: string) => knownIds.has(id);
  const event = m.type === 'launch-event' ? m.body.launchTime : m.sent;
  const now = Date.parse(event) + p.delay * 1000 + offset;

  const result = release(m, p, now, known);
  const expected = expectedWithhold(m, p, now, known);
  if (expected !== undefined) {
    expect(result).toMatchObject({ released: false, code: expected });
    return;
  }
  if (!result.released) throw new Error(`withheld unexpectedly: ${result.reason}`);
  const out = result.message;

  // Deterministic, and independent of the release time once releasable.
  const again = release(structuredClone(m), structuredClone(p), now + 86_400_000, known);
  expect(again).toEqual(result);
  if (again.released) expect(canonicalJson(again.message)).toBe(canonicalJson(out));

  // A valid released message with the original's identity.
  const parsed = parseReleasedMessage(JSON.parse(JSON.stringify(out)));
  if (!parsed.ok) throw new Error(parsed.errors.map((e) => e.message).join('\n'));
  expect(Object.keys(out).sort()).toEqual([
    'body',
    'id',
    'references',
    'release',
    'schemaVersion',
    'sender',
    'sent',
    'sequence',
    'status',
    'type',
  ]);
  expect([out.id, out.sender, out.sequence, out.status, out.type, out.schemaVersion]).toEqual([
    m.id,
    m.sender,
    m.sequence,
    m.status,
    m.type,
    m.schemaVersion,
  ]);
  expect(out.release).toEqual({ recipient: 'partner', policy: 'policy.1' });
  expect(out.references).toEqual(m.references.filter(known));
  checkTimeFloor(out.sent, m.sent, p.precision.time);

  // Only allow-listed fields, each coarsened to the policy.
  const allowed = p.types[m.type]!;
  const body = m.body as Record<string, unknown>;
  const outBody = out.body as Record<string, unknown>;
  for (const field of Object.keys(outBody)) expect(allowed).toContain(field);
  for (const field of allowed) {
    const truth = body[field];
    const got = outBody[field];
    if (truth === undefined) {
      expect(got).toBeUndefined();
      continue;
    }
    const treatment = FIELD_TREATMENT[m.type][field];
    if (got === undefined) {
      // Only an area no allowed name can hold, or a link to an unknown message, is dropped.
      if (treatment === 'reference') expect(known(truth as string)).toBe(false);
      else {
        expect(['area', 'areas']).toContain(treatment);
        expect(p.precision.area.kind).toBe('named');
      }
      continue;
    }
    switch (treatment) {
      case 'area':
        checkArea(truth as Area, got as Area, p.precision.area);
        break;
      case 'areas':
        expect((got as Area[]).length).toBe((truth as Area[]).length);
        for (const [i, a] of (truth as Area[]).entries()) checkArea(a, (got as Area[])[i]!, p.precision.area);
        break;
      case 'instant':
        checkTimeFloor(got as string, truth as string, p.precision.time);
        break;
      case 'window': {
        const t = truth as { start: string; end: string };
        const g = got as { start: string; end: string };
        checkTimeFloor(g.start, t.start, p.precision.time);
        checkTimeCeil(g.end, t.end, p.precision.time);
        break;
      }
      case 'window-end':
        checkTimeCeil(got as string, truth as string, p.precision.time);
        break;
      case 'azimuth': {
        const a = got as number;
        const P = p.precision.azimuth;
        expect(onGrid(a, P)).toBe(true);
        expect(a).toBeGreaterThanOrEqual(0);
        expect(a).toBeLessThan(360);
        expect(a).toBeLessThanOrEqual((truth as number) + DEG_TOL);
        expect(truth as number).toBeLessThan(a + P + DEG_TOL);
        break;
      }
      case 'reach': {
        const t = truth as { range?: number; apogee?: number };
        const g = got as { range?: number; apogee?: number };
        expect(Object.keys(g).sort()).toEqual(Object.keys(t).sort());
        for (const k of ['range', 'apogee'] as const) {
          if (t[k] === undefined) continue;
          const v = g[k]!;
          expect(onGrid(v, p.precision.reach)).toBe(true);
          expect(v).toBeGreaterThanOrEqual(t[k]!);
          expect(v).toBeLessThan(t[k]! + p.precision.reach);
        }
        break;
      }
      default:
        expect(got).toEqual(truth);
    }
  }
}

describe('release (property)', () => {
  it(`withholds, keeps only allow-listed fields, is deterministic and never finer than the policy (${RUNS} runs)`, () => {
    fc.assert(
      fc.property(case_, ({ message: m, policy: p, offset, knownBits }) =>
        checkRelease(m, p, offset, knownBits),
      ),
      { numRuns: RUNS },
    );
  });

  it(`coarsens every area, time, azimuth and reach of releasable launch notifications (${RUNS} runs)`, () => {
    // Every field allowed, every status, no threshold, all references known, after the delay:
    // each run releases a pre-launch notification or a launch event and checks all its fields.
    const releasable = fc
      .record({
        p: policyArbitrary,
        m: fc.oneof(preLaunch, launchEvent),
        offset: fc.integer({ min: 0, max: 1e7 }),
      })
      .map(({ p, m, offset }) => ({
        m,
        offset,
        p: {
          ...p,
          statuses: ['actual', 'exercise', 'test'],
          types: {
            'pre-launch': [...BODY_FIELDS['pre-launch']],
            'launch-event': [...BODY_FIELDS['launch-event']],
          },
          threshold: { range: 0, apogee: 0 },
        } satisfies ReleasePolicy,
      }));
    fc.assert(
      fc.property(releasable, ({ m, p, offset }) => {
        expect(
          release(
            m,
            p,
            Date.parse(m.type === 'launch-event' ? m.body.launchTime : m.sent) + p.delay * 1000 + offset,
            () => true,
          ).released,
        ).toBe(true);
        checkRelease(m, p, offset, 15);
      }),
      { numRuns: RUNS },
    );
  });

  it('releases and withholds for every reason across the runs (the generators reach every branch)', () => {
    const seen = new Set<string>();
    fc.assert(
      fc.property(case_, ({ message: m, policy: p, offset, knownBits }) => {
        const knownIds = new Set(m.references.filter((_, i) => (knownBits >> i) & 1));
        const event = m.type === 'launch-event' ? m.body.launchTime : m.sent;
        const r = release(m, p, Date.parse(event) + p.delay * 1000 + offset, (id) => knownIds.has(id));
        // A release counts for an area precision only when an area was coarsened under it.
        const areaFields = Object.entries(FIELD_TREATMENT[m.type])
          .filter(([, t]) => t === 'area' || t === 'areas')
          .map(([f]) => f);
        const coarsenedArea = r.released && areaFields.some((f) => f in (r.message.body as object));
        seen.add(r.released ? (coarsenedArea ? `area:${p.precision.area.kind}` : 'released') : r.code);
      }),
      // A fixed seed: which branches a given number of runs reaches must not vary from run to run.
      { numRuns: RUNS, seed: 20070607 },
    );
    expect([...seen].sort()).toEqual(
      [
        'area:circle',
        'area:exact',
        'area:grid',
        'area:named',
        'below-threshold',
        'delayed',
        'released',
        'status-not-allowed',
        'type-not-allowed',
        'unknown-reference',
      ].sort(),
    );
  });
});
