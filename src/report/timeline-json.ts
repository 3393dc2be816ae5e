import type { DefenceTimeline } from '../sensors/timeline.js';

const DEG = Math.PI / 180;
const r3 = (v: number | undefined) => (v === undefined ? null : Math.round(v * 1000) / 1000);

/** The timeline as JSON (times in s from threat launch; at the sensor, except the timeline's events). */
export function timelineJson(timeline: DefenceTimeline, detectionRanges: ReadonlyMap<string, number>) {
  return {
    defence: timeline.defence,
    sharing: timeline.arrangement,
    warning: r3(timeline.warning),
    firstTrack: r3(timeline.firstTrack),
    fireControlTrack: r3(timeline.fireControlTrack),
    commit: r3(timeline.commit),
    sensors: timeline.sensors.map((s) => ({
      id: s.id,
      kind: s.kind,
      party: s.party,
      access: s.access
        ? { via: s.access.via, latency: r3(s.access.latency), quality: s.access.quality }
        : null,
      detectionRange: s.kind === 'radar' ? r3(detectionRanges.get(s.id)) : null,
      intervals:
        s.kind === 'radar'
          ? s.intervals.map((i) => ({ start: r3(i.start), end: r3(i.end) }))
          : s.report.detection !== undefined
            ? [{ start: r3(s.report.detection), end: r3(s.report.lastSight) }]
            : [],
      cue: s.kind === 'radar' ? r3(s.cue) : null,
      firstDetection: r3(s.kind === 'radar' ? s.track.firstDetection : s.report.detection),
      firstTrack: s.kind === 'radar' ? r3(s.track.firmTrack) : null,
      fireControlTrack: s.kind === 'radar' ? r3(s.track.fireControlTrack) : null,
      ...(s.kind === 'infrared'
        ? {
            launchReport: r3(s.report.launchReport),
            azimuthReport: r3(s.report.azimuthReport),
            satelliteLongitude:
              s.report.satelliteLongitude === undefined ? null : r3(s.report.satelliteLongitude / DEG),
          }
        : {}),
    })),
    timeline: timeline.events.map((e) => ({
      time: r3(e.time),
      event: e.event,
      ...(e.sensor ? { sensor: e.sensor } : {}),
    })),
  };
}
