/**
 * Who owns which sensor and who receives whose data: parties, and sharing arrangements that say
 * which sensor's data reach which party, how late and how good (the 2007 offers were of this
 * kind: the United States offered early-warning data; Russia offered its Gabala radar).
 */

/** `cueing`: tells a radar where to look and gives warning; `fire-control`: good enough to commit interceptors. */
export type DataQuality = 'cueing' | 'fire-control';

export interface Share {
  readonly sensor: string;
  /** Receiving party. */
  readonly to: string;
  /** From the sensor's own event to its arrival at the receiver (s). */
  readonly latency: number;
  /** The range the latency's source allows (s), with the source's key, for uncertainty studies. */
  readonly latencyRange?: { readonly low: number; readonly high: number; readonly source?: string };
  readonly quality: DataQuality;
}

export interface SharingArrangement {
  readonly id: string;
  readonly name: string;
  readonly shares: readonly Share[];
}

/** The arrangement with nothing shared: each party uses its own sensors. */
export const OWN_SENSORS: SharingArrangement = { id: 'own-sensors', name: 'Own sensors only', shares: [] };
