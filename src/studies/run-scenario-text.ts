import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';
import { InputErrors } from '../core/errors.js';
import { type EarthModel, earthModel } from '../earth/earth-model.js';
import type { CatalogLibrary } from '../scenario/catalog-library.js';
import { checkScenario } from '../scenario/scenario-file.js';
import type { Scenario } from '../scenario/scenario-schema.js';
import { SHIELDLAB_VERSION } from '../version.js';
import { libraryScenarioCatalog } from './library-scenario-catalog.js';
import type { ScenarioCatalog } from './scenario-catalog.js';
import { type ItemRunner, runScenario, runScenarioOn, type StudyResult } from './scenario-run.js';

/** What `shieldlab run` writes to result.json, and what the web app shows and downloads. */
export interface ResultFile {
  readonly shieldlabVersion: string;
  /** SHA-256 of the scenario's text, hex. */
  readonly scenarioHash: string;
  readonly seed: number | null;
  readonly scenario: { readonly file: string; readonly text: string };
  readonly studies: readonly StudyResult[];
}

/** A run and what was built to compute it (reports and exports fly the threats again). */
export interface CheckedRun {
  readonly result: ResultFile;
  readonly scenario: Scenario;
  readonly catalog: ScenarioCatalog;
  readonly earth: EarthModel;
  readonly library: CatalogLibrary;
}

export interface RunOptions {
  /** Told after each unit of work (a study, a sample, a sweep value). */
  readonly progress?: (done: number, total: number, what: string) => void;
  /** Applied to the checked scenario before it runs (a command that runs other studies). */
  readonly transform?: (scenario: Scenario) => Scenario;
  /** The file name result.json records; by default `file` without its folders. */
  readonly name?: string;
}

/** A scenario's text checked against the catalog, with the Earth and catalog entries it names. */
export interface CheckedScenario {
  readonly scenario: Scenario;
  readonly catalog: ScenarioCatalog;
  readonly earth: EarthModel;
}

export function checkScenarioText(
  file: string,
  text: string,
  library: CatalogLibrary,
  transform?: (scenario: Scenario) => Scenario,
): CheckedScenario {
  const checked = checkScenario(file, text, library.scenarioCatalogs());
  if (!checked.scenario) throw new InputErrors(checked.errors);
  const scenario = transform ? transform(checked.scenario) : checked.scenario;
  const earth = earthModel({
    ...(scenario.earth?.rotation !== undefined ? { rotation: scenario.earth.rotation } : {}),
    ...(scenario.earth?.oblateness !== undefined ? { oblateness: scenario.earth.oblateness } : {}),
    ...(scenario.earth?.atmosphere !== undefined ? { atmosphere: scenario.earth.atmosphere } : {}),
    ...(scenario.earth?.spherical !== undefined ? { spherical: scenario.earth.spherical } : {}),
  });
  return { scenario, earth, catalog: libraryScenarioCatalog(scenario, earth, library) };
}

function resultFile(
  file: string,
  text: string,
  scenario: Scenario,
  studies: readonly StudyResult[],
  options: RunOptions,
): ResultFile {
  return {
    shieldlabVersion: SHIELDLAB_VERSION,
    scenarioHash: bytesToHex(sha256(utf8ToBytes(text))),
    seed: scenario.seed ?? null,
    scenario: { file: options.name ?? file.replace(/^.*[/\\]/, ''), text },
    // Through JSON and back: what is compared later is exactly what was written.
    studies: JSON.parse(JSON.stringify(studies)) as StudyResult[],
  };
}

/**
 * Check a scenario's text against the catalog and run its studies. Pure: the command line, worker
 * threads and the web app's worker all call this with the catalog they loaded. Hashing is
 * @noble/hashes rather than node:crypto so that the browser gets the same hash synchronously.
 */
export function runScenarioText(
  file: string,
  text: string,
  library: CatalogLibrary,
  options: RunOptions = {},
): CheckedRun {
  const { scenario, earth, catalog } = checkScenarioText(file, text, library, options.transform);
  const studies = runScenario(scenario, catalog, earth, options.progress);
  return { result: resultFile(file, text, scenario, studies, options), scenario, catalog, earth, library };
}

/**
 * The same run with the footprints', sweeps' and uncertainty studies' items computed by `runner`
 * (worker threads, or workers on other machines): the same result, bit for bit.
 */
export async function runScenarioTextOn(
  file: string,
  text: string,
  library: CatalogLibrary,
  runner: ItemRunner,
  options: RunOptions = {},
): Promise<CheckedRun> {
  const { scenario, earth, catalog } = checkScenarioText(file, text, library, options.transform);
  const studies = await runScenarioOn(scenario, catalog, earth, runner, options.progress);
  return { result: resultFile(file, text, scenario, studies, options), scenario, catalog, earth, library };
}
