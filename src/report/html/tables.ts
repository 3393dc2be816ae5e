import { escapeHtml } from './escape.js';
import type {
  EngagementRow,
  FootprintResult,
  RussiaRow,
  SensingResult,
  SweepStep,
  TrajectoryRow,
} from './study-results.js';

/**
 * The tables of the report. Numbers from result.json are shown as written there (already
 * rounded by the run), so a reader can find each one in the file; derived display values
 * (km, km/s) are converted here and nowhere else.
 */

/** An HTML table; cells are HTML already escaped by the caller. */
export function htmlTable(
  headers: readonly string[],
  rows: ReadonlyArray<readonly string[]>,
  options: { className?: string; numeric?: readonly number[] } = {},
): string {
  const numeric = new Set(options.numeric ?? []);
  const cell = (tag: 'th' | 'td', html: string, i: number) =>
    `<${tag}${numeric.has(i) ? ' class="num"' : ''}>${html}</${tag}>`;
  return [
    `<table${options.className ? ` class="${options.className}"` : ''}>`,
    `<thead><tr>${headers.map((h, i) => cell('th', escapeHtml(h), i)).join('')}</tr></thead>`,
    '<tbody>',
    ...rows.map((r) => `<tr>${r.map((c, i) => cell('td', c, i)).join('')}</tr>`),
    '</tbody>',
    '</table>',
  ].join('\n');
}

const text = (v: unknown) => escapeHtml(v === null || v === undefined ? '' : String(v));
const window = (w: { earliest: number; latest: number } | null | undefined) =>
  w ? `${text(w.earliest)} to ${text(w.latest)}` : '';
const km = (m: number | null | undefined) => (m === null || m === undefined ? '' : (m / 1000).toFixed(1));

export function trajectoryTable(rows: readonly TrajectoryRow[]): string {
  return htmlTable(
    [
      'threat',
      'ground range (km)',
      'flight time (s)',
      'apogee (km)',
      'burnout time (s)',
      'burnout speed (km/s)',
      'burnout angle (deg)',
      'note',
    ],
    rows.map((r) => [
      text(r.threat),
      km(r.groundRange),
      text(r.flightTime),
      km(r.apogeeAltitude),
      text(r.burnout?.time),
      r.burnout ? (r.burnout.speed / 1000).toFixed(3) : '',
      text(r.burnout?.flightPathAngle.toFixed(2)),
      text(r.reason),
    ]),
    { numeric: [1, 2, 3, 4, 5, 6] },
  );
}

export function sensingTable(rows: readonly SensingResult[]): string {
  return htmlTable(
    ['threat', 'sharing', 'warning (s)', 'first track (s)', 'fire-control track (s)', 'commit (s)', 'note'],
    rows.map((r) => [
      text(r.threat),
      text(r.sharing),
      text(r.warning),
      text(r.firstTrack),
      text(r.fireControlTrack),
      text(r.commit),
      text(r.reason ?? (r.commit === null ? 'no commit: no fire-control track' : '')),
    ]),
    { numeric: [2, 3, 4, 5] },
  );
}

export function engagementTable(rows: readonly EngagementRow[]): string {
  return htmlTable(
    [
      'threat',
      'site',
      'inventory',
      'commit (s)',
      'feasible',
      'launch window (s)',
      'intercept window (s)',
      'shots',
      'reason',
    ],
    rows.map((r) => [
      text(r.threat),
      text(r.interceptorSite),
      text(r.inventory),
      text(r.commitTime),
      r.feasible ? 'yes' : 'no',
      window(r.launchWindow),
      window(r.interceptWindow),
      text(r.shots ?? 0),
      text(r.reason),
    ]),
    { className: 'engagements', numeric: [2, 3, 5, 6, 7] },
  );
}

export function footprintTable(r: FootprintResult): string {
  const s = r.summary;
  return htmlTable(
    ['threat', 'grid points', 'defended', 'not defended', 'out of range', 'not aimed'],
    [
      [
        text(r.threat),
        text(s.points),
        text(s.defended),
        text(s.notDefended),
        text(s.outOfRange),
        text(s.notAimed ?? 0),
      ],
    ],
    { numeric: [1, 2, 3, 4, 5] },
  );
}

export function sweepTable(parameter: string, steps: readonly SweepStep[]): string {
  return htmlTable(
    [parameter, 'threat', 'site', 'commit (s)', 'feasible', 'intercept window (s)', 'shots', 'reason'],
    steps.flatMap((step) =>
      step.results.map((r) => [
        text(step.value),
        text(r.threat),
        text(r.interceptorSite),
        text(r.commitTime),
        r.feasible ? 'yes' : 'no',
        window(r.interceptWindow),
        text(r.shots),
        text(r.reason),
      ]),
    ),
    { numeric: [3, 5, 6] },
  );
}

/** Bases by rows, burnout speeds by columns: "yes (shots)" or "no", the reason on hover. */
export function russiaTable(rows: readonly RussiaRow[]): string {
  const speeds = rows[0]?.results.map((r) => r.burnoutSpeed) ?? [];
  return htmlTable(
    ['base', 'missile', 'target', 'flight time (s)', ...speeds.map((v) => `${(v / 1000).toFixed(1)} km/s`)],
    rows.map((row) => [
      text(row.base),
      text(row.missile),
      text(row.target),
      row.flightTime === null ? text(row.unflyable ?? 'not flown') : text(row.flightTime.toFixed(1)),
      ...row.results.map((r) =>
        r.feasible && (r.shots ?? 0) > 0
          ? `<span class="yes">yes (${r.shots})</span>`
          : `<span class="no" title="${text(r.reason)}">no</span>`,
      ),
    ]),
    { className: 'russia', numeric: [3] },
  );
}
