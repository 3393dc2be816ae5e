import type { FlightJson } from '../report/flight-json.js';
import { fixed, keyValues, table } from './render.js';

/** A flight for people: summary lines, the event log, and the time history when sampled. */
export function flightTable(f: FlightJson, head: ReadonlyArray<readonly [string, string]> = []): string {
  const km = (m: number | null | undefined) =>
    m === null || m === undefined ? '-' : `${fixed(m / 1000, 1)} km`;
  const pairs: Array<readonly [string, string]> = [
    ...head,
    ['ground range', km(f.groundRange)],
    ['flight time', `${fixed(f.flightTime, 1)} s (${fixed(f.flightTime / 60, 2)} min)`],
    ['apogee', `${km(f.apogeeAltitude)} at ${fixed(f.apogeeTime, 1)} s`],
  ];
  if (f.burnout) {
    const b = f.burnout;
    pairs.push([
      'burnout',
      `${fixed(b.time, 1)} s, ${km(b.altitude)}, ${fixed(b.speed, 1)} m/s inertial at ${fixed(b.flightPathAngle, 2)} deg ` +
        `(${fixed(b.relativeSpeed, 1)} m/s at ${fixed(b.relativeFlightPathAngle, 2)} deg relative to the ground)`,
    ]);
  }
  if (f.impact) {
    pairs.push([
      'impact',
      `${fixed(f.impact.lat, 4)}, ${fixed(f.impact.lon, 4)} at ${fixed(f.impact.time, 1)} s, ${fixed(f.impact.speed, 1)} m/s`,
    ]);
  } else if (f.reason) {
    pairs.push(['impact', f.reason]);
  }
  if (f.maxDynamicPressure.value > 0) {
    pairs.push([
      'max dynamic pressure',
      `${fixed(f.maxDynamicPressure.value / 1000, 1)} kPa at ${fixed(f.maxDynamicPressure.time, 1)} s`,
    ]);
  }
  const events = table(
    ['event', 'time s', 'altitude km', 'lat', 'lon', 'speed m/s'],
    f.events.map((e) => [
      e.name,
      fixed(e.time, 2),
      fixed(e.altitude / 1000, 2),
      fixed(e.lat, 4),
      fixed(e.lon, 4),
      fixed(e.relativeSpeed, 1),
    ]),
  );
  let out = `${keyValues(pairs)}\n\n${events}`;
  if (f.samples) {
    out += `\n\n${table(
      ['time s', 'lat', 'lon', 'altitude km', 'speed m/s', 'fpa deg', 'mass kg'],
      f.samples.map((s) => [
        fixed(s.time, 2),
        fixed(s.lat, 4),
        fixed(s.lon, 4),
        fixed(s.altitude / 1000, 3),
        fixed(s.relativeSpeed, 1),
        fixed(s.flightPathAngle, 3),
        fixed(s.mass, 1),
      ]),
    )}`;
  }
  return out;
}
