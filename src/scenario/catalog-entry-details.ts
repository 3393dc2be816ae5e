import { FULL_EARTH } from '../earth/earth-model.js';
import type { CatalogParameter } from './catalog-entry.js';
import type { CatalogLibrary } from './catalog-library.js';
import type { Override } from './overrides.js';
import type { CitedValue } from './schema-quantity.js';

/**
 * A catalog entry as people read it (`shieldlab catalog show`, the report's parameter tables):
 * every cited parameter in a readable unit with its range and source.
 */

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
  library: CatalogLibrary,
  id: string,
  overrides: readonly Override[] = [],
): CatalogEntryDetails | undefined {
  const interceptor = library.interceptor(id, FULL_EARTH, overrides);
  if (interceptor) {
    const f = interceptor;
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
  const sensor = library.sensor(id, overrides);
  if (sensor) {
    const f = sensor;
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
  const found = library.missile(id, overrides);
  if (!found) return undefined;
  const missile = found.missile;
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
