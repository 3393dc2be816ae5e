import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Feature, FeatureCollection } from 'geojson';
import { feature } from 'topojson-client';
import type { GeometryCollection, Topology } from 'topojson-specification';

/**
 * Coastlines and borders from Natural Earth (the `world-atlas` package, TopoJSON): 1:50m for
 * regional maps, 1:110m when a map spans most of a hemisphere and finer lines would not show.
 * Read once per process.
 */

export type Resolution = '50m' | '110m';

const cache = new Map<Resolution, readonly Feature[]>();
const require = createRequire(import.meta.url);

/** Every country outline at this resolution, as GeoJSON features (longitude, latitude in degrees). */
export function countries(resolution: Resolution): readonly Feature[] {
  let features = cache.get(resolution);
  if (!features) {
    const file = require.resolve(`world-atlas/countries-${resolution}.json`);
    const topology = JSON.parse(readFileSync(file, 'utf8')) as Topology<{ countries: GeometryCollection }>;
    features = (feature(topology, topology.objects.countries) as FeatureCollection).features;
    cache.set(resolution, features);
  }
  return features;
}

/** The resolution for a map spanning this many degrees of longitude. */
export function resolutionFor(lonSpan: number): Resolution {
  return lonSpan > 90 ? '110m' : '50m';
}
