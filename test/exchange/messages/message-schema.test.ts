import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../../src/core/errors.js';
import { BODY_FIELDS, MESSAGE_TYPES } from '../../../src/exchange/messages/bodies.js';
import type { Message } from '../../../src/exchange/messages/message.js';
import { parseAnyMessage, parseMessage, parseReleasedMessage } from '../../../src/exchange/messages/parse.js';
import { message } from './arbitraries.js';
import {
  ALL_EXAMPLES,
  cancellation,
  edited,
  errorMessage,
  extension,
  IDS,
  launchEvent,
  preLaunch,
} from './fixtures.js';

/** The single error of a rejected parse (fails the test when there are none or several). */
function onlyError(data: unknown): InputError {
  const parsed = parseMessage(data);
  if (parsed.ok) throw new Error('expected the message to be rejected');
  expect(parsed.errors.map((e) => e.path)).toHaveLength(1);
  return parsed.errors[0]!;
}

describe('message schema', () => {
  it('accepts one example of every type and round-trips it through JSON unchanged', () => {
    expect(ALL_EXAMPLES.map((m) => m.type).sort()).toEqual([...MESSAGE_TYPES].sort());
    for (const m of ALL_EXAMPLES) {
      const parsed = parseMessage(JSON.parse(JSON.stringify(m)));
      expect(parsed.ok, m.type).toBe(true);
      if (parsed.ok) expect(parsed.value).toEqual(m);
    }
  });

  it('round-trips random valid messages of every type (property, 300 runs)', () => {
    fc.assert(
      fc.property(message, (m) => {
        const parsed = parseMessage(JSON.parse(JSON.stringify(m)));
        if (!parsed.ok) throw new Error(parsed.errors.map((e) => e.message).join('\n'));
        expect(parsed.value).toEqual(m);
      }),
      { numRuns: 300 },
    );
  });

  it('names the field path, the value and the expectation of each problem', () => {
    const cases: Array<[string, (m: Message) => void, string, unknown, RegExp]> = [
      ['sequence 0', (m) => ((m as { sequence: number }).sequence = 0), 'sequence', 0, /integer >= 1/],
      [
        'sent without ms',
        (m) => ((m as { sent: string }).sent = '2007-06-06T09:00:00Z'),
        'sent',
        '2007-06-06T09:00:00Z',
        /milliseconds/,
      ],
      [
        'sent with an offset',
        (m) => ((m as { sent: string }).sent = '2007-06-06T09:00:00.000+03:00'),
        'sent',
        '2007-06-06T09:00:00.000+03:00',
        /UTC/,
      ],
      [
        'sent on 30 February',
        (m) => ((m as { sent: string }).sent = '2007-02-30T09:00:00.000Z'),
        'sent',
        '2007-02-30T09:00:00.000Z',
        /UTC/,
      ],
      [
        'upper-case id',
        (m) => ((m as { id: string }).id = IDS.preLaunch.toUpperCase()),
        'id',
        IDS.preLaunch.toUpperCase(),
        /lower-case UUID/,
      ],
      [
        'unknown status',
        (m) => ((m as { status: string }).status = 'real'),
        'status',
        'real',
        /actual, exercise or test/,
      ],
      [
        'unknown type',
        (m) => ((m as { type: string }).type = 'launch'),
        'type',
        'launch',
        /pre-launch, window-extension/,
      ],
      [
        'unknown envelope field',
        (m) => Object.assign(m, { priority: 1 }),
        'priority',
        1,
        /no field "priority"/,
      ],
      [
        'schema version 2',
        (m) => ((m as { schemaVersion: number }).schemaVersion = 2),
        'schemaVersion',
        2,
        /schema version 1/,
      ],
      ['bad partner id', (m) => ((m as { sender: string }).sender = 'US'), 'sender', 'US', /partner id/],
      [
        'negative radius',
        (m) => ((m.body as { launchArea: { radius: number } }).launchArea.radius = -5),
        'body.launchArea.radius',
        -5,
        /radius > 0/,
      ],
      [
        'latitude 91',
        (m) => ((m.body as { launchArea: { centre: { lat: number } } }).launchArea.centre.lat = 91),
        'body.launchArea.centre.lat',
        91,
        /latitude in \[-90, 90\]/,
      ],
      [
        'open ring',
        (m) => (m.body as { impactAreas: { ring: unknown[] }[] }).impactAreas[0]!.ring.pop(),
        'body.impactAreas[0].ring',
        undefined,
        /not closed/,
      ],
      [
        'ring of 3 positions',
        (m) => (m.body as { impactAreas: { ring: unknown[] }[] }).impactAreas[0]!.ring.splice(1, 2),
        'body.impactAreas[0].ring',
        undefined,
        /4 to 1000 positions/,
      ],
      [
        'collinear ring',
        (m) =>
          ((m.body as { impactAreas: unknown[] }).impactAreas[0] = {
            kind: 'polygon',
            ring: [
              { lat: 0, lon: 0 },
              { lat: 1, lon: 1 },
              { lat: 2, lon: 2 },
              { lat: 0, lon: 0 },
            ],
          }),
        'body.impactAreas[0].ring',
        undefined,
        /one line/,
      ],
      [
        'unknown named area',
        (m) => ((m.body as { launchArea: unknown }).launchArea = { kind: 'named', id: 'atlantis' }),
        'body.launchArea.id',
        'atlantis',
        /named area id/,
      ],
      [
        'window ending at its start',
        (m) => {
          const w = (m.body as { launchWindow: { start: string; end: string } }).launchWindow;
          w.end = w.start;
        },
        'body.launchWindow.end',
        '2007-06-07T06:00:00.000Z',
        /end is after its start/,
      ],
      [
        'no direction',
        (m) => {
          delete (m.body as { plannedAzimuth?: number }).plannedAzimuth;
          delete (m.body as { impactAreas?: unknown }).impactAreas;
        },
        'body.plannedAzimuth',
        undefined,
        /planned azimuth .* or impact areas/,
      ],
      [
        'azimuth 360',
        (m) => ((m.body as { plannedAzimuth: number }).plannedAzimuth = 360),
        'body.plannedAzimuth',
        360,
        /\[0, 360\)/,
      ],
      [
        'empty reach',
        (m) => ((m.body as { reach: object }).reach = {}),
        'body.reach.range',
        undefined,
        /range .* or an apogee/,
      ],
      [
        'duplicate reference',
        (m) => ((m as { references: string[] }).references = [IDS.launchEvent, IDS.launchEvent]),
        'references[1]',
        IDS.launchEvent,
        /at most once/,
      ],
      [
        'self reference',
        (m) => ((m as { references: string[] }).references = [IDS.preLaunch]),
        'references[0]',
        IDS.preLaunch,
        /other than the message/,
      ],
    ];
    for (const [name, edit, path, value, expected] of cases) {
      const e = onlyError(edited(preLaunch, edit));
      expect(e, name).toBeInstanceOf(InputError);
      expect(e.path, name).toBe(path);
      if (value !== undefined) expect(e.value, name).toEqual(value);
      expect(e.expected, name).toMatch(expected);
      expect(e.message, name).toBe(InputError.format(path, e.value, e.expected, 'message'));
    }
  });

  it('requires a missing field by name', () => {
    const e = onlyError(edited(preLaunch, (m) => delete (m as { sender?: string }).sender));
    expect(e.path).toBe('sender');
    expect(e.value).toBeUndefined();
    expect(e.expected).toMatch(/required/);
  });

  it('requires the impact area and time of a launch event except for a space launch vehicle', () => {
    const noImpact = edited(launchEvent, (m) => {
      delete (m.body as { impactArea?: unknown }).impactArea;
      delete (m.body as { impactTime?: unknown }).impactTime;
    });
    const parsed = parseMessage(noImpact);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok)
      expect(parsed.errors.map((e) => e.path).sort()).toEqual(['body.impactArea', 'body.impactTime']);
    const orbital = edited(
      noImpact,
      (m) => ((m.body as { vehicleClass: string }).vehicleClass = 'space-launch-vehicle'),
    );
    expect(parseMessage(orbital).ok).toBe(true);
    const early = edited(
      launchEvent,
      (m) => ((m.body as { impactTime: string }).impactTime = m.body.launchTime),
    );
    expect(onlyError(early).path).toBe('body.impactTime');
  });

  it('requires the references to list the message a follow-up is about', () => {
    for (const m of [extension, cancellation]) {
      const e = onlyError(edited(m, (c) => ((c as { references: string[] }).references = [])));
      expect(e.path).toBe('references');
      expect(e.expected).toContain(`body.notification (${IDS.preLaunch})`);
    }
  });

  it('refuses control characters and lone surrogates in an error reason', () => {
    for (const reason of ['line\nbreak', 'lone \uD800 surrogate', '']) {
      const e = onlyError(edited(errorMessage, (m) => ((m.body as { reason: string }).reason = reason)));
      expect(e.path).toBe('body.reason');
    }
  });

  it('reports every problem at once, and a non-object at the top level', () => {
    const parsed = parseMessage(
      edited(preLaunch, (m) => {
        (m as { sequence: number }).sequence = -1;
        (m as { status: string }).status = 'draft';
      }),
    );
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.errors.map((e) => e.path).sort()).toEqual(['sequence', 'status']);
    const top = parseMessage(42);
    expect(top.ok).toBe(false);
    if (!top.ok) expect(top.errors[0]!.path).toBe('(top level)');
  });

  it('names the source of the data in each error', () => {
    const parsed = parseMessage(
      edited(preLaunch, (m) => ((m as { sequence: number }).sequence = 0)),
      'POST /messages',
    );
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.errors[0]!.message).toMatch(/^POST \/messages: sequence: got 0, expected /);
  });
});

