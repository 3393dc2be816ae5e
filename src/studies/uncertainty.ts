import { sampleRankCorrelation } from 'simple-statistics';
import { InputError } from '../core/errors.js';
import { seededRandom } from '../core/random.js';
import type { Dimension } from '../scenario/quantity.js';
import type { Scenario, UncertainValue } from '../scenario/scenario-schema.js';
import {
  type Distribution,
  drawSamples,
  type Spread,
  spreadOf,
  type UncertainParameter,
} from './sampling.js';
import type { ScenarioCatalog } from './scenario-run.js';

/**
 * The uncertainty study: the answers of an engagement or sensing study with every cited range
 * sampled (seeded), each reported as a median and a central interval, beside the nominal answer.
 *
 * What is sampled: every catalog parameter with a range (low < high) of the entries the scenario
 * uses (the threats' missiles, the interceptors, the sensors), the latencies of the sharing
 * arrangement in use, and the scenario's own ranges (decision, kill-assessment and commit times).
 * Left out, because they cannot change an answer: sensors whose data never reach the defence,
 * reported performance figures (`performance.*`, which the model is compared with, not built
 * from), cross-sections of objects other than the warhead (the studies track the warhead), and an
 * interceptor's stage data when its burnout speed is sampled (the booster is then fitted to the
 * drawn burnout speed and the stages are not used).
 */

type UncertaintyStudy = Extract<Scenario['studies'][number], { kind: 'uncertainty' }>;

export interface SampledParameter extends UncertainParameter {
  /** ID.FIELD (catalog) or the scenario field path. */
  readonly parameter: string;
  readonly dimension: Dimension;
  readonly source: string | null;
}

/** The parameters an uncertainty study samples, in a fixed order (so draws are reproducible). */
export function sampledParameters(
  study: UncertaintyStudy,
  scenario: Scenario,
  catalog: ScenarioCatalog,
): SampledParameter[] {
  const threats = study.threat ? scenario.threats.filter((t) => t.id === study.threat) : scenario.threats;
  const d = scenario.defence;
  const contributing = contributingSensors(study, scenario, catalog);
  const entries = [
    ...new Set([
      ...threats.map((t) => t.missile),
      ...(d?.interceptorSites ?? []).map((s) => s.interceptor),
      ...contributing,
    ]),
  ];
  const out: SampledParameter[] = [];
  for (const id of entries) {
    const parameters = catalog.parameters(id);
    const burnoutSpeedSampled = parameters.some(
      (p) => /(^|\.)burnoutSpeed$/.test(p.path) && ranged(p.cited) && wanted(study, `${id}.${p.path}`),
    );
    for (const p of parameters) {
      const name = `${id}.${p.path}`;
      if (!ranged(p.cited) || !wanted(study, name)) continue;
      if (p.path.startsWith('performance.')) continue;
      if (/^radarCrossSection\./.test(p.path) && p.path !== 'radarCrossSection.warhead') continue;
      if (burnoutSpeedSampled && /(^|\.)stages\[/.test(p.path)) continue;
      out.push({
        parameter: name,
        dimension: p.cited.dimension,
        value: p.cited.value,
        low: p.cited.low!,
        high: p.cited.high!,
        distribution: study.catalogDistribution,
        source: p.cited.source ?? null,
      });
    }
  }
  // The latencies of the sharing arrangement the study uses, for the sensors it passes to the
  // defence, where their source gives a range.
  const arrangementId = study.sharing ?? d?.sharing;
  if (arrangementId)
    for (const share of catalog.arrangement(arrangementId).shares) {
      const name = `${SHARING_PREFIX}${arrangementId}.${share.sensor}.latency`;
      const r = share.latencyRange;
      if (r && r.low < r.high && contributing.includes(share.sensor) && wanted(study, name))
        out.push({
          parameter: name,
          dimension: 'time',
          value: share.latency,
          low: r.low,
          high: r.high,
          distribution: study.catalogDistribution,
          source: r.source ?? null,
        });
    }
  const own = (parameter: string, dimension: Dimension, v: UncertainValue | undefined) => {
    if (v?.low !== undefined && v.high !== undefined && v.low < v.high && wanted(study, parameter))
      out.push({
        parameter,
        dimension,
        value: v.value,
        low: v.low,
        high: v.high,
        distribution: v.distribution ?? 'uniform',
        source: 'scenario',
      });
  };
  own('defence.decisionTime', 'time', d?.decisionTime);
  own('defence.killAssessmentTime', 'time', d?.killAssessmentTime);
  own('commitTime', 'time', study.commitTime);
  // A parameter named in the study that has no range to sample would silently be fixed.
  for (const name of study.parameters ?? []) {
    if (!out.some((p) => wanted({ ...study, parameters: [name] }, p.parameter)))
      throw new InputError(
        'studies.parameters',
        name,
        'a parameter with a cited range (low < high) in an entry this scenario uses; `shieldlab catalog show ID` lists them',
      );
  }
  return out;
}

/**
 * The sensors whose data reach the defence in this study: its own, and others' that the sharing
 * arrangement passes to it. A sensor whose data never arrive cannot change an answer.
 */
function contributingSensors(
  study: UncertaintyStudy,
  scenario: Scenario,
  catalog: ScenarioCatalog,
): string[] {
  const d = scenario.defence;
  const party = d?.party ?? 'united-states';
  const arrangementId = study.sharing ?? d?.sharing;
  const shared = arrangementId
    ? catalog
        .arrangement(arrangementId)
        .shares.filter((x) => x.to === party)
        .map((x) => x.sensor)
    : [];
  return (study.sensors ?? d?.sensors ?? []).filter(
    (id) => catalog.sensor(id, 'warhead').party === party || shared.includes(id),
  );
}

function ranged(c: { low?: number | undefined; high?: number | undefined }): boolean {
  return c.low !== undefined && c.high !== undefined && c.low < c.high;
}

/** A parameter the study asks for: all by default, else those named (full path or last name). */
function wanted(study: UncertaintyStudy, name: string): boolean {
  if (!study.parameters) return true;
  const id = name.slice(0, name.indexOf('.'));
  const last = name.replace(/^.*[.\]]/, '');
  return study.parameters.some((p) => p === name || p === `${id}.${last}`);
}

