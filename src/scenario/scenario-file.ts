import { InputError } from '../core/errors.js';
import { parseOverride } from './overrides.js';
import { parsePlace } from './place.js';
import { type Scenario, scenarioSchema } from './scenario-schema.js';
import type { SiteCatalog } from './site-catalog.js';
import { formatPath, parseSourceDocument, type SourceDocument, valueAt } from './source-document.js';
import { issuesToErrors } from './validation-issues.js';

/** What a scenario may refer to: the ids of the shipped catalogs. */
export interface ScenarioCatalogs {
  readonly sites: SiteCatalog;
  readonly missiles: readonly string[];
  readonly interceptors: readonly string[];
  readonly sensors: readonly string[];
  readonly arrangements: readonly string[];
  readonly parties: readonly string[];
}

export interface CheckedScenario {
  /** The scenario, when it has no problem. */
  readonly scenario: Scenario | undefined;
  /** Every problem found, each naming file, line, column, field, value and expectation. */
  readonly errors: readonly InputError[];
}

/**
 * Check a scenario file: its shape against the schema, then every reference to the catalogs and
 * within the file (missiles, interceptors, sensors, sites, arrangements, threats named by studies,
 * overrides). All problems are collected, not just the first.
 */
export function checkScenario(file: string, text: string, catalogs: ScenarioCatalogs): CheckedScenario {
  let doc: SourceDocument;
  try {
    doc = parseSourceDocument(file, text);
  } catch (e) {
    if (e instanceof InputError) return { scenario: undefined, errors: [e] };
    throw e;
  }
  const parsed = scenarioSchema.safeParse(doc.data);
  if (!parsed.success) return { scenario: undefined, errors: issuesToErrors(doc, parsed.error.issues) };
  const s = parsed.data;
  const errors: InputError[] = [];
  const fail = (path: ReadonlyArray<string | number>, expected: string) => {
    const where = doc.locate(path);
    errors.push(
      new InputError(formatPath(path), valueAt(doc.data, path), expected, where ? `${file}:${where}` : file),
    );
  };
  const oneOf = (list: readonly string[]) => `one of ${list.join(', ')}`;

  const unique = (
    ids: Array<string | undefined>,
    path: (i: number) => Array<string | number>,
    what: string,
  ) => {
    ids.forEach((v, i) => {
      if (v !== undefined && ids.indexOf(v) !== i) fail(path(i), `a ${what} id not used before in this file`);
    });
  };
  unique(
    s.threats.map((t) => t.id),
    (i) => ['threats', i, 'id'],
    'threat',
  );
  unique(
    (s.sites ?? []).map((x) => x.id),
    (i) => ['sites', i, 'id'],
    'site',
  );
  unique(
    s.studies.map((x) => x.id),
    (i) => ['studies', i, 'id'],
    'study',
  );

  const ownSites = new Set((s.sites ?? []).map((x) => x.id));
  const checkPlace = (value: unknown, path: Array<string | number>) => {
    if (typeof value !== 'string' || ownSites.has(value)) return;
    try {
      parsePlace(value, formatPath(path), catalogs.sites);
    } catch (e) {
      if (!(e instanceof InputError)) throw e;
      fail(path, `a site id (data/sites.yaml or this file's sites) or LAT,LON in degrees: ${e.expected}`);
    }
  };
  s.threats.forEach((t, i) => {
    if (!catalogs.missiles.includes(t.missile))
      fail(['threats', i, 'missile'], `a catalog missile: ${oneOf(catalogs.missiles)}`);
    checkPlace(t.from, ['threats', i, 'from']);
    checkPlace(t.to, ['threats', i, 'to']);
  });

  const d = s.defence;
  if (d) {
    if (!catalogs.parties.includes(d.party))
      fail(['defence', 'party'], `a party: ${oneOf(catalogs.parties)}`);
    d.interceptorSites.forEach((site, j) => {
      checkPlace(site.site, ['defence', 'interceptorSites', j, 'site']);
      if (!catalogs.interceptors.includes(site.interceptor))
        fail(
          ['defence', 'interceptorSites', j, 'interceptor'],
          `a catalog interceptor: ${oneOf(catalogs.interceptors)}`,
        );
    });
    (d.sensors ?? []).forEach((sensor, k) => {
      if (!catalogs.sensors.includes(sensor))
        fail(['defence', 'sensors', k], `a catalog sensor: ${oneOf(catalogs.sensors)}`);
      else if (d.sensors!.indexOf(sensor) !== k) fail(['defence', 'sensors', k], 'each sensor once');
    });
    if (d.sharing !== undefined && !catalogs.arrangements.includes(d.sharing))
      fail(['defence', 'sharing'], `an arrangement of data/sharing.yaml: ${oneOf(catalogs.arrangements)}`);
  }

  const entries = [...catalogs.missiles, ...catalogs.interceptors, ...catalogs.sensors];
  (s.overrides ?? []).forEach((text, k) => {
    try {
      const o = parseOverride(text, 'overrides');
      if (!entries.includes(o.id))
        fail(['overrides', k], `ID.FIELD=VALUE for a catalog entry (${o.id} is not one)`);
    } catch (e) {
      if (!(e instanceof InputError)) throw e;
      fail(['overrides', k], 'ID.FIELD=VALUE, such as gbi-2stage.burnoutSpeed=8.3km/s');
    }
  });

  const threatIds = [...new Set(s.threats.map((t) => t.id))];
  s.studies.forEach((study, k) => {
    if ('threat' in study && study.threat !== undefined && !threatIds.includes(study.threat))
      fail(['studies', k, 'threat'], `a threat of this file: ${oneOf(threatIds)}`);
    if (study.kind !== 'trajectory' && study.kind !== 'sensing' && !d)
      fail(['studies', k, 'kind'], `a defence section for a ${study.kind} study`);
    if (study.kind === 'sensing' && !(d?.sensors && d.sensors.length > 0))
      fail(['studies', k, 'kind'], 'defence.sensors for a sensing study');
    if (
      study.kind === 'engagement' &&
      study.commitTime === undefined &&
      !(d?.sensors && d.sensors.length > 0)
    )
      fail(['studies', k, 'commitTime'], 'a commit time, or defence.sensors to give one');
    if (study.kind === 'footprint') {
      const g = study.grid;
      if (!(g.south <= g.north))
        fail(['studies', k, 'grid', 'north'], 'a latitude north of (or equal to) south');
      if (!(g.west <= g.east)) fail(['studies', k, 'grid', 'east'], 'a longitude east of (or equal to) west');
      const points =
        (Math.floor((g.north - g.south) / g.spacing) + 1) * (Math.floor((g.east - g.west) / g.spacing) + 1);
      if (points > 10_000)
        fail(['studies', k, 'grid', 'spacing'], `at most 10,000 points (this grid has ${points})`);
      if (!(d?.sensors && d.sensors.length > 0))
        fail(['studies', k, 'kind'], 'defence.sensors for a footprint study');
    }
    if (study.kind === 'sweep') {
      const entry = study.parameter.split('.')[0]!;
      if (!entries.includes(entry))
        fail(['studies', k, 'parameter'], `ID.FIELD for a catalog entry (${entry} is not one)`);
      if (study.commitTime === undefined && !(d?.sensors && d.sensors.length > 0))
        fail(['studies', k, 'commitTime'], 'a commit time, or defence.sensors to give one');
    }
    if (study.kind === 'russia-question')
      (study.targets ?? []).forEach((t, j) => {
        checkPlace(t, ['studies', k, 'targets', j]);
      });
  });
  return errors.length > 0 ? { scenario: undefined, errors } : { scenario: s, errors: [] };
}
