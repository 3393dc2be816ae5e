import Qty from 'js-quantities';
import { InputError } from '../core/errors.js';

/**
 * Quantities at the boundary: a number in SI, or a string with a unit ("300 km", "7.2 km/s",
 * "62 s", "45 deg"), converted once to SI by js-quantities. Angles are the exception the design
 * makes: a bare number is degrees (latitude, longitude, azimuth, elevation and flight-path angles
 * are written in degrees in files and on the command line) and the result is radians.
 */

export type Dimension =
  | 'length'
  | 'speed'
  | 'time'
  | 'angle'
  | 'mass'
  | 'force'
  | 'area_density'
  | 'power'
  | 'area'
  | 'frequency'
  | 'dimensionless';

const DESCRIPTION: Record<Dimension, { words: string; si: string; example: string }> = {
  length: { words: 'a length', si: 'm', example: '300 km' },
  speed: { words: 'a speed', si: 'm/s', example: '7.2 km/s' },
  time: { words: 'a time', si: 's', example: '62 s' },
  angle: { words: 'an angle', si: 'deg', example: '45 deg' },
  mass: { words: 'a mass', si: 'kg', example: '1200 kg' },
  force: { words: 'a force', si: 'N', example: '800 kN' },
  area_density: { words: 'a ballistic coefficient', si: 'kg/m^2', example: '5000 kg/m^2' },
  power: { words: 'a power', si: 'W', example: '170 kW' },
  area: { words: 'an area', si: 'm^2', example: '105 m^2' },
  frequency: { words: 'a frequency', si: 'Hz', example: '9.5 GHz' },
  dimensionless: { words: 'a number', si: '', example: '0.3' },
};

/** What a quantity of this dimension looks like, for error messages. */
export function expectation(dimension: Dimension, constraint?: string): string {
  const d = DESCRIPTION[dimension];
  const unit = d.si ? ` in ${d.si}` : '';
  const example = dimension === 'dimensionless' ? '' : ` or a string with a unit such as "${d.example}"`;
  return `${d.words}${constraint ? ` ${constraint}` : ''} (a number${unit}${example})`;
}

/**
 * Parse a quantity to SI (radians for angles). Throws InputError naming `path` on a wrong type,
 * an unknown unit, a unit of the wrong dimension, or a non-finite value.
 */
export function parseQuantity(value: unknown, dimension: Dimension, path: string): number {
  let si: number | undefined;
  if (typeof value === 'number') {
    si = dimension === 'angle' ? (value * Math.PI) / 180 : value;
  } else if (typeof value === 'string' && value.trim() !== '') {
    const text = value.trim();
    if (/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(text)) {
      return parseQuantity(Number(text), dimension, path);
    }
    let q: ReturnType<typeof Qty> | undefined;
    try {
      q = Qty(text);
    } catch {
      q = undefined;
    }
    if (q && dimension !== 'dimensionless' && q.kind() === dimension) si = q.toBase().scalar;
  }
  if (si === undefined || !Number.isFinite(si)) throw new InputError(path, value, expectation(dimension));
  return si;
}
