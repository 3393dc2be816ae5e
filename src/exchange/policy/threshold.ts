import type { Reach } from '../messages/bodies.js';

/**
 * The notification threshold of the December 2000 US-Russia memorandum on a Pre- and Post-Launch
 * Notification System: ballistic missile launches are notified when the range is greater than, or
 * the maximum height is higher than, 500 km (Arms Control Today, Jan/Feb 2001, "U.S., Russia Sign
 * Missile- and Space-Launch Notification Deal": "for ballistic missile launches with a range
 * greater than or maximum altitude higher than 500 kilometers, the agreement obligates
 * notification"). Both comparisons are strict: a flight of exactly 500 km range and apogee is below.
 */

export interface Threshold {
  /** Ground range (m) that must be exceeded. */
  readonly range: number;
  /** Apogee altitude (m) that must be exceeded. */
  readonly apogee: number;
}

export const PLNS_THRESHOLD: Threshold = Object.freeze({ range: 500_000, apogee: 500_000 });

/** Whether a flight is notifiable: its range or its apogee strictly exceeds the threshold. */
export function exceedsThreshold(reach: Reach, threshold: Threshold = PLNS_THRESHOLD): boolean {
  return (
    (reach.range !== undefined && reach.range > threshold.range) ||
    (reach.apogee !== undefined && reach.apogee > threshold.apogee)
  );
}
