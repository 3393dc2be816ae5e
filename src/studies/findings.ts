import type { RaidResult } from './raid.js';
import type { StudyResult } from './scenario-run.js';
import type { UncertaintySummary } from './uncertainty.js';

/**
 * The findings of a run in a few lines: for each study, one short answer per threat (or per
 * burnout speed, or per sampled row), in words a reader can check against the report. Pure: the
 * studies of a result.json in, rows out.
 */

export interface Finding {
  readonly study: string;
  readonly subject: string;
  readonly answer: string;
}

const s0 = (v: number) => `${Math.round(v)} s`;

/** Fewer samples than this give a median but no interval. */
const MIN_SAMPLES_FOR_INTERVAL = 10;

interface EngagementRow {
  threat: string;
  interceptorSite: string;
  commitTime?: number | null;
  feasible?: boolean;
  reason?: string | null;
  shots?: number;
  interceptWindow?: { earliest: number; latest: number } | null;
}

interface SensingRow {
  threat: string;
  reason?: string;
  warning?: number | null;
  fireControlTrack?: number | null;
  commit?: number | null;
}

interface RussiaRow {
  base: string;
  target: string;
  unflyable: string | null;
  results: Array<{ burnoutSpeed: number; feasible: boolean; shots?: number }>;
}

interface FootprintRow {
  threat: string;
  over?: string;
  summary: { points: number; defended: number; notDefended: number; outOfRange: number; notAimed?: number };
}

interface SweepStep {
  value: number | string;
  results: EngagementRow[];
}

function engagementAnswer(r: EngagementRow): string {
  if (r.feasible && r.interceptWindow)
    return `defended: ${r.shots} shot${r.shots === 1 ? '' : 's'}, intercepts ${s0(r.interceptWindow.earliest)} to ${s0(r.interceptWindow.latest)} after launch, commit at ${s0(r.commitTime ?? 0)}`;
  return `not defended: ${r.reason ?? 'no intercept'}`;
}

/**
 * A study against the one it names in `compareWith` (the same threats under another sharing
 * arrangement or without a sensor, for example): how much earlier the warning and the
 * fire-control track come, and how the shots and the intercept window change.
 */
function comparisons(studies: readonly StudyResult[]): Finding[] {
  const out: Finding[] = [];
  const signed = (v: number, unit: string) => `${v > 0 ? '+' : ''}${Math.round(v)}${unit}`;
  for (const later of studies) {
    const first = studies.find((s) => s.id === later.compareWith && s.kind === later.kind);
    if (!first || (later.kind !== 'sensing' && later.kind !== 'engagement')) continue;
    const kind = later.kind;
    for (const r of later.results as Array<SensingRow & EngagementRow>) {
      const before = (first.results as Array<SensingRow & EngagementRow>).find(
        (x) => x.threat === r.threat && x.interceptorSite === r.interceptorSite,
      );
      // A threat that was not flown (out of range, or not aimed) has nothing to compare.
      const notFlown = (x: SensingRow & EngagementRow) =>
        kind === 'sensing' ? x.reason !== undefined : x.feasible === undefined;
      if (!before || notFlown(r) || notFlown(before)) continue;
      const earlier = (a: number | null | undefined, b: number | null | undefined) =>
        a === null || a === undefined || b === null || b === undefined
          ? a === b
            ? 'no change'
            : `${b === null || b === undefined ? 'none' : s0(b)} instead of ${a === null || a === undefined ? 'none' : s0(a)}`
          : a - b === 0
            ? 'no change'
            : `${Math.round(Math.abs(a - b))} s ${a > b ? 'earlier' : 'later'}`;
      const length = (x: EngagementRow) =>
        x.interceptWindow ? x.interceptWindow.latest - x.interceptWindow.earliest : 0;
      out.push({
        study: `${later.id} vs ${first.id}`,
        subject: kind === 'sensing' ? r.threat : `${r.threat} from ${r.interceptorSite}`,
        answer:
          kind === 'sensing'
            ? `warning ${earlier(before.warning, r.warning)}, fire-control track ${earlier(before.fireControlTrack, r.fireControlTrack)}`
            : `shots ${signed((r.shots ?? 0) - (before.shots ?? 0), '')}, intercept window ${signed(length(r) - length(before), ' s')}, commit ${earlier(before.commitTime, r.commitTime)}`,
      });
    }
  }
  return out;
}

