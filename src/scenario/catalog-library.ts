import { parse } from 'yaml';
import { InputError } from '../core/errors.js';
import type { EarthModel } from '../earth/earth-model.js';
import type { Geodetic } from '../earth/geodetic.js';
import type { Rocket } from '../flight/rocket.js';
import { parseCatalogEntry } from './catalog-entry.js';
import { type InterceptorFile, interceptorSchema, parseInterceptorFile } from './interceptor-file.js';
import { type MissileCatalog, parseMissileCatalog } from './missile-catalog.js';
import { type MissileFile, parseMissileFile } from './missile-file.js';
import type { Override } from './overrides.js';
import type { ScenarioCatalogs } from './scenario-file.js';
import { parseSensorFile, type SensorFile } from './sensor-file.js';
import { parseSharingCatalog, type SharingCatalog } from './sharing-file.js';
import { parseSiteCatalog, type SiteCatalog, siteGeodetic } from './site-catalog.js';

/** One catalog file: its path as users see it (`data/sites.yaml`) and its text. */
export interface CatalogText {
  readonly file: string;
  readonly text: string;
}

/**
 * The texts of the catalog files shipped in data/. Where they come from is the caller's business:
 * the command line reads them from disk, the web app has them bundled, so everything below runs
 * the same in Node, in worker threads and in the browser.
 */
export interface CatalogTexts {
  readonly sites: CatalogText;
  readonly missiles: readonly CatalogText[];
  readonly interceptors: readonly CatalogText[];
  readonly sensors: readonly CatalogText[];
  readonly sharing: CatalogText;
  readonly russianBases: CatalogText;
}

