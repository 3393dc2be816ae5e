import { describe, expect, it } from 'vitest';
import { type CapAlertOptions, capAlert } from '../../../src/exchange/exports/cap-alert.js';
import { HAZARD_TYPES, isHazardNotice } from '../../../src/exchange/exports/hazard-notice.js';
import { BODY_FIELDS } from '../../../src/exchange/messages/bodies.js';
import type { AnyMessage, Message } from '../../../src/exchange/messages/message.js';
import { namedArea } from '../../../src/exchange/messages/named-areas.js';
import {
  type AreaPrecision,
  parseReleasePolicy,
  type ReleasePolicy,
} from '../../../src/exchange/policy/policy.js';
import { release } from '../../../src/exchange/policy/release.js';
import {
  ALL_EXAMPLES,
  acknowledgement,
  cancellation,
  edited,
  errorMessage,
  extension,
  heartbeat,
  IDS,
  launchEvent,
  preLaunch,
  receipt,
} from '../messages/fixtures.js';
import { CAP_UTC_TIME, capSchemaErrors, capTimes, type Document, type Node, parseXml } from './cap-schema.js';

/**
 * CAP 1.2 alerts of the launch notifications, checked against the OASIS schema and read back: the
 * envelope mapping, references, times written with "-00:00", circles in kilometres, polygons as
 * latitude,longitude pairs, and released copies (fields removed or coarsened) still valid.
 */

const byId = (messages: readonly AnyMessage[]) => (id: string) => messages.find((m) => m.id === id);
const OPTIONS: CapAlertOptions = { exchange: 'exchange', referenced: byId(ALL_EXAMPLES) };

function alertOf(message: AnyMessage, options: CapAlertOptions = OPTIONS): string {
  const xml = capAlert(message, options);
  if (xml === undefined) throw new Error(`no alert for ${message.type}`);
  return xml;
}
const read = (xml: string): Node => parseXml(xml).alert;

/** An SLBM notification with a named launch area and two impact areas, as an exercise. */
const slbmExercise: Message = edited(preLaunch, (m) => {
  m.id = '0b1c2d3e-4f50-4a61-8b72-c3d4e5f60718';
  m.status = 'exercise';
  m.body.vehicleClass = 'slbm';
  m.body.launchArea = { kind: 'named', id: 'barents-sea' };
  m.body.impactAreas = [
    { kind: 'named', id: 'kamchatka' },
    { kind: 'circle', centre: { lat: -12.5, lon: -170.25 }, radius: 1_234.5 },
  ];
});

/** A space launch reaching orbit, declared, as a test message: no impact area or time. */
const spaceLaunch: Message = edited(launchEvent, (m) => {
  m.id = '1c2d3e4f-5061-4b72-9c83-d4e5f6071829';
  m.status = 'test';
  m.references = [];
  m.body.basis = 'declared';
  m.body.vehicleClass = 'space-launch-vehicle';
  delete m.body.notification;
  delete m.body.impactArea;
  delete m.body.impactTime;
});

const HAZARD_FIXTURES: readonly AnyMessage[] = [
  preLaunch,
  extension,
  cancellation,
  launchEvent,
  slbmExercise,
  spaceLaunch,
];

function policy(name: string, area: AreaPrecision, fields?: (type: string) => string[]): ReleasePolicy {
  const types = Object.fromEntries(
    HAZARD_TYPES.map((t) => [t, fields ? fields(t) : [...BODY_FIELDS[t]]]),
  ) as Record<string, string[]>;
  const parsed = parseReleasePolicy({
    id: name,
    partner: 'public',
    statuses: ['actual', 'exercise', 'test'],
    types,
    precision: { area, time: 3600, azimuth: 45, reach: 500_000 },
  });
  if (!parsed.ok) throw new Error(parsed.errors.map((e) => e.message).join('\n'));
  return parsed.value;
}

/** Coarse public policies: 5-degree cells, 300 km circles, named areas, one field, no field. */
const POLICIES: readonly ReleasePolicy[] = [
  policy('public-grid.1', { kind: 'grid', degrees: 5 }),
  policy('public-circle.1', { kind: 'circle', radius: 300_000 }),
  policy('public-named.1', { kind: 'named' }),
  policy('public-one-field.1', { kind: 'grid', degrees: 30 }, (t) => [BODY_FIELDS[t as 'pre-launch'][0]!]),
  policy('public-nothing.1', { kind: 'exact' }, () => []),
];

const LATER = Date.parse('2008-01-01T00:00:00.000Z');

