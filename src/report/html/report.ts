import { findings } from '../../studies/findings.js';
import type { RaidResult } from '../../studies/raid.js';
import type { UncertaintySummary } from '../../studies/uncertainty.js';
import { escapeHtml } from './escape.js';
import { Figures } from './figures.js';
import { footprintMapSpec, groundTrackMapSpec } from './maps.js';
import { methodLinks, methodsAppendixHtml } from './methods.js';
import { entryHtml, sitesHtml } from './parameters.js';
import { engagementSpec, sensingSpec, sweepSpec, trajectorySpec } from './plots.js';
import type { ReportInput } from './report-input.js';
import { REPORT_CSS } from './report-style.js';
import type {
  EngagementRow,
  FootprintResult,
  RussiaRow,
  SensingResult,
  SweepStep,
  TrajectoryRow,
} from './study-results.js';
import {
  engagementTable,
  footprintTable,
  htmlTable,
  russiaTable,
  sensingTable,
  sweepTable,
  trajectoryTable,
} from './tables.js';
import {
  CHARTED_ANSWERS,
  sampledParametersTable,
  uncertaintySpec,
  uncertaintyTable,
} from './uncertainty-section.js';

/**
 * The HTML report of a run: one self-contained file (inline SVG and CSS, no scripts, nothing
 * loaded from anywhere) that reads offline and prints. It carries no wall-clock time: the same
 * run gives the same bytes, so a report can be checked like result.json.
 */
