import geographiclib from 'geographiclib-geodesic';
import { beforeAll, describe, expect, it } from 'vitest';
import { InputError } from '../../../src/core/errors.js';
import {
  type DetectedLaunchEvent,
  detectedLaunchEvents,
  type LaunchEventBatch,
  type Publisher,
  partySensors,
  shiftLaunchEvent,
} from '../../../src/exchange/bridge/launch-events.js';
import type { MessageOf } from '../../../src/exchange/messages/message.js';
import { parseMessage } from '../../../src/exchange/messages/parse.js';
import {
  emptyReplayState,
  type ReplayState,
  replayStep,
} from '../../../src/exchange/messages/replay-guard.js';
import { signMessage } from '../../../src/exchange/signing/sign.js';
import { generateSigningKey } from '../../../src/exchange/signing/signing-key.js';
import { geodeticOfState } from '../../../src/flight/trajectory.js';
import type { CheckedRun } from '../../../src/studies/run-scenario-text.js';
import { flyScenarioThreat } from '../../../src/studies/scenario-run.js';
import { BRIDGE_SCENARIO, bridgeRun, EPOCH_MS, LAUNCH_TIMES, studyResult } from './bridge-run.js';

const { Geodesic } = geographiclib;
const DEG = 180 / Math.PI;

const US: Publisher = { partner: 'us', party: 'united-states', sensors: ['emr-brdy', 'ew-satellites'] };
const UK: Publisher = { partner: 'uk', party: 'united-kingdom', sensors: ['fylingdales-uewr'] };
const RU: Publisher = { partner: 'ru', party: 'russia', sensors: ['gabala-radar'] };

let run: CheckedRun;
let us: LaunchEventBatch;
let uk: LaunchEventBatch;
let ru: LaunchEventBatch;

beforeAll(() => {
  run = bridgeRun();
  us = detectedLaunchEvents(run, US, { firstSequence: 1 });
  uk = detectedLaunchEvents(run, UK, { firstSequence: 41 });
  ru = detectedLaunchEvents(run, RU, { firstSequence: 1 });
});

const all = () => [...us.events, ...uk.events, ...ru.events];

/** The flown threat of the run, for the truth the messages are compared with. */
function flown(threat: string) {
  const spec = run.scenario.threats.find((t) => t.id === threat)!;
  const f = flyScenarioThreat(spec, run.catalog, run.earth);
  if (!('trajectory' in f)) throw new Error(f.message);
  return f;
}

function byThreat(batch: LaunchEventBatch, threat: string): DetectedLaunchEvent {
  const e = batch.events.find((x) => x.threat === threat);
  if (!e) throw new Error(`no launch event for ${threat}`);
  return e;
}

