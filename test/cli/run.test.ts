import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { getIssues } from '@placemarkio/check-geojson';
import { describe, expect, it } from 'vitest';
import { suiteTemporaryDirectory, temporaryDirectory } from '../support/temporary-directory.js';
import { runCli, runJson } from './run-cli.js';

describe('shieldlab run and verify', () => {
  const dir = suiteTemporaryDirectory('run');

  it('runs a scenario into result.json: the scenario, version, hash, seed and every study', async () => {
    const { code } = await runCli('run', 'test/fixtures/scenarios/irbm-london.yaml', '--out', dir);
    expect(code).toBe(0);
    const r = JSON.parse(readFileSync(join(dir, 'result.json'), 'utf8'));
    expect(r.shieldlabVersion).toMatch(/^\d+\.\d+\.\d+$/);
    expect(r.scenarioHash).toMatch(/^[0-9a-f]{64}$/);
    expect(r.seed).toBe(1);
    expect(r.scenario.text).toBe(readFileSync('test/fixtures/scenarios/irbm-london.yaml', 'utf8'));
    const [flight, warning, shots] = r.studies;
    expect(flight.results[0].groundRange).toBeGreaterThan(3500e3);
    // The engagement commits when the sensing study's timeline says, and shots never exceed the inventory.
    expect(shots.results[0].commitTime).toBeCloseTo(warning.results[0].commit, 3);
    expect(shots.results[0].shots).toBeLessThanOrEqual(2);
    expect(shots.results[0].launchWindow.earliest).toBeCloseTo(warning.results[0].commit + 30, 3);
  });

  it('writes a map: valid GeoJSON (RFC 7946) with the thinned trajectory and its events', () => {
    const text = readFileSync(join(dir, 'map.geojson'), 'utf8');
    expect(getIssues(text)).toEqual([]);
    const map = JSON.parse(text);
    const line = map.features.find((f: { geometry: { type: string } }) => f.geometry.type === 'LineString');
    expect(line.properties).toMatchObject({ threat: 'irbm-london', kind: 'trajectory' });
    const c = line.geometry.coordinates as number[][];
    expect(c.length).toBeLessThanOrEqual(203); // 200 evenly in time, and the events
    // From Tabriz to London (the aim's miss is ~100 m): [lon, lat, height].
    expect(c[0]![0]).toBeCloseTo(46.29, 2);
    expect(c[0]![1]).toBeCloseTo(38.08, 2);
    expect(c[c.length - 1]![0]).toBeCloseTo(-0.097, 1);
    expect(c[c.length - 1]![1]).toBeCloseTo(51.506, 1);
    for (const p of c) expect(Math.abs(p[0]!)).toBeLessThanOrEqual(180);
    const events = map.features.filter(
      (f: { properties: { kind: string } }) => f.properties.kind === 'event',
    );
    expect(events.map((f: { properties: { event: string } }) => f.properties.event)).toEqual(
      expect.arrayContaining(['burnout', 'apogee', 'impact']),
    );
  });

  it('writes each threat time history as CSV: one header, a row per second, launch to impact', () => {
    const r = JSON.parse(readFileSync(join(dir, 'result.json'), 'utf8'));
    const flightTime = r.studies[0].results[0].flightTime;
    const lines = readFileSync(join(dir, 'irbm-london.csv'), 'utf8').trimEnd().split('\n');
    expect(lines[0]).toBe('time_s,lat_deg,lon_deg,height_m,ground_speed_m_s,inertial_speed_m_s');
    const rows = lines.slice(1).map((l) => l.split(',').map(Number));
    expect(rows.length).toBe(Math.floor(flightTime) + 2); // 0, 1, ..., floor(T), and T
    for (const row of rows) {
      expect(row).toHaveLength(6);
      for (const v of row) expect(Number.isFinite(v)).toBe(true);
    }
    expect(rows[0]![0]).toBe(0);
    expect(rows[0]![1]).toBeCloseTo(38.08, 4); // Tabriz
    expect(rows[rows.length - 1]![0]).toBeCloseTo(flightTime, 3);
    expect(Math.abs(rows[rows.length - 1]![3]!)).toBeLessThan(1); // impact on the ellipsoid
  });

  it('verify: the same numbers bit for bit, or every difference listed (exit 1)', async () => {
    const same = await runCli('verify', dir);
    expect(same.code).toBe(0);
    expect(same.stdout).toMatch(/same numbers, bit for bit/);
    const file = join(dir, 'result.json');
    const r = JSON.parse(readFileSync(file, 'utf8'));
    r.studies[2].results[0].interceptWindow.latest += 0.001;
    r.studies[0].results[0].flightTime += 1;
    writeFileSync(file, JSON.stringify(r));
    const changed = await runCli('verify', dir);
    expect(changed.code).toBe(1);
    expect(changed.stdout).toMatch(/2 differences/);
    expect(changed.stdout).toContain('studies[2].results[0].interceptWindow.latest');
    expect(changed.stdout).toContain('studies[0].results[0].flightTime');
  });

  it('footprint: every grid target classified; a point agrees with an engagement aimed at it', async () => {
    const out = join(dir, 'footprint');
    const { code } = await runCli('run', 'test/fixtures/scenarios/footprint.yaml', '--out', out);
    expect(code).toBe(0);
    const r = JSON.parse(readFileSync(join(out, 'result.json'), 'utf8'));
    const area = r.studies[0].results[0];
    const map = JSON.parse(readFileSync(join(out, 'map.geojson'), 'utf8'));
    expect(
      map.features.filter((f: { properties: { kind: string } }) => f.properties.kind === 'footprint'),
    ).toHaveLength(21);
    // 3 latitudes x 7 longitudes.
    expect(area.summary.points).toBe(21);
    expect(
      area.summary.defended + area.summary.notDefended + area.summary.outOfRange + area.summary.notAimed,
    ).toBe(21);
    for (const p of area.points) {
      if (p.status === 'defended') expect(p.shots).toBeGreaterThanOrEqual(1);
      else expect(p.shots).toBe(0);
      if (p.status === 'out of range') expect(p.commitTime).toBeNull();
    }
    // Far out in the Atlantic is beyond an IRBM from Tabriz; the point 50 N 0 E is the same
    // engagement as the one aimed at it directly.
    expect(area.points.find((p: { lat: number; lon: number }) => p.lat === 50 && p.lon === -40).status).toBe(
      'out of range',
    );
    const point = area.points.find((p: { lat: number; lon: number }) => p.lat === 50 && p.lon === 0);
    const direct = r.studies[1].results[0];
    expect(point.shots).toBe(direct.shots);
    expect(point.commitTime).toBe(direct.commitTime);
    expect(point.interceptWindow).toEqual(direct.interceptWindow);
  });

  it('sweep: the disputed burnout speed; the faster interceptor never has a shorter window or fewer shots', async () => {
    const out = join(dir, 'sweep');
    const { code } = await runCli('run', 'test/fixtures/scenarios/sweep.yaml', '--out', out);
    expect(code).toBe(0);
    const [slow, fast] = JSON.parse(readFileSync(join(out, 'result.json'), 'utf8')).studies[0].results;
    expect([slow.value, fast.value]).toEqual(['5.4 km/s', '8.3 km/s']);
    const a = slow.results[0];
    const b = fast.results[0];
    // The commit comes from the sensors: the same for both speeds.
    expect(a.commitTime).toBe(b.commitTime);
    expect(b.feasible).toBe(true);
    expect(b.shots).toBeGreaterThanOrEqual(a.shots);
    if (a.interceptWindow) {
      expect(b.interceptWindow.earliest).toBeLessThanOrEqual(a.interceptWindow.earliest + 0.5);
      expect(b.interceptWindow.latest - b.interceptWindow.earliest).toBeGreaterThanOrEqual(
        a.interceptWindow.latest - a.interceptWindow.earliest - 1,
      );
    }
  });

  it('a missile defined in the scenario flies as the same missile file does with shieldlab fly', async () => {
    const out = temporaryDirectory('inline');
    const { code } = await runCli('run', 'test/fixtures/scenarios/inline-missile.yaml', '--out', out);
    expect(code).toBe(0);
    const flight = JSON.parse(readFileSync(join(out, 'result.json'), 'utf8')).studies[0].results[0];
    const fly = await runJson(
      'fly',
      '--missile',
      'examples/missiles/illustrative-icbm.yaml',
      '--from',
      'tabriz',
      '--to',
      'berlin',
    );
    // The same parser and the same physics: the same numbers, bit for bit.
    expect(flight.groundRange).toBe(fly.groundRange);
    expect(flight.flightTime).toBe(fly.flightTime);
    expect(flight.apogeeAltitude).toBe(fly.apogeeAltitude);
  });

  it('a broken scenario is not run: exit 2, every problem listed', async () => {
    const bad = join(dir, 'bad.yaml');
    writeFileSync(
      bad,
      readFileSync('test/fixtures/scenarios/irbm-london.yaml', 'utf8')
        .replace('missile: iran-irbm', 'missile: iran-irbx')
        .replace('inventory: 2', 'inventory: -2'),
    );
    const { code, stderr } = await runCli('run', bad, '--out', join(dir, 'bad'));
    expect(code).toBe(2);
    expect(stderr.trimEnd().split('\n').length).toBeGreaterThanOrEqual(1);
    expect(stderr).toMatch(/bad\.yaml:\d+:\d+/);
    const notThere = await runCli('verify', join(dir, 'nothing'));
    expect(notThere.code).toBe(2);
  });
});
