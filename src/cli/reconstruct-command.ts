import type { Command } from 'commander';
import { InputError } from '../core/errors.js';
import { geodesicBetween } from '../earth/geodesic.js';
import { maximumRangeOfRocket } from '../flight/max-range.js';
import { equivalentRangeWithRotation, reconstructTest } from '../flight/reconstruct.js';
import { resolveMissile, siteCatalog } from './catalog-files.js';
import { addCommonOptions, type CommonFlags, parseCommon, resultHeader } from './common-flags.js';
import { flagPlace, flagPositive, flagQuantity } from './parse-options.js';
import { fixed, keyValues, table, toJson } from './render.js';

const DEG = Math.PI / 180;

interface ReconstructFlags extends CommonFlags {
  apogee?: string;
  range?: string;
  flightTime?: string;
  missile?: string;
  burnoutAltitude?: string;
  from?: string;
  toward?: string;
  azimuths?: string;
}

export function registerReconstruct(program: Command): void {
  const cmd = program
    .command('reconstruct')
    .description('from an observed test (apogee, range, flight time): burnout state and minimum-energy range')
    .option('--apogee <length>', 'observed apogee, e.g. 4475km')
    .option('--range <length>', 'observed ground range, e.g. 950km')
    .option('--flight-time <time>', 'observed flight time, e.g. 53min')
    .option(
      '--missile <id|file>',
      'the missile tested: sets the burnout altitude (its maximum-range burnout)',
    )
    .option('--burnout-altitude <length>', "assumed burnout altitude (default 0, or the missile's)")
    .option('--from <site|lat,lon>', 'launch site for the ranges with Earth rotation', '0,0')
    .option('--toward <targets>', 'comma-separated site ids or LAT;LON pairs to give the range toward')
    .option('--azimuths <list>', 'comma-separated azimuths (deg) to give the range toward', '0,90,180,270');
  addCommonOptions(cmd).action((flags: ReconstructFlags) => {
    process.stdout.write(`${runReconstruct(flags)}\n`);
  });
}