describe('detectedLaunchEvents: the messages', () => {
  it('are valid published launch-event messages, detected, from the publisher, status exercise', () => {
    expect(all().length).toBe(8);
    for (const e of all()) {
      const parsed = parseMessage(e.message);
      expect(parsed.ok ? [] : parsed.errors.map((x) => x.message)).toEqual([]);
      expect(e.message.type).toBe('launch-event');
      expect(e.message.body.basis).toBe('detected');
      expect(e.message.status).toBe('exercise');
      expect(e.message.references).toEqual([]);
    }
    expect(new Set(us.events.map((e) => e.message.sender))).toEqual(new Set(['us']));
    expect(new Set(uk.events.map((e) => e.message.sender))).toEqual(new Set(['uk']));
  });

  it('can be signed by the publisher’s key', async () => {
    const { signingKey } = await generateSigningKey('us', {
      notBefore: '2007-01-01T00:00:00.000Z',
      notAfter: '2008-01-01T00:00:00.000Z',
    });
    for (const e of us.events)
      expect(await signMessage(e.message, signingKey)).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
  });

  it('give the launch time as the epoch plus the threat’s launch time, to the millisecond', () => {
    for (const e of all())
      expect(Date.parse(e.message.body.launchTime)).toBe(EPOCH_MS + LAUNCH_TIMES[e.threat]! * 1000);
    expect(byThreat(us, 'icbm-washington').message.body.launchTime).toBe('2007-06-08T06:00:30.250Z');
  });

  it('give the impact time as the launch time plus the flight time to impact', () => {
    for (const e of all()) {
      const f = flown(e.threat);
      const recorded = studyResult<{ impact: { time: number } }>(run, 'flights', e.threat);
      const expected = EPOCH_MS + (LAUNCH_TIMES[e.threat]! + f.flight.summary.impact!.time) * 1000;
      expect(Date.parse(e.message.body.impactTime!)).toBe(Math.round(expected));
      expect(Math.abs(Date.parse(e.message.body.impactTime!) - expected)).toBeLessThanOrEqual(0.5);
      expect(Math.abs(f.flight.summary.impact!.time - recorded.impact.time)).toBeLessThan(1e-6);
    }
  });

  it('centre the launch and impact areas on the flight’s launch and impact points', () => {
    for (const e of all()) {
      const { launch, impact } = studyResult<{
        launch: { lat: number; lon: number };
        impact: { lat: number; lon: number };
      }>(run, 'flights', e.threat);
      const body = e.message.body;
      if (body.launchArea.kind !== 'circle' || body.impactArea?.kind !== 'circle')
        throw new Error('not circles');
      // result.json rounds positions to 1e-7 deg.
      expect(Math.abs(body.launchArea.centre.lat - launch.lat)).toBeLessThanOrEqual(1e-7);
      expect(Math.abs(body.launchArea.centre.lon - launch.lon)).toBeLessThanOrEqual(1e-7);
      expect(Math.abs(body.impactArea.centre.lat - impact.lat)).toBeLessThanOrEqual(1e-7);
      expect(Math.abs(body.impactArea.centre.lon - impact.lon)).toBeLessThanOrEqual(1e-7);
    }
  });

  it('give azimuth and range of the WGS84 geodesic launch -> impact as GeographicLib computes it', () => {
    for (const e of all()) {
      const s = flown(e.threat).flight.summary;
      const g = Geodesic.WGS84.Inverse(
        s.launch.lat * DEG,
        s.launch.lon * DEG,
        s.impact!.lat * DEG,
        s.impact!.lon * DEG,
      );
      const azimuth = (g.azi1! + 360) % 360;
      expect(Math.abs(e.message.body.azimuth - azimuth)).toBeLessThanOrEqual(1e-6);
      expect(e.message.body.azimuth).toBeGreaterThanOrEqual(0);
      expect(e.message.body.azimuth).toBeLessThan(360);
      expect(Math.abs(e.message.body.reach.range! - g.s12!)).toBeLessThanOrEqual(1e-3);
      // The flight summary's ground range is the same geodesic (the run's Earth is WGS84).
      expect(Math.abs(e.message.body.reach.range! - s.groundRange!)).toBeLessThanOrEqual(1e-3);
    }
    // The flights to London and Washington head north-west, the one to the Arabian Sea south-east.
    expect(byThreat(us, 'irbm-london').message.body.azimuth).toBeCloseTo(307.87, 1);
    expect(byThreat(us, 'mrbm-south').message.body.azimuth).toBeGreaterThan(90);
    expect(byThreat(us, 'mrbm-south').message.body.azimuth).toBeLessThan(180);
  });

  it('give as apogee the trajectory’s highest altitude', () => {
    for (const e of all()) {
      const f = flown(e.threat);
      const apogee = e.message.body.reach.apogee!;
      expect(apogee).toBe(f.flight.summary.apogee.altitude);
      expect(
        Math.abs(apogee - studyResult<{ apogeeAltitude: number }>(run, 'flights', e.threat).apogeeAltitude),
      ).toBeLessThanOrEqual(5e-4);
      // No point of the flight, sampled every second, is higher.
      const traj = f.trajectory;
      const state = new Float64Array(7);
      let highest = Number.NEGATIVE_INFINITY;
      for (let t = traj.startTime; t <= traj.endTime; t += 1) {
        traj.stateAt(t, state);
        highest = Math.max(highest, geodeticOfState(state, t, run.earth).height);
      }
      expect(highest).toBeLessThanOrEqual(apogee + 1e-6);
      expect(highest).toBeGreaterThan(apogee - 1);
    }
  });

  it('classify the missiles by the range bands of their catalog entries', () => {
    for (const batch of [us, ru]) {
      expect(byThreat(batch, 'irbm-london').message.body.vehicleClass).toBe('irbm');
      expect(byThreat(batch, 'mrbm-south').message.body.vehicleClass).toBe('mrbm');
      expect(byThreat(batch, 'icbm-washington').message.body.vehicleClass).toBe('icbm');
    }
    for (const e of all()) expect(e.vehicleClassBasis).toBe('catalog range');
  });

  it('send at the first detection by the publisher’s sensors plus the reporting latency', () => {
    for (const [batch, study] of [
      [us, 'us'],
      [uk, 'uk'],
      [ru, 'ru'],
    ] as const) {
      for (const e of batch.events) {
        const recorded = studyResult<{ sensors: Array<{ id: string; firstDetection: number | null }> }>(
          run,
          study,
          e.threat,
        );
        const times = recorded.sensors
          .filter((s) => s.firstDetection !== null)
          .map((s) => ({ id: s.id, time: s.firstDetection! }))
          .sort((a, b) => a.time - b.time);
        expect(e.sensor).toBe(times[0]!.id);
        // result.json rounds to the millisecond.
        const expected = EPOCH_MS + (LAUNCH_TIMES[e.threat]! + times[0]!.time) * 1000;
        expect(Math.abs(Date.parse(e.detection) - expected)).toBeLessThanOrEqual(1);
        expect(Date.parse(e.message.sent) - Date.parse(e.detection)).toBe(60_000);
      }
    }
  });

  it('size the launch area by what was detected: 5 km after an infrared sighting, else 50 km', () => {
    const radius = (e: DetectedLaunchEvent) =>
      e.message.body.launchArea.kind === 'circle' ? e.message.body.launchArea.radius : Number.NaN;
    for (const e of us.events) expect(radius(e)).toBe(5_000);
    for (const e of [...uk.events, ...ru.events]) expect(radius(e)).toBe(50_000);
    for (const e of all())
      expect(e.message.body.impactArea).toMatchObject({ kind: 'circle', radius: 100_000 });
    const given = detectedLaunchEvents(run, UK, {
      firstSequence: 1,
      launchAreaRadius: 20_000,
      impactAreaRadius: 250_000,
      reportingLatency: 5,
    });
    for (const e of given.events) {
      expect(radius(e)).toBe(20_000);
      expect(e.message.body.impactArea).toMatchObject({ radius: 250_000 });
      expect(Date.parse(e.message.sent) - Date.parse(e.detection)).toBe(5_000);
    }
  });
});

