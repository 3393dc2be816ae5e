import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { InputError } from '../core/errors.js';
import type { EarthModel } from '../earth/earth-model.js';
import type { Geodetic } from '../earth/geodetic.js';
import type { Rocket } from '../flight/rocket.js';
import { parseCatalogEntry } from '../scenario/catalog-entry.js';
import {
  type InterceptorFile,
  interceptorSchema,
  parseInterceptorFile,
} from '../scenario/interceptor-file.js';
import { type MissileCatalog, parseMissileCatalog } from '../scenario/missile-catalog.js';
import { type MissileFile, parseMissileFile } from '../scenario/missile-file.js';
import type { Override } from '../scenario/overrides.js';
import type { ScenarioCatalogs } from '../scenario/scenario-file.js';
import { parseSensorFile, type SensorFile } from '../scenario/sensor-file.js';
import { parseSharingCatalog, type SharingCatalog } from '../scenario/sharing-file.js';
import { parseSiteCatalog, type SiteCatalog, siteGeodetic } from '../scenario/site-catalog.js';
import { readInputFile } from './input-file.js';
import { packageRoot } from './package-root.js';

/** The catalogs shipped in data/, read once per process. */

let sites: SiteCatalog | undefined;
let missiles: MissileCatalog | undefined;
const missileTexts = new Map<string, string>();

export function siteCatalog(): SiteCatalog {
  sites ??= parseSiteCatalog(
    'data/sites.yaml',
    readInputFile(join(packageRoot(), 'data', 'sites.yaml'), 'site catalog'),
  );
  return sites;
}

