import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { InputError } from '../core/errors.js';
import type { EarthModel } from '../earth/earth-model.js';
import type { Geodetic } from '../earth/geodetic.js';
import type { Rocket } from '../flight/rocket.js';
import {
  CatalogLibrary,
  type CatalogText,
  type CatalogLibrary as Library,
} from '../scenario/catalog-library.js';
import type { InterceptorFile } from '../scenario/interceptor-file.js';
import { parseInterceptorFile } from '../scenario/interceptor-file.js';
import type { MissileCatalog } from '../scenario/missile-catalog.js';
import { type MissileFile, parseMissileFile } from '../scenario/missile-file.js';
import type { Override } from '../scenario/overrides.js';
import type { ScenarioCatalogs } from '../scenario/scenario-file.js';
import { parseSensorFile, type SensorFile } from '../scenario/sensor-file.js';
import type { SharingCatalog } from '../scenario/sharing-file.js';
import type { SiteCatalog } from '../scenario/site-catalog.js';
import { readInputFile } from './input-file.js';
import { packageRoot } from './package-root.js';

/**
 * The catalogs shipped in data/, read from disk once per process into a `CatalogLibrary`, and the
 * command line's lookups, which also accept a file on disk where a catalog id is expected.
 */

let shipped: Library | undefined;

/** The YAML files of one folder of data/, in name order. */
function folder(name: string, what: string): CatalogText[] {
  const dir = join(packageRoot(), 'data', name);
  const names = existsSync(dir) ? readdirSync(dir).filter((f) => /\.ya?ml$/.test(f)) : [];
  return names.sort().map((f) => ({ file: `data/${name}/${f}`, text: readInputFile(join(dir, f), what) }));
}

function file(name: string, what: string): CatalogText {
  return { file: `data/${name}`, text: readInputFile(join(packageRoot(), 'data', name), what) };
}

/** The shipped catalog. */
export function shippedCatalog(): Library {
  shipped ??= new CatalogLibrary({
    sites: file('sites.yaml', 'site catalog'),
    missiles: folder('missiles', 'missile catalog'),
    interceptors: folder('interceptors', 'interceptor catalog'),
    sensors: folder('sensors', 'sensor catalog'),
    sharing: file('sharing.yaml', 'sharing catalog'),
    russianBases: file('russian-icbm-bases.yaml', 'base list'),
  });
  return shipped;
}

export function siteCatalog(): SiteCatalog {
  return shippedCatalog().siteCatalog();
}

export function missileCatalog(): MissileCatalog {
  return shippedCatalog().missileCatalog();
}

/** A value that names a file rather than a catalog id. */
const isFilePath = (value: string) => /[./\\]/.test(value) && existsSync(value);

/** `--missile ID|FILE`: a catalog id, or a missile file on disk, with `--set` overrides applied. */
export function resolveMissile(
  value: string,
  flag = '--missile',
  overrides: readonly Override[] = [],
): { missile: MissileFile; text: string } {
  // A file on disk is read on its own; the catalog is only consulted for ids.
  if (!isFilePath(value)) {
    const fromCatalog = shippedCatalog().missile(value, overrides);
    if (fromCatalog) return fromCatalog;
  }
  if (!existsSync(value)) {
    const ids = missileCatalog().missiles.map((m) => m.id);
    throw new InputError(
      flag,
      value,
      `a catalog missile id (${ids.join(', ') || 'none in data/missiles'}) or a missile file`,
    );
  }
  const text = readInputFile(value, flag);
  return { missile: parseMissileFile(value, text, overrides), text };
}

/** The interceptor files shipped in data/interceptors, by id (text only: building needs an Earth model). */
export function interceptorFiles(): ReadonlyMap<string, CatalogText> {
  return shippedCatalog().interceptorFiles();
}

/** `--interceptor ID|FILE`: a catalog id or an interceptor file, built on an Earth model with overrides. */
export function resolveInterceptor(
  value: string,
  earth: EarthModel,
  overrides: readonly Override[],
  flag = '--interceptor',
): InterceptorFile & { text: string } {
  if (isFilePath(value)) {
    const text = readInputFile(value, flag);
    return { ...parseInterceptorFile(value, text, earth, overrides), text };
  }
  const found = shippedCatalog().interceptor(value, earth, overrides);
  if (!found) {
    throw new InputError(
      flag,
      value,
      `a catalog interceptor id (${[...interceptorFiles().keys()].join(', ') || 'none in data/interceptors'}) or an interceptor file`,
    );
  }
  return found;
}

/** The sensor files shipped in data/sensors, by id. */
export function sensorFiles(): ReadonlyMap<string, CatalogText> {
  return shippedCatalog().sensorFiles();
}

/** `--sensors ID,ID,...`: catalog sensor ids or sensor files, with `--set` overrides. */
export function resolveSensor(value: string, overrides: readonly Override[], flag = '--sensors'): SensorFile {
  if (isFilePath(value)) {
    return parseSensorFile(value, readInputFile(value, flag), siteCatalog(), overrides);
  }
  const found = shippedCatalog().sensor(value, overrides);
  if (!found) {
    throw new InputError(
      flag,
      value,
      `a catalog sensor id (${[...sensorFiles().keys()].join(', ') || 'none in data/sensors'}) or a sensor file`,
    );
  }
  return found;
}

/** The sharing arrangements of data/sharing.yaml. */
export function sharingCatalog(): SharingCatalog {
  return shippedCatalog().sharingCatalog();
}

/** The ids a scenario file may refer to. */
export function scenarioCatalogs(): ScenarioCatalogs {
  return shippedCatalog().scenarioCatalogs();
}

/** The Russian ICBM bases of 2007 (data/russian-icbm-bases.yaml), each with its missile. */
export function russianBases(overrides: readonly Override[] = []): {
  source: string;
  bases: Array<{ id: string; site: Geodetic; missileId: string; missile: Rocket }>;
} {
  return shippedCatalog().russianBases(overrides);
}