describe('detectedLaunchEvents: the batch', () => {
  it('publishes only what the partner’s own sensors detected', () => {
    expect(us.events.map((e) => e.threat).sort()).toEqual(['icbm-washington', 'irbm-london', 'mrbm-south']);
    // Fylingdales faces north-west and does not see the flight to the south.
    expect(uk.events.map((e) => e.threat).sort()).toEqual(['icbm-washington', 'irbm-london']);
    expect(uk.skipped).toEqual([{ threat: 'mrbm-south', reason: 'not detected by fylingdales-uewr' }]);
    // Without the satellites nothing cues the Czech radar: it sees nothing, and nothing is published.
    const blind = detectedLaunchEvents(run, { ...US, sensors: ['emr-brdy'] }, { firstSequence: 1 });
    expect(blind.events).toEqual([]);
    expect(blind.shift).toBe(0);
    expect(blind.skipped.map((s) => s.threat)).toEqual(['irbm-london', 'mrbm-south', 'icbm-washington']);
  });

  it('numbers the messages from the given start in order of detection', () => {
    expect(uk.events.map((e) => e.message.sequence)).toEqual([41, 42]);
    // The ICBM was launched 30 s later but Fylingdales sees it first.
    expect(uk.events.map((e) => e.threat)).toEqual(['icbm-washington', 'irbm-london']);
    for (const batch of [us, uk, ru]) {
      const detections = batch.events.map((e) => Date.parse(e.detection));
      expect(detections).toEqual([...detections].sort((a, b) => a - b));
      const sent = batch.events.map((e) => Date.parse(e.message.sent));
      expect(sent).toEqual([...sent].sort((a, b) => a - b));
      batch.events.forEach((e, k) => {
        expect(e.message.sequence).toBe(batch.events[0]!.message.sequence + k);
      });
    }
  });

  it('gives deterministic ids, distinct per threat, partner and status, as version 8 UUIDs', () => {
    const again = detectedLaunchEvents(bridgeRun(), US, { firstSequence: 1 });
    expect(again).toEqual(us);
    const ids = all().map((e) => e.message.id);
    const test = detectedLaunchEvents(run, US, { firstSequence: 1, status: 'test' });
    expect(test.events.every((e) => e.message.status === 'test')).toBe(true);
    ids.push(...test.events.map((e) => e.message.id));
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids)
      expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    // Another scenario text is another hash, hence other ids.
    const other = detectedLaunchEvents(bridgeRun(`${BRIDGE_SCENARIO}# another text\n`), US, {
      firstSequence: 1,
    });
    expect(other.events.map((e) => e.message.id).filter((id) => ids.includes(id))).toEqual([]);
  });

  it('refuses to publish a simulated launch as actual', () => {
    expect(() => detectedLaunchEvents(run, US, { firstSequence: 1, status: 'actual' })).toThrow(InputError);
    expect(() => detectedLaunchEvents(run, US, { firstSequence: 1, status: 'actual' })).toThrow(
      /never published as an actual notification/,
    );
  });

  it('refuses another party’s sensors, unknown sensors and bad settings', () => {
    expect(() =>
      detectedLaunchEvents(run, { ...US, sensors: ['gabala-radar'] }, { firstSequence: 1 }),
    ).toThrow(/belongs to russia/);
    expect(() =>
      detectedLaunchEvents(run, { ...US, sensors: ['no-such-radar'] }, { firstSequence: 1 }),
    ).toThrow(/a catalog sensor id/);
    expect(() => detectedLaunchEvents(run, { ...US, sensors: [] }, { firstSequence: 1 })).toThrow(InputError);
    expect(() => detectedLaunchEvents(run, { ...US, partner: 'US' }, { firstSequence: 1 })).toThrow(
      /partner id/,
    );
    expect(() => detectedLaunchEvents(run, US, { firstSequence: 0 })).toThrow(/sequence/);
    expect(() => detectedLaunchEvents(run, US, { firstSequence: 1.5 })).toThrow(/sequence/);
    expect(() => detectedLaunchEvents(run, US, { firstSequence: 1, reportingLatency: -1 })).toThrow(
      /latency/,
    );
    expect(() => detectedLaunchEvents(run, US, { firstSequence: 1, launchAreaRadius: 0 })).toThrow(/radius/);
    expect(() => detectedLaunchEvents(run, US, { firstSequence: 1, sharing: 'nope' })).toThrow(/arrangement/);
    expect(() => detectedLaunchEvents(run, US, { firstSequence: 1, now: Number.NaN })).toThrow(/now/);
  });

  it('lists a party’s catalog sensors', () => {
    expect(partySensors(run.library, 'united-states').sort()).toEqual([
      'emr-brdy',
      'ew-satellites',
      'fbx-forward',
      'thule-uewr',
    ]);
    expect(partySensors(run.library, 'russia').sort()).toEqual(['armavir-radar', 'gabala-radar']);
  });

  it('cues the partner’s narrow-beam radar with another party’s tracks under a sharing arrangement', () => {
    // Under uk-us, Fylingdales tracks reach the United States and cue the Czech radar.
    const cued = detectedLaunchEvents(
      run,
      { ...US, sensors: ['emr-brdy'] },
      { firstSequence: 1, sharing: 'uk-us' },
    );
    expect(cued.events.map((e) => e.threat).sort()).toEqual(['icbm-washington', 'irbm-london']);
    for (const e of cued.events) expect(e.sensor).toBe('emr-brdy');
  });
});

