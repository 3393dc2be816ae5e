import { geodesicInverse } from '../../earth/geodesic.js';
import type { CatalogEntryDetails } from '../../scenario/catalog-entry-details.js';
import type { Scenario } from '../../scenario/scenario-schema.js';
import type { CheckedRun, ResultFile } from '../../studies/run-scenario-text.js';
import { flyScenarioThreat } from '../../studies/scenario-run.js';
import { flightJson } from '../flight-json.js';
import { type MethodsSection, methodsSections } from './methods.js';
import { catalogEntriesUsed, type SiteUsed, sitesUsed } from './parameters.js';

/**
 * Everything the HTML report shows, gathered from one run: the result as written to result.json,
 * the scenario's header, each threat's flown track (the result holds only its events), the
 * places on the maps, the catalog entries the scenario names and the methods sections the
 * figures cite. Plain data: `reportHtml` turns it into a page without reading anything else.
 * Latitudes and longitudes are degrees (as in result.json); everything else is SI.
 */
export interface ReportInput {
  readonly result: ResultFile;
  readonly name: string;
  readonly description: string | null;
  readonly epoch: string | null;
  readonly sharing: { readonly id: string; readonly name: string } | null;
  readonly threats: readonly ThreatTrack[];
  readonly places: readonly MapPlace[];
  readonly entries: readonly CatalogEntryDetails[];
  readonly sites: readonly SiteUsed[];
  readonly overrides: readonly string[];
  /** The parameter each sweep study varies, by study id. */
  readonly sweeps: ReadonlyArray<{ readonly id: string; readonly parameter: string }>;
  readonly methods: readonly MethodsSection[];
}

export interface TrackPoint {
  /** s from threat launch. */
  readonly time: number;
  readonly lat: number;
  readonly lon: number;
  /** m above the ellipsoid. */
  readonly altitude: number;
  /** m along the ellipsoid from the launch point. */
  readonly groundRange: number;
}

export interface ThreatTrack {
  readonly id: string;
  readonly missile: string;
  readonly trajectory: string;
  /** Every `SAMPLE_INTERVAL` from launch, and impact; empty when the threat cannot reach its target. */
  readonly samples: readonly TrackPoint[];
  readonly events: ReadonlyArray<TrackPoint & { readonly name: string }>;
  readonly flightTime: number | null;
  readonly reason: string | null;
}

export interface MapPlace {
  readonly id: string;
  readonly role: 'launch site' | 'target' | 'interceptor site' | 'radar';
  readonly lat: number;
  readonly lon: number;
}

/** Time between plotted points of a track (s): smooth curves at a few hundred points per threat. */
const SAMPLE_INTERVAL = 5;
const DEG = 180 / Math.PI;

/**
 * The report's input from a run: flies each threat again for its track. `methodsMarkdown` is the
 * text of docs/METHODS.md (null when it is not installed).
 */
export function reportInput(run: CheckedRun, methodsMarkdown: string | null): ReportInput {
  const { result, scenario, catalog, earth } = run;
  const threats = scenario.threats.map((spec): ThreatTrack => {
    const flown = flyScenarioThreat(spec, catalog, earth);
    const head = { id: spec.id, missile: spec.missile, trajectory: spec.trajectory };
    if (!('trajectory' in flown))
      return { ...head, samples: [], events: [], flightTime: null, reason: flown.message };
    const json = flightJson(flown.flight, SAMPLE_INTERVAL);
    const range = (lat: number, lon: number) =>
      geodesicInverse(json.launch.lat, json.launch.lon, lat, lon, earth.ellipsoid).distance;
    return {
      ...head,
      samples: (json.samples ?? []).map((s) => ({
        time: s.time,
        lat: s.lat,
        lon: s.lon,
        altitude: s.altitude,
        groundRange: range(s.lat, s.lon),
      })),
      events: json.events.map((e) => ({
        name: e.name,
        time: e.time,
        lat: e.lat,
        lon: e.lon,
        altitude: e.altitude,
        groundRange: range(e.lat, e.lon),
      })),
      flightTime: json.flightTime,
      reason: json.reason ?? null,
    };
  });
  const sharing = scenario.defence?.sharing;
  return {
    result,
    name: scenario.name,
    description: scenario.description ?? null,
    epoch: scenario.epoch ?? null,
    sharing: sharing ? { id: sharing, name: catalog.arrangement(sharing).name } : null,
    threats,
    places: mapPlaces(scenario, run.catalog),
    entries: catalogEntriesUsed(run.library, scenario, result.studies),
    sites: sitesUsed(run.library, scenario, result.studies),
    overrides: scenario.overrides ?? [],
    sweeps: scenario.studies.flatMap((s, i) =>
      s.kind === 'sweep' ? [{ id: s.id ?? `sweep-${i + 1}`, parameter: s.parameter }] : [],
    ),
    methods: methodsSections(methodsMarkdown),
  };
}

/** Launch sites, targets, interceptor sites and radars, each once (the first role it plays). */
function mapPlaces(scenario: Scenario, catalog: CheckedRun['catalog']): MapPlace[] {
  const places = new Map<string, MapPlace>();
  const add = (value: string | { lat: number; lon: number }, role: MapPlace['role']) => {
    const p = catalog.place(value);
    const id = typeof value === 'string' ? value : `${(p.lat * DEG).toFixed(2)},${(p.lon * DEG).toFixed(2)}`;
    if (!places.has(id)) places.set(id, { id, role, lat: p.lat * DEG, lon: p.lon * DEG });
  };
  for (const t of scenario.threats) add(t.from, 'launch site');
  for (const t of scenario.threats) add(t.to, 'target');
  for (const s of scenario.defence?.interceptorSites ?? []) add(s.site, 'interceptor site');
  for (const id of scenario.defence?.sensors ?? []) {
    const sensor = catalog.sensor(id, 'warhead');
    if ('site' in sensor && !places.has(id))
      places.set(id, { id, role: 'radar', lat: sensor.site.lat * DEG, lon: sensor.site.lon * DEG });
  }
  return [...places.values()];
}
