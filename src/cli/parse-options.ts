import { InputError } from '../core/errors.js';
import type { EarthSwitches } from '../earth/earth-model.js';
import type { Geodetic } from '../earth/geodetic.js';
import { type Dimension, parseQuantity } from '../scenario/quantity.js';
import { type SiteCatalog, siteGeodetic } from '../scenario/site-catalog.js';

/** Command-line values to SI, each failure an InputError naming the flag. */

const DEG = Math.PI / 180;

export function flagQuantity(value: unknown, dimension: Dimension, flag: string): number {
  return parseQuantity(value, dimension, flag);
}

export function flagPositive(value: unknown, dimension: Dimension, flag: string): number {
  const v = parseQuantity(value, dimension, flag);
  if (!(v > 0)) throw new InputError(flag, value, `a positive ${dimension === 'speed' ? 'speed' : 'value'}`);
  return v;
}

/** A catalog site id (`redzikowo`) or "LAT,LON" in degrees. */
export function flagPlace(value: unknown, flag: string, sites?: SiteCatalog): Geodetic {
  const text = typeof value === 'string' ? value : '';
  const site = sites?.get(text.trim());
  if (site) return siteGeodetic(site);
  const parts = text.split(',').map((s) => s.trim());
  const expected = `a site id (${
    sites
      ? `such as ${sites.sites
          .slice(0, 3)
          .map((s) => s.id)
          .join(', ')}; see data/sites.yaml`
      : 'from the catalog'
  }) or LAT,LON in degrees, latitude in [-90, 90] and longitude in [-180, 360]`;
  if (parts.length !== 2 || parts.some((p) => !/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(p))) {
    throw new InputError(flag, value, expected);
  }
  const lat = Number(parts[0]);
  const lon = Number(parts[1]);
  if (!(lat >= -90 && lat <= 90))
    throw new InputError(`${flag} latitude`, lat, 'a latitude in [-90, 90] deg');
  // At a pole every direction is south: launch azimuths (and the flights that use them) are undefined.
  if (Math.abs(lat) > 89.99) {
    throw new InputError(
      `${flag} latitude`,
      lat,
      'a latitude within [-89.99, 89.99] deg (azimuths are undefined at a pole)',
    );
  }
  if (!(lon >= -180 && lon <= 360))
    throw new InputError(`${flag} longitude`, lon, 'a longitude in [-180, 360] deg');
  const lonWrapped = lon > 180 ? lon - 360 : lon;
  return { lat: lat * DEG, lon: lonWrapped * DEG, height: 0 };
}

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