export function runReconstruct(flags: ReconstructFlags): string {
  const { format, earth, rtol } = parseCommon(flags);
  if (flags.apogee === undefined)
    throw new InputError('--apogee', undefined, 'the observed apogee, e.g. 4475km');
  if (flags.range === undefined)
    throw new InputError('--range', undefined, 'the observed ground range, e.g. 950km');
  const apogee = flagPositive(flags.apogee, 'length', '--apogee');
  const range = flagPositive(flags.range, 'length', '--range');
  if (!(range < 19_000e3)) throw new InputError('--range', flags.range, 'a range below 19,000 km');
  if (!(apogee < 40_000e3))
    throw new InputError('--apogee', flags.apogee, 'an apogee below 40,000 km (a ballistic flight)');
  const flightTime =
    flags.flightTime === undefined ? undefined : flagPositive(flags.flightTime, 'time', '--flight-time');
  if (flags.toward !== undefined && flags.from === '0,0') {
    throw new InputError('--from', undefined, 'the launch site from which the --toward ranges are measured');
  }
  const site = flagPlace(flags.from, '--from', siteCatalog());
  const inputs: Record<string, unknown> = { ...flags };

  let burnoutAltitude = 0;
  let altitudeSource = 'assumed burnout at the surface (0 km)';
  if (flags.burnoutAltitude !== undefined) {
    burnoutAltitude = flagQuantity(flags.burnoutAltitude, 'length', '--burnout-altitude');
    if (!(burnoutAltitude >= 0 && burnoutAltitude < Math.min(apogee, 5e6))) {
      throw new InputError(
        '--burnout-altitude',
        flags.burnoutAltitude,
        'an altitude >= 0 and below the apogee',
      );
    }
    altitudeSource = `assumed burnout altitude ${fixed(burnoutAltitude / 1000, 0)} km`;
  } else if (flags.missile !== undefined) {
    const { missile, text } = resolveMissile(flags.missile);
    inputs['missileFile'] = text;
    const max = maximumRangeOfRocket(missile.rocket, site, 0, earth, { rtol, history: 'events' });
    burnoutAltitude = max.flight.summary.burnout?.altitude ?? 0;
    altitudeSource = `burnout altitude of the ${missile.rocket.name} on its maximum-range trajectory, ${fixed(burnoutAltitude / 1000, 0)} km`;
  }
  const options = { rtol };
  let r: ReturnType<typeof reconstructTest>;
  try {
    r = reconstructTest(
      { apogee, range, ...(flightTime !== undefined ? { flightTime } : {}), burnoutAltitude },
      earth,
      options,
    );
  } catch (e) {
    // An apogee and range no ballistic flight joins is an impossible observation: bad input.
    if (e instanceof RangeError) {
      throw new InputError(
        '--apogee',
        flags.apogee,
        `an apogee a ballistic flight over ${fixed(range / 1000, 0)} km can have`,
      );
    }
    throw e;
  }
  if (r.impliedBoostTime !== undefined && !(r.impliedBoostTime > 0)) {
    throw new InputError(
      '--flight-time',
      flags.flightTime,
      `a flight time longer than the ${fixed(r.coastTime, 0)} s coast from burnout to impact`,
    );
  }

  const targets = parseTargets(flags.toward);
  const azimuths = (flags.azimuths ?? '')
    .split(',')
    .filter((s) => s.trim() !== '')
    .map((a) => flagQuantity(a.trim(), 'angle', '--azimuths'));
  const withRotation = [
    ...azimuths.map((az) => ({
      azimuth: Number(((az / DEG + 360) % 360).toFixed(3)),
      range: Number(
        equivalentRangeWithRotation(r.burnout.speed, burnoutAltitude, site, az, earth, options).toFixed(0),
      ),
    })),
    ...targets.map(({ id, place }) => {
      const g = geodesicBetween(site, place, earth.ellipsoid);
      const reach = equivalentRangeWithRotation(
        r.burnout.speed,
        burnoutAltitude,
        site,
        g.azimuth1,
        earth,
        options,
      );
      return {
        target: id,
        distance: Number(g.distance.toFixed(0)),
        range: Number(reach.toFixed(0)),
        inReach: reach >= g.distance,
      };
    }),
  ];
  const method =
    `Burnout state solved numerically (Brent's method on the flight-path angle, the speed shot to the range) so that a ` +
    `free flight on the ${earth.ellipsoid.f === 0 ? 'spherical' : 'WGS84'} Earth without rotation` +
    `${earth.j2 !== 0 ? ', with J2' : ''}${earth.atmosphere ? ', with the 1976 atmosphere (no drag on the burnout-state body)' : ''} ` +
    `reaches the observed apogee and range; ${altitudeSource}. The minimum-energy range is the farthest the same ` +
    `ground-relative burnout speed reaches at the best flight-path angle; with rotation, from the launch site toward each direction.`;
  if (format === 'json') {
    return toJson({
      ...resultHeader(inputs, earth),
      observed: { apogee, range, ...(flightTime !== undefined ? { flightTime } : {}) },
      burnout: {
        speed: Number(r.burnout.speed.toFixed(3)),
        flightPathAngle: Number((r.burnout.flightPathAngle / DEG).toFixed(4)),
        altitude: Number(burnoutAltitude.toFixed(1)),
      },
      trajectory: r.lofted ? 'lofted' : 'depressed',
      coastTime: Number(r.coastTime.toFixed(2)),
      ...(r.impliedBoostTime !== undefined
        ? { impliedBoostTime: Number(r.impliedBoostTime.toFixed(2)) }
        : {}),
      equivalentRange: { noRotation: Number(r.equivalentRangeNoRotation.toFixed(0)), withRotation },
      check: { apogee: Number(r.check.apogee.toFixed(0)), range: Number(r.check.range.toFixed(0)) },
      method,
    });
  }
  const pairs: Array<readonly [string, string]> = [
    [
      'observed',
      `apogee ${fixed(apogee / 1000, 0)} km, range ${fixed(range / 1000, 0)} km${flightTime !== undefined ? `, flight time ${fixed(flightTime / 60, 1)} min` : ''}`,
    ],
    [
      'burnout',
      `${fixed(r.burnout.speed, 0)} m/s at ${fixed(r.burnout.flightPathAngle / DEG, 2)} deg (${r.lofted ? 'lofted' : 'depressed'}), altitude ${fixed(burnoutAltitude / 1000, 0)} km`,
    ],
    ['coast time', `${fixed(r.coastTime / 60, 2)} min`],
  ];
  if (r.impliedBoostTime !== undefined)
    pairs.push(['implied boost time', `${fixed(r.impliedBoostTime, 0)} s`]);
  pairs.push([
    'minimum-energy range',
    `${fixed(r.equivalentRangeNoRotation / 1000, 0)} km without Earth rotation`,
  ]);
  const rows = withRotation.map((w) =>
    'azimuth' in w
      ? [`azimuth ${fixed(w.azimuth, 1)} deg`, fixed(w.range / 1000, 0), '']
      : [
          w.target,
          fixed(w.range / 1000, 0),
          `${fixed(w.distance / 1000, 0)} km away: ${w.inReach ? 'in reach' : 'out of reach'}`,
        ],
  );
  return `${keyValues(pairs)}\n\nwith Earth rotation, from ${fixed(site.lat / DEG, 3)}, ${fixed(site.lon / DEG, 3)}:\n${table(['toward', 'range km', ''], rows)}\n\nmethod: ${method}`;
}

function parseTargets(value: string | undefined): Array<{ id: string; place: ReturnType<typeof flagPlace> }> {
  if (value === undefined || value.trim() === '') return [];
  return value.split(',').map((t) => {
    const text = t.trim().replace(';', ',');
    return { id: t.trim(), place: flagPlace(text, '--toward', siteCatalog()) };
  });
}
