import type { Command } from 'commander';
import { InputError } from '../core/errors.js';
import { geodesicBetween } from '../earth/geodesic.js';
import { maximumRangeFootprint } from '../flight/footprint.js';
import { maximumRangeOfBurnout, maximumRangeOfRocket } from '../flight/max-range.js';
import { maximumRangeToward } from '../flight/max-range-toward.js';
import { flightJson } from '../report/flight-json.js';
import { resolveMissile } from './catalog-files.js';
import {
  addCommonOptions,
  type CommonFlags,
  parseCommon,
  requirePlace,
  resultHeader,
} from './common-flags.js';
import { flightTable } from './flight-table.js';
import { flagPositive, flagQuantity } from './parse-options.js';
import { fixed, table, toJson } from './render.js';

const DEG = Math.PI / 180;

interface RangeFlags extends CommonFlags {
  missile?: string;
  burnoutSpeed?: string;
  burnoutAltitude: string;
  from?: string;
  azimuth?: string;
  to?: string;
  footprint?: boolean | string;
}

export function registerRange(program: Command): void {
  const cmd = program
    .command('range')
    .description('maximum range of a missile (or a burnout speed) from a site toward an azimuth or a target')
    .option('--missile <id|file>', 'catalog missile id or missile file')
    .option('--burnout-speed <speed>', 'instead of a missile: a burnout speed relative to the ground')
    .option('--burnout-altitude <length>', 'burnout altitude for --burnout-speed', '0')
    .option('--from <site|lat,lon>', 'launch site id or latitude,longitude in degrees', '0,0')
    .option('--azimuth <deg>', 'launch azimuth, degrees clockwise from north', '0')
    .option('--to <site|lat,lon>', 'toward a target (its azimuth); says whether it is in reach')
    .option(
      '--footprint [step]',
      'maximum-range footprint: a closed ring over all azimuths (step in deg, default 10)',
    );
  addCommonOptions(cmd).action((flags: RangeFlags) => {
    process.stdout.write(`${runRange(flags)}\n`);
  });
}

