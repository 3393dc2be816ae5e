import { readFileSync } from 'node:fs';
import { runChecked } from '../../src/cli/run-command.js';
import type { Trajectory } from '../../src/flight/trajectory.js';
import { runExports } from '../../src/report/run-exports.js';
import { flyScenarioThreat } from '../../src/studies/scenario-run.js';

/**
 * One run for the export tests: the IRBM from Tabriz at London (engagement from Redzikowo, two
 * shots), placed on the calendar by an epoch and a launch time, with a name that needs escaping in
 * XML and a three-target footprint.
 */
export const EPOCH = '2010-03-01T12:00:00Z';
export const LAUNCH_TIME = 90;
export const NAME = 'IRBM <at> London & "Paris"';

export function exportRun() {
  const text = readFileSync('test/fixtures/scenarios/irbm-london.yaml', 'utf8')
    .replace('name: IRBM at London', `name: '${NAME}'\nepoch: '${EPOCH}'`)
    .replace('to: london }', `to: london, launchTime: ${LAUNCH_TIME} s }`)
    .concat(
      '  - { kind: footprint, id: area, threat: irbm-london, grid: { south: 50, north: 50, west: -10, east: 10, spacing: 10 } }\n',
    );
  const { result, scenario, catalog, earth } = runChecked('exports.yaml', text);
  const flown = flyScenarioThreat(scenario.threats[0]!, catalog, earth);
  if (!('trajectory' in flown)) throw new Error(flown.message);
  const trajectory: Trajectory = flown.trajectory;
  return { result, files: runExports(scenario, catalog, earth, result.studies), trajectory, earth };
}

/** The intercepts of the engagement study as result.json has them. */
export function recordedIntercepts(
  result: ReturnType<typeof exportRun>['result'],
): Array<{ time: number; lat: number; lon: number; altitude: number }> {
  const shots = result.studies.find((s) => s.kind === 'engagement')!;
  return (
    shots.results[0] as { intercepts: Array<{ time: number; lat: number; lon: number; altitude: number }> }
  ).intercepts;
}