/** Sharing latencies are named `sharing.ARRANGEMENT.SENSOR.latency` (they are not catalog entries). */
const SHARING_PREFIX = 'sharing.';

/** The catalog with drawn latencies in its sharing arrangements. */
function withLatencies(catalog: ScenarioCatalog, latencies: ReadonlyMap<string, number>): ScenarioCatalog {
  return {
    ...catalog,
    arrangement: (id) => {
      const a = catalog.arrangement(id);
      return {
        ...a,
        shares: a.shares.map((share) => ({
          ...share,
          latency: latencies.get(`${SHARING_PREFIX}${id}.${share.sensor}.latency`) ?? share.latency,
        })),
      };
    },
  };
}

/** A drawn value as an override value: SI numbers, except angles, which overrides read in degrees. */
function overrideValue(p: SampledParameter, v: number): string {
  return p.dimension === 'angle' ? `${(v * 180) / Math.PI} deg` : String(v);
}

/** One answer of the inner study, by the row it belongs to (threat and site, or threat). */
export interface Answers {
  readonly [row: string]: Readonly<Record<string, number | null>>;
}

export interface UncertaintySummary {
  readonly samples: number;
  readonly interval: number;
  readonly sampling: UncertaintyStudy['sampling'];
  /** What was sampled; values in `unit` (degrees for angles, else SI). */
  readonly parameters: ReadonlyArray<SampledParameter & { readonly unit: string }>;
  readonly rows: ReadonlyArray<{
    readonly row: string;
    readonly answers: Readonly<Record<string, Answer>>;
  }>;
  /**
   * Each sample's drawn values (in the order of `parameters`, in their `unit`) and its answers by
   * row (empty for a failed sample).
   */
  readonly draws: ReadonlyArray<{ readonly values: readonly number[]; readonly answers: Answers }>;
  /** Samples the model could not run, with the reason (their answers are missing, not zero). */
  readonly failed: ReadonlyArray<{ readonly sample: number; readonly reason: string }>;
}

