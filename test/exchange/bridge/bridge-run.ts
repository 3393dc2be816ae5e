import { shippedCatalog } from '../../../src/cli/catalog-files.js';
import { type CheckedRun, runScenarioText } from '../../../src/studies/run-scenario-text.js';

/**
 * The run the bridge tests publish from: three Iranian launches on one morning, an IRBM at London,
 * an MRBM (Shahab-3) from Semnan south to the Arabian Sea 20 s later, and an ICBM at Washington
 * 30.25 s after the first. Fylingdales sees the two flights toward the north-west, not the one to
 * the south; the satellites see all three; the Czech radar sees nothing without a cue; Gabala sees all three. The
 * trajectory and sensing studies are there to compare the bridge with what result.json records;
 * no engagement study, so the run takes well under a second.
 */
export const EPOCH = '2007-06-08T06:00:00Z';
export const EPOCH_MS = Date.parse(EPOCH);
export const LAUNCH_TIMES: Readonly<Record<string, number>> = {
  'irbm-london': 0,
  'mrbm-south': 20,
  'icbm-washington': 30.25,
};

export const BRIDGE_SCENARIO = `name: bridge test
epoch: '${EPOCH}'
threats:
  - { id: irbm-london, missile: iran-irbm, from: tabriz, to: london }
  - { id: mrbm-south, missile: shahab-3, from: semnan, to: { lat: 26 deg, lon: 60 deg }, launchTime: 20 s }
  - { id: icbm-washington, missile: iran-icbm, from: tabriz, to: washington, launchTime: 30.25 s }
defence:
  interceptorSites:
    - { id: redzikowo, site: redzikowo, interceptor: gbi-2stage, inventory: 2 }
  sensors: [fylingdales-uewr, emr-brdy, ew-satellites, gabala-radar]
studies:
  - { kind: trajectory, id: flights }
  - { kind: sensing, id: uk, sharing: own-sensors, sensors: [fylingdales-uewr] }
  - { kind: sensing, id: us, sharing: own-sensors, sensors: [emr-brdy, ew-satellites] }
  - { kind: sensing, id: ru, sharing: own-sensors, sensors: [gabala-radar] }
`;

export function bridgeRun(text = BRIDGE_SCENARIO): CheckedRun {
  return runScenarioText('bridge.yaml', text, shippedCatalog());
}

/** A study's result for one threat, as result.json has it. */
export function studyResult<T>(run: CheckedRun, study: string, threat: string): T {
  const s = run.result.studies.find((x) => x.id === study);
  const r = (s?.results as Array<{ threat: string }> | undefined)?.find((x) => x.threat === threat);
  if (!r) throw new Error(`no result of study ${study} for ${threat}`);
  return r as T;
}
