import { InputError } from '../core/errors.js';
import { InlineMissiles } from './inline-missiles.js';
import { type Override, parseOverride, splitPath, UnknownOverrideField } from './overrides.js';
import { parsePlace } from './place.js';
import { type CheckOverrides, checkScenarioOverrides } from './scenario-overrides.js';
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
  /**
   * Overrides applied to a missile, interceptor or sensor entry as a run applies them, the entry
   * then checked against its own schema (nothing is flown): its first problem, or undefined.
   */
  readonly checkOverrides: CheckOverrides;
  /** The sensors an arrangement shares with a cited range for the relay latency. */
  readonly sharedLatencies: (arrangement: string) => readonly string[];
  /** An entry's cited parameters (overrides applied) and whether each has a range to sample. */
  readonly parameterRanges: (
    id: string,
    overrides: readonly Override[],
  ) => ReadonlyArray<{ path: string; ranged: boolean }> | undefined;
}

export interface CheckedScenario {
  /** The scenario, when it has no problem. */
  readonly scenario: Scenario | undefined;
  /** Every problem found, each naming file, line, column, field, value and expectation. */
  readonly errors: readonly InputError[];
}

/**
 * Check a scenario file: its shape against the schema, then every reference to the catalogs and
 * within the file (missiles, interceptors, sensors, sites, arrangements, threats named by studies),
 * and every override and swept value applied to the catalog entry it names. All problems are
 * collected, not just the first.
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

  // Missiles defined in the file: each read by the missile file's parser, then usable by id
  // (threats, overrides, uncertainty parameters) as a catalog missile is.
  const inline = new InlineMissiles(s, file);
  (s.missiles ?? []).forEach((m, k) => {
    if (catalogs.missiles.includes(m.id))
      fail(['missiles', k, 'id'], `an id that is not a catalog missile's (${m.id} is one)`);
    else if ((s.missiles ?? []).findIndex((x) => x.id === m.id) !== k)
      fail(['missiles', k, 'id'], 'a missile id not used before in this file');
    else
      try {
        inline.missile(m.id);
      } catch (e) {
        if (!(e instanceof InputError)) throw e;
        fail(['missiles', k, ...splitPath(e.path)], e.expected);
      }
  });
  const shipped = catalogs;
  catalogs = {
    ...shipped,
    missiles: [...shipped.missiles, ...inline.ids.filter((id) => !shipped.missiles.includes(id))],
    checkOverrides: (id, overrides) => {
      if (!inline.has(id)) return shipped.checkOverrides(id, overrides);
      try {
        inline.missile(id, overrides);
        return undefined;
      } catch (e) {
        if (e instanceof InputError) return e;
        throw e;
      }
    },
    parameterRanges: (id, overrides) => {
      if (!inline.has(id)) return shipped.parameterRanges(id, overrides);
      try {
        return inline.missile(id, overrides).parameters.map((p) => ({
          path: p.path,
          ranged: p.cited.low !== undefined && p.cited.high !== undefined && p.cited.low < p.cited.high,
        }));
      } catch (e) {
        if (e instanceof InputError) return undefined;
        throw e;
      }
    },
  };

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
      fail(
        ['threats', i, 'missile'],
        `a catalog missile or one of this file's missiles: ${oneOf(catalogs.missiles)}`,
      );
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
    (d.assets ?? []).forEach((asset, k) => {
      checkPlace(asset.site, ['defence', 'assets', k, 'site']);
      if ((d.assets ?? []).findIndex((x) => x.id === asset.id) !== k)
        fail(['defence', 'assets', k, 'id'], 'an asset id not used before in this file');
    });
    if (d.sharing !== undefined && !catalogs.arrangements.includes(d.sharing))
      fail(['defence', 'sharing'], `an arrangement of data/sharing.yaml: ${oneOf(catalogs.arrangements)}`);
  }

  const entries = [...catalogs.missiles, ...catalogs.interceptors, ...catalogs.sensors];
  checkScenarioOverrides(s, entries, catalogs.checkOverrides, fail);

  // A range is sampled only where an uncertainty study samples it; elsewhere it would silently
  // be its middle value.
  const single =
    'a single time: ranges are sampled only in defence.decisionTime, defence.killAssessmentTime and an uncertainty study';
  s.threats.forEach((t, i) => {
    if (t.launchTime?.low !== undefined) fail(['threats', i, 'launchTime'], single);
  });
  s.studies.forEach((study, k) => {
    if (
      (study.kind === 'engagement' || study.kind === 'sweep' || study.kind === 'raid') &&
      study.commitTime?.low !== undefined
    )
      fail(['studies', k, 'commitTime'], single);
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
    if ('compareWith' in study && study.compareWith !== undefined) {
      const earlier = s.studies.slice(0, k).filter((x) => x.kind === study.kind && x.id !== undefined);
      if (!earlier.some((x) => x.id === study.compareWith))
        fail(
          ['studies', k, 'compareWith'],
          earlier.length > 0
            ? `the id of an earlier ${study.kind} study: ${oneOf(earlier.map((x) => x.id!))}`
            : `the id of an earlier ${study.kind} study (this file has none before it)`,
        );
    }
    if ('sensors' in study && study.sensors)
      study.sensors.forEach((sensor, j) => {
        if (!(d?.sensors ?? []).includes(sensor))
          fail(['studies', k, 'sensors', j], `a sensor of defence.sensors: ${oneOf(d?.sensors ?? [])}`);
      });
    if ('sharing' in study && study.sharing !== undefined && !catalogs.arrangements.includes(study.sharing))
      fail(['studies', k, 'sharing'], `an arrangement of data/sharing.yaml: ${oneOf(catalogs.arrangements)}`);
    if (
      study.kind === 'russia-question' &&
      study.commitFrom === 'sensors' &&
      !(d?.sensors && d.sensors.length > 0)
    )
      fail(['studies', k, 'commitFrom'], 'defence.sensors to commit from (or commitFrom: burnout)');
    if (
      study.kind === 'raid' &&
      study.commitTime === undefined &&
      !((study.sensors ?? d?.sensors ?? []).length > 0)
    )
      fail(['studies', k, 'commitTime'], 'a commit time, or defence.sensors to give one');
    if (study.kind === 'uncertainty') {
      const sensors = d?.sensors && d.sensors.length > 0;
      if (study.of === 'sensing' && !sensors)
        fail(['studies', k, 'of'], 'defence.sensors for the sensing answers');
      if (study.of !== 'sensing' && study.commitTime === undefined && !sensors)
        fail(['studies', k, 'commitTime'], 'a commit time, or defence.sensors to give one');
      // A named parameter must be a field of an entry the scenario uses (its range is read at run).
      const used = [
        ...new Set([
          ...s.threats.map((t) => t.missile),
          ...(d?.interceptorSites ?? []).map((x) => x.interceptor),
          ...(d?.sensors ?? []),
        ]),
      ];
      const arrangementId = study.sharing ?? d?.sharing;
      const scenarioOverrides = (s.overrides ?? []).flatMap((text) => {
        try {
          return [parseOverride(text, 'overrides')];
        } catch {
          return []; // reported with the overrides
        }
      });
      (study.parameters ?? []).forEach((name, j) => {
        const at = ['studies', k, 'parameters', j];
        const id = name.slice(0, name.indexOf('.'));
        const field = name.slice(id.length + 1);
        // The scenario's own times: sampled only when the file gives them a range.
        if (name === 'defence.decisionTime' || name === 'defence.killAssessmentTime') {
          const v = d?.[field as 'decisionTime' | 'killAssessmentTime'];
          if (!(v?.low !== undefined && v.high !== undefined && v.low < v.high))
            fail(at, `${name} given as a range { low, high } in this file, to be sampled`);
          return;
        }
        // A sharing latency: sharing.ARRANGEMENT.SENSOR.latency, of the arrangement in use.
        if (id === 'sharing') {
          const [arrangement, sensor, what] = field.split('.');
          if (!arrangementId || arrangement !== arrangementId || what !== 'latency' || !sensor)
            fail(
              at,
              `sharing.${arrangementId ?? 'ARRANGEMENT'}.SENSOR.latency for the arrangement this study uses${arrangementId ? '' : ' (it uses none)'}`,
            );
          else if (!catalogs.sharedLatencies(arrangementId).includes(sensor))
            fail(
              at,
              `sharing.${arrangement}.SENSOR.latency for a sensor the arrangement shares with a cited range`,
            );
          return;
        }
        if (!used.includes(id)) {
          fail(at, `ID.FIELD for an entry this scenario uses: ${oneOf(used)}`);
          return;
        }
        const problem = catalogs.checkOverrides(id, [parseOverride(`${name}=0`, 'parameters')]);
        if (problem instanceof UnknownOverrideField) {
          fail(at, problem.expected);
          return;
        }
        // The field is there: it must have a range to sample (cited, or given in the overrides).
        const ranges = catalogs.parameterRanges(id, scenarioOverrides);
        const last = field.replace(/^.*[.\]]/, '');
        const matches = (ranges ?? []).filter(
          (p) => p.path === field || p.path.replace(/^.*[.\]]/, '') === last,
        );
        if (ranges && !matches.some((p) => p.ranged))
          fail(
            at,
            `a parameter with a range (low < high) to sample: ${id} ${field} has none; give one with an override ID.FIELD=VALUE in LOW..HIGH`,
          );
      });
    }
    if (study.kind === 'russia-question')
      (study.targets ?? []).forEach((t, j) => {
        checkPlace(t, ['studies', k, 'targets', j]);
      });
  });
  return errors.length > 0 ? { scenario: undefined, errors } : { scenario: s, errors: [] };
}
