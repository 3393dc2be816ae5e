import type { EarthModel } from '../earth/earth-model.js';
import type { Trajectory } from '../flight/trajectory.js';
import type { InterceptPoint } from './run-points.js';
import { keyEvents, thinnedTimes } from './thinning.js';

/**
 * GeoJSON (RFC 7946) for maps: a trajectory as a LineString of [longitude, latitude, height]
 * thinned to what a viewer needs (at most `maxPoints` evenly in time, events always kept), its
 * events (burnout, apogee, impact) and planned intercepts as Points, and footprint grids as Points
 * with their status.
 * Degrees and metres, longitudes in [-180, 180].
 */

export interface Feature {
  readonly type: 'Feature';
  readonly geometry:
    | { readonly type: 'LineString'; readonly coordinates: number[][] }
    | { readonly type: 'Point'; readonly coordinates: number[] };
  readonly properties: Record<string, unknown>;
}

export interface FeatureCollection {
  readonly type: 'FeatureCollection';
  readonly features: Feature[];
}

const DEG = 180 / Math.PI;
const round = (v: number, digits: number) => Number(v.toFixed(digits));

function position(trajectory: Trajectory, t: number): number[] | undefined {
  const g = trajectory.geodeticAt(t);
  if (!g) return undefined;
  const lon = Math.atan2(Math.sin(g.lon), Math.cos(g.lon)) * DEG;
  return [round(lon, 5), round(g.lat * DEG, 5), round(g.height, 0)];
}

/** A trajectory and its events, with `properties` on every feature (e.g. the threat's id). */
export function trajectoryFeatures(
  trajectory: Trajectory,
  properties: Record<string, unknown>,
  _earth: EarthModel,
  maxPoints = 200,
): Feature[] {
  const events = keyEvents(trajectory);
  const line = thinnedTimes(trajectory, maxPoints)
    .map((t) => position(trajectory, t))
    .filter((p): p is number[] => p !== undefined);
  return [
    {
      type: 'Feature',
      geometry: { type: 'LineString', coordinates: line },
      properties: { ...properties, kind: 'trajectory' },
    },
    ...events.flatMap((e): Feature[] => {
      const p = position(trajectory, e.time);
      return p
        ? [
            {
              type: 'Feature',
              geometry: { type: 'Point', coordinates: p },
              properties: { ...properties, kind: 'event', event: e.name, time: round(e.time, 3) },
            },
          ]
        : [];
    }),
  ];
}

/** Footprint grid points (as a footprint study reports them, degrees) as Points. */
export function footprintFeatures(
  points: ReadonlyArray<{ lat: number; lon: number; status: string; shots: number }>,
  properties: Record<string, unknown>,
): Feature[] {
  return points.map((p) => ({
    type: 'Feature',
    geometry: { type: 'Point', coordinates: [round(((p.lon + 540) % 360) - 180, 6), round(p.lat, 6)] },
    properties: { ...properties, kind: 'footprint', status: p.status, shots: p.shots },
  }));
}

/** Planned intercepts as Points (event 'intercept'), time in seconds from threat launch. */
export function interceptFeatures(intercepts: readonly InterceptPoint[]): Feature[] {
  return intercepts.map((i) => ({
    type: 'Feature',
    geometry: {
      type: 'Point',
      coordinates: [round(((i.lon + 540) % 360) - 180, 6), round(i.lat, 6), round(i.altitude, 0)],
    },
    properties: {
      threat: i.threat,
      study: i.study,
      interceptorSite: i.interceptorSite,
      shot: i.shot,
      kind: 'event',
      event: 'intercept',
      time: round(i.time, 3),
    },
  }));
}