export interface Answer {
  readonly nominal: number | null;
  readonly spread: Spread | null;
  /**
   * The parameters that move this answer most: Spearman's rank correlation over the samples, the
   * three largest in magnitude (none when the answer does not vary).
   */
  readonly drivers: ReadonlyArray<{ readonly parameter: string; readonly rankCorrelation: number }>;
}

/** Runs the inner study on a catalog and scenario and returns its numbers by row. */
export type InnerStudy = (
  scenario: Scenario,
  catalog: ScenarioCatalog,
  commitTime: number | undefined,
) => Answers;

/** One run of the inner study: its answers, or why the model could not run it. */
export type SampleOutcome = { readonly answers: Answers } | { readonly failed: string };

/**
 * The study as independent runs (see study-split.ts): run 0 is the nominal one, with the catalog
 * as given; run i > 0 applies sample i - 1's draw of every parameter as overrides. The draws are
 * made once, from the seed, whoever asks, so any thread or machine runs the same sample i.
 */
export function uncertaintyRuns(
  study: UncertaintyStudy,
  scenario: Scenario,
  catalog: ScenarioCatalog,
  seed: number,
  answer: InnerStudy,
) {
  const parameters = sampledParameters(study, scenario, catalog);
  const draws = drawSamples(parameters, study.samples, seededRandom(seed), study.sampling);
  const run = (i: number): SampleOutcome => {
    if (i === 0) return { answers: answer(scenario, catalog, study.commitTime?.value) };
    const draw = draws[i - 1]!;
    const overrides: string[] = [];
    let s = scenario;
    let commitTime = study.commitTime?.value;
    const latencies = new Map<string, number>();
    parameters.forEach((p, j) => {
      const v = draw[j]!;
      if (p.parameter.startsWith(SHARING_PREFIX)) latencies.set(p.parameter, v);
      else if (p.source !== 'scenario') overrides.push(`${p.parameter}=${overrideValue(p, v)}`);
      else if (p.parameter === 'commitTime') commitTime = v;
      else {
        const field = p.parameter.split('.')[1] as 'decisionTime' | 'killAssessmentTime';
        s = { ...s, defence: { ...s.defence!, [field]: { value: v } } };
      }
    });
    // A draw the model cannot fly (a stage that no longer lifts its missile, say) is recorded
    // with its reason, and the study goes on: its answers are missing, not zero.
    try {
      const drawn = overrides.length > 0 ? catalog.withOverrides(overrides) : catalog;
      return { answers: answer(s, latencies.size > 0 ? withLatencies(drawn, latencies) : drawn, commitTime) };
    } catch (e) {
      if (!(e instanceof InputError)) throw e;
      return { failed: e.message };
    }
  };
  return {
    /** The nominal run and one per sample. */
    count: draws.length + 1,
    run,
    /** The summary from every run's outcome, in order (the nominal one first). */
    summary: (outcomes: readonly SampleOutcome[]) =>
      summarizeUncertainty(study, scenario, parameters, draws, outcomes),
  };
}

function summarizeUncertainty(
  study: UncertaintyStudy,
  scenario: Scenario,
  parameters: readonly SampledParameter[],
  draws: readonly (readonly number[])[],
  outcomes: readonly SampleOutcome[],
): UncertaintySummary {
  const answersOf = (o: SampleOutcome): Answers => ('answers' in o ? o.answers : {});
  const nominal = answersOf(outcomes[0]!);
  const runs = outcomes.slice(1).map(answersOf);
  const failed = outcomes
    .slice(1)
    .flatMap((o, i) => ('failed' in o ? [{ sample: i, reason: o.failed }] : []));
  const rows = Object.keys(nominal).map((row) => {
    const names = [
      ...new Set([...Object.keys(nominal[row]!), ...runs.flatMap((r) => Object.keys(r[row] ?? {}))]),
    ];
    const answers: Record<string, Answer> = {};
    for (const name of names) {
      const answered = runs
        .map((r, i) => ({ i, v: r[row]?.[name] }))
        .filter((x): x is { i: number; v: number } => typeof x.v === 'number' && Number.isFinite(x.v));
      const values = answered.map((x) => x.v);
      const nominalValue = nominal[row]?.[name];
      answers[name] = {
        nominal: typeof nominalValue === 'number' ? round3(nominalValue) : null,
        spread: rounded(spreadOf(values, study.interval)),
        drivers: drivers(
          parameters.map((p) => relevant(p.parameter, row, scenario)),
          parameters,
          answered.map((x) => draws[x.i]!),
          values,
        ),
      };
    }
    return { row, answers };
  });
  // Angles leave in degrees, as everywhere in shieldlab's JSON; every other value in SI.
  const shown = (p: SampledParameter, v: number) => (p.dimension === 'angle' ? (v * 180) / Math.PI : v);
  return {
    samples: study.samples,
    interval: study.interval,
    sampling: study.sampling,
    parameters: parameters.map((p) => ({
      ...p,
      value: shown(p, p.value),
      low: shown(p, p.low),
      high: shown(p, p.high),
      unit: p.dimension === 'angle' ? 'deg' : SI_UNIT[p.dimension],
    })),
    rows,
    draws: draws.map((values, i) => ({
      values: values.map((v, j) => shown(parameters[j]!, v)),
      answers: runs[i]!,
    })),
    failed,
  };
}