export function reportHtml(
  input: ReportInput,
  sections: readonly ReportSection[] = reportSections(input),
): string {
  const { result } = input;
  return [
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<meta name="generator" content="shieldlab ${escapeHtml(result.shieldlabVersion)}">`,
    `<title>${escapeHtml(input.name)}: shieldlab report</title>`,
    `<style>\n${REPORT_CSS}</style>`,
    '</head>',
    '<body>',
    headerHtml(input),
    `<nav><h2>Contents</h2><ol>${sections
      .map((s) => `<li><a href="#${s.id}">${escapeHtml(s.title)}</a></li>`)
      .join('')}</ol></nav>`,
    ...sections.map((s) => `<section id="${s.id}">\n<h2>${escapeHtml(s.title)}</h2>\n${s.html}\n</section>`),
    `<footer>shieldlab ${escapeHtml(result.shieldlabVersion)} · scenario sha256 ${escapeHtml(result.scenarioHash)} · seed ${escapeHtml(String(result.seed))}. Run <code>shieldlab verify</code> on the folder holding result.json to recompute every number.</footer>`,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

/** One section of the report: the web app shows the same sections, each with a note for lay readers. */
export interface ReportSection {
  /** The anchor: `findings`, `threats`, `study-ID`, `scenario`, `parameters`, `methods`. */
  readonly id: string;
  readonly title: string;
  /** The study kind for a study's section, else the section's id. */
  readonly kind: string;
  readonly html: string;
}

/** The report's sections in order: findings, threats, one per study, the scenario, parameters and methods. */
export function reportSections(input: ReportInput): ReportSection[] {
  const figures = new Figures();
  const { result } = input;
  const sections: ReportSection[] = [];

  const engagements = result.studies
    .filter((s) => s.kind === 'engagement')
    .flatMap((s) => s.results as EngagementRow[]);
  const flown = input.threats.filter((t) => t.samples.length > 0);
  if (flown.length > 0) {
    sections.push({
      id: 'threats',
      kind: 'threats',
      title: 'Threats',
      html: figures.figure(
        groundTrackMapSpec(flown, input.places, engagements),
        'Ground tracks of the threats, with launch sites, targets, interceptor sites, radars and the intercept points of the engagement studies.',
        ['aiming', 'geodesics', 'windows'],
      ),
    });
  }

  // The findings first: what a reader wants before the figures.
  const found = findings(result.studies);
  if (found.length > 0)
    sections.unshift({
      id: 'findings',
      kind: 'findings',
      title: 'Findings',
      html: [
        '<p>One line per threat (or burnout speed, or sampled row) of each study; the sections below give the figures behind each.</p>',
        htmlTable(
          ['study', 'subject', 'finding'],
          found.map((f) => [escapeHtml(f.study), escapeHtml(f.subject), escapeHtml(f.answer)]),
          { className: 'findings' },
        ),
      ].join('\n'),
    });

  const flightTime = (threat: string) => input.threats.find((t) => t.id === threat)?.flightTime ?? null;
  for (const study of result.studies) {
    const title = `${study.id} (${study.kind})`;
    const parts: string[] = [];
    switch (study.kind) {
      case 'trajectory': {
        const rows = study.results as TrajectoryRow[];
        parts.push(trajectoryTable(rows), methodLinks(['guidance', 'aiming']));
        for (const row of rows) {
          const track = input.threats.find((t) => t.id === row.threat);
          if (track && track.samples.length > 0)
            parts.push(
              figures.figure(
                trajectorySpec(track),
                `Altitude and ground range of ${track.id} against time, and its altitude against ground range, with the events of its flight.`,
                ['guidance', 'events', 'aiming'],
              ),
            );
        }
        break;
      }
      case 'sensing': {
        const rows = study.results as SensingResult[];
        parts.push(sensingTable(rows), methodLinks(['track', 'sharing']));
        for (const row of rows) {
          if (!row.sensors) continue;
          parts.push(
            figures.figure(
              sensingSpec(row, flightTime(row.threat)),
              `When each sensor sees ${row.threat} (bars), its cue, first detection and tracks, and the defence's warning, tracks and commit.`,
              ['radarGeometry', 'visibility', 'track', 'infrared', 'sharing'],
            ),
          );
        }
        break;
      }
      case 'engagement': {
        const rows = study.results as EngagementRow[];
        parts.push(engagementTable(rows), methodLinks(['windows', 'shootLookShoot', 'reasons']));
        for (const row of rows) {
          if (row.commitTime === undefined) continue; // the threat was not flown
          parts.push(
            figures.figure(
              engagementSpec(row, flightTime(row.threat)),
              `Engagement of ${row.threat} from ${row.interceptorSite}: the threat's flight, the commit, the launch and intercept windows and each shot from launch to intercept.`,
              ['windows', 'shootLookShoot', 'reasons'],
            ),
          );
        }
        break;
      }
      case 'footprint': {
        for (const r of study.results as FootprintResult[]) {
          parts.push(
            footprintTable(r),
            figures.figure(
              footprintMapSpec(r, input.places),
              r.over === 'launch-points'
                ? `Launch points of ${r.threat}'s missile toward its target: defended (the defence has a shot), not defended, or out of the missile's range.`
                : `Target points of ${r.threat}'s missile from its launch site: defended (the defence has a shot), not defended, or out of the missile's range.`,
              ['footprint', 'aiming', 'windows'],
            ),
          );
        }
        break;
      }
      case 'sweep': {
        const steps = study.results as SweepStep[];
        const parameter = sweptParameter(input, study.id);
        parts.push(
          sweepTable(parameter, steps),
          figures.figure(
            sweepSpec(parameter, steps),
            `Intercept window length and shots as ${parameter} takes each value of the sweep.`,
            ['fittedBooster', 'windows', 'shootLookShoot'],
          ),
        );
        break;
      }
      case 'raid': {
        const r = study.results[0] as RaidResult;
        const e = (x: { value: number; low: number; high: number }) =>
          `${x.value.toFixed(4)} (${x.low.toFixed(4)} to ${x.high.toFixed(4)})`;
        parts.push(
          `<p>${r.trials.toLocaleString('en-US')} Monte Carlo trials; doctrine ${escapeHtml(r.doctrine)}; salvos of ${r.salvo}; decoys and tanks recognised with probability ${r.discrimination}. With unlimited interceptors and perfect discrimination the closed form gives ${r.noLeakerUnlimited.toFixed(4)}.</p>`,
          htmlTable(
            ['quantity', 'estimate (95 % interval)'],
            [
              [`none of the ${r.leak.length} warheads in the raid leaks`, e(r.noLeaker)],
              ['expected leakers', e(r.expectedLeakers)],
              ['interceptors used', e(r.interceptorsUsed)],
              ...r.leak.map((w) => [`${escapeHtml(w.object)} leaks`, e(w.probability)]),
              ...r.assets.map((a) => [
                `asset ${escapeHtml(a.asset)} (value ${a.value}) survives`,
                e(a.survival),
              ]),
            ],
          ),
          htmlTable(
            ['object', 'threat', 'kind', 'asset', 'site', 'reserved', 'looks (s into the raid)', 'why'],
            r.assignments.map((a) => [
              escapeHtml(a.object),
              escapeHtml(a.threat),
              escapeHtml(a.kind),
              escapeHtml(a.asset ?? ''),
              escapeHtml(a.site ?? 'none'),
              a.reserved === null ? '' : String(a.reserved),
              escapeHtml(a.looks.join(', ')),
              escapeHtml(a.reason),
            ]),
          ),
          methodLinks(['raid', 'shootLookShoot']),
        );
        break;
      }
      case 'uncertainty': {
        const summary = study.results[0] as UncertaintySummary;
        parts.push(
          `<p>${summary.samples} samples (${escapeHtml(summary.sampling)}) of ${summary.parameters.length} parameters, each answer given as the median and the central ${Math.round(summary.interval * 100)} % of the samples beside the nominal answer (every parameter at its catalog value).</p>`,
          uncertaintyTable(summary),
          methodLinks(['uncertainty']),
        );
        for (const answer of CHARTED_ANSWERS) {
          const spec = uncertaintySpec(summary, answer);
          if (spec)
            parts.push(
              figures.figure(
                spec,
                'Median (dot) and interval (bar) over the samples, and the nominal answer (diamond).',
                ['uncertainty'],
              ),
            );
        }
        if (summary.failed.length > 0)
          parts.push(
            `<p>${summary.failed.length} of ${summary.samples} draws could not be run; their answers are missing, not zero:</p>`,
            `<ul>${summary.failed.map((f) => `<li>sample ${f.sample + 1}: ${escapeHtml(f.reason)}</li>`).join('')}</ul>`,
          );
        parts.push('<h3>Sampled parameters</h3>', sampledParametersTable(summary));
        break;
      }
      case 'russia-question': {
        parts.push(
          russiaTable(study.results as RussiaRow[]),
          "<p>Yes (shots): the interceptor at this burnout speed has an intercept window against the base's missile aimed at the target; no: it has none (the reason shows on hover).</p>",
          methodLinks(['russia']),
        );
        break;
      }
    }
    sections.push({ id: `study-${study.id}`, kind: study.kind, title, html: parts.join('\n') });
  }

  sections.push(
    {
      id: 'scenario',
      kind: 'scenario',
      title: 'Scenario file',
      html: `<p>${escapeHtml(result.scenario.file)}, sha256 <code>${escapeHtml(result.scenarioHash)}</code>:</p>\n<pre class="scenario">${escapeHtml(result.scenario.text)}</pre>`,
    },
    {
      id: 'parameters',
      kind: 'parameters',
      title: 'Parameters and sources',
      html: [
        "<p>Every catalog entry the scenario names, with each parameter as the run used it (the scenario's overrides applied) and its source.</p>",
        methodLinks(['citations']),
        ...(input.overrides.length > 0
          ? [`<p>Overrides: ${input.overrides.map((o) => `<code>${escapeHtml(o)}</code>`).join(', ')}</p>`]
          : []),
        ...input.entries.map(entryHtml),
        ...(input.sites.length > 0 ? ['<h3 id="catalog-sites">Sites</h3>', sitesHtml(input.sites)] : []),
      ].join('\n'),
    },
    {
      id: 'methods',
      kind: 'methods',
      title: 'Methods',
      html: `<p>The sections of docs/METHODS.md (shieldlab ${escapeHtml(result.shieldlabVersion)}) that the figures and tables cite.</p>\n${methodsAppendixHtml(input.methods)}`,
    },
  );

  return sections;
}

