import type { EarthModel } from '../earth/earth-model.js';
import type { Trajectory } from '../flight/trajectory.js';
import { type InfraredConstellation, type InfraredReport, infraredDetection } from './infrared.js';
import { type Radar, RadarGeometry } from './radar.js';
import { radarVisibility } from './radar-visibility.js';
import type { DataQuality, SharingArrangement } from './sharing.js';
import { ThreatPath } from './threat-path.js';
import { type TrackTimes, trackTimes } from './track.js';
import type { Interval } from './visibility.js';

/**
 * The early-warning timeline of one threat against one defence: what each sensor sees and when,
 * which of it reaches the defending party (its own sensors at once, others' through a sharing
 * arrangement, late by its latency and at its quality), and from that the warning, the first
 * track, the fire-control track and the commit to launch interceptors.
 */

export interface SensorSet {
  readonly radars: readonly Radar[];
  readonly infrared: readonly InfraredConstellation[];
}

/** How a sensor's data reach the defence; undefined when they do not. */
export interface Access {
  readonly latency: number;
  readonly quality: DataQuality;
  /** `own` or the id of the arrangement that shares it. */
  readonly via: string;
}

export interface RadarOutcome {
  readonly kind: 'radar';
  readonly id: string;
  readonly party: string;
  readonly access: Access | undefined;
  readonly intervals: readonly Interval[];
  /** When the radar was told where to look (radars that need a cue). */
  readonly cue: number | undefined;
  /** At the radar. */
  readonly track: TrackTimes;
}

export interface InfraredOutcome {
  readonly kind: 'infrared';
  readonly id: string;
  readonly party: string;
  readonly access: Access | undefined;
  readonly report: InfraredReport;
}

export type SensorOutcome = RadarOutcome | InfraredOutcome;

export interface DefenceTimeline {
  readonly defence: string;
  readonly arrangement: string;
  readonly sensors: readonly SensorOutcome[];
  /** At the defence (s from threat launch): first news of the launch, first track, fire-control track, commit. */
  readonly warning: number | undefined;
  readonly firstTrack: number | undefined;
  readonly fireControlTrack: number | undefined;
  readonly commit: number | undefined;
  readonly events: ReadonlyArray<{ readonly time: number; readonly event: string; readonly sensor?: string }>;
}

export interface TimelineOptions {
  /** Effective-Earth factor for radar refraction (1 = straight rays; 4/3 standard). */
  readonly refraction?: number;
  /** From the fire-control track to the commit (s); default 0. */
  readonly decisionTime?: number;
}

