import { describe, expect, it } from 'vitest';
import { BODY_FIELDS, MESSAGE_TYPES } from '../../../src/exchange/messages/bodies.js';
import { parseReleasedMessage } from '../../../src/exchange/messages/parse.js';
import {
  parseReleasePolicy,
  type ReleasePolicy,
  type ReleasePolicyInput,
} from '../../../src/exchange/policy/policy.js';
import { FIELD_TREATMENT, type ReleaseResult, release } from '../../../src/exchange/policy/release.js';
import { PLNS_THRESHOLD } from '../../../src/exchange/policy/threshold.js';
import { box, edited, extension, IDS, launchEvent, preLaunch } from '../messages/fixtures.js';

function policy(input: Partial<ReleasePolicyInput> = {}): ReleasePolicy {
  const parsed = parseReleasePolicy({
    id: 'ru-to-us.1',
    partner: 'us',
    statuses: ['actual'],
    types: { 'launch-event': [...BODY_FIELDS['launch-event']], 'pre-launch': [...BODY_FIELDS['pre-launch']] },
    precision: { area: { kind: 'grid', degrees: 1 }, time: 60, azimuth: 10, reach: 100_000 },
    ...input,
  });
  if (!parsed.ok) throw new Error(parsed.errors.map((e) => e.message).join('\n'));
  return parsed.value;
}

const LATER = Date.parse('2007-06-08T00:00:00.000Z');

function released(result: ReleaseResult) {
  if (!result.released) throw new Error(`withheld: ${result.reason}`);
  return result.message;
}

describe('release', () => {
  it('coarsens a launch event to the policy: 1 deg grid, 60 s, 10 deg, 100 km', () => {
    const copy = released(release(launchEvent, policy(), LATER, (id) => id === IDS.preLaunch));
    expect(copy).toEqual({
      schemaVersion: 1,
      id: launchEvent.id,
      sender: 'ru',
      sequence: 41,
      sent: '2007-06-07T07:12:00.000Z', // 07:12:40.250 floored to the minute
      status: 'actual',
      references: [IDS.preLaunch],
      release: { recipient: 'us', policy: 'ru-to-us.1' },
      type: 'launch-event',
      body: {
        basis: 'detected',
        notification: IDS.preLaunch,
        vehicleClass: 'irbm',
        launchTime: '2007-06-07T07:10:00.000Z',
        // 5 km around 35.2311 N 53.9207 E lies in the cell 35-36 N, 53-54 E.
        launchArea: box(35, 53, 36, 54),
        azimuth: 150,
        // 25 km around 10.93 N 62.71 E spans 10.70-11.16 N: the cells 10-12 N, 62-63 E.
        impactArea: box(10, 62, 12, 63),
        impactTime: '2007-06-07T07:22:00.000Z',
        reach: { range: 2_100_000, apogee: 700_000 },
      },
    });
    expect(parseReleasedMessage(copy).ok).toBe(true);
  });

  it('keeps only allow-listed fields and references the partner knows', () => {
    const p = policy({ types: { 'launch-event': ['launchTime', 'notification'] } });
    const copy = released(release(launchEvent, p, LATER));
    expect(copy.body).toEqual({ launchTime: '2007-06-07T07:10:00.000Z' }); // the link to an unknown notification is dropped
    expect(copy.references).toEqual([]);
    const known = released(release(launchEvent, p, LATER, (id) => id === IDS.preLaunch));
    expect(known.body).toEqual({ launchTime: '2007-06-07T07:10:00.000Z', notification: IDS.preLaunch });
  });

  it('withholds by default: types and statuses not listed', () => {
    expect(release(extension, policy(), LATER, () => true)).toMatchObject({
      released: false,
      code: 'type-not-allowed',
      reason: 'policy ru-to-us.1 releases no window-extension messages to us',
    });
    const exercise = edited(launchEvent, (m) => ((m as { status: string }).status = 'exercise'));
    expect(release(exercise, policy(), LATER)).toMatchObject({ released: false, code: 'status-not-allowed' });
    expect(released(release(exercise, policy({ statuses: ['actual', 'exercise'] }), LATER)).status).toBe(
      'exercise',
    );
  });

  it('holds a message until the delay after the event has passed, to the millisecond', () => {
    const p = policy({ delay: 3600 });
    const event = Date.parse(launchEvent.body.launchTime); // the launch, not the sent time
    expect(release(launchEvent, p, event + 3_600_000 - 1)).toEqual({
      released: false,
      code: 'delayed',
      reason:
        'held until 2007-06-07T08:10:03.500Z: policy ru-to-us.1 releases 3600 s after the event (2007-06-07T07:10:03.500Z)',
      until: '2007-06-07T08:10:03.500Z',
    });
    expect(release(launchEvent, p, event + 3_600_000).released).toBe(true);
    // A pre-launch notification's event is its sent time.
    const sent = Date.parse(preLaunch.sent);
    expect(release(preLaunch, p, sent + 3_599_999)).toMatchObject({ code: 'delayed' });
    expect(release(preLaunch, p, sent + 3_600_000).released).toBe(true);
  });

  it('withholds a follow-up of a notification the partner never received', () => {
    const p = policy({ types: { 'window-extension': ['notification', 'launchWindowEnd'] } });
    expect(release(extension, p, LATER)).toMatchObject({
      released: false,
      code: 'unknown-reference',
      reason: `window-extension is about message ${IDS.preLaunch}, which us has not received`,
    });
    const copy = released(release(extension, p, LATER, (id) => id === IDS.preLaunch));
    expect(copy.body).toEqual({ notification: IDS.preLaunch, launchWindowEnd: '2007-06-07T14:00:00.000Z' });
  });

  it('grows a launch window outward and rounds an extended end up', () => {
    const p = policy({
      types: { 'pre-launch': ['launchWindow'], 'window-extension': ['launchWindowEnd'] },
      precision: { area: { kind: 'exact' }, time: 3600, azimuth: 10, reach: 1000 },
    });
    const shifted = edited(preLaunch, (m) => {
      m.body.launchWindow = { start: '2007-06-07T06:30:00.000Z', end: '2007-06-07T09:00:00.001Z' };
    });
    expect(released(release(shifted, p, LATER)).body).toEqual({
      launchWindow: { start: '2007-06-07T06:00:00.000Z', end: '2007-06-07T10:00:00.000Z' },
    });
    const ext = edited(extension, (m) => (m.body.launchWindowEnd = '2007-06-07T13:00:00.001Z'));
    expect(released(release(ext, p, LATER, () => true)).body).toEqual({
      launchWindowEnd: '2007-06-07T14:00:00.000Z',
    });
  });

  it('replaces areas by named areas, and drops an area no allowed name contains', () => {
    const p = policy({
      types: { 'launch-event': ['launchArea', 'impactArea'] },
      precision: { area: { kind: 'named' }, time: 60, azimuth: 10, reach: 1000 },
    });
    expect(released(release(launchEvent, p, LATER)).body).toEqual({
      launchArea: { kind: 'named', id: 'iran' },
      impactArea: { kind: 'named', id: 'indian-nw' },
    });
    const onlyIran = policy({
      types: { 'launch-event': ['launchArea', 'impactArea'] },
      precision: { area: { kind: 'named', areas: ['iran'] }, time: 60, azimuth: 10, reach: 1000 },
    });
    expect(released(release(launchEvent, onlyIran, LATER)).body).toEqual({
      launchArea: { kind: 'named', id: 'iran' },
    });
    // A list of impact areas is all or nothing.
    const twoImpacts = edited(preLaunch, (m) => {
      m.body.impactAreas = [...m.body.impactAreas!, { kind: 'named', id: 'pacific-se' }];
    });
    const iranAndIndian = policy({
      types: { 'pre-launch': ['impactAreas'] },
      precision: {
        area: { kind: 'named', areas: ['iran', 'indian-nw'] },
        time: 60,
        azimuth: 10,
        reach: 1000,
      },
    });
    expect(released(release(preLaunch, iranAndIndian, LATER)).body).toEqual({
      impactAreas: [{ kind: 'named', id: 'indian-nw' }],
    });
    expect(released(release(twoImpacts, iranAndIndian, LATER)).body).toEqual({});
  });

  it('replaces areas by circles of at least the policy radius', () => {
    const p = policy({
      types: { 'launch-event': ['launchArea'] },
      precision: { area: { kind: 'circle', radius: 50_000 }, time: 60, azimuth: 10, reach: 1000 },
    });
    const area = (released(release(launchEvent, p, LATER)).body as { launchArea?: unknown }).launchArea;
    // Centre snapped to a 0.2 deg grid (the largest 1-2-5 step under 50 km of latitude).
    expect(area).toEqual({ kind: 'circle', centre: { lat: 35.2, lon: 54 }, radius: 50_000 });
  });

  it('states every field of every type in its coarsening table', () => {
    for (const type of MESSAGE_TYPES)
      expect(Object.keys(FIELD_TREATMENT[type]).sort()).toEqual([...BODY_FIELDS[type]].sort());
  });
});

