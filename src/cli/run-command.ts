import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { Command } from 'commander';
import { InputError, ResultsDiffer } from '../core/errors.js';
import { runExports } from '../report/run-exports.js';
import type { ResultFile } from '../studies/run-scenario-text.js';
import { SHIELDLAB_VERSION } from '../version.js';
import { readInputFile } from './input-file.js';
import { methodsMarkdown } from './methods-file.js';
import { table, toJson } from './render.js';
import { runStudies, type ScaleFlags } from './study-runners.js';

/**
 * `shieldlab run SCENARIO --out DIR`: check the scenario, run its studies, write DIR/result.json
 * (the scenario itself, the version, its hash and seed, every study's results), and
 * `shieldlab verify DIR`: run the recorded scenario again and compare every number, so that a
 * partner can reproduce a published assessment bit for bit.
 */
export function registerRun(program: Command): void {
  program
    .command('run <scenario>')
    .description('run a scenario file and write result.json into a folder')
    .option('--out <dir>', 'output folder (default: out/<scenario name>)')
    .option(
      '--threads <n>',
      'worker threads for footprints, sweeps and uncertainty studies (default: one per core)',
    )
    .option(
      '--queue <url>',
      'compute them on shieldlab workers through this Redis server (redis://HOST:PORT)',
    )
    .action(async (file: string, flags: ScaleFlags & { out?: string }) => {
      process.stdout.write(`${await runScenarioFile(file, flags.out, flags)}\n`);
    });
  program
    .command('verify <dir>')
    .description('run the scenario recorded in DIR/result.json again and compare every number')
    .option('--threads <n>', 'worker threads (default: one per core)')
    .option('--queue <url>', 'compute on shieldlab workers through this Redis server')
    .action(async (dir: string, flags: ScaleFlags) => {
      const { report, same } = await verifyResult(dir, flags);
      if (!same) throw new ResultsDiffer(report);
      process.stdout.write(`${report}\n`);
    });
}

export type { ResultFile } from '../studies/run-scenario-text.js';

export { runChecked } from './study-runners.js';

export async function runScenarioFile(file: string, out?: string, flags: ScaleFlags = {}): Promise<string> {
  const text = readInputFile(file, 'scenario');
  const run = await runStudies(file, text, flags, { progress: true });
  const { result, scenario, catalog, earth } = run;
  const dir = out ?? join('out', basename(file).replace(/\.(ya?ml|json)$/, ''));
  // Every output made in memory first, then written in one go (each file whole, then renamed):
  // a run stopped at any point leaves either no new file or all of them, never half of one.
  const exports = runExports(scenario, catalog, earth, result.studies);
  // Loaded here, not with the command line: the report's coastlines and Vega take a moment to load,
  // and only this command needs them.
  const { reportHtml } = await import('../report/html/report.js');
  const { reportInput } = await import('../report/html/report-input.js');
  const outputs = new Map(exports);
  outputs.set('result.json', `${toJson(result)}\n`);
  outputs.set('report.html', reportHtml(reportInput(run, methodsMarkdown())));
  writeAll(dir, outputs);
  const rows = result.studies.map((s) => [s.id, s.kind, String(s.results.length)]);
  const histories = [...exports.keys()].filter((n) => n.endsWith('.csv')).length;
  return `${table(['study', 'kind', 'results'], rows)}\n\nwritten in ${dir}: result.json, report.html, map.geojson, trajectories.czml, trajectories.kml and ${histories} time histories (THREAT.csv)\nreport: ${join(dir, 'report.html')}`;
}

/**
 * Write files into a folder, each whole under a temporary name and then renamed. Synchronous, with
 * Ctrl-C held off until the last rename (a signal with a listener waits for the event loop), so
 * that a run's files replace the previous run's together or not at all. A write that fails (disk
 * full) removes the temporary files and leaves the folder as it was.
 */
function writeAll(dir: string, files: ReadonlyMap<string, string>): void {
  const hold = () => {};
  process.on('SIGINT', hold);
  process.on('SIGTERM', hold);
  const partial = (name: string) => join(dir, `${name}.partial`);
  try {
    mkdirSync(dir, { recursive: true });
    try {
      for (const [name, content] of files) writeFileSync(partial(name), content);
    } catch (e) {
      for (const name of files.keys()) rmSync(partial(name), { force: true });
      throw e;
    }
    for (const name of files.keys()) renameSync(partial(name), join(dir, name));
  } finally {
    // Removed on the next turn, so that a signal that came during the writes reaches `hold`.
    setImmediate(() => {
      process.off('SIGINT', hold);
      process.off('SIGTERM', hold);
    });
  }
}

/** Every path where two JSON values differ, with both values. */
export function differences(recorded: unknown, now: unknown, path = 'studies'): string[] {
  if (
    typeof recorded !== typeof now ||
    Array.isArray(recorded) !== Array.isArray(now) ||
    recorded === null ||
    now === null
  ) {
    return recorded === now
      ? []
      : [`${path}: recorded ${JSON.stringify(recorded)}, now ${JSON.stringify(now)}`];
  }
  if (typeof recorded !== 'object') {
    return Object.is(recorded, now)
      ? []
      : [`${path}: recorded ${JSON.stringify(recorded)}, now ${JSON.stringify(now)}`];
  }
  if (Array.isArray(recorded)) {
    const a = recorded as unknown[];
    const b = now as unknown[];
    const out = a.length !== b.length ? [`${path}: recorded ${a.length} entries, now ${b.length}`] : [];
    for (let i = 0; i < Math.min(a.length, b.length); i++)
      out.push(...differences(a[i], b[i], `${path}[${i}]`));
    return out;
  }
  const a = recorded as Record<string, unknown>;
  const b = now as Record<string, unknown>;
  const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])];
  return keys.flatMap((k) => differences(a[k], b[k], `${path}.${k}`));
}

export async function verifyResult(
  dir: string,
  flags: ScaleFlags = {},
): Promise<{ report: string; same: boolean }> {
  const file = join(dir, 'result.json');
  if (!existsSync(file))
    throw new InputError('verify', dir, 'a folder holding a result.json written by shieldlab run');
  let recorded: ResultFile;
  try {
    recorded = JSON.parse(readFileSync(file, 'utf8')) as ResultFile;
  } catch {
    throw new InputError('verify', file, 'a result.json written by shieldlab run (it is not JSON)');
  }
  if (typeof recorded?.scenario?.text !== 'string' || !Array.isArray(recorded.studies))
    throw new InputError(
      'verify',
      file,
      'a result.json written by shieldlab run (no scenario or studies in it)',
    );
  const notes: string[] = [];
  if (recorded.shieldlabVersion !== SHIELDLAB_VERSION)
    notes.push(`recorded with shieldlab ${recorded.shieldlabVersion}, checked with ${SHIELDLAB_VERSION}`);
  const again = (await runStudies(recorded.scenario.file, recorded.scenario.text, flags, { progress: true }))
    .result;
  const diffs = differences(recorded.studies, again.studies);
  const same = diffs.length === 0;
  return {
    same,
    report: [
      ...notes,
      same
        ? `same numbers, bit for bit: ${recorded.studies.length} studies of ${recorded.scenario.file} (hash ${recorded.scenarioHash.slice(0, 12)})`
        : `${diffs.length} difference${diffs.length === 1 ? '' : 's'}:\n${diffs.join('\n')}`,
    ].join('\n'),
  };
}
