import type { Feature, FeatureCollection } from 'geojson';
import { feature } from 'topojson-client';
import type { GeometryCollection, Topology } from 'topojson-specification';
import countries50m from 'world-atlas/countries-50m.json' with { type: 'json' };
import countries110m from 'world-atlas/countries-110m.json' with { type: 'json' };

/**
 * Coastlines and borders from Natural Earth (the `world-atlas` package, TopoJSON): 1:50m for
 * regional maps, 1:110m when a map spans most of a hemisphere and finer lines would not show.
 * Imported as JSON modules, so that Node and the web app's bundle read the same files; converted
 * to GeoJSON once per process.
 */

export type Resolution = '50m' | '110m';

const cache = new Map<Resolution, readonly Feature[]>();
const TOPOLOGIES: Record<Resolution, unknown> = { '50m': countries50m, '110m': countries110m };

/** Every country outline at this resolution, as GeoJSON features (longitude, latitude in degrees). */
export function countries(resolution: Resolution): readonly Feature[] {
  let features = cache.get(resolution);
  if (!features) {
    const topology = TOPOLOGIES[resolution] as Topology<{ countries: GeometryCollection }>;
    features = (feature(topology, topology.objects.countries) as FeatureCollection).features;
    cache.set(resolution, features);
  }
  return features;
}

/** The resolution for a map spanning this many degrees of longitude. */
export function resolutionFor(lonSpan: number): Resolution {
  return lonSpan > 90 ? '110m' : '50m';
}
