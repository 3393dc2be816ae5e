import type { EarthModel } from '../earth/earth-model.js';
import type { Scenario } from '../scenario/scenario-schema.js';
import { flyScenarioThreat, type ScenarioCatalog, type StudyResult } from '../studies/scenario-run.js';
import { czmlDocument, type ThreatFlight } from './czml.js';
import {
  type Feature,
  type FeatureCollection,
  footprintFeatures,
  interceptFeatures,
  trajectoryFeatures,
} from './geojson.js';
import { kmlDocument } from './kml.js';
import { footprintGrids, interceptPoints } from './run-points.js';
import { timeHistoryCsv } from './time-history-csv.js';

/**
 * Every export file of a run, by file name: the map (`map.geojson`), the globe (`trajectories.czml`
 * for Cesium, `trajectories.kml` for Google Earth) and each threat's time history (`THREAT.csv`).
 * Threats are flown again from the scenario (the results keep summaries, not trajectories);
 * intercepts and footprints are read from the studies as they go into result.json.
 */
export function runExports(
  scenario: Scenario,
  catalog: ScenarioCatalog,
  earth: EarthModel,
  studies: readonly StudyResult[],
): Map<string, string> {
  const flights: ThreatFlight[] = [];
  for (const t of scenario.threats) {
    const f = flyScenarioThreat(t, catalog, earth);
    if ('trajectory' in f)
      flights.push({
        id: t.id,
        missile: t.missile,
        trajectory: f.trajectory,
        launchTime: t.launchTime?.value ?? 0,
      });
  }
  const intercepts = interceptPoints(studies);
  const footprints = footprintGrids(studies);
  const features: Feature[] = [
    ...flights.flatMap((f) => trajectoryFeatures(f.trajectory, { threat: f.id, missile: f.missile }, earth)),
    ...interceptFeatures(intercepts),
    ...footprints.flatMap((g) => footprintFeatures(g.points, { study: g.study, threat: g.threat })),
  ];
  const map: FeatureCollection = { type: 'FeatureCollection', features };
  const timeline = { name: scenario.name, epoch: scenario.epoch };
  const files = new Map<string, string>([
    ['map.geojson', `${JSON.stringify(map)}\n`],
    ['trajectories.czml', `${JSON.stringify(czmlDocument(flights, intercepts, timeline))}\n`],
    ['trajectories.kml', kmlDocument(flights, intercepts, footprints, timeline)],
  ]);
  for (const f of flights) files.set(`${f.id}.csv`, timeHistoryCsv(f.trajectory, earth));
  return files;
}
