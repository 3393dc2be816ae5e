import { execFileSync } from 'node:child_process';
import { readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { earthModel } from '../src/earth/earth-model.js';
import { enuBasis } from '../src/earth/frames.js';
import { geodeticToEcef } from '../src/earth/geodetic.js';
import { flyThreat } from '../src/engagement/threat.js';
import type { Trajectory } from '../src/flight/trajectory.js';
import { parseMissileFile } from '../src/scenario/missile-file.js';
import { parseSensorFile, radarAgainst } from '../src/scenario/sensor-file.js';
import { parseSiteCatalog, siteGeodetic } from '../src/scenario/site-catalog.js';
import { type Radar, RadarGeometry } from '../src/sensors/radar.js';
import { radarVisibility } from '../src/sensors/radar-visibility.js';
import { ThreatPath } from '../src/sensors/threat-path.js';
import type { SensingFigures } from './bench-report.js';

/**
 * Sensing benchmark. Target: the visibility of 100 trajectories by 10 radars in under 1 s. Peer in
 * the same run: a NumPy program computing the same conditions by vectorized brute-force sampling
 * every 0.1 s (the accuracy the event engine's intervals are tested to), on positions sampled here.
 */
const TARGET_MS = 1000;

export function sensingBenchmark(root: string): SensingFigures {
  const earth = earthModel();
  const read = (p: string) => readFileSync(join(root, p), 'utf8');
  const sites = parseSiteCatalog('data/sites.yaml', read('data/sites.yaml'));
  const site = (id: string) => siteGeodetic(sites.get(id)!);
  const missile = (id: string) => parseMissileFile(`${id}.yaml`, read(`data/missiles/${id}.yaml`)).rocket;

  // Ten radars: the six catalog radars against a warhead, and four UEWR-like radars elsewhere.
  const catalog = [
    'emr-brdy',
    'fylingdales-uewr',
    'thule-uewr',
    'gabala-radar',
    'armavir-radar',
    'fbx-forward',
  ].map((id) => {
    const f = parseSensorFile(`data/sensors/${id}.yaml`, read(`data/sensors/${id}.yaml`), sites);
    if (f.kind !== 'radar') throw new Error(id);
    return radarAgainst(f.radar, 'warhead');
  });
  const uewr = catalog[1]!;
  const extra: Radar[] = ['warsaw', 'rome', 'madrid', 'berlin'].map((id) => ({
    ...uewr,
    id: `uewr-${id}`,
    site: site(id),
  }));
  const radars = [...catalog, ...extra];

  // A hundred threats: two Iranian missiles from three launch sites at European and US cities.
  const trajectories: Trajectory[] = [];
  const launches = ['tabriz', 'semnan', 'shahroud'];
  const targets = [
    'london',
    'paris',
    'berlin',
    'rome',
    'madrid',
    'warsaw',
    'moscow',
    'washington',
    'new-york',
    'boston',
  ];
  for (const m of ['iran-irbm', 'iran-icbm', 'sejjil', 'shahab-3']) {
    for (const from of launches) {
      for (const to of targets) {
        for (const family of ['min-energy', 'lofted', 'depressed'] as const) {
          if (trajectories.length >= 100) break;
          const t = flyThreat(missile(m), site(from), site(to), family, earth);
          if ('trajectory' in t) trajectories.push(t.trajectory);
        }
      }
    }
  }

  console.log(`\n6. Sensing: visibility of ${trajectories.length} trajectories by ${radars.length} radars`);
  const geometries = radars.map((r) => new RadarGeometry(r, earth));
  const perPair: number[] = [];
  const run = () => {
    let intervals = 0;
    perPair.length = 0;
    for (const t of trajectories) {
      const path = new ThreatPath(t, earth.rotationRate);
      for (const g of geometries) {
        const n = radarVisibility(g, path).length;
        perPair.push(n);
        intervals += n;
      }
    }
    return intervals;
  };
  run();
  const samples: number[] = [];
  let found = 0;
  for (let k = 0; k < 5; k++) {
    const t0 = performance.now();
    found = run();
    samples.push(performance.now() - t0);
  }
  samples.sort((a, b) => a - b);
  const ours = samples[2]!;

  // The peer's input: positions every 0.1 s, written once (not timed).
  const dt = 0.1;
  const counts: number[] = [];
  const chunks: Float64Array[] = [];
  const p: [number, number, number] = [0, 0, 0];
  for (const t of trajectories) {
    const path = new ThreatPath(t, earth.rotationRate);
    const n = Math.floor((path.endTime - path.startTime) / dt) + 1;
    const chunk = new Float64Array(3 * n);
    for (let i = 0; i < n; i++) chunk.set(path.positionAt(path.startTime + i * dt, p), 3 * i);
    counts.push(n);
    chunks.push(chunk);
  }
  const file = join(tmpdir(), `shieldlab-visibility-${process.pid}.bin`);
  writeFileSync(file, Buffer.concat(chunks.map((c) => Buffer.from(c.buffer))));
  const job = {
    file,
    counts,
    runs: 3,
    debug: true,
    ia: 1 / earth.ellipsoid.a,
    ib: 1 / (earth.ellipsoid.a * (1 - earth.ellipsoid.f)),
    radars: radars.map((r) => {
      const [e, n, u] = enuBasis(r.site.lat, r.site.lon);
      const base = {
        s: [...geodeticToEcef(r.site, earth.ellipsoid)],
        east: e,
        north: n,
        up: u,
        minElevation: r.minElevation,
        maxElevation: r.maxElevation,
        minRange: r.minRange,
        detectionRange: r.detectionRange,
      };
      if (r.coverage.kind === 'mechanical')
        return {
          ...base,
          kind: 'mechanical',
          azimuthCentre: r.coverage.azimuthCentre,
          azimuthWidth: r.coverage.azimuthWidth,
        };
      return {
        ...base,
        kind: 'faces',
        faces: r.coverage.faces.map((f) => {
          const ce = Math.cos(f.tilt);
          const dir = [ce * Math.sin(f.azimuth), ce * Math.cos(f.azimuth), Math.sin(f.tilt)];
          return [
            [0, 1, 2].map((k) => dir[0]! * e[k]! + dir[1]! * n[k]! + dir[2]! * u[k]!),
            Math.cos(f.maxScan),
          ];
        }),
      };
    }),
  };
  const peer = JSON.parse(
    execFileSync('python3', [join(root, 'bench', 'peer', 'visibility_numpy.py')], {
      input: JSON.stringify(job),
      encoding: 'utf8',
      maxBuffer: 1 << 20,
    }),
  ) as { median_s: number; intervals: number; numpy: string; perPair?: number[] };
  unlinkSync(file);
  const differing = (peer.perPair ?? []).filter((n, k) => n !== perPair[k]).length;
  console.log(
    `   shieldlab (event engine, roots to 1e-4 s): median ${ours.toFixed(0)} ms, ${found} intervals (target < ${TARGET_MS} ms)`,
  );
  console.log(
    `   NumPy ${peer.numpy} brute force every 0.1 s: median ${(peer.median_s * 1000).toFixed(0)} ms, ${peer.intervals} intervals; ratio ${((peer.median_s * 1000) / ours).toFixed(1)}x`,
  );
  console.log(`   trajectory-radar pairs whose number of intervals differs between the two: ${differing}`);
  return {
    trajectories: trajectories.length,
    radars: radars.length,
    shieldlab_median_ms: ours,
    shieldlab_intervals: found,
    numpy_median_ms: peer.median_s * 1000,
    numpy_intervals: peer.intervals,
    numpy_sampling_s: dt,
    numpy_version: peer.numpy,
    ratio_x: (peer.median_s * 1000) / ours,
    pairs_differing: differing,
    target_ms: TARGET_MS,
  };
}
