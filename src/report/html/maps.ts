import type { TopLevelSpec } from 'vega-lite';
import { countries, resolutionFor } from './coastlines.js';
import { PLOT_CONFIG } from './plot-style.js';
import type { MapPlace, ThreatTrack } from './report-input.js';
import type { EngagementRow, FootprintResult } from './study-results.js';

/**
 * Maps as Vega-Lite specs: Natural Earth country outlines under the scenario's geography, in an
 * azimuthal equidistant projection centred on what is shown and fitted to its extent (with a
 * margin), so that a regional map is not distorted and a transatlantic one still reads.
 * Outlines are clipped to the frame, which keeps the SVG small.
 */

const WIDTH = 760;

interface LonLat {
  readonly lat: number;
  readonly lon: number;
}

/**
 * The projection: centred on the points, fitted to them with a margin (each point also offset
 * by the margin north, south, east and west). Fitting to the points rather than to their
 * latitude-longitude box keeps a long east-west map from bulging toward the pole.
 */
function projectionFor(points: readonly LonLat[]) {
  const lats = points.map((p) => p.lat);
  const lons = points.map((p) => p.lon);
  const [south, north] = [Math.min(...lats), Math.max(...lats)];
  const [west, east] = [Math.min(...lons), Math.max(...lons)];
  const margin = Math.max(2, 0.06 * Math.max(north - south, east - west));
  // The frame's shape follows the points' (east-west degrees shrink by the cosine of latitude).
  const wide = (east - west + 2 * margin) * Math.cos((((south + north) / 2) * Math.PI) / 180);
  const height = Math.round(Math.min(560, Math.max(300, (WIDTH * (north - south + 2 * margin)) / wide)));
  const fitted: Array<[number, number]> = points.flatMap((p) => [
    [p.lon, p.lat],
    [p.lon - margin, p.lat],
    [p.lon + margin, p.lat],
    [p.lon, Math.max(-89, p.lat - margin)],
    [p.lon, Math.min(89, p.lat + margin)],
  ]);
  return {
    lonSpan: east - west,
    height,
    projection: {
      type: 'azimuthalEquidistant' as const,
      rotate: [-(west + east) / 2, -(south + north) / 2, 0] as [number, number, number],
      // Points, not a polygon: a polygon's winding would decide which side is inside.
      fit: { type: 'Feature', geometry: { type: 'MultiPoint', coordinates: fitted }, properties: {} },
      clipExtent: [
        [0, 0],
        [WIDTH, height],
      ] as [[number, number], [number, number]],
    },
  };
}

/** Sea, country outlines and a 10-degree graticule over them: the base of every map. */
function baseLayers(lonSpan: number) {
  return [
    { data: { sphere: true as const }, mark: { type: 'geoshape' as const, fill: '#e8f0f7' } },
    {
      data: { values: countries(resolutionFor(lonSpan)) as unknown as object[] },
      mark: { type: 'geoshape' as const, fill: '#f3f0e8', stroke: '#9a9a9a', strokeWidth: 0.5 },
    },
    {
      data: { graticule: { step: [10, 10] as [number, number] } },
      mark: {
        type: 'geoshape' as const,
        stroke: '#7d93a8',
        strokeWidth: 0.5,
        strokeOpacity: 0.4,
        filled: false,
      },
    },
  ];
}

const PLACE_SHAPES = {
  domain: ['launch site', 'target', 'interceptor site', 'radar', 'intercept'],
  range: ['triangle-up', 'diamond', 'triangle-down', 'square', 'cross'],
};

function placeLayers(places: ReadonlyArray<{ id: string; role: string; lat: number; lon: number }>) {
  const position = {
    latitude: { field: 'lat', type: 'quantitative' as const },
    longitude: { field: 'lon', type: 'quantitative' as const },
  };
  // The legend lists only the roles on this map.
  const roles = PLACE_SHAPES.domain.filter((r) => places.some((p) => p.role === r));
  const shapes = {
    domain: roles,
    range: roles.map((r) => PLACE_SHAPES.range[PLACE_SHAPES.domain.indexOf(r)]!),
  };
  return [
    {
      data: { values: places as unknown as object[] },
      mark: { type: 'point' as const, filled: true, size: 70, stroke: 'white', strokeWidth: 0.8 },
      encoding: {
        ...position,
        shape: { field: 'role', type: 'nominal' as const, title: 'place', scale: shapes },
        fill: { value: '#222' },
      },
    },
    {
      data: { values: places.filter((p) => p.role !== 'intercept') as unknown as object[] },
      mark: { type: 'text' as const, dx: 7, dy: -7, align: 'left' as const, fontSize: 10, fill: '#222' },
      encoding: { ...position, text: { field: 'id', type: 'nominal' as const } },
    },
  ];
}

/** Every threat's ground track with launch sites, targets, interceptor sites, radars and intercept points. */
export function groundTrackMapSpec(
  threats: readonly ThreatTrack[],
  places: readonly MapPlace[],
  engagements: readonly EngagementRow[],
): TopLevelSpec {
  const track = threats.flatMap((t) =>
    t.samples.map((s) => ({ threat: t.id, time: s.time, lat: s.lat, lon: s.lon })),
  );
  const intercepts = engagements.flatMap((e) =>
    (e.intercepts ?? []).map((i, k) => ({
      id: `${e.threat} shot ${k + 1}`,
      role: 'intercept',
      lat: i.lat,
      lon: i.lon,
    })),
  );
  const shown = [...places, ...intercepts];
  const { projection, lonSpan, height } = projectionFor([...track, ...shown]);
  return {
    config: PLOT_CONFIG,
    width: WIDTH,
    height,
    title: 'Ground tracks',
    projection,
    layer: [
      ...baseLayers(lonSpan),
      {
        data: { values: track },
        mark: { type: 'line', strokeWidth: 2 },
        encoding: {
          latitude: { field: 'lat', type: 'quantitative' },
          longitude: { field: 'lon', type: 'quantitative' },
          order: { field: 'time', type: 'quantitative' },
          color: { field: 'threat', type: 'nominal', title: 'threat' },
        },
      },
      ...placeLayers(shown),
    ],
    resolve: { scale: { color: 'independent' } },
  } as TopLevelSpec;
}

const STATUS_COLORS = {
  domain: ['defended', 'not defended', 'out of range', 'not aimed'],
  range: ['#1a9850', '#d73027', '#b0b0b0', '#7b3294'],
};

/** A footprint's target grid coloured by whether the defence answers a threat aimed at each point. */
export function footprintMapSpec(footprint: FootprintResult, places: readonly MapPlace[]): TopLevelSpec {
  const g = footprint.grid;
  const corners = [
    { lat: g.south, lon: g.west },
    { lat: g.north, lon: g.east },
  ];
  const context = places.filter((p) => p.role !== 'target');
  const { projection, lonSpan, height } = projectionFor([...corners, ...context]);
  return {
    config: PLOT_CONFIG,
    width: WIDTH,
    height,
    title: `Defended area against ${footprint.threat}`,
    projection,
    layer: [
      ...baseLayers(lonSpan),
      {
        data: { values: footprint.points as unknown as object[] },
        mark: { type: 'circle', size: 90, opacity: 0.9, stroke: 'white', strokeWidth: 0.5 },
        encoding: {
          latitude: { field: 'lat', type: 'quantitative' },
          longitude: { field: 'lon', type: 'quantitative' },
          color: { field: 'status', type: 'nominal', title: 'target point', scale: STATUS_COLORS },
        },
      },
      ...placeLayers(context),
    ],
  } as TopLevelSpec;
}