describe('released message schema', () => {
  const releasedCopy = {
    ...launchEvent,
    release: { recipient: 'us', policy: 'ru-to-us.3' },
    body: { launchTime: '2007-06-07T07:10:00.000Z', azimuth: 150 },
  };

  it('accepts a copy without the removed body fields, and only with its release field', () => {
    expect(parseReleasedMessage(releasedCopy).ok).toBe(true);
    expect(parseAnyMessage(releasedCopy).ok).toBe(true);
    const { release: _, ...withoutRelease } = releasedCopy;
    const asPublished = parseAnyMessage(withoutRelease);
    expect(asPublished.ok).toBe(false);
    if (!asPublished.ok) expect(asPublished.errors.map((e) => e.path)).toContain('body.launchArea');
  });

  it('refuses a release field in a published message and unknown body fields in a copy', () => {
    const parsed = parseMessage(releasedCopy);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.errors.map((e) => e.path)).toContain('release');
    const extra = parseReleasedMessage({ ...releasedCopy, body: { ...releasedCopy.body, secret: 1 } });
    expect(extra.ok).toBe(false);
    if (!extra.ok) expect(extra.errors[0]!.path).toBe('body.secret');
  });

  it('lists the body fields of every type for the policies', () => {
    expect(BODY_FIELDS['launch-event']).toEqual([
      'basis',
      'notification',
      'vehicleClass',
      'launchTime',
      'launchArea',
      'azimuth',
      'impactArea',
      'impactTime',
      'reach',
    ]);
    for (const type of MESSAGE_TYPES) expect(BODY_FIELDS[type].length).toBeGreaterThan(0);
  });
});
