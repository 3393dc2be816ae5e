import { describe, expect, it } from 'vitest';
import { shippedCatalog } from '../../src/cli/catalog-files.js';
import { seededRandom } from '../../src/core/random.js';
import { footprintGrid, footprintSplit } from '../../src/studies/kinds/footprint-study.js';
import { runScenarioText } from '../../src/studies/run-scenario-text.js';
import { type StudyStep, studyContext } from '../../src/studies/study-context.js';
import { throughJson } from '../../src/studies/study-split.js';

// A footprint split into items (one per threat and grid point) must give the serial run's result,
// bit for bit, whichever order the items are computed in and wherever: here in shuffled order,
// in three chunks, each by a fresh split on a fresh context (as another thread or machine would).

const text = `
name: Footprint split
threats:
  - { id: irbm, missile: iran-irbm, from: tabriz, to: london }
  - { id: shahab, missile: shahab-3, from: tabriz, to: "45,25", trajectory: lofted }
defence:
  party: united-states
  interceptorSites:
    - { id: redzikowo, site: redzikowo, interceptor: gbi-2stage, inventory: 10 }
  sensors: [emr-brdy, ew-satellites]
studies:
  - { kind: footprint, id: targets, grid: { south: 40, north: 60, west: -10, east: 35, spacing: 9 } }
  - { kind: footprint, id: launches, threat: irbm, over: launch-points, grid: { south: 30, north: 38, west: 44, east: 56, spacing: 4 } }
`;

describe('footprint split into items', () => {
  const library = shippedCatalog();
  const run = runScenarioText('footprint-split.yaml', text, library);
  const { scenario, catalog, earth } = run;
  const stepOf = (index: number): StudyStep => {
    const study = scenario.studies[index]!;
    const ids = 'threat' in study && study.threat ? [study.threat] : scenario.threats.map((t) => t.id);
    return { index, total: scenario.studies.length, id: study.id!, ids, progress: undefined };
  };
  const footprint = (index: number) => {
    const study = scenario.studies[index]!;
    if (study.kind !== 'footprint') throw new Error('not a footprint');
    return study;
  };

  it('has one item per threat and grid point, threat-major, in chunks of 100', () => {
    const split = footprintSplit(footprint(0), studyContext(scenario, catalog, earth), stepOf(0));
    const grid = footprintGrid(footprint(0));
    expect(grid.length).toBe(3 * 6);
    expect(split.count).toBe(2 * grid.length);
    expect(split.chunk).toBe(100);
    // Row by row, by the serial loop's accumulation (south + spacing + spacing, not south + 2 * spacing).
    const g = footprint(0).grid;
    expect([...new Set(grid.map((p) => p.lat))]).toEqual([
      g.south,
      g.south + g.spacing,
      g.south + g.spacing + g.spacing,
    ]);
    const lons = [g.west];
    for (let k = 1; k < 6; k++) lons.push(lons[k - 1]! + g.spacing);
    expect(grid.slice(0, 6).map((p) => p.lon)).toEqual(lons);
    const rows = split.assemble(Array.from({ length: split.count }, (_, i) => ({ i }))) as Array<{
      threat: string;
      points: Array<{ i: number }>;
    }>;
    expect(rows.map((r) => r.threat)).toEqual(['irbm', 'shahab']);
    expect(rows[1]!.points[0]).toEqual({ i: grid.length });
  });

  it.each([0, 1])(
    'study %i: items computed shuffled, in fresh splits, assemble to the serial result',
    (index) => {
      const study = footprint(index);
      const step = stepOf(index);
      const count = footprintSplit(study, studyContext(scenario, catalog, earth), step).count;
      const order = Array.from({ length: count }, (_, i) => i);
      const random = seededRandom(7 + index);
      for (let i = order.length - 1; i > 0; i--) {
        const j = Math.floor(random() * (i + 1));
        [order[i], order[j]] = [order[j]!, order[i]!];
      }
      const items = new Array<unknown>(count);
      const third = Math.ceil(count / 3);
      for (let c = 0; c < 3; c++) {
        const split = footprintSplit(study, studyContext(scenario, catalog, earth), step);
        for (const i of order.slice(c * third, (c + 1) * third)) items[i] = throughJson(split.item(i));
      }
      const assembled = footprintSplit(study, studyContext(scenario, catalog, earth), step).assemble(items);
      const serial = run.result.studies[index]!.results;
      expect(throughJson(assembled)).toStrictEqual(serial);
      // Not vacuous: the grid has points of more than one status.
      const statuses = new Set(
        (serial as Array<{ points: Array<{ status: string }> }>).flatMap((r) =>
          r.points.map((p) => p.status),
        ),
      );
      expect(statuses.size).toBeGreaterThan(1);
    },
  );
});
