import { seededRandom } from '../../../src/core/random.js';
import type { GlobePoint, GlobeScene, GlobeThreat } from './globe-scene.js';

const DEG = Math.PI / 180;
const EARTH_RADIUS = 6.371e6; // m
const EPOCH = '2007-06-01T12:00:00Z';

interface Region {
  readonly lat: readonly [number, number];
  readonly lon: readonly [number, number];
}

const LAUNCH_REGIONS: readonly Region[] = [
  { lat: [30, 38], lon: [48, 60] }, // Iran
  { lat: [50, 58], lon: [35, 50] }, // western Russia
];
const TARGET_REGIONS: readonly Region[] = [
  { lat: [40, 55], lon: [-5, 25] }, // Europe
  { lat: [35, 45], lon: [-80, -70] }, // eastern United States
];

function unitVector(lat: number, lon: number): [number, number, number] {
  return [Math.cos(lat) * Math.cos(lon), Math.cos(lat) * Math.sin(lon), Math.sin(lat)];
}

/**
 * `count` ballistic-looking flights from Iran and western Russia to Europe and the United States,
 * each `samples` points: along the great circle, a sine-shaped altitude profile with an apogee of
 * about a quarter of the range (as on a minimum-energy trajectory), launches spread over 5 min.
 * With `extras`, also every kind of marker GlobeView draws: each flight's burnout, apogee and
 * impact, an intercept, the first flight's launch site and target, a radar and an interceptor site.
 * For measuring and testing the drawing only: no physics is flown.
 */
export function syntheticScene(count: number, samples = 200, extras = false, seed = 2007): GlobeScene {
  // The core's seeded generator: every benchmark run draws the same scene.
  const uniform = seededRandom(seed);
  const pick = <T>(items: readonly T[]) => items[Math.floor(uniform() * items.length)]!;
  const within = ([low, high]: readonly [number, number]) => (low + (high - low) * uniform()) * DEG;
  const threats: GlobeThreat[] = [];
  for (let k = 0; k < count; k++) {
    const from = pick(LAUNCH_REGIONS);
    const to = pick(TARGET_REGIONS);
    const a = unitVector(within(from.lat), within(from.lon));
    const b = unitVector(within(to.lat), within(to.lon));
    const angle = Math.acos(Math.min(1, a[0] * b[0] + a[1] * b[1] + a[2] * b[2])); // rad
    const range = angle * EARTH_RADIUS; // m
    const apogee = Math.min(1.3e6, 0.25 * range); // m
    const launch = 300 * uniform(); // s
    const flightTime = 300 + range / 6700; // s, about 30 min for 10,000 km
    const points: GlobePoint[] = [];
    for (let i = 0; i < samples; i++) {
      const s = i / (samples - 1);
      // Spherical linear interpolation between launch and target.
      const wa = Math.sin((1 - s) * angle) / Math.sin(angle);
      const wb = Math.sin(s * angle) / Math.sin(angle);
      const x = wa * a[0] + wb * b[0];
      const y = wa * a[1] + wb * b[1];
      const z = wa * a[2] + wb * b[2];
      points.push({
        time: launch + s * flightTime,
        lat: Math.atan2(z, Math.hypot(x, y)) / DEG,
        lon: Math.atan2(y, x) / DEG,
        altitude: apogee * Math.sin(Math.PI * s),
      });
    }
    const at = (s: number) => points[Math.round(s * (samples - 1))]!;
    const events = extras
      ? [
          { name: 'burnout', ...at(0.1) },
          { name: 'apogee', ...at(0.5) },
          { name: 'impact', ...at(1) },
        ]
      : [];
    threats.push({ id: `synthetic-${k + 1}`, missile: 'synthetic', points, events });
  }
  const first = threats[0];
  if (!extras || !first) {
    return { epoch: EPOCH, threats, intercepts: [], radars: [], interceptorSites: [], places: [] };
  }
  const launch = first.points[0]!;
  const impact = first.points[first.points.length - 1]!;
  const intercepted = first.points[Math.round(0.6 * (first.points.length - 1))]!;
  return {
    epoch: EPOCH,
    threats,
    intercepts: [{ ...intercepted, threat: first.id, interceptorSite: 'redzikowo', shot: 1 }],
    radars: [{ id: 'emr-brdy', lat: 49.65, lon: 13.8, range: 2.0e6 }],
    interceptorSites: [{ id: 'redzikowo', interceptor: 'gbi-2stage', lat: 54.48, lon: 17.1, reach: 1.5e6 }],
    places: [
      { id: 'launch', role: 'launch', lat: launch.lat, lon: launch.lon },
      { id: 'target', role: 'target', lat: impact.lat, lon: impact.lon },
    ],
  };
}
