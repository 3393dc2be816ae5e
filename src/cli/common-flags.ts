import { createHash } from 'node:crypto';
import type { Command } from 'commander';
import { InputError } from '../core/errors.js';
import { type EarthModel, earthModel } from '../earth/earth-model.js';
import type { Geodetic } from '../earth/geodetic.js';
import { SHIELDLAB_VERSION } from '../version.js';
import { siteCatalog } from './catalog-files.js';
import { type EarthFlags, earthSwitchesFromFlags, flagPlace } from './parse-options.js';

/** Flags and output conventions every physics command shares. */

export interface CommonFlags extends EarthFlags {
  rtol: string;
  format: string;
}

const collect = (value: string, previous: string[]) => [...previous, value];

/** `--set ID.FIELD=VALUE`, repeatable: catalog overrides. */
export function addSetOption(cmd: Command): Command {
  return cmd.option(
    '--set <id.field=value>',
    'override a catalog value, e.g. gbi-2stage.burnoutSpeed=8.3km/s (repeatable)',
    collect,
    [],
  );
}

/** Earth switches, tolerance and output format. */
export function addCommonOptions(cmd: Command): Command {
  return cmd
    .option('--no-rotation', 'non-rotating Earth')
    .option('--no-oblateness', 'no J2 term in gravity')
    .option('--no-atmosphere', 'no drag (vacuum)')
    .option('--spherical [radius]', 'spherical Earth (6371 km, or the given radius)')
    .option('--rtol <number>', 'integrator relative tolerance', '1e-10')
    .option('--format <format>', 'json or table', 'table');
}

export interface Common {
  readonly format: 'json' | 'table';
  readonly earth: EarthModel;
  readonly rtol: number;
}

export function parseCommon(flags: CommonFlags): Common {
  const format = checkFormat(flags.format);
  const rtol = Number(flags.rtol);
  if (!(rtol >= 1e-14 && rtol <= 1e-3))
    throw new InputError('--rtol', flags.rtol, 'a relative tolerance in [1e-14, 1e-3]');
  return { format, earth: earthModel(earthSwitchesFromFlags(flags)), rtol };
}

export function checkFormat(format: string): 'json' | 'table' {
  if (format !== 'json' && format !== 'table') throw new InputError('--format', format, 'json or table');
  return format;
}

/** A required place flag: a catalog site id or LAT,LON. */
export function requirePlace(value: string | undefined, flag: string, what: string): Geodetic {
  if (value === undefined) throw new InputError(flag, undefined, `${what}: a site id or LAT,LON in degrees`);
  return flagPlace(value, flag, siteCatalog());
}

/**
 * The header every JSON result carries: version, content hash of the inputs, seed. The hash
 * covers what changes the result (flags and the contents of the files read), not how it is
 * printed (`--format`).
 */
export function resultHeader(inputs: Record<string, unknown>, earth: EarthModel): Record<string, unknown> {
  const { format: _format, ...physical } = inputs;
  return {
    shieldlabVersion: SHIELDLAB_VERSION,
    scenarioHash: contentHash(physical),
    seed: null,
    earth: {
      rotation: earth.rotationRate !== 0,
      oblateness: earth.j2 !== 0,
      atmosphere: earth.atmosphere,
      radius: earth.ellipsoid.a,
      flattening: earth.ellipsoid.f,
    },
  };
}

/** SHA-256 of the inputs in canonical form (sorted keys), so a run can be matched to its inputs. */
export function contentHash(inputs: Record<string, unknown>): string {
  const canonical = JSON.stringify(inputs, Object.keys(inputs).sort());
  return createHash('sha256').update(canonical).digest('hex');
}