export function missileCatalog(): MissileCatalog {
  if (!missiles) {
    const dir = join(packageRoot(), 'data', 'missiles');
    const names = existsSync(dir) ? readdirSync(dir).filter((f) => /\.ya?ml$/.test(f)) : [];
    const files = names
      .sort()
      .map((f) => ({ file: `data/missiles/${f}`, text: readInputFile(join(dir, f), 'missile catalog') }));
    missiles = parseMissileCatalog(files);
    for (const f of files) missileTexts.set(f.file.replace(/^.*\//, '').replace(/\.ya?ml$/, ''), f.text);
  }
  return missiles;
}

/** `--missile ID|FILE`: a catalog id, or a missile file on disk, with `--set` overrides applied. */
export function resolveMissile(
  value: string,
  flag = '--missile',
  overrides: readonly Override[] = [],
): { missile: MissileFile; text: string } {
  // A file on disk is read on its own; the catalog is only consulted for ids.
  if (/[./\\]/.test(value) && existsSync(value)) {
    const text = readInputFile(value, flag);
    return { missile: parseMissileFile(value, text, overrides), text };
  }
  const fromCatalog = missileCatalog().get(value);
  if (!fromCatalog) {
    const ids = missileCatalog().missiles.map((m) => m.id);
    if (!existsSync(value)) {
      throw new InputError(
        flag,
        value,
        `a catalog missile id (${ids.join(', ') || 'none in data/missiles'}) or a missile file`,
      );
    }
    const text = readInputFile(value, flag);
    return { missile: parseMissileFile(value, text, overrides), text };
  }
  const text = missileTexts.get(value) ?? '';
  const mine = overrides.filter((o) => o.id === value);
  if (mine.length === 0) return { missile: fromCatalog, text };
  return {
    missile: parseMissileFile(`data/missiles/${value}.yaml`, text, mine),
    text: `${text}\n${mine.map((o) => o.text).join('\n')}`,
  };
}

let interceptorTexts: Map<string, { file: string; text: string }> | undefined;

/** The interceptor files shipped in data/interceptors, by id (text only: building needs an Earth model). */
export function interceptorFiles(): Map<string, { file: string; text: string }> {
  if (!interceptorTexts) {
    interceptorTexts = new Map();
    const dir = join(packageRoot(), 'data', 'interceptors');
    const names = existsSync(dir) ? readdirSync(dir).filter((f) => /\.ya?ml$/.test(f)) : [];
    for (const f of names.sort()) {
      interceptorTexts.set(f.replace(/\.ya?ml$/, ''), {
        file: `data/interceptors/${f}`,
        text: readInputFile(join(dir, f), 'interceptor catalog'),
      });
    }
  }
  return interceptorTexts;
}

/** `--interceptor ID|FILE`: a catalog id or an interceptor file, built on an Earth model with overrides. */
export function resolveInterceptor(
  value: string,
  earth: EarthModel,
  overrides: readonly Override[],
  flag = '--interceptor',
): InterceptorFile & { text: string } {
  if (/[./\\]/.test(value) && existsSync(value)) {
    const text = readInputFile(value, flag);
    return { ...parseInterceptorFile(value, text, earth, overrides), text };
  }
  const entry = interceptorFiles().get(value);
  if (!entry) {
    throw new InputError(
      flag,
      value,
      `a catalog interceptor id (${[...interceptorFiles().keys()].join(', ') || 'none in data/interceptors'}) or an interceptor file`,
    );
  }
  return { ...parseInterceptorFile(entry.file, entry.text, earth, overrides), text: entry.text };
}

let sensorTexts: Map<string, { file: string; text: string }> | undefined;

/** The sensor files shipped in data/sensors, by id. */
export function sensorFiles(): Map<string, { file: string; text: string }> {
  if (!sensorTexts) {
    sensorTexts = new Map();
    const dir = join(packageRoot(), 'data', 'sensors');
    const names = existsSync(dir) ? readdirSync(dir).filter((f) => /\.ya?ml$/.test(f)) : [];
    for (const f of names.sort()) {
      sensorTexts.set(f.replace(/\.ya?ml$/, ''), {
        file: `data/sensors/${f}`,
        text: readInputFile(join(dir, f), 'sensor catalog'),
      });
    }
  }
  return sensorTexts;
}

/** `--sensors ID,ID,...`: catalog sensor ids or sensor files, with `--set` overrides. */
export function resolveSensor(value: string, overrides: readonly Override[], flag = '--sensors'): SensorFile {
  if (/[./\\]/.test(value) && existsSync(value)) {
    return parseSensorFile(value, readInputFile(value, flag), siteCatalog(), overrides);
  }
  const entry = sensorFiles().get(value);
  if (!entry) {
    throw new InputError(
      flag,
      value,
      `a catalog sensor id (${[...sensorFiles().keys()].join(', ') || 'none in data/sensors'}) or a sensor file`,
    );
  }
  return parseSensorFile(entry.file, entry.text, siteCatalog(), overrides);
}

let sharing: SharingCatalog | undefined;

/** The sharing arrangements of data/sharing.yaml. */
export function sharingCatalog(): SharingCatalog {
  sharing ??= parseSharingCatalog(
    'data/sharing.yaml',
    readInputFile(join(packageRoot(), 'data', 'sharing.yaml'), 'sharing catalog'),
    [...sensorFiles().keys()],
  );
  return sharing;
}

/** The ids a scenario file may refer to. */
export function scenarioCatalogs(): ScenarioCatalogs {
  const sharingIds = ['own-sensors', ...sharingCatalog().arrangements.map((a) => a.id)];
  return {
    sites: siteCatalog(),
    missiles: missileCatalog().missiles.map((m) => m.id!),
    interceptors: [...interceptorFiles().keys()],
    sensors: [...sensorFiles().keys()],
    arrangements: [...new Set(sharingIds)],
    parties: sharingCatalog().parties.map((p) => p.id),
    checkOverrides: checkCatalogOverrides,
    parameterRanges: catalogParameterRanges,
    sharedLatencies: (arrangement) =>
      (sharingCatalog().arrangements.find((a) => a.id === arrangement)?.shares ?? [])
        .filter((x) => x.latencyRange && x.latencyRange.low < x.latencyRange.high)
        .map((x) => x.sensor),
  };
}

/**
 * The cited parameters of an entry with overrides applied, each with whether it has a range to
 * sample, flying nothing (an interceptor is read, not built); undefined when the overrides fail.
 */
function catalogParameterRanges(
  id: string,
  overrides: readonly Override[],
): ReadonlyArray<{ path: string; ranged: boolean }> | undefined {
  try {
    const interceptor = interceptorFiles().get(id);
    const parameters = missileCatalog().get(id)
      ? resolveMissile(id, 'overrides', overrides).missile.parameters
      : interceptor
        ? parseCatalogEntry(interceptor.file, interceptor.text, interceptorSchema, overrides).parameters
        : resolveSensor(id, overrides, 'overrides').parameters;
    return parameters.map((p) => ({
      path: p.path,
      ranged: p.cited.low !== undefined && p.cited.high !== undefined && p.cited.low < p.cited.high,
    }));
  } catch (e) {
    if (e instanceof InputError) return undefined;
    throw e;
  }
}

// Outcomes by entry and overrides: a sweep or a re-validation asks the same question again.
const overrideChecks = new Map<string, InputError | undefined>();

/**
 * Overrides applied to a catalog entry with the code a run uses, flying nothing: missiles and
 * sensors are built in full (pure arithmetic); an interceptor is checked against its schema, since
 * building its booster flies it.
 */
function checkCatalogOverrides(id: string, overrides: readonly Override[]): InputError | undefined {
  const key = JSON.stringify([id, ...overrides.map((o) => [o.id, o.path, o.value, o.range ?? null])]);
  if (overrideChecks.has(key)) return overrideChecks.get(key);
  let problem: InputError | undefined;
  try {
    const interceptor = interceptorFiles().get(id);
    if (missileCatalog().get(id)) resolveMissile(id, 'overrides', overrides);
    else if (interceptor) parseCatalogEntry(interceptor.file, interceptor.text, interceptorSchema, overrides);
    else resolveSensor(id, overrides, 'overrides');
  } catch (e) {
    if (!(e instanceof InputError)) throw e;
    problem = e;
  }
  if (overrideChecks.size >= 10_000) overrideChecks.clear();
  overrideChecks.set(key, problem);
  return problem;
}

/** The Russian ICBM bases of 2007 (data/russian-icbm-bases.yaml), each with its missile. */
export function russianBases(overrides: readonly Override[] = []): {
  source: string;
  bases: Array<{ id: string; site: Geodetic; missileId: string; missile: Rocket }>;
} {
  const data = parse(readInputFile(join(packageRoot(), 'data', 'russian-icbm-bases.yaml'), 'base list')) as {
    source: string;
    bases: Array<{ site: string; missile: string }>;
  };
  return {
    source: data.source,
    bases: data.bases.map((b) => ({
      id: b.site,
      site: siteGeodetic(siteCatalog().get(b.site)!),
      missileId: b.missile,
      missile: resolveMissile(b.missile, '--threat', overrides).missile.rocket,
    })),
  };
}