export function findings(studies: readonly StudyResult[]): Finding[] {
  const out: Finding[] = [];
  const add = (study: string, subject: string, answer: string) => out.push({ study, subject, answer });
  for (const study of studies) {
    switch (study.kind) {
      case 'trajectory':
        break; // flights are the report's figures, not findings
      case 'sensing':
        for (const r of study.results as SensingRow[])
          add(
            study.id,
            r.threat,
            r.reason
              ? r.reason
              : `warning at ${r.warning === null || r.warning === undefined ? 'none' : s0(r.warning)}, fire-control track at ${r.fireControlTrack === null || r.fireControlTrack === undefined ? 'none' : s0(r.fireControlTrack)}`,
          );
        break;
      case 'engagement':
        for (const r of study.results as EngagementRow[])
          add(study.id, `${r.threat} from ${r.interceptorSite}`, engagementAnswer(r));
        break;
      case 'footprint':
        for (const r of study.results as FootprintRow[])
          add(
            study.id,
            `${r.threat} (${r.over ?? 'targets'})`,
            `${r.summary.defended} of ${r.summary.points} points defended, ${r.summary.notDefended} not, ${r.summary.outOfRange} out of range${r.summary.notAimed ? `, ${r.summary.notAimed} not aimed` : ''}`,
          );
        break;
      case 'sweep':
        for (const step of study.results as SweepStep[]) {
          const defended = step.results.filter((r) => r.feasible).length;
          add(study.id, String(step.value), `${defended} of ${step.results.length} engagements possible`);
        }
        break;
      case 'russia-question': {
        const rows = study.results as RussiaRow[];
        const flown = rows.filter((r) => !r.unflyable);
        const speeds = flown[0]?.results.map((r) => r.burnoutSpeed) ?? [];
        speeds.forEach((speed, k) => {
          const caught = flown.filter((r) => r.results[k]?.feasible);
          add(
            study.id,
            `burnout ${(speed / 1000).toFixed(1)} km/s`,
            `${caught.length} of ${flown.length} base-target pairs can be engaged${caught.length > 0 && caught.length <= 3 ? ` (${caught.map((r) => `${r.base}-${r.target}`).join(', ')})` : ''}`,
          );
        });
        break;
      }
      case 'raid': {
        const r = study.results[0] as RaidResult;
        const p = (e: { value: number; low: number; high: number }) =>
          `${e.value.toFixed(3)} (95 %: ${e.low.toFixed(3)} to ${e.high.toFixed(3)})`;
        const outside = r.assignments.filter(
          (x) => x.site === null && x.reason.startsWith('not in the raid'),
        );
        const notIn =
          outside.length > 0
            ? `; ${outside.length} threat${outside.length === 1 ? '' : 's'} not in the raid`
            : '';
        add(
          study.id,
          'whole raid',
          r.leak.length === 0
            ? `no threat in the raid${notIn}`
            : `none of the ${r.leak.length} warhead${r.leak.length === 1 ? '' : 's'} in the raid leaks, with probability ${p(r.noLeaker)}; expected leakers ${r.expectedLeakers.value.toFixed(2)}; interceptors used ${r.interceptorsUsed.value.toFixed(1)} (${r.trials.toLocaleString('en-US')} trials)${notIn}`,
        );
        for (const w of r.leak) add(study.id, w.object, `leaks with probability ${p(w.probability)}`);
        for (const a of r.assets)
          add(
            study.id,
            `asset ${a.asset} (value ${a.value})`,
            `no warhead aimed at it leaks with probability ${p(a.survival)}`,
          );
        for (const a of r.assignments.filter(
          (x) => x.site === null && x.reason.startsWith('not in the raid'),
        ))
          add(study.id, a.object, a.reason);
        break;
      }
      case 'uncertainty': {
        const summary = study.results[0] as UncertaintySummary;
        const pct = Math.round(summary.interval * 100);
        for (const row of summary.rows) {
          const a = row.answers;
          // A median over few samples says little, and an interval over fewer than 10 nothing.
          const spread = (name: string, unit: string) => {
            const s = a[name]?.spread;
            if (!s) return 'none';
            const median = `${name === 'shots' ? s.median : Math.round(s.median)}${unit}`;
            const over = s.count < summary.samples ? `, over the ${s.count} samples that have it` : '';
            return s.count < MIN_SAMPLES_FOR_INTERVAL
              ? `${median} (median of ${s.count} samples)`
              : `${median} (${pct} %: ${Math.round(s.low)} to ${Math.round(s.high)}${over})`;
          };
          const percent = (name: string) => Math.round((a[name]?.spread?.mean ?? 0) * 100);
          const reach =
            a.reachesTarget && percent('reachesTarget') < 100
              ? [`can be flown to its target in ${percent('reachesTarget')} % of ${summary.samples} samples`]
              : [];
          // The probabilities of a raid (and of an asset's survival) to three decimals.
          const share = (name: string) => {
            const s = a[name]?.spread;
            return s
              ? `${s.median.toFixed(3)} (${pct} %: ${s.low.toFixed(3)} to ${s.high.toFixed(3)})`
              : 'none';
          };
          if ('noLeaker' in a || 'survival' in a) {
            add(
              study.id,
              row.row,
              'noLeaker' in a
                ? `no leaker ${share('noLeaker')}; expected leakers ${share('expectedLeakers')}; interceptors ${spread('interceptorsUsed', '')}`
                : `survives ${share('survival')}`,
            );
            continue;
          }
          const parts =
            'feasible' in a
              ? [
                  ...reach,
                  reach.length > 0
                    ? `intercept possible in ${percent('feasibleIfReaches')} % of those`
                    : `intercept possible in ${percent('feasible')} % of ${summary.samples} samples`,
                  `shots ${spread('shots', '')}`,
                  `window ${spread('interceptWindowLength', ' s')}`,
                ]
              : [
                  ...reach,
                  `warning ${spread('warning', ' s')}`,
                  `fire-control track ${spread('fireControlTrack', ' s')}`,
                ];
          add(study.id, row.row, parts.join('; '));
        }
        if (summary.failed.length > 0)
          add(
            study.id,
            'failed samples',
            `${summary.failed.length} of ${summary.samples} draws could not be run (first: ${summary.failed[0]!.reason})`,
          );
        break;
      }
    }
  }
  return [...out, ...comparisons(studies)];
}