export function runRange(flags: RangeFlags): string {
  const { format, earth, rtol } = parseCommon(flags);
  const site = requirePlace(flags.from, '--from', 'a launch point');
  const inputs: Record<string, unknown> = { ...flags };
  const target = flags.to === undefined ? undefined : requirePlace(flags.to, '--to', 'a target');
  let azimuth = flagQuantity(flags.azimuth, 'angle', '--azimuth');
  let targetDistance: number | undefined;
  if (target) {
    if (flags.azimuth !== '0')
      throw new InputError('--azimuth', flags.azimuth, 'no azimuth with --to (the target sets it)');
    const g = geodesicBetween(site, target, earth.ellipsoid);
    azimuth = g.azimuth1;
    targetDistance = g.distance;
  }
  if ((flags.missile === undefined) === (flags.burnoutSpeed === undefined)) {
    throw new InputError(
      '--missile',
      flags.missile,
      'either a missile (--missile ID|FILE) or a burnout speed (--burnout-speed)',
    );
  }
  const options = { rtol };

  if (flags.footprint !== undefined && flags.footprint !== false) {
    if (!flags.missile)
      throw new InputError('--footprint', flags.footprint, 'a missile (--missile) to draw the footprint of');
    const step = flags.footprint === true ? 10 * DEG : flagQuantity(flags.footprint, 'angle', '--footprint');
    if (!(step >= 1 * DEG && step <= 90 * DEG))
      throw new InputError('--footprint', flags.footprint, 'a step in [1, 90] deg');
    const { missile, text } = resolveMissile(flags.missile);
    inputs['missileFile'] = text;
    const fp = maximumRangeFootprint(missile.rocket, site, earth, step, options);
    const ring = fp.ring.map((p) => ({
      azimuth: Number((p.azimuth / DEG).toFixed(6)),
      maxRange: Number(p.range.toFixed(3)),
      lat: Number((p.lat / DEG).toFixed(7)),
      lon: Number((p.lon / DEG).toFixed(7)),
    }));
    if (format === 'json')
      return toJson({
        ...resultHeader(inputs, earth),
        missile: missile.rocket.name,
        footprint: ring,
        evaluations: fp.evaluations,
      });
    return `${missile.rocket.name}: maximum-range footprint from ${fixed(site.lat / DEG, 4)}, ${fixed(site.lon / DEG, 4)}\n\n${table(
      ['azimuth deg', 'max range km', 'lat', 'lon'],
      ring.map((p) => [fixed(p.azimuth, 1), fixed(p.maxRange / 1000, 1), fixed(p.lat, 4), fixed(p.lon, 4)]),
    )}`;
  }

  let name: string;
  let best: ReturnType<typeof maximumRangeOfRocket>;
  if (flags.missile !== undefined) {
    const { missile, text } = resolveMissile(flags.missile);
    inputs['missileFile'] = text;
    name = missile.rocket.name;
    const along = (az: number) => maximumRangeOfRocket(missile.rocket, site, az, earth, options);
    best = target ? maximumRangeToward(site, target, earth, along) : along(azimuth);
  } else {
    const speed = flagPositive(flags.burnoutSpeed, 'speed', '--burnout-speed');
    if (!(speed < 11e3))
      throw new InputError(
        '--burnout-speed',
        flags.burnoutSpeed,
        'a speed below 11 km/s (escape speed: no maximum range beyond)',
      );
    const altitude = flagQuantity(flags.burnoutAltitude, 'length', '--burnout-altitude');
    if (!(altitude >= 0 && altitude < 5e6))
      throw new InputError('--burnout-altitude', flags.burnoutAltitude, 'an altitude in [0, 5000 km)');
    name = `burnout at ${fixed(speed, 1)} m/s`;
    const burnoutSite = { ...site, height: altitude };
    const along = (az: number) => maximumRangeOfBurnout(speed, burnoutSite, az, earth, undefined, options);
    best = target ? maximumRangeToward(burnoutSite, target, earth, along) : along(azimuth);
  }
  // With --to, the launch azimuth that puts the farthest impact on the target's bearing.
  if ('azimuth' in best) azimuth = best.azimuth as number;
  const trajectory = flightJson(best.flight);
  const inReach = targetDistance === undefined ? undefined : best.range >= targetDistance;
  const shape =
    flags.missile !== undefined
      ? { pitchoverAngle: Number((best.shape / DEG).toFixed(6)) }
      : { flightPathAngle: Number((best.shape / DEG).toFixed(6)) };
  if (format === 'json') {
    return toJson({
      ...resultHeader(inputs, earth),
      missile: name,
      maxRange: Number(best.range.toFixed(3)),
      azimuth: Number(((azimuth / DEG + 360) % 360).toFixed(6)),
      ...shape,
      ...(targetDistance !== undefined ? { targetDistance: Number(targetDistance.toFixed(3)), inReach } : {}),
      // With --to: maximum-range searches flown to put the farthest impact on the target's bearing.
      ...('iterations' in best ? { searches: best.iterations } : {}),
      evaluations: best.evaluations,
      trajectory,
    });
  }
  const head: Array<readonly [string, string]> = [
    ['missile', name],
    [
      'maximum range',
      target
        ? `${fixed(best.range / 1000, 1)} km on the target's bearing (launch azimuth ${fixed((azimuth / DEG + 360) % 360, 2)} deg)`
        : `${fixed(best.range / 1000, 1)} km toward azimuth ${fixed((azimuth / DEG + 360) % 360, 2)} deg`,
    ],
  ];
  if (targetDistance !== undefined) {
    head.push([
      'target',
      `${fixed(targetDistance / 1000, 1)} km away: ${inReach ? 'in reach' : `out of reach by ${fixed((targetDistance - best.range) / 1000, 1)} km`}`,
    ]);
  }
  return flightTable(trajectory, head);
}