const SI_UNIT: Record<Dimension, string> = {
  length: 'm',
  speed: 'm/s',
  time: 's',
  angle: 'rad',
  mass: 'kg',
  force: 'N',
  area_density: 'kg/m^2',
  power: 'W',
  area: 'm^2',
  frequency: 'Hz',
  dimensionless: '',
};

/**
 * Whether a parameter can move a row's answers: another threat's missile or another site's
 * interceptor cannot, whatever a correlation over a few samples says.
 */
function relevant(parameter: string, row: string, scenario: Scenario): boolean {
  const [threatId, siteId] = row.split(' @ ');
  // A row of the whole raid (or of an asset) depends on every threat.
  if (!scenario.threats.some((t) => t.id === threatId)) return true;
  const entry = parameter.slice(0, parameter.indexOf('.'));
  const missiles = new Set(scenario.threats.map((t) => t.missile));
  if (missiles.has(entry)) return scenario.threats.find((t) => t.id === threatId)?.missile === entry;
  const sites = scenario.defence?.interceptorSites ?? [];
  if (siteId !== undefined && sites.some((x) => x.interceptor === entry))
    return sites.some((x, k) => (x.id ?? `site-${k + 1}`) === siteId && x.interceptor === entry);
  return true;
}

/**
 * The three parameters with the largest rank correlation (in magnitude) with an answer, among
 * those that can move it. With n samples, |rho| of an unrelated parameter is about 1/sqrt(n):
 * correlations below 2/sqrt(n) are noise and not shown, and fewer than 10 samples show none.
 */
function drivers(
  relevant: readonly boolean[],
  parameters: readonly SampledParameter[],
  draws: readonly (readonly number[])[],
  values: readonly number[],
): Answer['drivers'] {
  if (values.length < MIN_SAMPLES_FOR_DRIVERS || values.every((v) => v === values[0])) return [];
  const noise = 2 / Math.sqrt(values.length);
  return parameters
    .map((p, j) => ({
      parameter: p.parameter,
      rankCorrelation: relevant[j]
        ? sampleRankCorrelation(
            draws.map((d) => d[j]!),
            [...values],
          )
        : Number.NaN,
    }))
    .filter((d) => Number.isFinite(d.rankCorrelation) && Math.abs(d.rankCorrelation) >= noise)
    .sort((a, b) => Math.abs(b.rankCorrelation) - Math.abs(a.rankCorrelation))
    .slice(0, 3)
    .map((d) => ({ parameter: d.parameter, rankCorrelation: round3(d.rankCorrelation) }));
}

const MIN_SAMPLES_FOR_DRIVERS = 10;

const round3 = (v: number) => Math.round(v * 1000) / 1000;

/** Answers are given to the millisecond and millimetre, as in the other studies' JSON. */
function rounded(s: Spread | null): Spread | null {
  return (
    s && {
      median: round3(s.median),
      mean: round3(s.mean),
      low: round3(s.low),
      high: round3(s.high),
      count: s.count,
    }
  );
}

export type { Distribution };
