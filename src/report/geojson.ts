import type { EarthModel } from '../earth/earth-model.js';
import type { Trajectory } from '../flight/trajectory.js';

/**
 * GeoJSON (RFC 7946) for maps: a trajectory as a LineString of [longitude, latitude, height]
 * thinned to what a viewer needs (at most `maxPoints` evenly in time, events always kept), its
 * events (burnout, apogee, impact) as Points, and footprint grids as Points with their status.
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
  const start = trajectory.startTime;
  const end = trajectory.endTime;
  const events = trajectory.events.filter((e) => ['burnout', 'apogee', 'impact'].includes(e.name));
  const times = Array.from({ length: maxPoints }, (_, i) => start + ((end - start) * i) / (maxPoints - 1));
  const all = [...new Set([...times, ...events.map((e) => e.time)])].sort((a, b) => a - b);
  const line = all.map((t) => position(trajectory, t)).filter((p): p is number[] => p !== undefined);
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
