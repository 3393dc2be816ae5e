import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { shippedCatalog } from '../../src/cli/catalog-files.js';
import { runScenarioText } from '../../src/studies/run-scenario-text.js';

/**
 * The scenario the scale tests run (every kind of split study, small), and its serial run: what
 * every threaded and queued run must give, bit for bit.
 */
export const FIXTURE = fileURLToPath(new URL('../fixtures/scenarios/split-studies.yaml', import.meta.url));
export const FIXTURE_TEXT = readFileSync(FIXTURE, 'utf8');

/** The fixture run in this thread, as `shieldlab run` names it in result.json. */
export function serialResult() {
  return runScenarioText(FIXTURE, FIXTURE_TEXT, shippedCatalog(), { name: 'split-studies.yaml' }).result;
}
