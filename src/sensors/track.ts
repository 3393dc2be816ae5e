import type { RadarTrackSettings } from './radar.js';
import type { Interval } from './visibility.js';

/** What a radar makes of a threat over time (s from threat launch); undefined = never. */
export interface TrackTimes {
  /** First look that finds the threat (after the cue, for radars that need one). */
  readonly firstDetection: number | undefined;
  /** An established (firm) track: continuous visibility for the firm-track time. */
  readonly firmTrack: number | undefined;
  /** A fire-control-quality track: continuous tracking for a further fire-control time. */
  readonly fireControlTrack: number | undefined;
}

/**
 * Track build-up from visibility: detection at the first visible moment at or after `searchFrom`
 * (the cue, for a radar that must be told where to look); a firm track once the threat has stayed
 * in view for `firmTrackTime`; a fire-control track after a further `fireControlTime` in view. A
 * track that loses the threat before it is firm starts again in the next interval; a firm track
 * lost before it reaches fire-control quality starts again too (no track memory: conservative).
 */
export function trackTimes(
  intervals: readonly Interval[],
  settings: RadarTrackSettings,
  searchFrom = Number.NEGATIVE_INFINITY,
): TrackTimes {
  let firstDetection: number | undefined;
  let firmTrack: number | undefined;
  let fireControlTrack: number | undefined;
  for (const interval of intervals) {
    if (interval.end < searchFrom) continue;
    const start = Math.max(interval.start, searchFrom);
    firstDetection ??= start;
    const firm = start + settings.firmTrackTime;
    if (firm > interval.end) continue;
    firmTrack ??= firm;
    if (!settings.fireControlQuality) break;
    const fire = firm + settings.fireControlTime;
    if (fire <= interval.end) {
      fireControlTrack = fire;
      break;
    }
  }
  return { firstDetection, firmTrack, fireControlTrack };
}
