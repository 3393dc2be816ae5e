import { getIssues } from '@placemarkio/check-geojson';
import { describe, expect, it } from 'vitest';
import { exportRun, recordedIntercepts } from './run-fixture.js';

/** Every export of a run, and the planned intercepts on the GeoJSON map. */

const run = exportRun();

describe('exports of a run', () => {
  it('are the map, the CZML and KML globes, and a time history per threat', () => {
    expect([...run.files.keys()].sort()).toEqual(
      ['irbm-london.csv', 'map.geojson', 'trajectories.czml', 'trajectories.kml'].sort(),
    );
  });

  it('the map marks every planned intercept as an event Point on the trajectory', () => {
    const text = run.files.get('map.geojson')!;
    expect(getIssues(text)).toEqual([]);
    const features = JSON.parse(text).features as Array<{
      geometry: { type: string; coordinates: number[] };
      properties: Record<string, unknown>;
    }>;
    const shots = features.filter((f) => f.properties.event === 'intercept');
    const intercepts = recordedIntercepts(run.result);
    expect(intercepts.length).toBeGreaterThan(0);
    expect(shots).toHaveLength(intercepts.length);
    intercepts.forEach((i, k) => {
      const f = shots[k]!;
      expect(f.geometry.type).toBe('Point');
      expect(f.properties).toMatchObject({
        kind: 'event',
        event: 'intercept',
        threat: 'irbm-london',
        study: 'shots',
        interceptorSite: 'redzikowo',
        shot: k + 1,
        time: i.time,
      });
      // [lon, lat, height]: the recorded point, to the micro-degree and the metre ...
      expect(f.geometry.coordinates).toEqual([i.lon, i.lat, Math.round(i.altitude)]);
      // ... which is where the threat is at that time (time recorded to 1 ms: at most 4 m at 8 km/s).
      const g = run.trajectory.geodeticAt(i.time)!;
      const DEG = 180 / Math.PI;
      expect(Math.abs(i.lat - g.lat * DEG) * 111e3).toBeLessThan(5);
      expect(Math.abs(i.lon - g.lon * DEG) * 111e3 * Math.cos(g.lat)).toBeLessThan(5);
      expect(Math.abs(i.altitude - g.height)).toBeLessThan(5);
    });
    // Burnout, apogee and impact are still there, once each.
    const events = features.filter((f) => f.properties.kind === 'event').map((f) => f.properties.event);
    expect(events.filter((e) => e !== 'intercept').sort()).toEqual(['apogee', 'burnout', 'impact']);
  });
});