/** The file's id: its name without folder and extension. */
const idOf = (file: string) => file.replace(/^.*\//, '').replace(/\.ya?ml$/, '');

/**
 * The shipped catalog, parsed on first use and kept: sites, missiles, interceptors, sensors,
 * sharing arrangements and the Russian ICBM bases, looked up by catalog id with overrides applied.
 */
export class CatalogLibrary {
  private sites?: SiteCatalog;
  private missiles?: MissileCatalog;
  private sharing?: SharingCatalog;
  private readonly missileTexts: ReadonlyMap<string, CatalogText>;
  private readonly interceptorTexts: ReadonlyMap<string, CatalogText>;
  private readonly sensorTexts: ReadonlyMap<string, CatalogText>;
  // Outcomes by entry and overrides: a sweep or a re-validation asks the same question again.
  private readonly overrideChecks = new Map<string, InputError | undefined>();

  constructor(private readonly texts: CatalogTexts) {
    const byId = (files: readonly CatalogText[]) =>
      new Map([...files].sort((a, b) => (a.file < b.file ? -1 : 1)).map((f) => [idOf(f.file), f]));
    this.missileTexts = byId(texts.missiles);
    this.interceptorTexts = byId(texts.interceptors);
    this.sensorTexts = byId(texts.sensors);
  }

  siteCatalog(): SiteCatalog {
    this.sites ??= parseSiteCatalog(this.texts.sites.file, this.texts.sites.text);
    return this.sites;
  }

  missileCatalog(): MissileCatalog {
    this.missiles ??= parseMissileCatalog([...this.missileTexts.values()]);
    return this.missiles;
  }

  /** The text of a catalog missile's file ('' for an unknown id). */
  missileText(id: string): string {
    return this.missileTexts.get(id)?.text ?? '';
  }

  /** A catalog missile with the overrides that name it applied; undefined for an unknown id. */
  missile(
    id: string,
    overrides: readonly Override[] = [],
  ): { missile: MissileFile; text: string } | undefined {
    const fromCatalog = this.missileCatalog().get(id);
    if (!fromCatalog) return undefined;
    const text = this.missileText(id);
    const mine = overrides.filter((o) => o.id === id);
    if (mine.length === 0) return { missile: fromCatalog, text };
    return {
      missile: parseMissileFile(`data/missiles/${id}.yaml`, text, mine),
      text: `${text}\n${mine.map((o) => o.text).join('\n')}`,
    };
  }

  /** The interceptor files by id (text only: building one needs an Earth model). */
  interceptorFiles(): ReadonlyMap<string, CatalogText> {
    return this.interceptorTexts;
  }

  /** A catalog interceptor built on an Earth model with overrides; undefined for an unknown id. */
  interceptor(
    id: string,
    earth: EarthModel,
    overrides: readonly Override[],
  ): (InterceptorFile & { text: string }) | undefined {
    const entry = this.interceptorTexts.get(id);
    if (!entry) return undefined;
    return { ...parseInterceptorFile(entry.file, entry.text, earth, overrides), text: entry.text };
  }

  /** The sensor files by id. */
  sensorFiles(): ReadonlyMap<string, CatalogText> {
    return this.sensorTexts;
  }

  /** A catalog sensor with overrides; undefined for an unknown id. */
  sensor(id: string, overrides: readonly Override[]): SensorFile | undefined {
    const entry = this.sensorTexts.get(id);
    if (!entry) return undefined;
    return parseSensorFile(entry.file, entry.text, this.siteCatalog(), overrides);
  }

  /** A catalog sensor, or bad input naming the flag and the ids there are. */
  requireSensor(id: string, overrides: readonly Override[], flag: string): SensorFile {
    const sensor = this.sensor(id, overrides);
    if (!sensor) {
      throw new InputError(
        flag,
        id,
        `a catalog sensor id (${[...this.sensorTexts.keys()].join(', ') || 'none in data/sensors'})`,
      );
    }
    return sensor;
  }

  /** A catalog missile, or bad input naming the flag and the ids there are. */
  requireMissile(id: string, overrides: readonly Override[], flag: string): MissileFile {
    const found = this.missile(id, overrides);
    if (!found) {
      const ids = this.missileCatalog().missiles.map((m) => m.id);
      throw new InputError(flag, id, `a catalog missile id (${ids.join(', ') || 'none in data/missiles'})`);
    }
    return found.missile;
  }

  /** A catalog interceptor, or bad input naming the flag and the ids there are. */
  requireInterceptor(
    id: string,
    earth: EarthModel,
    overrides: readonly Override[],
    flag: string,
  ): InterceptorFile & { text: string } {
    const found = this.interceptor(id, earth, overrides);
    if (!found) {
      throw new InputError(
        flag,
        id,
        `a catalog interceptor id (${[...this.interceptorTexts.keys()].join(', ') || 'none in data/interceptors'})`,
      );
    }
    return found;
  }

  /** The sharing arrangements of data/sharing.yaml. */
  sharingCatalog(): SharingCatalog {
    this.sharing ??= parseSharingCatalog(this.texts.sharing.file, this.texts.sharing.text, [
      ...this.sensorTexts.keys(),
    ]);
    return this.sharing;
  }

  /** The ids a scenario file may refer to, and the checks of its overrides. */
  scenarioCatalogs(): ScenarioCatalogs {
    const sharingIds = ['own-sensors', ...this.sharingCatalog().arrangements.map((a) => a.id)];
    return {
      sites: this.siteCatalog(),
      missiles: this.missileCatalog().missiles.map((m) => m.id!),
      interceptors: [...this.interceptorTexts.keys()],
      sensors: [...this.sensorTexts.keys()],
      arrangements: [...new Set(sharingIds)],
      parties: this.sharingCatalog().parties.map((p) => p.id),
      checkOverrides: (id, overrides) => this.checkOverrides(id, overrides),
      parameterRanges: (id, overrides) => this.parameterRanges(id, overrides),
      sharedLatencies: (arrangement) =>
        (this.sharingCatalog().arrangements.find((a) => a.id === arrangement)?.shares ?? [])
          .filter((x) => x.latencyRange && x.latencyRange.low < x.latencyRange.high)
          .map((x) => x.sensor),
    };
  }

  /** The cited parameters of an entry (overrides applied), read rather than built: an interceptor's booster flies. */
  private entryParameters(id: string, overrides: readonly Override[]) {
    const interceptor = this.interceptorTexts.get(id);
    if (this.missileCatalog().get(id)) return this.requireMissile(id, overrides, 'overrides').parameters;
    if (interceptor)
      return parseCatalogEntry(interceptor.file, interceptor.text, interceptorSchema, overrides).parameters;
    return this.requireSensor(id, overrides, 'overrides').parameters;
  }

  /**
   * The cited parameters of an entry with overrides applied, each with whether it has a range to
   * sample, flying nothing; undefined when the overrides fail.
   */
  private parameterRanges(
    id: string,
    overrides: readonly Override[],
  ): ReadonlyArray<{ path: string; ranged: boolean }> | undefined {
    try {
      return this.entryParameters(id, overrides).map((p) => ({
        path: p.path,
        ranged: p.cited.low !== undefined && p.cited.high !== undefined && p.cited.low < p.cited.high,
      }));
    } catch (e) {
      if (e instanceof InputError) return undefined;
      throw e;
    }
  }

  /**
   * Overrides applied to a catalog entry with the code a run uses, flying nothing: missiles and
   * sensors are built in full (pure arithmetic); an interceptor is checked against its schema, since
   * building its booster flies it.
   */
  private checkOverrides(id: string, overrides: readonly Override[]): InputError | undefined {
    const key = JSON.stringify([id, ...overrides.map((o) => [o.id, o.path, o.value, o.range ?? null])]);
    if (this.overrideChecks.has(key)) return this.overrideChecks.get(key);
    let problem: InputError | undefined;
    try {
      this.entryParameters(id, overrides);
    } catch (e) {
      if (!(e instanceof InputError)) throw e;
      problem = e;
    }
    if (this.overrideChecks.size >= 10_000) this.overrideChecks.clear();
    this.overrideChecks.set(key, problem);
    return problem;
  }

  /** The Russian ICBM bases of 2007 (data/russian-icbm-bases.yaml), each with its missile. */
  russianBases(overrides: readonly Override[] = []): {
    source: string;
    bases: Array<{ id: string; site: Geodetic; missileId: string; missile: Rocket }>;
  } {
    const data = parse(this.texts.russianBases.text) as {
      source: string;
      bases: Array<{ site: string; missile: string }>;
    };
    return {
      source: data.source,
      bases: data.bases.map((b) => ({
        id: b.site,
        site: siteGeodetic(this.siteCatalog().get(b.site)!),
        missileId: b.missile,
        missile: this.requireMissile(b.missile, overrides, '--threat').rocket,
      })),
    };
  }
}
