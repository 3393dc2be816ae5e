import { createHash } from 'node:crypto';
import type { Command } from 'commander';
import { InputError } from '../core/errors.js';
import { earthModel } from '../earth/earth-model.js';
import { type FlightResult, flyFromBurnout, flyRocket } from '../flight/fly.js';
import type { ReentryVehicle } from '../flight/rocket.js';
import { type FlightJson, flightJson } from '../report/flight-json.js';
import { parseMissileFile } from '../scenario/missile-file.js';
import { SHIELDLAB_VERSION } from '../version.js';
import { siteCatalog } from './catalog-files.js';
import { readInputFile } from './input-file.js';
import { earthSwitchesFromFlags, flagPlace, flagPositive, flagQuantity } from './parse-options.js';
import { fixed, keyValues, table, toJson } from './render.js';

const DEG = Math.PI / 180;

interface FlyFlags {
  missile?: string;
  from?: string;
  azimuth?: string;
  pitchoverAngle?: string;
  burnoutSpeed?: string;
  burnoutAngle?: string;
  burnoutAltitude?: string;
  ballisticCoefficient?: string;
  rotation?: boolean;
  oblateness?: boolean;
  atmosphere?: boolean;
  spherical?: boolean | string;
  samples?: string;
  rtol?: string;
  format: string;
}

export function registerFly(program: Command): void {
  program
    .command('fly')
    .description('fly one trajectory: a missile from a file, or a burnout state')
    .option('--missile <file>', 'missile file (YAML or JSON)')
    .option('--from <site|lat,lon>', 'launch site id (data/sites.yaml) or latitude,longitude in degrees')
    .option('--azimuth <deg>', 'launch azimuth, degrees clockwise from north', '0')
    .option('--pitchover-angle <angle>', "override the missile's pitch-over angle (shapes the trajectory)")
    .option(
      '--burnout-speed <speed>',
      'burnout speed relative to the ground (m/s or with unit, e.g. 7.2km/s)',
    )
    .option('--burnout-angle <angle>', 'burnout flight-path angle above the horizontal (deg)')
    .option('--burnout-altitude <length>', 'burnout altitude (m or with unit)', '0')
    .option(
      '--ballistic-coefficient <kg/m^2>',
      'reentry vehicle ballistic coefficient for a burnout-state flight',
    )
    .option('--no-rotation', 'non-rotating Earth')
    .option('--no-oblateness', 'no J2 term in gravity')
    .option('--no-atmosphere', 'no drag (vacuum)')
    .option('--spherical [radius]', 'spherical Earth (6371 km, or the given radius)')
    .option('--samples <dt>', 'add the time history sampled every DT (s or with unit)')
    .option('--rtol <number>', 'integrator relative tolerance', '1e-10')
    .option('--format <format>', 'json or table', 'table')
    .action((flags: FlyFlags) => {
      process.stdout.write(`${runFly(flags)}\n`);
    });
}

