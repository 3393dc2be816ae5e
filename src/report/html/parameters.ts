import { type CatalogEntryDetails, catalogEntryDetails } from '../../scenario/catalog-entry-details.js';
import type { CatalogLibrary } from '../../scenario/catalog-library.js';
import { parseOverride } from '../../scenario/overrides.js';
import type { Scenario } from '../../scenario/scenario-schema.js';
import type { StudyResult } from '../../studies/scenario-run.js';
import { anchorId, escapeHtml } from './escape.js';
import { htmlTable } from './tables.js';

/**
 * The catalog behind a run: every missile, interceptor and sensor the scenario names, with each
 * parameter's value (the scenario's overrides applied, as the run applied them), unit, range
 * and citation, and every catalog site it names with its source.
 */

/** A place the scenario names: from the site catalog, or defined in the scenario itself. */
export interface SiteUsed {
  readonly id: string;
  readonly name: string;
  readonly lat: number;
  readonly lon: number;
  readonly latRange: readonly [number, number] | null;
  readonly lonRange: readonly [number, number] | null;
  /** The citation, or null for a site the scenario defines. */
  readonly source: string | null;
}

/** Missiles, interceptors and sensors named by the scenario (and by its Russia-question rows). */
export function catalogEntriesUsed(
  library: CatalogLibrary,
  scenario: Scenario,
  studies: readonly StudyResult[],
): CatalogEntryDetails[] {
  const overrides = (scenario.overrides ?? []).map((o) => parseOverride(o, 'overrides'));
  const ids = [
    ...scenario.threats.map((t) => t.missile),
    ...russiaRows(studies).map((r) => r.missile),
    ...(scenario.defence?.interceptorSites ?? []).map((s) => s.interceptor),
    ...(scenario.defence?.sensors ?? []),
  ];
  return [...new Set(ids)].flatMap((id) => catalogEntryDetails(library, id, overrides) ?? []);
}

/** Catalog and scenario sites named as launch sites, targets and interceptor sites. */
export function sitesUsed(
  library: CatalogLibrary,
  scenario: Scenario,
  studies: readonly StudyResult[],
): SiteUsed[] {
  const own = new Map((scenario.sites ?? []).map((s) => [s.id, s]));
  const DEG = 180 / Math.PI;
  const named = [
    ...scenario.threats.flatMap((t) => [t.from, t.to]),
    ...(scenario.defence?.interceptorSites ?? []).map((s) => s.site),
    ...russiaRows(studies).flatMap((r) => [r.base, r.target]),
  ].filter((p): p is string => typeof p === 'string');
  return [...new Set(named)].flatMap((id): SiteUsed[] => {
    const mine = own.get(id);
    if (mine)
      return [
        {
          id,
          name: mine.name ?? id,
          lat: mine.lat * DEG,
          lon: mine.lon * DEG,
          latRange: null,
          lonRange: null,
          source: null,
        },
      ];
    const site = library.siteCatalog().get(id);
    if (!site) return []; // "LAT,LON" written in the scenario
    return [
      {
        id,
        name: site.name,
        lat: site.lat,
        lon: site.lon,
        latRange: site.latRange ?? null,
        lonRange: site.lonRange ?? null,
        source: site.source,
      },
    ];
  });
}

function russiaRows(studies: readonly StudyResult[]) {
  return studies
    .filter((s) => s.kind === 'russia-question')
    .flatMap((s) => s.results as Array<{ base: string; missile: string; target: string }>);
}

/** One entry's parameters as a table, its citations as a list (each source key links to its citation). */
export function entryHtml(entry: CatalogEntryDetails): string {
  const anchor = `catalog-${anchorId(entry.id)}`;
  // A source key links to its citation; `fit` to the entry's description of the fit.
  const sourceLink = (key: string) =>
    key in entry.sources
      ? `<a href="#${anchor}-source-${anchorId(key)}">${escapeHtml(key)}</a>`
      : key === 'fit' && entry.fit
        ? `<a href="#${anchor}-fit">fit</a>`
        : escapeHtml(key);
  const rows = entry.parameters.map((p) => [
    `<code>${escapeHtml(p.parameter)}</code>`,
    escapeHtml(String(p.value)),
    escapeHtml(p.unit),
    p.low !== undefined || p.high !== undefined ? escapeHtml(`${p.low ?? ''} to ${p.high ?? ''}`) : '',
    sourceLink(p.source),
    escapeHtml(p.note ?? ''),
  ]);
  const fit = entry.fit
    ? `<p class="fit" id="${anchor}-fit"><b>fit:</b> ${escapeHtml(entry.fit.method)}</p><ul>${entry.fit.inputs
        .map((i) => `<li>input: ${escapeHtml(i)}</li>`)
        .join('')}${entry.fit.result ? `<li>result: ${escapeHtml(entry.fit.result)}</li>` : ''}</ul>`
    : '';
  return [
    `<h3 id="${anchor}">${escapeHtml(entry.kind)}: ${escapeHtml(entry.title)}</h3>`,
    entry.description ? `<p>${escapeHtml(entry.description)}</p>` : '',
    htmlTable(['parameter', 'value', 'unit', 'range', 'source', 'note'], rows, {
      className: 'parameters',
      numeric: [1],
    }),
    fit,
    '<dl class="sources">',
    ...Object.entries(entry.sources).map(
      ([k, v]) =>
        `<dt id="${anchor}-source-${anchorId(k)}">${escapeHtml(k)}</dt><dd>${escapeHtml(v.replace(/\s+/g, ' '))}</dd>`,
    ),
    '</dl>',
  ].join('\n');
}

/** The sites as one table with their sources. */
export function sitesHtml(sites: readonly SiteUsed[]): string {
  const range = (r: readonly [number, number] | null) => (r ? ` (${r[0]} to ${r[1]})` : '');
  return htmlTable(
    ['site', 'name', 'latitude (deg)', 'longitude (deg)', 'source'],
    sites.map((s) => [
      `<code>${escapeHtml(s.id)}</code>`,
      escapeHtml(s.name),
      escapeHtml(`${s.lat}${range(s.latRange)}`),
      escapeHtml(`${s.lon}${range(s.lonRange)}`),
      escapeHtml(s.source ?? 'defined in the scenario'),
    ]),
    { className: 'parameters', numeric: [2, 3] },
  );
}
