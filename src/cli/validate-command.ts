import type { Command } from 'commander';
import { z } from 'zod';
import { InputErrors } from '../core/errors.js';
import { checkScenario } from '../scenario/scenario-file.js';
import { scenarioSchema } from '../scenario/scenario-schema.js';
import { scenarioCatalogs } from './catalog-files.js';
import { checkFormat } from './common-flags.js';
import { readInputFile } from './input-file.js';
import { toJson } from './render.js';

/** `shieldlab validate FILE`: every problem of a scenario file, with line and column; exit 2 if any. */
export function registerValidate(program: Command): void {
  program
    .command('validate <scenario>')
    .description('check a scenario file: every problem at once, with line and column')
    .option('--format <format>', 'json or table', 'table')
    .action((file: string, flags: { format: string }) => {
      process.stdout.write(`${runValidate(file, checkFormat(flags.format))}\n`);
    });
}

export function runValidate(file: string, format: 'json' | 'table'): string {
  const text = readInputFile(file, 'scenario');
  const { scenario, errors } = checkScenario(file, text, scenarioCatalogs());
  if (!scenario) throw new InputErrors(errors);
  const summary = {
    valid: true,
    name: scenario.name,
    threats: scenario.threats.length,
    studies: scenario.studies.map((s) => s.kind),
  };
  return format === 'json'
    ? toJson(summary)
    : `${file}: valid (${summary.threats} threat${summary.threats === 1 ? '' : 's'}; studies: ${summary.studies.join(', ')})`;
}

/** `shieldlab schema`: the JSON Schema of scenario files, generated from the one schema in code. */
export function registerSchema(program: Command): void {
  program
    .command('schema')
    .description('the JSON Schema of scenario files (for editors)')
    .action(() => {
      process.stdout.write(`${scenarioJsonSchema()}\n`);
    });
}

export function scenarioJsonSchema(): string {
  const schema = z.toJSONSchema(scenarioSchema, { io: 'input', unrepresentable: 'any' });
  return JSON.stringify(
    {
      ...schema,
      title: 'shieldlab scenario',
      description:
        'A shieldlab scenario file (YAML or JSON). Generated from src/scenario/scenario-schema.ts by `shieldlab schema`; quantities are SI numbers or strings with units such as "7.2 km/s".',
    },
    null,
    2,
  );
}