/** The fly command as a function of its flags: returns the text to print. */
export function runFly(flags: FlyFlags): string {
  const format = checkFormat(flags.format);
  const earth = earthModel(earthSwitchesFromFlags(flags));
  if (!flags.from) throw new InputError('--from', undefined, 'a launch site id or LAT,LON in degrees');
  const site = flagPlace(flags.from, '--from', siteCatalog());
  const azimuth = flagQuantity(flags.azimuth, 'angle', '--azimuth');
  const rtol = Number(flags.rtol);
  if (!(rtol >= 1e-14 && rtol <= 1e-3))
    throw new InputError('--rtol', flags.rtol, 'a relative tolerance in [1e-14, 1e-3]');
  const samples = flags.samples === undefined ? undefined : flagPositive(flags.samples, 'time', '--samples');
  const inputs: Record<string, unknown> = { ...flags };

  let result: FlightResult;
  let name: string;
  if (flags.missile !== undefined) {
    if (flags.burnoutSpeed !== undefined || flags.burnoutAngle !== undefined) {
      throw new InputError(
        '--burnout-speed',
        flags.burnoutSpeed ?? flags.burnoutAngle,
        'either --missile or a burnout state, not both',
      );
    }
    const text = readInputFile(flags.missile, '--missile');
    inputs['missileFile'] = text;
    let { rocket } = parseMissileFile(flags.missile, text);
    if (flags.pitchoverAngle !== undefined) {
      const angle = flagQuantity(flags.pitchoverAngle, 'angle', '--pitchover-angle');
      if (!(angle >= 0 && angle < 90 * DEG))
        throw new InputError('--pitchover-angle', flags.pitchoverAngle, 'an angle in [0, 90) deg');
      rocket = { ...rocket, guidance: { ...rocket.guidance, pitchoverAngle: angle } };
    }
    name = rocket.name;
    result = flyRocket(rocket, { site, azimuth }, earth, { rtol });
  } else {
    if (flags.burnoutSpeed === undefined) {
      throw new InputError(
        '--missile',
        undefined,
        'a missile file (--missile FILE) or a burnout state (--burnout-speed, --burnout-angle)',
      );
    }
    if (flags.burnoutAngle === undefined)
      throw new InputError('--burnout-angle', undefined, 'a flight-path angle in degrees');
    const speed = flagPositive(flags.burnoutSpeed, 'speed', '--burnout-speed');
    const gamma = flagQuantity(flags.burnoutAngle, 'angle', '--burnout-angle');
    if (!(gamma > -90 * DEG && gamma < 90 * DEG))
      throw new InputError('--burnout-angle', flags.burnoutAngle, 'an angle in (-90, 90) deg');
    const altitude = flagQuantity(flags.burnoutAltitude, 'length', '--burnout-altitude');
    if (!(altitude >= 0 && altitude < 5e6))
      throw new InputError('--burnout-altitude', flags.burnoutAltitude, 'an altitude in [0, 5000 km)');
    let vehicle: ReentryVehicle | undefined;
    if (flags.ballisticCoefficient !== undefined) {
      vehicle = {
        mass: 1,
        ballisticCoefficient: flagPositive(
          flags.ballisticCoefficient,
          'area_density',
          '--ballistic-coefficient',
        ),
      };
    }
    name = 'burnout state';
    result = flyFromBurnout(
      { site: { ...site, height: altitude }, speed, flightPathAngle: gamma, azimuth },
      earth,
      vehicle,
      { rtol },
    );
  }

  const json = flightJson(result, samples);
  if (format === 'json') {
    return toJson({
      shieldlabVersion: SHIELDLAB_VERSION,
      scenarioHash: contentHash(inputs),
      seed: null,
      missile: name,
      earth: {
        rotation: earth.rotationRate !== 0,
        oblateness: earth.j2 !== 0,
        atmosphere: earth.atmosphere,
        radius: earth.ellipsoid.a,
        flattening: earth.ellipsoid.f,
      },
      ...json,
    });
  }
  return flightTable(name, json);
}

export function checkFormat(format: string): 'json' | 'table' {
  if (format !== 'json' && format !== 'table') throw new InputError('--format', format, 'json or table');
  return format;
}

/** SHA-256 of the inputs in canonical form (sorted keys), so a run can be matched to its inputs. */
export function contentHash(inputs: Record<string, unknown>): string {
  const canonical = JSON.stringify(inputs, Object.keys(inputs).sort());
  return createHash('sha256').update(canonical).digest('hex');
}

function flightTable(name: string, f: FlightJson): string {
  const km = (m: number | null | undefined) =>
    m === null || m === undefined ? '-' : `${fixed(m / 1000, 1)} km`;
  const pairs: Array<readonly [string, string]> = [
    ['missile', name],
    ['ground range', km(f.groundRange)],
    ['flight time', `${fixed(f.flightTime, 1)} s (${fixed(f.flightTime / 60, 2)} min)`],
    ['apogee', `${km(f.apogeeAltitude)} at ${fixed(f.apogeeTime, 1)} s`],
  ];
  if (f.burnout) {
    pairs.push([
      'burnout',
      `${fixed(f.burnout.time, 1)} s, ${km(f.burnout.altitude)}, ${fixed(f.burnout.speed, 1)} m/s inertial at ${fixed(f.burnout.flightPathAngle, 2)} deg (${fixed(f.burnout.relativeSpeed, 1)} m/s at ${fixed(f.burnout.relativeFlightPathAngle, 2)} deg relative)`,
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
