import type { Command } from 'commander';
import { InputError } from '../core/errors.js';
import { parseQuantity } from '../scenario/quantity.js';
import { findings } from '../studies/findings.js';
import { type RaidStudy, raidSettings } from '../studies/kinds/raid-study.js';
import type { RaidResult } from '../studies/raid.js';
import { checkFormat } from './common-flags.js';
import { readInputFile } from './input-file.js';
import { flagInteger } from './parse-options.js';
import { table, toJson } from './render.js';
import { runChecked } from './run-command.js';

/**
 * `shieldlab raid SCENARIO`: the scenario's threats as one raid against its defence: which site
 * engages each object and why, then the Monte Carlo over the whole raid (probability that no
 * warhead leaks, expected leakers, interceptors used). The raid settings come from the scenario's
 * first raid study, if it has one, and the flags.
 */
export function registerRaid(program: Command): void {
  program
    .command('raid <scenario>')
    .description('Monte Carlo of the scenario threats as one raid against its defence')
    .option('--trials <n>', 'Monte Carlo trials')
    .option('--salvo <k>', 'interceptors per look')
    .option('--sspk <p>', 'single-shot kill probability of every interceptor (default: the catalog value)')
    .option('--discrimination <p>', 'probability that a decoy is recognised and not engaged')
    .option('--doctrine <doctrine>', 'first-come or preferential')
    .option('--commit-time <time>', 'commit (from each threat launch) when the defence has no sensors')
    .option('--format <format>', 'json or table', 'table')
    .action((file: string, flags: RaidFlags & { format: string }) => {
      const format = checkFormat(flags.format);
      process.stdout.write(`${runRaidCommand(file, flags, format)}\n`);
    });
}

/** The raid settings given on the command line, as written. */
interface RaidFlags {
  readonly trials?: string;
  readonly salvo?: string;
  readonly sspk?: string;
  readonly discrimination?: string;
  readonly doctrine?: string;
  readonly commitTime?: string;
}

function doctrineFlag(value: string): RaidStudy['doctrine'] {
  if (value !== 'first-come' && value !== 'preferential')
    throw new InputError('--doctrine', value, 'first-come or preferential');
  return value;
}

/** A commit time as the engage command takes it: 0 to 10,000 s after the threat's launch. */
function commitTimeFlag(value: string): number {
  const t = parseQuantity(value, 'time', '--commit-time');
  if (!(t >= 0 && t <= 10_000))
    throw new InputError('--commit-time', value, 'a time from 0 to 10,000 s after launch');
  return t;
}

function probability(value: string, flag: string): number {
  const p = Number(value);
  // Decimal only: Number() would also read "0x1".
  if (!/^\s*\d*\.?\d+\s*$/.test(value) || !(p >= 0 && p <= 1))
    throw new InputError(flag, value, 'a probability in [0, 1]');
  return p;
}

export function runRaidCommand(file: string, flags: RaidFlags, format: 'json' | 'table'): string {
  // Flags first: a bad flag is reported before anything runs.
  const settings: Partial<RaidStudy> = {
    ...(flags.trials !== undefined ? { trials: flagInteger(flags.trials, '--trials', 100, 10_000_000) } : {}),
    ...(flags.salvo !== undefined ? { salvo: flagInteger(flags.salvo, '--salvo', 1, 8) } : {}),
    ...(flags.sspk !== undefined ? { singleShotKillProbability: probability(flags.sspk, '--sspk') } : {}),
    ...(flags.discrimination !== undefined
      ? { discrimination: probability(flags.discrimination, '--discrimination') }
      : {}),
    ...(flags.doctrine !== undefined ? { doctrine: doctrineFlag(flags.doctrine) } : {}),
    ...(flags.commitTime !== undefined ? { commitTime: { value: commitTimeFlag(flags.commitTime) } } : {}),
  };
  const text = readInputFile(file, 'scenario');
  const { result } = runChecked(file, text, true, (scenario) => {
    if (!scenario.defence) throw new InputError('defence', undefined, 'a defence section for a raid');
    const { study: own, index } = raidSettings(scenario);
    if (
      (settings.commitTime ?? own.commitTime) === undefined &&
      !(own.sensors ?? scenario.defence.sensors ?? []).length
    )
      throw new InputError(
        '--commit-time',
        undefined,
        'a commit time, as the scenario has no sensors to give one',
      );
    const study: RaidStudy = { ...own, id: own.id ?? 'raid', ...settings };
    // The seed the study has in the file (scenario seed plus its index), so that `raid` and `run`
    // give the same numbers for the same study.
    return { ...scenario, seed: (scenario.seed ?? 0) + Math.max(0, index), studies: [study] };
  });
  const raid = result.studies[0]!.results[0] as RaidResult;
  if (format === 'json') return toJson(raid);
  return [
    table(
      ['object', 'site', 'looks (s into the raid)', 'why'],
      raid.assignments.map((a) => [a.object, a.site ?? 'none', a.looks.join(', '), a.reason]),
    ),
    '',
    table(
      ['subject', 'finding'],
      findings(result.studies).map((f) => [f.subject, f.answer]),
    ),
  ].join('\n');
}
