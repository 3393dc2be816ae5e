import type { Command } from 'commander';
import { InputError } from '../core/errors.js';
import { geodesicBetween } from '../earth/geodesic.js';
import {
  type AimResult,
  aimBurnout,
  aimRocket,
  flyAimedRocket,
  type ShapeConstraint,
  type TrajectoryFamily,
} from '../flight/aim.js';
import { type FlightResult, flyFromBurnout, flyRocket } from '../flight/fly.js';
import type { ReentryVehicle, Rocket } from '../flight/rocket.js';
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
import { fixed, toJson } from './render.js';

const DEG = Math.PI / 180;
/** Most samples a time history may have: beyond, a file of that size is no use to a person. */
const MAX_SAMPLES = 100_000;
const FAMILIES: readonly TrajectoryFamily[] = ['min-energy', 'lofted', 'depressed'];

interface FlyFlags extends CommonFlags {
  missile?: string;
  from?: string;
  to?: string;
  trajectory?: string;
  apogee?: string;
  flightTime?: string;
  azimuth?: string;
  pitchoverAngle?: string;
  burnoutSpeed?: string;
  burnoutAngle?: string;
  burnoutAltitude: string;
  ballisticCoefficient?: string;
  samples?: string;
}

export function registerFly(program: Command): void {
  const cmd = program
    .command('fly')
    .description('fly one trajectory: a missile or a burnout state, along an azimuth or aimed at a target')
    .option(
      '--missile <id|file>',
      'catalog missile id (shieldlab catalog list) or missile file (YAML or JSON)',
    )
    .option('--from <site|lat,lon>', 'launch site id (data/sites.yaml) or latitude,longitude in degrees')
    .option('--to <site|lat,lon>', 'aim at a target: solve the azimuth and trajectory shape')
    .option('--trajectory <family>', 'with --to: min-energy, lofted or depressed', 'min-energy')
    .option('--apogee <length>', 'with --to and no missile: the lofted/depressed trajectory with this apogee')
    .option(
      '--flight-time <time>',
      'with --to and no missile: the lofted/depressed trajectory with this flight time',
    )
    .option('--azimuth <deg>', 'launch azimuth, degrees clockwise from north (without --to)', '0')
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
    .option('--samples <dt>', 'add the time history sampled every DT (s or with unit)');
  addCommonOptions(cmd).action((flags: FlyFlags) => {
    process.stdout.write(`${runFly(flags)}\n`);
  });
}

