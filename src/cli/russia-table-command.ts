import type { Command } from 'commander';
import { InputError } from '../core/errors.js';
import { parseOverride } from '../scenario/overrides.js';
import { russiaQuestion } from '../studies/russia-question.js';
import { resolveInterceptor, russianBases } from './catalog-files.js';
import {
  addCommonOptions,
  addSetOption,
  type CommonFlags,
  parseCommon,
  requirePlace,
  resultHeader,
} from './common-flags.js';
import { flagQuantity } from './parse-options.js';
import { progressBar } from './progress-bar.js';
import { table, toJson } from './render.js';

interface RussiaFlags extends CommonFlags {
  interceptor: string;
  site: string;
  commitTime?: string;
  commitAfterBurnout: string;
  speeds: string;
  targets: string;
  set: string[];
}

export function registerRussiaTable(program: Command): void {
  const cmd = program
    .command('russia-table')
    .description(
      'can interceptors from Poland catch Russian ICBMs flown at the United States? (the 2007 dispute)',
    )
    .option('--interceptor <id|file>', 'interceptor type', 'gbi-2stage')
    .option('--site <site|lat,lon>', 'interceptor site', 'redzikowo')
    .option('--commit-time <time>', 'commit time after threat launch (instead of after burnout)')
    .option('--commit-after-burnout <time>', "commit this long after the threat's burnout", '0s')
    .option('--speeds <from:to:step>', 'interceptor burnout speeds in km/s', '5:9:0.5')
    .option('--targets <ids>', 'comma-separated target sites', 'washington,new-york,boston');
  addCommonOptions(addSetOption(cmd)).action((flags: RussiaFlags) => {
    process.stdout.write(`${runRussiaTable(flags)}\n`);
  });
}

export function runRussiaTable(flags: RussiaFlags): string {
  const { format, earth } = parseCommon(flags);
  const speeds = parseSpeeds(flags.speeds);
  const site = requirePlace(flags.site, '--site', 'the interceptor site');
  const overrides = flags.set.map((s) => parseOverride(s));
  const targets = flags.targets
    .split(',')
    .map((id) => id.trim())
    .filter((id) => id !== '')
    .map((id) => ({ id, site: requirePlace(id, '--targets', 'a target') }));
  if (targets.length === 0)
    throw new InputError('--targets', flags.targets, 'comma-separated site ids, such as washington,new-york');
  const basesData = russianBases(overrides);
  const bases = basesData.bases;
  const afterBurnout = flags.commitTime === undefined;
  const commit = afterBurnout
    ? flagQuantity(flags.commitAfterBurnout, 'time', '--commit-after-burnout')
    : flagQuantity(flags.commitTime, 'time', '--commit-time');
  if (!(commit >= 0 && commit <= 5000))
    throw new InputError(
      afterBurnout ? '--commit-after-burnout' : '--commit-time',
      afterBurnout ? flags.commitAfterBurnout : flags.commitTime,
      'a time in [0, 5000] s',
    );
  const base = resolveInterceptor(flags.interceptor, earth, overrides);
  const id = base.interceptor.id;
  // Each column's speed overrides the interceptor's burnout speed (the disputed number).
  const interceptorAt = (v: number) =>
    resolveInterceptor(flags.interceptor, earth, [
      ...overrides.filter((o) => !(o.id === id && /(^|\.)burnoutSpeed$/.test(o.path))),
      parseOverride(`${id}.burnoutSpeed=${v}`),
    ]).interceptor;
  const useBar = format === 'table' && process.stderr.isTTY;
  const bar = useBar ? progressBar() : undefined;
  const rows = russiaQuestion({
    bases,
    targets,
    site,
    interceptorAt,
    burnoutSpeeds: speeds,
    commitTime: commit,
    commitAfterBurnout: afterBurnout,
    earth,
    ...(bar
      ? { progress: (done: number, total: number) => bar(done, total, `engagement ${done} of ${total}`) }
      : {}),
  });
  bar?.stop();
  if (format === 'json') {
    return toJson({
      ...resultHeader({ ...flags, interceptorText: base.text }, earth),
      interceptor: base.interceptor.id,
      commit: afterBurnout ? { afterBurnout: commit } : { afterLaunch: commit },
      basesSource: basesData.source,
      rows: rows.map((r) => ({
        base: r.base,
        missile: r.missile,
        target: r.target,
        flightTime: r.flightTime === undefined ? null : Number(r.flightTime.toFixed(1)),
        ...(r.unflyable ? { reason: r.unflyable } : {}),
        results: r.results.map((x) => ({
          burnoutSpeed: x.burnoutSpeed,
          commitTime: x.commitTime === undefined ? null : Number(x.commitTime.toFixed(1)),
          feasible: x.engagement?.feasible ?? false,
          reason: x.engagement?.reason ?? (x.engagement ? null : 'threat not flown'),
          interceptWindow: x.engagement?.interceptWindow
            ? {
                earliest: Number(x.engagement.interceptWindow.earliest.toFixed(1)),
                latest: Number(x.engagement.interceptWindow.latest.toFixed(1)),
              }
            : null,
          shots: x.engagement?.shots ?? 0,
        })),
      })),
    });
  }
  const header = ['base (missile)', 'target', ...speeds.map((v) => `${(v / 1000).toFixed(1)}`)];
  const body = rows.map((r) => [
    `${r.base} (${r.missile})`,
    r.target,
    ...r.results.map((x) =>
      x.engagement?.feasible ? `yes ${x.engagement.shots}` : x.engagement ? 'no' : '-',
    ),
  ]);
  const reasons = new Set(
    rows.flatMap((r) =>
      r.results.filter((x) => x.engagement && !x.engagement.feasible).map((x) => x.engagement!.reason),
    ),
  );
  return [
    `Can interceptors (${base.interceptor.name}) launched from ${flags.site} intercept Russian ICBMs aimed at ${targets.map((t) => t.id).join(', ')}?`,
    'Every column flies a booster fitted to that burnout speed (engage uses the stage model at the catalog value).',
    `Interceptor burnout speed (km/s) across; "yes N" = intercept possible with N shoot-look-shoot shots. Commit ${afterBurnout ? `${commit} s after the threat's burnout` : `${commit} s after threat launch`}.`,
    '',
    table(header, body),
    '',
    `"no" reasons seen: ${[...reasons].join('; ') || 'none'}; "-": the threat could not be flown to that target`,
    `Bases and missiles: ${basesData.source.replace(/\s+/g, ' ')}`,
  ].join('\n');
}

function parseSpeeds(text: string): number[] {
  const m = /^(\d+(?:\.\d+)?):(\d+(?:\.\d+)?):(\d+(?:\.\d+)?)$/.exec(text.trim());
  const expected = 'FROM:TO:STEP in km/s, e.g. 5:9:0.5, with 1 <= FROM <= TO <= 11 and at most 40 speeds';
  if (!m) throw new InputError('--speeds', text, expected);
  const [from, to, step] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (!(from >= 1 && to <= 11 && from <= to && step > 0 && (to - from) / step <= 40))
    throw new InputError('--speeds', text, expected);
  const out: number[] = [];
  for (let v = from; v <= to + 1e-9; v += step) out.push(Math.round(v * 1000));
  return out;
}