/** Every fixture released under a policy, with a lookup of the released copies. */
function releasedUnder(p: ReleasePolicy): AnyMessage[] {
  const copies: AnyMessage[] = [];
  for (const m of [...ALL_EXAMPLES, slbmExercise, spaceLaunch]) {
    const result = release(m, p, LATER, () => true);
    if (result.released) copies.push(result.message);
  }
  return copies;
}

describe('CAP 1.2 alert', () => {
  it('is valid against the OASIS CAP 1.2 schema for every hazard fixture, with and without a lookup', async () => {
    const documents: Document[] = HAZARD_FIXTURES.flatMap((m, i) => [
      { name: `with-${i}-${m.type}`, xml: alertOf(m) },
      { name: `alone-${i}-${m.type}`, xml: alertOf(m, { exchange: 'exchange' }) },
    ]);
    expect(await capSchemaErrors(documents)).toEqual([]);
  });

  it('is valid for every released copy under coarse policies, down to an empty body', async () => {
    const documents: Document[] = [];
    for (const p of POLICIES) {
      const copies = releasedUnder(p);
      const hazards = copies.filter(isHazardNotice);
      expect(hazards.length, p.id).toBe(HAZARD_FIXTURES.length);
      for (const m of hazards)
        documents.push({
          name: `${p.id}-${m.id}`,
          xml: alertOf(m, { exchange: 'exchange', referenced: byId(copies) }),
        });
    }
    const empty = documents.filter((d) => d.name.startsWith('public-nothing'));
    // With no body field the alert still has its envelope, event, urgency, severity and certainty.
    expect(read(empty[0]!.xml).info[0].area).toBeUndefined();
    expect(read(empty[0]!.xml).info[0].event).toBe('Planned missile or space launch');
    expect(await capSchemaErrors(documents)).toEqual([]);
  });

  it('has a schema check that is not vacuous: a "Z" time, a wrong status, elements out of order', async () => {
    const xml = alertOf(launchEvent);
    expect(await capSchemaErrors([{ name: 'valid', xml }])).toEqual([]);
    const broken: Document[] = [
      {
        name: 'zulu-sent',
        xml: xml.replace('<sent>2007-06-07T07:12:40-00:00', '<sent>2007-06-07T07:12:40Z'),
      },
      { name: 'zulu-onset', xml: xml.replace(/<onset>([^<]*)-00:00</, '<onset>$1Z<') },
      { name: 'fraction', xml: xml.replace('07:12:40-00:00</sent>', '07:12:40.250-00:00</sent>') },
      { name: 'status', xml: xml.replace('<status>Actual</status>', '<status>Real</status>') },
      { name: 'msgtype', xml: xml.replace('<msgType>Update</msgType>', '<msgType>Extension</msgType>') },
      { name: 'order', xml: xml.replace(/(<status>.*<\/status>)(\s*)(<msgType>.*<\/msgType>)/, '$3$2$1') },
      { name: 'urgency', xml: xml.replace('<urgency>Immediate</urgency>', '<urgency>Now</urgency>') },
    ];
    for (const d of broken) expect(d.xml, d.name).not.toBe(xml);
    // One xmllint run; each broken document must be named in an error of its own.
    const errors = await capSchemaErrors(broken);
    for (const d of broken)
      expect(
        errors.some((e) => e.startsWith(`${d.name}.xml:`)),
        d.name,
      ).toBe(true);
  });

  it('writes every time as whole seconds with "-00:00", never "Z" (CAP 1.2 3.3.2)', () => {
    for (const m of HAZARD_FIXTURES) {
      const xml = alertOf(m);
      const times = capTimes(xml);
      expect(times.length).toBeGreaterThan(0);
      for (const t of times) expect(t, `${m.type}: ${t}`).toMatch(CAP_UTC_TIME);
      expect(xml).not.toMatch(/\d\d:\d\d:\d\d(\.\d+)?Z/);
    }
    // sent floored to the second: 07:12:40.250 becomes 07:12:40.
    expect(read(alertOf(launchEvent)).sent).toBe('2007-06-07T07:12:40-00:00');
  });

  it('maps the envelope: identifier, sender, status, msgType, scope, source', () => {
    const alert = read(
      alertOf(preLaunch, { exchange: 'exchange', senderAddress: 'exchange@shieldlab.example.org' }),
    );
    expect(alert['@_xmlns']).toBe('urn:oasis:names:tc:emergency:cap:1.2');
    expect(alert.identifier).toBe(IDS.preLaunch);
    expect(alert.sender).toBe('exchange@shieldlab.example.org');
    expect(alert.sent).toBe('2007-06-06T09:00:00-00:00');
    expect(alert.status).toBe('Actual');
    expect(alert.msgType).toBe('Alert');
    expect(alert.scope).toBe('Public');
    expect(alert.source).toBe('partner ir');
    expect(alert.references).toBeUndefined();
    expect(read(alertOf(slbmExercise)).status).toBe('Exercise');
    expect(read(alertOf(spaceLaunch)).status).toBe('Test');
    expect(read(alertOf(extension)).msgType).toBe('Update');
    expect(read(alertOf(cancellation)).msgType).toBe('Cancel');
    // A launch event updates the planned-launch alert it fulfils; without one it is a new alert.
    expect(read(alertOf(launchEvent)).msgType).toBe('Update');
    expect(read(alertOf(launchEvent, { exchange: 'exchange' })).msgType).toBe('Alert');
    expect(read(alertOf(spaceLaunch)).msgType).toBe('Alert');
  });

  it('references earlier alerts as "sender,identifier,sent", only those the lookup holds', () => {
    const preLaunchAlert = read(alertOf(preLaunch));
    for (const m of [extension, cancellation, launchEvent]) {
      const alert = read(alertOf(m));
      expect(alert.references).toBe(`exchange,${IDS.preLaunch},${preLaunchAlert.sent}`);
      expect(alert.incidents).toBe(IDS.preLaunch);
      expect(read(alertOf(m, { exchange: 'exchange' })).references).toBeUndefined();
    }
    // A reference to a message without an alert (a receipt) is left out.
    const withReceipt = edited(launchEvent, (m) => m.references.push(IDS.receipt));
    expect(read(alertOf(withReceipt)).references).toBe(`exchange,${IDS.preLaunch},${preLaunchAlert.sent}`);
    // Released copies: the reference carries the released pre-launch's floored sent time.
    const p = POLICIES[0]!;
    const copies = releasedUnder(p);
    const copy = (id: string) => copies.find((m) => m.id === id)!;
    const options = { exchange: 'exchange', referenced: byId(copies) };
    const sent = read(alertOf(copy(IDS.preLaunch), options)).sent;
    expect(sent).toBe('2007-06-06T09:00:00-00:00');
    expect(read(alertOf(copy(IDS.extension), options)).references).toBe(`exchange,${IDS.preLaunch},${sent}`);
  });

  it('writes a circle as "lat,lon radius" with the radius in kilometres', () => {
    const areas = read(alertOf(launchEvent)).info[0].area;
    expect(areas.map((a: Node) => a.areaDesc)).toEqual(['Launch area', 'Impact area']);
    const circles = [launchEvent.body.launchArea, launchEvent.body.impactArea!];
    areas.forEach((a: Node, i: number) => {
      const c = circles[i]!;
      if (c.kind !== 'circle') throw new Error('fixture');
      const [pair, km] = (a.circle[0] as string).split(' ');
      const [lat, lon] = pair!.split(',').map(Number);
      expect([lat, lon]).toEqual([c.centre.lat, c.centre.lon]);
      expect(Number(km)).toBe(c.radius / 1000);
    });
    // 1,234.5 m is written as 1.235 km: rounded up to the metre, so the circle never shrinks.
    expect(read(alertOf(slbmExercise)).info[0].area[2].circle[0]).toBe('-12.5,-170.25 1.235');
  });

  it('writes a polygon as closed latitude,longitude pairs in ring order', () => {
    const area = read(alertOf(preLaunch)).info[0].area[1];
    expect(area.areaDesc).toBe('Impact area');
    const ring = preLaunch.body.impactAreas![0]!;
    if (ring.kind !== 'polygon') throw new Error('fixture');
    const pairs = (area.polygon[0] as string).split(' ').map((p) => p.split(',').map(Number));
    expect(pairs).toEqual(ring.ring.map((p) => [p.lat, p.lon]));
    expect(pairs.length).toBeGreaterThanOrEqual(4);
    expect(pairs[0]).toEqual(pairs[pairs.length - 1]);
    // Latitude first: 10.2 is the latitude of the fixture, 62.1 its longitude.
    expect(area.polygon[0]).toMatch(/^10\.2,62\.1 /);
  });

  it('writes a named area as the polygon of its box, with its name', () => {
    const [launch, impact1, impact2] = read(alertOf(slbmExercise)).info[0].area;
    const barents = namedArea('barents-sea')!;
    expect(launch.areaDesc).toBe('Launch area: Barents Sea (approximate box, not an official limit)');
    expect(launch.polygon[0]).toBe(
      `${barents.south},${barents.west} ${barents.south},${barents.east} ${barents.north},${barents.east} ` +
        `${barents.north},${barents.west} ${barents.south},${barents.west}`,
    );
    expect(impact1.areaDesc).toMatch(/^Impact area 1 of 2: Kamchatka/);
    expect(impact2.areaDesc).toBe('Impact area 2 of 2');
  });

  it('chooses urgency, severity, certainty, onset and expires by what the notice says', () => {
    const info = (m: AnyMessage, options?: CapAlertOptions) => read(alertOf(m, options)).info[0];
    expect(info(preLaunch)).toMatchObject({
      category: ['Safety', 'Security'],
      event: 'Planned ballistic missile launch',
      urgency: 'Future',
      severity: 'Unknown',
      certainty: 'Likely',
      onset: '2007-06-07T06:00:00-00:00',
      expires: '2007-06-07T10:00:00-00:00',
    });
    // The extension comes while the window is open: the new end, the notification's start.
    expect(info(extension)).toMatchObject({
      urgency: 'Expected',
      onset: '2007-06-07T06:00:00-00:00',
      expires: '2007-06-07T14:00:00-00:00',
    });
    expect(info(extension, { exchange: 'exchange' }).onset).toBeUndefined();
    expect(info(cancellation)).toMatchObject({ urgency: 'Past', severity: 'Minor', certainty: 'Unlikely' });
    expect(info(cancellation).onset).toBeUndefined();
    expect(info(launchEvent)).toMatchObject({
      event: 'Ballistic missile launch',
      urgency: 'Immediate',
      certainty: 'Observed',
      onset: '2007-06-07T07:10:03-00:00',
      expires: '2007-06-07T07:22:41-00:00',
    });
    // Reported after impact: past.
    const late = edited(launchEvent, (m) => (m.sent = '2007-06-07T08:00:00.000Z'));
    expect(info(late).urgency).toBe('Past');
    expect(info(spaceLaunch)).toMatchObject({
      category: ['Safety'],
      event: 'Space launch',
      urgency: 'Immediate',
    });
    expect(info(spaceLaunch).expires).toBeUndefined();
  });

  it('says in plain English what the notice holds, and marks exercises and tests', () => {
    const info = read(alertOf(launchEvent)).info[0];
    expect(info.headline).toBe('IRBM launch at 2007-06-07 07:10:03 UTC (detected)');
    expect(info.description).toContain(
      'Partner ru reports the launch of an intermediate-range ballistic missile',
    );
    expect(info.description).toContain('Impact area: within 25 km of 10.93 N, 62.71 E.');
    expect(info.description).toContain('Maximum range: 2034.5 km. Apogee: 612.3 km.');
    expect(read(alertOf(slbmExercise)).info[0].headline).toMatch(/^EXERCISE: Planned SLBM launch/);
    expect(read(alertOf(slbmExercise)).info[0].description).toContain(
      '(2) within 1.235 km of 12.5 S, 170.25 W',
    );
    expect(read(alertOf(spaceLaunch)).info[0].headline).toBe(
      'TEST: Space launch at 2007-06-07 07:10:03 UTC (declared)',
    );
    for (const m of HAZARD_FIXTURES)
      expect(read(alertOf(m)).info[0].headline.length).toBeLessThanOrEqual(160);
  });

  it('gives no alert for messages that are not hazard notices', () => {
    for (const m of [receipt, acknowledgement, heartbeat, errorMessage])
      expect(capAlert(m, OPTIONS), m.type).toBeUndefined();
  });

  it('refuses options CAP cannot carry', () => {
    expect(() => capAlert(preLaunch, { exchange: 'exchange', senderAddress: 'a,b' })).toThrow(/CAP sender/);
    expect(() => capAlert(preLaunch, { exchange: 'exchange', senderAddress: 'a b' })).toThrow(/CAP sender/);
    expect(() => capAlert(preLaunch, { exchange: 'exchange', web: 'not a url' })).toThrow(/CAP web/);
    expect(() => capAlert(preLaunch, { exchange: 'exchange', senderName: 'bell\u0007' })).toThrow(
      /senderName/,
    );
    // Text the caller gives is escaped, not refused.
    const named = read(alertOf(preLaunch, { exchange: 'exchange', senderName: 'Watch <A> & "B"' }));
    expect(named.info[0].senderName).toBe('Watch <A> & "B"');
  });
});
