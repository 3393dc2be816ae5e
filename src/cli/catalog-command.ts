import type { Command } from 'commander';
import { InputError } from '../core/errors.js';
import { FULL_EARTH } from '../earth/earth-model.js';
import type { CatalogParameter } from '../scenario/catalog-entry.js';
import type { Override } from '../scenario/overrides.js';
import type { CitedValue } from '../scenario/schema-quantity.js';
import {
  interceptorFiles,
  missileCatalog,
  resolveInterceptor,
  resolveMissile,
  resolveSensor,
  sensorFiles,
  siteCatalog,
} from './catalog-files.js';
import { checkFormat } from './common-flags.js';
import { keyValues, table, toJson } from './render.js';

/** `shieldlab catalog list|show ID`: every entry with its sources. */
export function registerCatalog(program: Command): void {
  const catalog = program.command('catalog').description('the catalog of sites and missiles, with sources');
  catalog
    .command('list')
    .description('every catalog entry: id, kind, name, sources')
    .option('--format <format>', 'json or table', 'table')
    .action((flags: { format: string }) => {
      process.stdout.write(`${runCatalogList(checkFormat(flags.format))}\n`);
    });
  catalog
    .command('show <id>')
    .description('one entry with every parameter, its source and range')
    .option('--format <format>', 'json or table', 'table')
    .action((id: string, flags: { format: string }) => {
      process.stdout.write(`${runCatalogShow(id, checkFormat(flags.format))}\n`);
    });
}

interface Entry {
  readonly id: string;
  readonly kind: 'site' | 'missile' | 'interceptor' | 'sensor';
  readonly name: string;
  readonly sources: string[];
}

function entries(): Entry[] {
  const sites: Entry[] = siteCatalog().sites.map((s) => ({
    id: s.id,
    kind: 'site',
    name: s.name,
    sources: [s.source],
  }));
  const missiles: Entry[] = missileCatalog().missiles.map((m) => ({
    id: m.id!,
    kind: 'missile',
    name: m.rocket.name,
    sources: Object.values(m.sources),
  }));
  const interceptors: Entry[] = [...interceptorFiles().keys()].map((id) => {
    const f = resolveInterceptor(id, FULL_EARTH, []);
    return { id, kind: 'interceptor', name: f.interceptor.name, sources: Object.values(f.sources) };
  });
  const sensors: Entry[] = [...sensorFiles().keys()].map((id) => {
    const f = resolveSensor(id, [], 'catalog');
    const name = f.kind === 'radar' ? f.radar.name : f.constellation.name;
    return { id, kind: 'sensor', name, sources: Object.values(f.sources) };
  });
  return [...sites, ...missiles, ...interceptors, ...sensors];
}

export function runCatalogList(format: 'json' | 'table'): string {
  const all = entries();
  if (format === 'json') return toJson(all);
  return table(
    ['id', 'kind', 'name', 'sources'],
    all.map((e) => [e.id, e.kind, e.name, String(e.sources.length)]),
  );
}

const UNIT: Record<CitedValue['dimension'], [string, number]> = {
  length: ['km', 1000],
  speed: ['m/s', 1],
  time: ['s', 1],
  angle: ['deg', Math.PI / 180],
  mass: ['kg', 1],
  force: ['kN', 1000],
  area_density: ['kg/m^2', 1],
  power: ['kW', 1000],
  area: ['m^2', 1],
  frequency: ['GHz', 1e9],
  dimensionless: ['', 1],
};

/** One non-site catalog entry as `catalog show` reads it: header fields, title, cited parameters, sources. */
export interface CatalogEntryDetails {
  readonly id: string;
  readonly kind: 'missile' | 'interceptor' | 'sensor';
  readonly name: string;
  /** The first line of the table form. */
  readonly title: string;
  /** Fields of the JSON form before `description` (missiles: class and propellant; sensors: party). */
  readonly header: Readonly<Record<string, string | null>>;
  readonly description: string | null;
  readonly sources: Readonly<Record<string, string>>;
  readonly parameters: ReadonlyArray<ParameterRow>;
  readonly fit?: { method: string; inputs: readonly string[]; result?: string | undefined } | null;
}

/**
 * A missile, interceptor or sensor of the catalog with every cited parameter (overrides applied,
 * as a scenario applies them), or undefined for an id that names none (a site, or nothing).
 */
