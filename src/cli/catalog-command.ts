import type { Command } from 'commander';
import { InputError } from '../core/errors.js';
import { FULL_EARTH } from '../earth/earth-model.js';
import { catalogEntryDetails, type ParameterRow } from '../scenario/catalog-entry-details.js';
import {
  interceptorFiles,
  missileCatalog,
  resolveInterceptor,
  resolveSensor,
  sensorFiles,
  shippedCatalog,
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
  const entry = catalogEntryDetails(shippedCatalog(), id);
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