describe('detectedLaunchEvents: now', () => {
  const NOW = Date.parse('2031-05-04T10:20:30.456Z');

  /** Every time of a batch, in ms, in one list. */
  const times = (batch: LaunchEventBatch) =>
    batch.events.flatMap((e) => [
      Date.parse(e.message.sent),
      Date.parse(e.detection),
      Date.parse(e.message.body.launchTime),
      Date.parse(e.message.body.impactTime!),
    ]);

  it('puts the first message’s sent at now and keeps every interval', () => {
    const live = detectedLaunchEvents(run, US, { firstSequence: 1, now: NOW });
    expect(live.events[0]!.message.sent).toBe('2031-05-04T10:20:30.456Z');
    expect(live.shift).toBe(NOW - Date.parse(us.events[0]!.message.sent));
    const before = times(us);
    const after = times(live);
    expect(after).toEqual(before.map((t) => t + live.shift));
    for (const e of live.events) expect(parseMessage(e.message).ok).toBe(true);
    // The bodies are the same but for the times; shiftLaunchEvent does the same to a message.
    live.events.forEach((e, k) => {
      const shifted: MessageOf<'launch-event'> = shiftLaunchEvent(us.events[k]!.message, live.shift);
      expect({ ...e.message, id: '' }).toEqual({ ...shifted, id: '' });
      // A shifted batch is another set of notifications: other ids, stable for the same shift.
      expect(e.message.id).not.toBe(us.events[k]!.message.id);
    });
    expect(detectedLaunchEvents(run, US, { firstSequence: 1, now: NOW })).toEqual(live);
  });

  it('gives messages the replay guard accepts as live, each at its own sent time', () => {
    const live = detectedLaunchEvents(run, { ...RU }, { firstSequence: 5, now: NOW });
    let state: ReplayState = emptyReplayState();
    for (const e of live.events) {
      const step = replayStep(state, e.message, Date.parse(e.message.sent));
      expect(step.verdict).toEqual({ kind: 'accepted' });
      state = step.state;
      // Published again (a retry): absorbed as a duplicate.
      expect(replayStep(state, e.message, Date.parse(e.message.sent) + 1000).verdict.kind).toBe('duplicate');
    }
    // In simulation time the same messages are years stale.
    expect(replayStep(emptyReplayState(), ru.events[0]!.message, NOW).verdict).toMatchObject({
      kind: 'rejected',
      code: 'stale',
    });
  });
});