export function catalogEntryDetails(
  id: string,
  overrides: readonly Override[] = [],
): CatalogEntryDetails | undefined {
  if (interceptorFiles().has(id)) {
    const f = resolveInterceptor(id, FULL_EARTH, overrides);
    const name = f.interceptor.name;
    return {
      id,
      kind: 'interceptor',
      name,
      title: `${name} (${id}), booster ${f.boosterModel === 'stages' ? 'from its stages' : 'fitted to its burnout speed'}`,
      header: { id, kind: 'interceptor', name, booster: f.boosterModel },
      description: f.description ?? null,
      sources: f.sources,
      parameters: f.parameters.map(parameterJson),
    };
  }
  if (sensorFiles().has(id)) {
    const f = resolveSensor(id, overrides, 'catalog show');
    const name = f.kind === 'radar' ? f.radar.name : f.constellation.name;
    const party = f.kind === 'radar' ? f.radar.party : f.constellation.party;
    return {
      id,
      kind: 'sensor',
      name,
      title: `${name} (${id}), ${party}`,
      header: { id, kind: 'sensor', name, sensorKind: f.kind, party },
      description: f.description ?? null,
      sources: f.sources,
      parameters: f.parameters.map(parameterJson),
    };
  }
  if (!missileCatalog().get(id)) return undefined;
  const missile = resolveMissile(id, 'catalog show', overrides).missile;
  const name = missile.rocket.name;
  return {
    id,
    kind: 'missile',
    name,
    title: `${name} (${missile.id})${missile.class ? `, ${missile.class}` : ''}${missile.propellant ? `, ${missile.propellant}` : ''}`,
    header: {
      id,
      kind: 'missile',
      name,
      class: missile.class ?? null,
      propellant: missile.propellant ?? null,
    },
    description: missile.description ?? null,
    sources: missile.sources,
    parameters: missile.parameters.map(parameterJson),
    fit: missile.fit ?? null,
  };
}

export function runCatalogShow(id: string, format: 'json' | 'table'): string {
  const site = siteCatalog().get(id);
  if (site) {
    if (format === 'json') {
      const { kind: siteKind, ...rest } = site;
      return toJson({ ...rest, kind: 'site', siteKind, sources: [site.source] });
    }
    return keyValues(
      Object.entries(site).map(([k, v]) => [k, Array.isArray(v) ? v.join(' to ') : String(v)] as const),
    );
  }
  const entry = catalogEntryDetails(id);
  if (!entry) {
    throw new InputError(
      'catalog show',
      id,
      `a catalog id (${entries()
        .map((e) => e.id)
        .join(', ')})`,
    );
  }
  if (format === 'json') {
    return toJson({
      ...entry.header,
      description: entry.description,
      sources: entry.sources,
      parameters: entry.parameters,
      ...(entry.kind === 'missile' ? { fit: entry.fit ?? null } : {}),
    });
  }
  // Interceptors and sensors print their sources on one line each.
  const source = (v: string) => (entry.kind === 'missile' ? v : v.replace(/\s+/g, ' '));
  const lines = [
    entry.title,
    ...(entry.description ? [entry.description] : []),
    '',
    parameterTable(entry.parameters),
    '',
    'sources:',
    ...Object.entries(entry.sources).map(([k, v]) => `  ${k}: ${source(v)}`),
  ];
  if (entry.fit) {
    lines.push('', `fit: ${entry.fit.method}`, ...entry.fit.inputs.map((i) => `  input: ${i}`));
    if (entry.fit.result) lines.push(`  result: ${entry.fit.result}`);
  }
  return lines.join('\n');
}

/** One cited parameter for display: value in a readable unit, spread, source key, note. */
export interface ParameterRow {
  readonly parameter: string;
  readonly value: number;
  readonly unit: string;
  readonly low?: number;
  readonly high?: number;
  readonly source: string;
  readonly note?: string;
}

function parameterJson(p: CatalogParameter): ParameterRow {
  // Lengths below 100 km read better in metres (diameters), above in kilometres (ranges).
  const [unit, scale] =
    p.cited.dimension === 'length' && p.cited.value < 100e3 ? (['m', 1] as const) : UNIT[p.cited.dimension];
  const v = (x: number) => Number((x / scale).toPrecision(6));
  return {
    parameter: p.path,
    value: v(p.cited.value),
    unit,
    ...(p.cited.low !== undefined ? { low: v(p.cited.low) } : {}),
    ...(p.cited.high !== undefined ? { high: v(p.cited.high) } : {}),
    source: p.cited.source ?? '',
    ...(p.cited.note !== undefined ? { note: p.cited.note } : {}),
  };
}

/** The parameters of an entry as a text table. */
function parameterTable(parameters: ReadonlyArray<ParameterRow>): string {
  return table(
    ['parameter', 'value', 'unit', 'range', 'source'],
    parameters.map((p) => [
      p.parameter,
      String(p.value),
      p.unit,
      'low' in p || 'high' in p ? `${p.low ?? ''} to ${p.high ?? ''}` : '',
      p.source,
    ]),
  );
}
