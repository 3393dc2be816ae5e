import type { TopLevelSpec } from 'vega-lite';
import type { UncertaintySummary } from '../../studies/uncertainty.js';
import { escapeHtml } from './escape.js';
import { PLOT_CONFIG } from './plot-style.js';
import { htmlTable } from './tables.js';

/**
 * The uncertainty study in the report: each answer as nominal, median and interval with the
 * fraction of samples that had it and the parameters that move it most; a chart of the intervals;
 * and the sampled parameters with their ranges and sources.
 */

/** Answers worth a chart, with their axis titles (yes/no answers are shown as fractions). */
const CHARTED: Record<string, string> = {
  interceptWindowLength: 'intercept window length (s)',
  shots: 'shots',
  commitTime: 'commit (s from threat launch)',
  warning: 'warning (s from threat launch)',
  noLeaker: 'probability that no warhead leaks',
  survival: 'probability that the asset survives',
  fireControlTrack: 'fire-control track (s from threat launch)',
};

const WORDS: Record<string, string> = {
  reachesTarget: 'threat can be flown to its target',
  feasible: 'intercept possible',
  feasibleIfReaches: 'intercept possible, when the threat can be flown',
  shots: 'shots (when the threat can be flown)',
  commitTime: 'commit (s)',
  interceptWindowEarliest: 'earliest intercept (s)',
  interceptWindowLatest: 'latest intercept (s)',
  interceptWindowLength: 'intercept window length (s)',
  warning: 'warning (s)',
  noLeaker: 'no warhead leaks (probability)',
  expectedLeakers: 'expected leakers',
  interceptorsUsed: 'interceptors used',
  survival: 'asset survives (probability)',
  firstTrack: 'first track (s)',
  fireControlTrack: 'fire-control track (s)',
  commit: 'commit (s)',
};

/** Answers that are 1 (yes) or 0 (no) in each sample, shown as the fraction of samples. */
const YES_NO = new Set(['reachesTarget', 'feasible', 'feasibleIfReaches']);

const num = (v: number | null | undefined) => (v === null || v === undefined ? '' : String(v));

export function uncertaintyTable(summary: UncertaintySummary): string {
  const percent = Math.round(summary.interval * 100);
  const rows = summary.rows.flatMap((r) =>
    Object.entries(r.answers).map(([name, a]) => {
      const yesNo = YES_NO.has(name);
      const s = a.spread;
      return [
        escapeHtml(r.row),
        escapeHtml(WORDS[name] ?? name),
        yesNo ? (a.nominal === 1 ? 'yes' : a.nominal === 0 ? 'no' : '') : num(a.nominal),
        yesNo ? (s ? `${Math.round(s.mean * 100)} % of samples` : '') : num(s?.median),
        yesNo || !s ? '' : `${s.low} to ${s.high}`,
        s ? `${s.count} of ${summary.samples}` : `0 of ${summary.samples}`,
        a.drivers
          .map(
            (d) =>
              `<code>${escapeHtml(d.parameter)}</code> (${d.rankCorrelation > 0 ? '+' : ''}${d.rankCorrelation})`,
          )
          .join('<br>'),
      ];
    }),
  );
  return htmlTable(
    [
      'row',
      'answer',
      'nominal',
      'median',
      `${percent} % interval`,
      'samples with it',
      'driven most by (rank correlation)',
    ],
    rows,
    { numeric: [2, 3], className: 'uncertainty' },
  );
}

/** Median and interval (bar) beside the nominal answer (diamond), one row per threat (and site). */
export function uncertaintySpec(summary: UncertaintySummary, answer: string): TopLevelSpec | undefined {
  const title = CHARTED[answer];
  if (!title) return undefined;
  const data = summary.rows.flatMap((r) => {
    const a = r.answers[answer];
    if (!a?.spread) return [];
    return [
      { row: r.row, low: a.spread.low, high: a.spread.high, median: a.spread.median, nominal: a.nominal },
    ];
  });
  if (data.length === 0) return undefined;
  const y = { field: 'row', type: 'nominal', title: null, sort: null } as const;
  return {
    config: PLOT_CONFIG,
    title: `${WORDS[answer] ?? answer}: median and ${Math.round(summary.interval * 100)} % interval of ${summary.samples} samples`,
    width: 560,
    height: { step: 26 },
    data: { values: data },
    layer: [
      {
        mark: { type: 'rule', strokeWidth: 3, color: '#9db6d3' },
        encoding: {
          y,
          x: { field: 'low', type: 'quantitative', title, scale: { zero: false } },
          x2: { field: 'high' },
        },
      },
      {
        mark: { type: 'point', filled: true, size: 70, color: '#3b6ea5' },
        encoding: { y, x: { field: 'median', type: 'quantitative' } },
      },
      {
        mark: { type: 'point', shape: 'diamond', filled: false, size: 90, color: '#c0392b', strokeWidth: 2 },
        encoding: { y, x: { field: 'nominal', type: 'quantitative' } },
      },
    ],
  } as TopLevelSpec;
}

export function sampledParametersTable(summary: UncertaintySummary): string {
  return htmlTable(
    ['parameter', 'quantity', 'nominal', 'low', 'high', 'unit', 'distribution', 'source'],
    summary.parameters.map((p) => [
      `<code>${escapeHtml(p.parameter)}</code>`,
      escapeHtml(p.dimension.replace('_', ' ')),
      escapeHtml(String(p.value)),
      escapeHtml(String(p.low)),
      escapeHtml(String(p.high)),
      escapeHtml(p.unit),
      escapeHtml(p.distribution),
      escapeHtml(p.source ?? ''),
    ]),
    { numeric: [2, 3, 4], className: 'parameters' },
  );
}

export const CHARTED_ANSWERS = Object.keys(CHARTED);
