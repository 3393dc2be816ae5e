import { describe, expect, it } from 'vitest';
import { runCli, runJson } from './run-cli.js';

const CZECH_AND_WARNING = 'emr-brdy,fylingdales-uewr,thule-uewr,gabala-radar,armavir-radar,ew-satellites';
/** An Iranian IRBM from Tabriz at London. */
const IRBM_AT_LONDON = ['--threat', 'iran-irbm', '--from', 'tabriz', '--to', 'london'];

describe('shieldlab sense', () => {
  it('an Iranian IRBM at London: each sensor with its intervals and track times, and the timeline (contract fields)', async () => {
    const r = await runJson('sense', ...IRBM_AT_LONDON, '--sensors', CZECH_AND_WARNING);
    expect(r.sensors.map((s: { id: string }) => s.id).sort()).toEqual(CZECH_AND_WARNING.split(',').sort());
    for (const s of r.sensors) {
      expect(Array.isArray(s.intervals)).toBe(true);
      for (const i of s.intervals) expect(i.end).toBeGreaterThanOrEqual(i.start);
      for (const key of ['firstDetection', 'firstTrack', 'fireControlTrack']) expect(key in s).toBe(true);
    }
    const brdy = r.sensors.find((s: { id: string }) => s.id === 'emr-brdy');
    const satellites = r.sensors.find((s: { id: string }) => s.id === 'ew-satellites');
    // The Czech radar is cued by the satellites' azimuth report and searches only from then on.
    expect(brdy.cue).toBeCloseTo(satellites.azimuthReport, 3);
    expect(brdy.firstDetection).toBeGreaterThanOrEqual(brdy.cue);
    // Its tracks follow the catalog's build-up times (10 s to firm, 20 s more to fire control).
    expect(brdy.firstTrack - brdy.firstDetection).toBeCloseTo(10, 3);
    expect(brdy.fireControlTrack - brdy.firstTrack).toBeCloseTo(20, 3);
    // Russian radars are not received without an arrangement.
    expect(r.sensors.find((s: { id: string }) => s.id === 'gabala-radar').access).toBeNull();
    expect(r.commit).toBeCloseTo(brdy.fireControlTrack, 3);
    const events = r.timeline.map((e: { event: string }) => e.event);
    expect(events).toContain('launch report');
    expect(events).toContain('commit');
    // Timeline events are in time order.
    const times = r.timeline.map((e: { time: number }) => e.time);
    expect([...times].sort((a, b) => a - b)).toEqual(times);
  });

  it('bad input: exit 2 and one line naming the flag', async () => {
    for (const [args, flag] of [
      [['--sensors', 'emr-brdy,nope'], '--sensors'],
      [['--sensors', 'emr-brdy,'], '--sensors'],
      [['--sharing', 'everything'], '--sharing'],
      [['--sharing', 'each'], '--sharing'],
      [['--sensors', 'emr-brdy,emr-brdy'], '--sensors'],
      [['--defence', 'mars'], '--defence'],
      [['--object', 'satellite'], 'radarCrossSection'],
      [['--set', 'emr-brdy.radar.averagePower=-5kW'], 'averagePower'],
    ] as const) {
      const { code, stderr } = await runCli('sense', ...IRBM_AT_LONDON, ...args);
      expect(code, args.join(' ')).toBe(2);
      expect(stderr.trimEnd().split('\n')).toHaveLength(1);
      expect(stderr).toContain(flag);
    }
  });
});

describe('shieldlab engage with sensors', () => {
  it('the commit comes from the fire-control track; a sharing arrangement is compared with own sensors', async () => {
    const run = async (...extra: string[]) =>
      JSON.parse(
        (
          await runCli(
            'engage',
            ...IRBM_AT_LONDON,
            '--sensors',
            CZECH_AND_WARNING,
            '--format',
            'json',
            ...extra,
          )
        ).stdout,
      );
    const own = await run();
    expect(own.commitTime).toBeCloseTo(own.sensing.fireControlTrack, 3);
    expect(own.launchWindow.earliest).toBeCloseTo(own.commitTime + 30, 3); // + the 30 s launch delay
    const shared = await run('--sharing', 'russia-offer-2007');
    expect(shared.sensing.sharing).toBe('russia-offer-2007');
    expect(shared.sensing.ownSensors.commit).toBeCloseTo(own.commitTime, 3);
    expect(shared.sensing.valueOfSharing.commitEarlierBy).toBeCloseTo(
      shared.sensing.ownSensors.commit - shared.commitTime,
      3,
    );
    // Without any sensor that gives fire control, there is no commit and no intercept.
    const blind = await run('--sensors', 'gabala-radar,armavir-radar');
    expect(blind.feasible).toBe(false);
    expect(blind.reason).toBe('no fire-control track');
    expect(blind.commitTime).toBeNull();
  });

  it('--sharing each: every arrangement against own sensors, in commit time, window and shots', async () => {
    const r = JSON.parse(
      (
        await runCli(
          'engage',
          ...IRBM_AT_LONDON,
          '--sensors',
          'emr-brdy,fylingdales-uewr,thule-uewr,gabala-radar,armavir-radar',
          '--sharing',
          'each',
          '--format',
          'json',
        )
      ).stdout,
    );
    // Without satellites the Czech radar has no cue from US sensors: no commit on own sensors.
    expect(r.commitTime).toBeNull();
    const rows = r.sensing.sharingComparison;
    expect(rows.map((c: { sharing: string }) => c.sharing)).toEqual(['uk-us', 'russia-offer-2007', 'all']);
    for (const c of rows) {
      expect(c.extraShots).toBe(c.shots - r.shots);
      if (c.interceptWindow)
        expect(
          Math.abs(c.windowLongerBy - (c.interceptWindow.latest - c.interceptWindow.earliest)),
        ).toBeLessThan(0.002); // rounded to 1 ms
    }
    // Sharing everything is never worse than sharing a part.
    const all = rows.find((c: { sharing: string }) => c.sharing === 'all');
    for (const c of rows) if (c.commit !== null) expect(all.commit).toBeLessThanOrEqual(c.commit + 1e-9);
  });

  it('--commit-time and --sensors together are refused', async () => {
    const { code, stderr } = await runCli(
      'engage',
      ...IRBM_AT_LONDON,
      '--sensors',
      'emr-brdy',
      '--commit-time',
      '100s',
    );
    expect(code).toBe(2);
    expect(stderr).toContain('--commit-time');
  });
});
