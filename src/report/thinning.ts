import type { FlightEvent, Trajectory } from '../flight/trajectory.js';

/**
 * What a map or globe needs of a trajectory: at most `maxPoints` times evenly spaced from launch
 * to impact, plus the times of the events a reader looks for (burnout, apogee, impact), so that
 * every export draws the same line through the same points.
 */

/** The events every export marks. */
export const KEY_EVENTS: readonly string[] = ['burnout', 'apogee', 'impact'];

export function keyEvents(trajectory: Trajectory): FlightEvent[] {
  return trajectory.events.filter((e) => KEY_EVENTS.includes(e.name));
}

/** Sample times (s), increasing, without duplicates: evenly in time, and every key event. */
export function thinnedTimes(trajectory: Trajectory, maxPoints = 200): number[] {
  const start = trajectory.startTime;
  const end = trajectory.endTime;
  const times = Array.from({ length: maxPoints }, (_, i) => start + ((end - start) * i) / (maxPoints - 1));
  return [...new Set([...times, ...keyEvents(trajectory).map((e) => e.time)])].sort((a, b) => a - b);
}