function headerHtml(input: ReportInput): string {
  const { result } = input;
  const row = (label: string, value: string, id: string) =>
    `<dt>${escapeHtml(label)}</dt><dd id="${id}">${value}</dd>`;
  return [
    '<header>',
    `<h1>${escapeHtml(input.name)}</h1>`,
    input.description ? `<p class="description">${escapeHtml(input.description)}</p>` : '',
    '<dl class="run">',
    row('scenario file', escapeHtml(result.scenario.file), 'run-file'),
    ...(input.epoch ? [row('epoch', escapeHtml(input.epoch), 'run-epoch')] : []),
    row('shieldlab version', escapeHtml(result.shieldlabVersion), 'run-version'),
    row('scenario hash (sha256)', `<code>${escapeHtml(result.scenarioHash)}</code>`, 'run-hash'),
    row('seed', escapeHtml(result.seed === null ? 'none' : String(result.seed)), 'run-seed'),
    ...(input.sharing
      ? [
          row(
            'data sharing',
            `${escapeHtml(input.sharing.name)} (<code>${escapeHtml(input.sharing.id)}</code>)`,
            'run-sharing',
          ),
        ]
      : []),
    '</dl>',
    '</header>',
  ].join('\n');
}

/** The parameter a sweep study varies, from the scenario text's study of that id. */
function sweptParameter(input: ReportInput, studyId: string): string {
  return input.sweeps.find((s) => s.id === studyId)?.parameter ?? 'swept value';
}
