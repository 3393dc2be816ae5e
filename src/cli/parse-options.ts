import { InputError } from '../core/errors.js';
import type { EarthSwitches } from '../earth/earth-model.js';
import { type Dimension, parseQuantity } from '../scenario/quantity.js';

/** Command-line values to SI, each failure an InputError naming the flag. */

export function flagQuantity(value: unknown, dimension: Dimension, flag: string): number {
  return parseQuantity(value, dimension, flag);
}

export function flagPositive(value: unknown, dimension: Dimension, flag: string): number {
  const v = parseQuantity(value, dimension, flag);
  if (!(v > 0)) throw new InputError(flag, value, `a positive ${dimension === 'speed' ? 'speed' : 'value'}`);
  return v;
}

/** A catalog site id or "LAT,LON" (the scenario layer's parser, named for flags). */
export { parsePlace as flagPlace } from '../scenario/place.js';

export interface EarthFlags {
  readonly rotation?: boolean;
  readonly oblateness?: boolean;
  readonly atmosphere?: boolean;
  readonly spherical?: boolean | string;
}

/** Earth switches from `--no-rotation --no-oblateness --no-atmosphere --spherical [RADIUS]`. */
export function earthSwitchesFromFlags(flags: EarthFlags): EarthSwitches {
  let spherical: boolean | number = false;
  if (flags.spherical === true) spherical = true;
  else if (typeof flags.spherical === 'string') {
    spherical = flagPositive(flags.spherical, 'length', '--spherical');
    // A planet-sized sphere: from the Moon's radius to Jupiter's, far beyond any use here.
    if (!(spherical >= 1.7e6 && spherical <= 7e7)) {
      throw new InputError(
        '--spherical',
        flags.spherical,
        'a radius between 1,700 km and 70,000 km (default 6371 km)',
      );
    }
  }
  return {
    rotation: flags.rotation !== false,
    atmosphere: flags.atmosphere !== false,
    spherical,
    // The sphere has no flattening, and J2 goes with it: a textbook sphere has a central field.
    oblateness: flags.oblateness === false ? false : spherical === false,
  };
}

/** An integer flag within [min, max], as written on the command line. */
export function flagInteger(value: string, flag: string, min: number, max: number): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isInteger(n) || n < min || n > max)
    throw new InputError(flag, value, `an integer from ${min} to ${max}`);
  return n;
}