describe('release policy', () => {
  it('fills the defaults: no delay, the PLNS 500 km threshold', () => {
    const p = policy();
    expect(p.delay).toBe(0);
    expect(p.threshold).toEqual(PLNS_THRESHOLD);
    expect(PLNS_THRESHOLD).toEqual({ range: 500_000, apogee: 500_000 });
  });

  it('requires every precision and names each problem', () => {
    const bad = parseReleasePolicy(
      {
        id: 'Bad Id',
        partner: 'us',
        statuses: [],
        types: { 'launch-event': ['launchTime', 'secret'], launch: [] },
        precision: { area: { kind: 'grid', degrees: 7 }, time: 0.5, azimuth: 10 },
      },
      'policies.yaml',
    );
    expect(bad.ok).toBe(false);
    if (!bad.ok)
      expect(bad.errors.map((e) => e.path).sort()).toEqual(
        [
          'id',
          'precision.area.degrees',
          'precision.reach',
          'precision.time',
          'statuses',
          'types.launch',
        ].sort(),
      );
    // Field names are checked against the type once the policy's structure is right.
    const field = parseReleasePolicy({
      id: 'p',
      partner: 'us',
      statuses: ['actual'],
      types: { 'launch-event': ['launchTime', 'secret'] },
      precision: { area: { kind: 'exact' }, time: 1, azimuth: 1, reach: 1 },
    });
    expect(field.ok).toBe(false);
    if (!field.ok) {
      expect(field.errors.map((e) => e.path)).toEqual(['types.launch-event[1]']);
      expect(field.errors[0]!.expected).toMatch(/^a body field of launch-event: basis, notification/);
    }
  });

  it('accepts grid sizes that divide 90 only', () => {
    for (const degrees of [0.1, 0.25, 0.5, 1, 2.5, 3, 5, 15, 30, 45, 90])
      expect(
        policy({ precision: { area: { kind: 'grid', degrees }, time: 60, azimuth: 10, reach: 1000 } })
          .precision.area,
      ).toEqual({ kind: 'grid', degrees });
    for (const degrees of [0.7, 4, 7, 100]) {
      const parsed = parseReleasePolicy({
        id: 'p',
        partner: 'us',
        statuses: ['actual'],
        types: {},
        precision: { area: { kind: 'grid', degrees }, time: 60, azimuth: 10, reach: 1000 },
      });
      expect(parsed.ok, String(degrees)).toBe(false);
    }
  });
});
