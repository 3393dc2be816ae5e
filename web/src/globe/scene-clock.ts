import { ClockRange, JulianDate, type Viewer } from 'cesium';
import type { GlobeScene } from './globe-scene.js';

/** Wall-clock seconds a whole scene takes to play at the initial speed. */
const PLAYBACK_SECONDS = 40;

/** First and last instant drawn, in s from the scenario epoch. */
export interface SceneSpan {
  readonly start: number;
  readonly stop: number;
}

/** From the first threat sample to the last threat sample or intercept; [0, 1] s for an empty scene. */
export function sceneSpan(scene: GlobeScene): SceneSpan {
  let start = Number.POSITIVE_INFINITY;
  let stop = Number.NEGATIVE_INFINITY;
  for (const threat of scene.threats) {
    const first = threat.points[0];
    const last = threat.points[threat.points.length - 1];
    if (first) start = Math.min(start, first.time);
    if (last) stop = Math.max(stop, last.time);
  }
  for (const intercept of scene.intercepts) stop = Math.max(stop, intercept.time);
  if (!Number.isFinite(start)) start = 0;
  if (!(stop > start)) stop = start + 1;
  return { start, stop };
}

/** The instant `seconds` after `epoch`. */
export function sceneInstant(epoch: JulianDate, seconds: number): JulianDate {
  return JulianDate.addSeconds(epoch, seconds, new JulianDate());
}

/** Clock and timeline span the scene; playback loops and lasts about PLAYBACK_SECONDS. */
export function configureClock(viewer: Viewer, epoch: JulianDate, span: SceneSpan): void {
  const start = sceneInstant(epoch, span.start);
  const stop = sceneInstant(epoch, span.stop);
  const clock = viewer.clock;
  clock.startTime = start.clone();
  clock.stopTime = stop.clone();
  clock.currentTime = start.clone();
  clock.clockRange = ClockRange.LOOP_STOP;
  clock.multiplier = Math.max(1, Math.round((span.stop - span.start) / PLAYBACK_SECONDS));
  viewer.timeline?.zoomTo(start, stop);
}
