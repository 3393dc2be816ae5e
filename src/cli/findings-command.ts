import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Command } from 'commander';
import { parse } from 'yaml';
import { InputError } from '../core/errors.js';
import { inStudyOrder } from '../scenario/ready-scenario-order.js';
import { type Finding, findings } from '../studies/findings.js';
import type { StudyResult } from '../studies/scenario-run.js';
import { checkFormat } from './common-flags.js';
import { packageRoot } from './package-root.js';
import { table, toJson } from './render.js';

/**
 * `shieldlab findings [SCENARIO...] --out DIR`: run scenarios (by default the ready ones of the
 * 2007 study in scenarios/) and print a short table of findings for each, with where its report
 * is. Each scenario runs as its own `shieldlab run` process, as many at once as there are cores:
 * the scenarios are independent, and a process each keeps their memory apart. (A handful of
 * processes needs no pool package; issue-sized parallel studies use worker threads.)
 */
export function registerFindings(program: Command): void {
  program
    .command('findings [scenarios...]')
    .description('run scenarios (default: the 2007 study in scenarios/) and print their findings')
    .option('--out <dir>', 'output folder; each scenario writes into its own subfolder', 'out')
    .option('--format <format>', 'json or table', 'table')
    .action(async (files: string[], flags: { out: string; format: string }) => {
      const format = checkFormat(flags.format);
      process.stdout.write(`${await runFindings(files, flags.out, format)}\n`);
    });
}

export interface ScenarioFindings {
  readonly scenario: string;
  readonly name: string;
  readonly report: string;
  readonly findings: readonly Finding[];
}

export async function runFindings(
  files: readonly string[],
  out: string,
  format: 'json' | 'table',
): Promise<string> {
  const scenarios = files.length > 0 ? [...files] : defaultScenarios();
  for (const file of scenarios)
    if (!existsSync(file)) throw new InputError('findings', file, 'a scenario file that exists');
  const started = Date.now();
  const elapsed = () => `${Math.round((Date.now() - started) / 1000)} s`;
  // A folder per scenario, named after its file; a name used twice gets its position added.
  const names = scenarios.map((f) => basename(f).replace(/\.(ya?ml|json)$/, ''));
  const dirs = names.map((n, k) => join(out, names.indexOf(n) === k ? n : `${n}-${k + 1}`));
  const atOnce = Math.min(availableParallelism(), scenarios.length);
  process.stderr.write(
    `running ${scenarios.length} scenario${scenarios.length === 1 ? '' : 's'}${atOnce > 1 ? `, ${atOnce} at a time` : ''}\n`,
  );
  // Longest first, so that the short ones fill the other lanes: uncertainty, Russia-question,
  // sweep and footprint studies fly a reach table per sample or value, or a grid of threats
  // (a minute or more), the others take seconds.
  const slowStudies = (f: string) =>
    readFileSync(f, 'utf8').match(/kind:\s*(uncertainty|russia-question|sweep|footprint)\b/g)?.length ?? 0;
  const cost = new Map(scenarios.map((f) => [f, slowStudies(f)]));
  const expensive = (f: string) => -cost.get(f)!;
  const schedule = scenarios
    .map((_, k) => k)
    .sort((a, b) => expensive(scenarios[a]!) - expensive(scenarios[b]!));
  // The first failure stops the others: their results would be reported without it.
  const stop = new AbortController();
  await eachConcurrently(schedule, availableParallelism(), stop, async (k) => {
    const file = scenarios[k]!;
    process.stderr.write(`  ${basename(file)}: started (${elapsed()})\n`);
    await runScenarioProcess(file, dirs[k]!, stop.signal);
    process.stderr.write(`  ${basename(file)}: done (${elapsed()})\n`);
  });
  const all: ScenarioFindings[] = scenarios.map((file, k) => {
    const result = JSON.parse(readFileSync(join(dirs[k]!, 'result.json'), 'utf8')) as {
      scenario: { text: string };
      studies: StudyResult[];
    };
    const name = (parse(result.scenario.text) as { name?: string } | null)?.name ?? basename(file);
    return {
      scenario: file,
      name,
      report: join(dirs[k]!, 'report.html'),
      findings: findings(result.studies),
    };
  });
  if (format === 'json') return toJson(all);
  return all
    .map((s) =>
      [
        s.name,
        table(
          ['study', 'subject', 'finding'],
          s.findings.map((f) => [f.study, f.subject, f.answer]),
        ),
        `report: ${s.report}`,
      ].join('\n'),
    )
    .join('\n\n');
}

/** The ready scenarios shipped with shieldlab, in the order of the 2007 study. */
function defaultScenarios(): string[] {
  const dir = join(packageRoot(), 'scenarios');
  const names = readdirSync(dir).filter((f) => /\.ya?ml$/.test(f));
  return inStudyOrder(names, (f) => f).map((f) => join(dir, f));
}

/** `shieldlab run FILE --out DIR` in a child process; its errors become this command's. */
function runScenarioProcess(file: string, dir: string, signal: AbortSignal): Promise<void> {
  // From the built package, the built command line; from the sources (tests), through tsx.
  const self = fileURLToPath(import.meta.url);
  const args = self.endsWith('.ts')
    ? ['--import', 'tsx', join(packageRoot(), 'src', 'cli', 'main.ts')]
    : [join(packageRoot(), 'dist', 'src', 'cli', 'main.js')];
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...args, 'run', file, '--out', dir], {
      stdio: ['ignore', 'ignore', 'pipe'],
      signal,
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.on('error', (e) => {
      if (!signal.aborted) reject(e);
    });
    child.on('close', (code) => {
      if (code === 0 || (signal.aborted && code === null)) resolve();
      else {
        const line =
          stderr
            .trim()
            .split('\n')[0]
            ?.replace(/^shieldlab: /, '') ?? `exit status ${code}`;
        reject(
          code === 2 ? new InputError('findings', file, `a scenario that runs (${line})`) : new Error(line),
        );
      }
    });
  });
}

/**
 * Run `task` on every item, at most `limit` at a time; on the first failure, abort `stop` (the
 * running tasks end, no new one starts) and reject with it.
 */
async function eachConcurrently<T>(
  items: readonly T[],
  limit: number,
  stop: AbortController,
  task: (item: T, index: number) => Promise<void>,
): Promise<void> {
  let next = 0;
  let failure: unknown;
  const lanes = Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, async () => {
    while (next < items.length && !stop.signal.aborted) {
      const k = next++;
      try {
        await task(items[k]!, k);
      } catch (e) {
        if (!stop.signal.aborted) {
          failure = e;
          stop.abort();
        }
      }
    }
  });
  await Promise.all(lanes);
  if (stop.signal.aborted) throw failure;
}
