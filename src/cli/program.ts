import { Command, CommanderError } from 'commander';
import {
  Cancelled,
  InputError,
  InputErrors,
  IntegrationError,
  ResultsDiffer,
  Unavailable,
  WorkerFailed,
} from '../core/errors.js';
import { SHIELDLAB_VERSION } from '../version.js';
import { registerCatalog } from './catalog-command.js';
import { registerDemo } from './demo-command.js';
import { registerEngage } from './engage-command.js';
import { registerExchange } from './exchange-command.js';
import { registerFindings } from './findings-command.js';
import { registerFly } from './fly-command.js';
import { registerRaid } from './raid-command.js';
import { registerRange } from './range-command.js';
import { registerReconstruct } from './reconstruct-command.js';
import { registerRun } from './run-command.js';
import { registerRussiaTable } from './russia-table-command.js';
import { registerSense } from './sense-command.js';
import { registerServe } from './serve-command.js';
import { registerSchema, registerValidate } from './validate-command.js';
import { registerWorker } from './worker-command.js';

/**
 * The shieldlab command line. Results go to stdout, progress to stderr. Bad input: exit status 2
 * and one line naming the file, field, value and expectation; never a stack trace.
 */
export function buildProgram(): Command {
  const program = new Command('shieldlab')
    .description('open, physics-based missile-defence laboratory')
    .version(SHIELDLAB_VERSION)
    .exitOverride()
    .configureOutput({ writeErr: () => {} })
    .showSuggestionAfterError(true);
  registerFly(program);
  registerRange(program);
  registerEngage(program);
  registerSense(program);
  registerRussiaTable(program);
  registerReconstruct(program);
  registerCatalog(program);
  registerValidate(program);
  registerRun(program);
  registerRaid(program);
  registerSchema(program);
  registerFindings(program);
  registerDemo(program);
  registerServe(program);
  registerExchange(program);
  registerWorker(program);
  const quiet = (cmd: Command) => {
    cmd.exitOverride().configureOutput({ writeErr: () => {} });
    for (const sub of cmd.commands) quiet(sub);
  };
  for (const cmd of program.commands) quiet(cmd);
  return program;
}

export async function main(argv: readonly string[]): Promise<number> {
  try {
    const program = buildProgram();
    if (argv.length === 0) {
      process.stdout.write(program.helpInformation());
      return 0;
    }
    await program.parseAsync([...argv], { from: 'user' });
    return 0;
  } catch (e) {
    return report(e);
  }
}

function report(e: unknown): number {
  if (e instanceof CommanderError) {
    if (
      e.code === 'commander.helpDisplayed' ||
      e.code === 'commander.version' ||
      e.code === 'commander.help'
    ) {
      return 0;
    }
    process.stderr.write(`shieldlab: ${e.message.replace(/^error: /, '').split('\n')[0]}\n`);
    return 2;
  }
  if (e instanceof InputError) {
    process.stderr.write(`shieldlab: ${e.message}\n`);
    return 2;
  }
  if (e instanceof ResultsDiffer) {
    process.stdout.write(`${e.message}\n`);
    return 1;
  }
  if (e instanceof InputErrors) {
    for (const one of e.errors) process.stderr.write(`shieldlab: ${one.message}\n`);
    return 2;
  }
  if (e instanceof Unavailable || e instanceof WorkerFailed) {
    process.stderr.write(`shieldlab: ${e.message}\n`);
    return 1;
  }
  if (e instanceof Cancelled) {
    process.stderr.write(`shieldlab: ${e.message}\n`);
    return e.status;
  }
  if (e instanceof IntegrationError) {
    process.stderr.write(`shieldlab: computation failed: ${e.message}\n`);
    return 1;
  }
  const message = e instanceof Error ? e.message : String(e);
  process.stderr.write(`shieldlab: internal error: ${message.split('\n')[0]}\n`);
  if (process.env['SHIELDLAB_DEBUG'] && e instanceof Error && e.stack) process.stderr.write(`${e.stack}\n`);
  return 1;
}
