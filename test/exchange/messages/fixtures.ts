import type { Message, MessageOf } from '../../../src/exchange/messages/message.js';

/**
 * Example messages, one per type, written as a partner would send them. The launch resembles an
 * Iranian IRBM test from Semnan toward the Indian Ocean (positions are illustrative, not data).
 */

export const IDS = {
  preLaunch: '3f2b8c1e-5d4a-4e6f-8a7b-1c2d3e4f5a6b',
  extension: '4a3c9d2f-6e5b-4f70-9b8c-2d3e4f5a6b7c',
  cancellation: '5b4d0e3a-7f6c-4a81-8c9d-3e4f5a6b7c8d',
  launchEvent: '6c5e1f4b-8a7d-4b92-9dae-4f5a6b7c8d9e',
  receipt: '7d6f2a5c-9b8e-4ca3-8ebf-5a6b7c8d9eaf',
  acknowledgement: '8e7a3b6d-ac9f-4db4-9fca-6b7c8d9eafb0',
  heartbeat: '9f8b4c7e-bda0-4ec5-8adb-7c8d9eafb0c1',
  error: 'a09c5d8f-ceb1-4fd6-9bec-8d9eafb0c1d2',
} as const;

export const preLaunch: MessageOf<'pre-launch'> = {
  schemaVersion: 1,
  id: IDS.preLaunch,
  sender: 'ir',
  sequence: 1,
  sent: '2007-06-06T09:00:00.000Z',
  status: 'actual',
  references: [],
  type: 'pre-launch',
  body: {
    vehicleClass: 'irbm',
    launchWindow: { start: '2007-06-07T06:00:00.000Z', end: '2007-06-07T10:00:00.000Z' },
    launchArea: { kind: 'circle', centre: { lat: 35.234, lon: 53.921 }, radius: 20_000 },
    plannedAzimuth: 152.5,
    impactAreas: [
      {
        kind: 'polygon',
        ring: [
          { lat: 10.2, lon: 62.1 },
          { lat: 10.2, lon: 63.4 },
          { lat: 11.5, lon: 63.4 },
          { lat: 11.5, lon: 62.1 },
          { lat: 10.2, lon: 62.1 },
        ],
      },
    ],
    reach: { range: 2_000_000, apogee: 600_000 },
  },
};

export const extension: MessageOf<'window-extension'> = {
  schemaVersion: 1,
  id: IDS.extension,
  sender: 'ir',
  sequence: 2,
  sent: '2007-06-07T09:30:00.000Z',
  status: 'actual',
  references: [IDS.preLaunch],
  type: 'window-extension',
  body: { notification: IDS.preLaunch, launchWindowEnd: '2007-06-07T14:00:00.000Z' },
};

export const cancellation: MessageOf<'cancellation'> = {
  schemaVersion: 1,
  id: IDS.cancellation,
  sender: 'ir',
  sequence: 3,
  sent: '2007-06-07T13:00:00.000Z',
  status: 'actual',
  references: [IDS.preLaunch],
  type: 'cancellation',
  body: { notification: IDS.preLaunch },
};

export const launchEvent: MessageOf<'launch-event'> = {
  schemaVersion: 1,
  id: IDS.launchEvent,
  sender: 'ru',
  sequence: 41,
  sent: '2007-06-07T07:12:40.250Z',
  status: 'actual',
  references: [IDS.preLaunch],
  type: 'launch-event',
  body: {
    basis: 'detected',
    notification: IDS.preLaunch,
    vehicleClass: 'irbm',
    launchTime: '2007-06-07T07:10:03.500Z',
    launchArea: { kind: 'circle', centre: { lat: 35.2311, lon: 53.9207 }, radius: 5_000 },
    azimuth: 151.7,
    impactArea: { kind: 'circle', centre: { lat: 10.93, lon: 62.71 }, radius: 25_000 },
    impactTime: '2007-06-07T07:22:41.000Z',
    reach: { range: 2_034_500, apogee: 612_300 },
  },
};

export const receipt: MessageOf<'receipt'> = {
  schemaVersion: 1,
  id: IDS.receipt,
  sender: 'exchange',
  sequence: 7,
  sent: '2007-06-07T07:12:40.400Z',
  status: 'actual',
  references: [IDS.launchEvent],
  type: 'receipt',
  body: { message: IDS.launchEvent, sha256: 'ab'.repeat(32) },
};

export const acknowledgement: MessageOf<'acknowledgement'> = {
  schemaVersion: 1,
  id: IDS.acknowledgement,
  sender: 'us',
  sequence: 12,
  sent: '2007-06-07T07:13:05.000Z',
  status: 'actual',
  references: [IDS.launchEvent],
  type: 'acknowledgement',
  body: { message: IDS.launchEvent, operator: 'NMCC watch officer' },
};

export const heartbeat: MessageOf<'heartbeat'> = {
  schemaVersion: 1,
  id: IDS.heartbeat,
  sender: 'us',
  sequence: 13,
  sent: '2007-06-07T07:14:00.000Z',
  status: 'test',
  references: [],
  type: 'heartbeat',
  body: { interval: 30 },
};

export const errorMessage: MessageOf<'error'> = {
  schemaVersion: 1,
  id: IDS.error,
  sender: 'exchange',
  sequence: 8,
  sent: '2007-06-07T07:14:01.000Z',
  status: 'actual',
  references: [],
  type: 'error',
  body: { code: 'sequence', reason: 'sequence 12 from "us" does not increase: the last accepted was 13' },
};

export const ALL_EXAMPLES: readonly Message[] = [
  preLaunch,
  extension,
  cancellation,
  launchEvent,
  receipt,
  acknowledgement,
  heartbeat,
  errorMessage,
];

/** The polygon of a latitude-longitude box (degrees), as the grid coarsening writes one: closed, counter-clockwise from the south-west corner. */
export function box(south: number, west: number, north: number, east: number) {
  return {
    kind: 'polygon' as const,
    ring: [
      { lat: south, lon: west },
      { lat: south, lon: east },
      { lat: north, lon: east },
      { lat: north, lon: west },
      { lat: south, lon: west },
    ],
  };
}

/** A deep copy with one change made by `edit` (tests mutate copies, never the fixtures). */
export function edited<T>(value: T, edit: (copy: T) => void): T {
  const copy = structuredClone(value);
  edit(copy);
  return copy;
}

/** The same JSON value with the members of every object, at every depth, in reverse order. */
export function reversedMembers<T>(value: T): T {
  const reverse = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(reverse);
    if (v !== null && typeof v === 'object')
      return Object.fromEntries(
        Object.entries(v)
          .reverse()
          .map(([k, x]) => [k, reverse(x)]),
      );
    return v;
  };
  return reverse(value) as T;
}
