import type { Trajectory } from '../flight/trajectory.js';
import type { InterceptPoint } from './run-points.js';
import { epochMillis, isoInstant } from './scenario-time.js';
import { keyEvents, thinnedTimes } from './thinning.js';

/**
 * CZML (the time-dynamic scene format of Cesium) of a run: a document packet whose clock spans every
 * threat's flight, each threat as an entity moving along its trajectory (the same thinned samples as
 * the GeoJSON map, in `cartographicDegrees`: longitude and latitude in degrees, height in metres
 * above the WGS84 ellipsoid), with its path, and burnout, apogee, impact and planned intercepts as
 * labelled points that appear when they happen.
 *
 * Between samples Cesium interpolates linearly in Earth-fixed Cartesian coordinates: the same chords
 * the map and the KML draw, and an error bounded by (sample spacing)^2 / 8 times the largest
 * Earth-fixed acceleration (about 0.1 km in midcourse for 200 samples of an IRBM flight).
 */

/** A flown threat as the exports place it on the timeline. */
export interface ThreatFlight {
  readonly id: string;
  readonly missile: string;
  readonly trajectory: Trajectory;
  /** Launch (s from the scenario epoch). */
  readonly launchTime: number;
}

export type CzmlPacket = { readonly id: string } & Record<string, unknown>;

const DEG = 180 / Math.PI;
const round = (v: number, digits: number) => Number(v.toFixed(digits));

/** Distinct colours (RGBA 0..255) for threats, then for the events. */
const THREAT_COLOURS = [
  [230, 57, 70, 255],
  [69, 123, 157, 255],
  [244, 162, 97, 255],
  [42, 157, 143, 255],
  [131, 56, 236, 255],
];
const EVENT_COLOURS: Record<string, number[]> = {
  burnout: [255, 165, 0, 255],
  apogee: [255, 255, 0, 255],
  impact: [255, 0, 0, 255],
  intercept: [0, 255, 255, 255],
};

function labelledPoint(text: string, colour: number[]) {
  return {
    point: { pixelSize: 9, color: { rgba: colour }, outlineColor: { rgba: [0, 0, 0, 255] }, outlineWidth: 1 },
    label: {
      text,
      font: '12px sans-serif',
      style: 'FILL_AND_OUTLINE',
      outlineWidth: 2,
      fillColor: { rgba: colour },
      outlineColor: { rgba: [0, 0, 0, 255] },
      verticalOrigin: 'BOTTOM',
      pixelOffset: { cartesian2: [0, -10] },
    },
  };
}

/** The CZML document: an array of packets, the document packet first. */
export function czmlDocument(
  flights: readonly ThreatFlight[],
  intercepts: readonly InterceptPoint[],
  options: { readonly name: string; readonly epoch?: string | undefined },
): CzmlPacket[] {
  const epoch = epochMillis(options.epoch);
  const at = (seconds: number) => isoInstant(epoch, seconds);
  const start = Math.min(...flights.map((f) => f.launchTime + f.trajectory.startTime), Infinity);
  const stop = Math.max(...flights.map((f) => f.launchTime + f.trajectory.endTime), -Infinity);
  const span = flights.length > 0 ? { start, stop } : { start: 0, stop: 0 };
  const packets: CzmlPacket[] = [
    {
      id: 'document',
      name: options.name,
      version: '1.0',
      clock: {
        interval: `${at(span.start)}/${at(span.stop)}`,
        currentTime: at(span.start),
        multiplier: 10,
        range: 'LOOP_STOP',
        step: 'SYSTEM_CLOCK_MULTIPLIER',
      },
    },
  ];
  flights.forEach((flight, k) => {
    const { id, trajectory, launchTime } = flight;
    const end = at(launchTime + trajectory.endTime);
    const times = thinnedTimes(trajectory);
    const samples: number[] = [];
    for (const t of times) {
      const g = trajectory.geodeticAt(t);
      if (g) samples.push(round(t, 6), round(g.lon * DEG, 7), round(g.lat * DEG, 7), round(g.height, 2));
    }
    const duration = trajectory.endTime - trajectory.startTime;
    const colour = THREAT_COLOURS[k % THREAT_COLOURS.length]!;
    packets.push({
      id,
      name: `${id} (${flight.missile})`,
      availability: `${at(launchTime + trajectory.startTime)}/${end}`,
      properties: { threat: id, missile: flight.missile, kind: 'trajectory' },
      position: {
        // Sample times are seconds from the threat's launch.
        epoch: at(launchTime),
        interpolationAlgorithm: 'LINEAR',
        interpolationDegree: 1,
        cartographicDegrees: samples,
      },
      point: { pixelSize: 7, color: { rgba: colour } },
      path: {
        width: 2,
        material: { solidColor: { color: { rgba: colour } } },
        // The whole flight at every instant, drawn through every sample.
        leadTime: duration,
        trailTime: duration,
        resolution: Math.max(1, duration / Math.max(1, times.length - 1)),
      },
    });
    for (const e of keyEvents(trajectory)) {
      const g = trajectory.geodeticAt(e.time);
      if (!g) continue;
      packets.push({
        id: `${id}/${e.name}`,
        name: `${id} ${e.name}`,
        availability: `${at(launchTime + e.time)}/${end}`,
        properties: { threat: id, event: e.name, time: round(e.time, 3) },
        position: { cartographicDegrees: [round(g.lon * DEG, 7), round(g.lat * DEG, 7), round(g.height, 2)] },
        ...labelledPoint(e.name, EVENT_COLOURS[e.name] ?? [255, 255, 255, 255]),
      });
    }
    for (const i of intercepts.filter((x) => x.threat === id)) {
      packets.push({
        id: `${id}/intercept/${i.study}/${i.interceptorSite}/${i.shot}`,
        name: `${id} intercept, shot ${i.shot} from ${i.interceptorSite}`,
        availability: `${at(launchTime + i.time)}/${end}`,
        properties: {
          threat: id,
          event: 'intercept',
          study: i.study,
          interceptorSite: i.interceptorSite,
          shot: i.shot,
          time: i.time,
        },
        position: { cartographicDegrees: [i.lon, i.lat, i.altitude] },
        ...labelledPoint(`intercept ${i.shot}`, EVENT_COLOURS.intercept!),
      });
    }
  });
  return packets;
}