/** The fly command as a function of its flags: returns the text to print. */
export function runFly(flags: FlyFlags): string {
  const { format, earth, rtol } = parseCommon(flags);
  const site = requirePlace(flags.from, '--from', 'a launch point');
  const samples = flags.samples === undefined ? undefined : flagPositive(flags.samples, 'time', '--samples');
  if (samples !== undefined && samples < 1e-3)
    throw new InputError('--samples', flags.samples, 'an interval of at least 1 ms');
  const inputs: Record<string, unknown> = { ...flags };
  const target = flags.to === undefined ? undefined : requirePlace(flags.to, '--to', 'a target');
  if (target && geodesicBetween(site, target).distance < 1000) {
    throw new InputError('--to', flags.to, 'a target at least 1 km from the launch point');
  }
  const family = parseFamily(flags.trajectory);

  let rocket: Rocket | undefined;
  let name = 'burnout state';
  if (flags.missile !== undefined) {
    for (const [flag, value] of [
      ['--burnout-speed', flags.burnoutSpeed],
      ['--burnout-angle', flags.burnoutAngle],
    ] as const) {
      if (value !== undefined)
        throw new InputError(flag, value, 'no burnout state with --missile (the missile makes its own)');
    }
    const { missile, text } = resolveMissile(flags.missile);
    inputs['missileFile'] = text;
    rocket = missile.rocket;
    name = rocket.name;
    if (flags.pitchoverAngle !== undefined) {
      if (target)
        throw new InputError(
          '--pitchover-angle',
          flags.pitchoverAngle,
          'no pitch-over angle with --to (aiming solves it)',
        );
      const angle = flagQuantity(flags.pitchoverAngle, 'angle', '--pitchover-angle');
      if (!(angle >= 0 && angle < 90 * DEG))
        throw new InputError('--pitchover-angle', flags.pitchoverAngle, 'an angle in [0, 90) deg');
      rocket = { ...rocket, guidance: { ...rocket.guidance, pitchoverAngle: angle } };
    }
  }
  const altitude = flagQuantity(flags.burnoutAltitude, 'length', '--burnout-altitude');
  if (!(altitude >= 0 && altitude < 5e6))
    throw new InputError('--burnout-altitude', flags.burnoutAltitude, 'an altitude in [0, 5000 km)');
  let vehicle: ReentryVehicle | undefined;
  if (flags.ballisticCoefficient !== undefined) {
    if (rocket)
      throw new InputError(
        '--ballistic-coefficient',
        flags.ballisticCoefficient,
        'no ballistic coefficient with --missile (the missile file gives it)',
      );
    vehicle = {
      mass: 1,
      ballisticCoefficient: flagPositive(
        flags.ballisticCoefficient,
        'area_density',
        '--ballistic-coefficient',
      ),
    };
  }

  let flight: FlightResult;
  let aim: AimResult | undefined;
  if (target) {
    if (flags.azimuth !== '0')
      throw new InputError('--azimuth', flags.azimuth, 'no azimuth with --to (aiming solves it)');
    const constraint = parseConstraint(flags, family, rocket !== undefined);
    aim = rocket
      ? aimRocket(rocket, site, target, family, earth, { rtol, constraint })
      : aimBurnout({ ...site, height: altitude }, target, family, earth, constraint, vehicle, { rtol });
    if (!aim.ok) return unreachable(aim, format, inputs, earth, name);
    flight = rerunWithHistory(aim, rocket, site, altitude, vehicle, earth, rtol);
  } else {
    const azimuth = flagQuantity(flags.azimuth, 'angle', '--azimuth');
    if (rocket) {
      flight = flyRocket(rocket, { site, azimuth }, earth, { rtol });
    } else {
      if (flags.burnoutSpeed === undefined) {
        throw new InputError(
          '--missile',
          undefined,
          'a missile (--missile ID|FILE), a burnout state (--burnout-speed, --burnout-angle) or a target (--to)',
        );
      }
      if (flags.burnoutAngle === undefined)
        throw new InputError('--burnout-angle', undefined, 'a flight-path angle in degrees');
      const speed = flagPositive(flags.burnoutSpeed, 'speed', '--burnout-speed');
      if (!(speed <= 20e3))
        throw new InputError(
          '--burnout-speed',
          flags.burnoutSpeed,
          'a speed up to 20 km/s (beyond escape speed)',
        );
      const gamma = flagQuantity(flags.burnoutAngle, 'angle', '--burnout-angle');
      if (!(gamma > -90 * DEG && gamma < 90 * DEG))
        throw new InputError('--burnout-angle', flags.burnoutAngle, 'an angle in (-90, 90) deg');
      flight = flyFromBurnout(
        { site: { ...site, height: altitude }, speed, flightPathAngle: gamma, azimuth },
        earth,
        vehicle,
        { rtol },
      );
    }
  }

  if (samples !== undefined && flight.summary.flightTime / samples > MAX_SAMPLES) {
    throw new InputError(
      '--samples',
      flags.samples,
      `an interval giving at most ${MAX_SAMPLES.toLocaleString('en-US')} samples (this ${Math.round(flight.summary.flightTime)} s flight would give ${Math.round(flight.summary.flightTime / samples).toLocaleString('en-US')})`,
    );
  }
  const json = flightJson(flight, samples);
  const aimJson = aim?.ok
    ? {
        missDistance: Number(aim.missDistance.toFixed(3)),
        aim: {
          trajectory: family,
          target: {
            lat: Number(((target!.lat * 180) / Math.PI).toFixed(7)),
            lon: Number(((target!.lon * 180) / Math.PI).toFixed(7)),
          },
          targetDistance: Number(aim.targetDistance.toFixed(3)),
          azimuth: Number(((aim.azimuth / DEG + 360) % 360).toFixed(6)),
          ...shapeJson(aim.shape),
          evaluations: aim.evaluations,
        },
      }
    : {};
  const drag = rocket
    ? "stage drag tables in boost, the reentry vehicle's ballistic coefficient after"
    : vehicle
      ? `reentry vehicle, ballistic coefficient ${vehicle.ballisticCoefficient} kg/m^2`
      : earth.atmosphere
        ? 'none: a burnout state without --ballistic-coefficient flies as in vacuum'
        : 'none (no atmosphere)';
  if (format === 'json')
    return toJson({ ...resultHeader(inputs, earth), missile: name, drag, ...aimJson, ...json });
  const head: Array<readonly [string, string]> = [
    ['missile', name],
    ['drag', drag],
  ];
  if (aim?.ok) {
    head.push([
      'aimed',
      `${family}, azimuth ${fixed((aim.azimuth / DEG + 360) % 360, 3)} deg, ${describeShape(aim.shape)}`,
    ]);
    head.push([
      'miss distance',
      `${fixed(aim.missDistance, 1)} m (target at ${fixed(aim.targetDistance / 1000, 1)} km)`,
    ]);
  }
  return flightTable(json, head);
}

