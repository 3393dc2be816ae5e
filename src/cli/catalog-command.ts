import type { Command } from 'commander';
import { InputError } from '../core/errors.js';
import { FULL_EARTH } from '../earth/earth-model.js';
import type { CatalogParameter } from '../scenario/catalog-entry.js';
import type { CitedValue } from '../scenario/schema-quantity.js';
import {
  interceptorFiles,
  missileCatalog,
  resolveInterceptor,
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
  if (interceptorFiles().has(id)) return showInterceptor(id, format);
  if (sensorFiles().has(id)) return showSensor(id, format);
  const missile = missileCatalog().get(id);
  if (!missile) {
    throw new InputError(
      'catalog show',
      id,
      `a catalog id (${entries()
        .map((e) => e.id)
        .join(', ')})`,
    );
  }
  const parameters = missile.parameters.map(parameterJson);
  if (format === 'json') {
    return toJson({
      id: missile.id,
      kind: 'missile',
      name: missile.rocket.name,
      class: missile.class ?? null,
      propellant: missile.propellant ?? null,
      description: missile.description ?? null,
      sources: missile.sources,
      parameters,
      fit: missile.fit ?? null,
    });
  }
  const lines = [
    `${missile.rocket.name} (${missile.id})${missile.class ? `, ${missile.class}` : ''}${missile.propellant ? `, ${missile.propellant}` : ''}`,
    ...(missile.description ? [missile.description] : []),
    '',
    parameterTable(parameters),
    '',
    'sources:',
    ...Object.entries(missile.sources).map(([k, v]) => `  ${k}: ${v}`),
  ];
  if (missile.fit) {
    lines.push('', `fit: ${missile.fit.method}`, ...missile.fit.inputs.map((i) => `  input: ${i}`));
    if (missile.fit.result) lines.push(`  result: ${missile.fit.result}`);
  }
  return lines.join('\n');
}

/** One cited parameter for display: value in a readable unit, spread, source key, note. */
function parameterJson(p: CatalogParameter) {
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

function showInterceptor(id: string, format: 'json' | 'table'): string {
  const f = resolveInterceptor(id, FULL_EARTH, []);
  const title = `${f.interceptor.name} (${id}), booster ${f.boosterModel === 'stages' ? 'from its stages' : 'fitted to its burnout speed'}`;
  return showEntry(
    format,
    { id, kind: 'interceptor', name: f.interceptor.name, booster: f.boosterModel },
    title,
    f,
  );
}

function showSensor(id: string, format: 'json' | 'table'): string {
  const f = resolveSensor(id, [], 'catalog show');
  const name = f.kind === 'radar' ? f.radar.name : f.constellation.name;
  const party = f.kind === 'radar' ? f.radar.party : f.constellation.party;
  return showEntry(
    format,
    { id, kind: 'sensor', name, sensorKind: f.kind, party },
    `${name} (${id}), ${party}`,
    f,
  );
}

/** An interceptor or sensor file: its header fields, description, cited parameters and sources. */
function showEntry(
  format: 'json' | 'table',
  header: Record<string, string>,
  title: string,
  f: {
    description: string | undefined;
    sources: Readonly<Record<string, string>>;
    parameters: readonly CatalogParameter[];
  },
): string {
  const parameters = f.parameters.map(parameterJson);
  if (format === 'json') {
    return toJson({ ...header, description: f.description ?? null, sources: f.sources, parameters });
  }
  return [
    title,
    ...(f.description ? [f.description] : []),
    '',
    parameterTable(parameters),
    '',
    'sources:',
    ...Object.entries(f.sources).map(([k, v]) => `  ${k}: ${v.replace(/\s+/g, ' ')}`),
  ].join('\n');
}

/** The parameters of an entry as a text table. */
function parameterTable(parameters: ReadonlyArray<ReturnType<typeof parameterJson>>): string {
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