export function defenceTimeline(
  threat: Trajectory,
  sensors: SensorSet,
  defence: string,
  arrangement: SharingArrangement,
  earth: EarthModel,
  options: TimelineOptions = {},
): DefenceTimeline {
  const path = new ThreatPath(threat, earth.rotationRate);
  /** How a sensor's data reach a party (the defence by default). */
  const access = (
    id: string,
    party: string,
    ownQuality: DataQuality,
    receiver = defence,
  ): Access | undefined => {
    if (party === receiver) return { latency: 0, quality: ownQuality, via: 'own' };
    const share = arrangement.shares.find((s) => s.sensor === id && s.to === receiver);
    return share ? { latency: share.latency, quality: share.quality, via: arrangement.id } : undefined;
  };
  const events: Array<{ time: number; event: string; sensor?: string }> = [];
  const min = (values: Array<number | undefined>) => {
    const known = values.filter((v): v is number => v !== undefined);
    return known.length > 0 ? Math.min(...known) : undefined;
  };

  const infrared: InfraredOutcome[] = sensors.infrared.map((c) => ({
    kind: 'infrared',
    id: c.id,
    party: c.party,
    access: access(c.id, c.party, 'cueing'),
    report: infraredDetection(c, path, threat.event('burnout')?.time ?? threat.endTime, earth),
  }));

  // Radars that search on their own first; their tracks cue the narrow-beam radars.
  const seen = sensors.radars.map((radar) => ({
    radar,
    intervals: radarVisibility(new RadarGeometry(radar, earth, options.refraction ?? 1), path),
  }));
  /** A radar's outcome: searching on its own (no cue given) or from a cue on. */
  const outcome = (radar: Radar, intervals: readonly Interval[], cue: number | undefined): RadarOutcome => ({
    kind: 'radar',
    id: radar.id,
    party: radar.party,
    access: access(radar.id, radar.party, radar.track.fireControlQuality ? 'fire-control' : 'cueing'),
    intervals,
    cue,
    // Without a cue a narrow-beam radar does not find the threat.
    track:
      radar.needsCue && cue === undefined
        ? { firstDetection: undefined, firmTrack: undefined, fireControlTrack: undefined }
        : trackTimes(intervals, radar.track, cue),
  });
  const searching = seen
    .filter((s) => !s.radar.needsCue)
    .map((s) => outcome(s.radar, s.intervals, undefined));
  // A cue: a search radar's firm track, or an infrared report of launch point and azimuth (the
  // narrow-beam radar then searches along the predicted path), whichever first reaches the party
  // that operates the narrow-beam radar.
  const cueFor = (operator: string) =>
    min([
      ...searching.map((r) => {
        const a = access(r.id, r.party, 'cueing', operator);
        return a && r.track.firmTrack !== undefined ? r.track.firmTrack + a.latency : undefined;
      }),
      ...infrared.map((o) => {
        const a = access(o.id, o.party, 'cueing', operator);
        return a && o.report.azimuthReport !== undefined ? o.report.azimuthReport + a.latency : undefined;
      }),
    ]);
  const cued = seen
    .filter((s) => s.radar.needsCue)
    .map((s) => outcome(s.radar, s.intervals, cueFor(s.radar.party)));
  const radars = [...searching, ...cued];
  const outcomes: SensorOutcome[] = [...infrared, ...radars];

  const arrive = (time: number | undefined, a: Access | undefined) =>
    time !== undefined && a !== undefined ? time + a.latency : undefined;
  for (const o of infrared) {
    const at = arrive(o.report.launchReport, o.access);
    if (at !== undefined) events.push({ time: at, event: 'launch report', sensor: o.id });
  }
  for (const r of radars) {
    const d = arrive(r.track.firstDetection, r.access);
    const f = arrive(r.track.firmTrack, r.access);
    const c = r.access?.quality === 'fire-control' ? arrive(r.track.fireControlTrack, r.access) : undefined;
    if (r.cue !== undefined && r.access) events.push({ time: r.cue, event: 'cue', sensor: r.id });
    if (d !== undefined) events.push({ time: d, event: 'detection', sensor: r.id });
    if (f !== undefined) events.push({ time: f, event: 'track', sensor: r.id });
    if (c !== undefined) events.push({ time: c, event: 'fire-control track', sensor: r.id });
  }
  const warning = min([
    ...infrared.map((o) => arrive(o.report.launchReport, o.access)),
    ...radars.map((r) => arrive(r.track.firstDetection, r.access)),
  ]);
  const firstTrack = min(radars.map((r) => arrive(r.track.firmTrack, r.access)));
  const fireControlTrack = min(
    radars.map((r) =>
      r.access?.quality === 'fire-control' ? arrive(r.track.fireControlTrack, r.access) : undefined,
    ),
  );
  const commit = fireControlTrack !== undefined ? fireControlTrack + (options.decisionTime ?? 0) : undefined;
  if (commit !== undefined) events.push({ time: commit, event: 'commit' });
  events.sort((a, b) => a.time - b.time);
  return {
    defence,
    arrangement: arrangement.id,
    sensors: outcomes,
    warning,
    firstTrack,
    fireControlTrack,
    commit,
    events,
  };
}