function parseFamily(value: string | undefined): TrajectoryFamily {
  const family = (value ?? 'min-energy') as TrajectoryFamily;
  if (!FAMILIES.includes(family)) throw new InputError('--trajectory', value, FAMILIES.join(', '));
  return family;
}

function parseConstraint(flags: FlyFlags, family: TrajectoryFamily, withMissile: boolean): ShapeConstraint {
  const given = [
    ['--apogee', flags.apogee],
    ['--flight-time', flags.flightTime],
    ['--burnout-angle', flags.burnoutAngle],
  ].filter(([, v]) => v !== undefined) as Array<[string, string]>;
  if (given.length === 0) {
    if (!withMissile && family !== 'min-energy') {
      throw new InputError(
        '--trajectory',
        family,
        'with a lofted or depressed burnout-state trajectory, one of --apogee, --flight-time or --burnout-angle',
      );
    }
    return {};
  }
  const [flag, value] = given[0]!;
  if (given.length > 1)
    throw new InputError(
      given[1]![0],
      given[1]![1],
      `only one of --apogee, --flight-time, --burnout-angle (${flag} is given)`,
    );
  if (withMissile)
    throw new InputError(
      flag,
      value,
      'no shape constraint with --missile: a full burn has one lofted and one depressed trajectory to a target',
    );
  if (family === 'min-energy')
    throw new InputError(
      flag,
      value,
      '--trajectory lofted or depressed (the minimum-energy trajectory has no free shape)',
    );
  if (flag === '--apogee') return { apogee: flagPositive(value, 'length', flag) };
  if (flag === '--flight-time') return { flightTime: flagPositive(value, 'time', flag) };
  const gamma = flagQuantity(value, 'angle', flag);
  if (!(gamma > -90 * DEG && gamma < 90 * DEG))
    throw new InputError(flag, value, 'an angle in (-90, 90) deg');
  return { flightPathAngle: gamma };
}

/** Fly the aimed trajectory once more, keeping its full history for the output. */
function rerunWithHistory(
  aim: Extract<AimResult, { ok: true }>,
  rocket: Rocket | undefined,
  site: { lat: number; lon: number; height: number },
  altitude: number,
  vehicle: ReentryVehicle | undefined,
  earth: Parameters<typeof flyRocket>[2],
  rtol: number,
): FlightResult {
  if (rocket) return flyAimedRocket(rocket, site, aim, earth, { rtol });
  const s = aim.shape;
  return flyFromBurnout(
    {
      site: { ...site, height: altitude },
      speed: s.burnoutSpeed!,
      flightPathAngle: s.flightPathAngle!,
      azimuth: aim.azimuth,
    },
    earth,
    vehicle,
    { rtol },
  );
}

function shapeJson(s: Extract<AimResult, { ok: true }>['shape']): Record<string, number> {
  const out: Record<string, number> = {};
  if (s.pitchoverAngle !== undefined) out['pitchoverAngle'] = Number((s.pitchoverAngle / DEG).toFixed(6));
  if (s.cutoffTime !== undefined) out['cutoffTime'] = Number(s.cutoffTime.toFixed(6));
  if (s.burnoutSpeed !== undefined) out['burnoutSpeed'] = Number(s.burnoutSpeed.toFixed(6));
  if (s.flightPathAngle !== undefined) out['flightPathAngle'] = Number((s.flightPathAngle / DEG).toFixed(6));
  return out;
}

function describeShape(s: Extract<AimResult, { ok: true }>['shape']): string {
  const parts: string[] = [];
  if (s.pitchoverAngle !== undefined) parts.push(`pitch-over ${fixed(s.pitchoverAngle / DEG, 2)} deg`);
  if (s.cutoffTime !== undefined) parts.push(`thrust cut at ${fixed(s.cutoffTime, 2)} s`);
  if (s.burnoutSpeed !== undefined) parts.push(`burnout ${fixed(s.burnoutSpeed, 1)} m/s`);
  if (s.flightPathAngle !== undefined) parts.push(`at ${fixed(s.flightPathAngle / DEG, 3)} deg`);
  return parts.join(', ');
}

/** A target out of reach: a clear answer, not an error. */
function unreachable(
  aim: Extract<AimResult, { ok: false }>,
  format: 'json' | 'table',
  inputs: Record<string, unknown>,
  earth: Parameters<typeof flyRocket>[2],
  name: string,
): string {
  if (format === 'json') {
    return toJson({
      ...resultHeader(inputs, earth),
      missile: name,
      reachable: false,
      reason: aim.message,
      targetDistance: Number(aim.targetDistance.toFixed(3)),
      ...(aim.maxRange !== undefined ? { maxRange: Number(aim.maxRange.toFixed(3)) } : {}),
    });
  }
  return `${name}: ${aim.message}`;
}
