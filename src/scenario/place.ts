import { InputError } from '../core/errors.js';
import type { Geodetic } from '../earth/geodetic.js';
import { type SiteCatalog, siteGeodetic } from './site-catalog.js';

const DEG = Math.PI / 180;

/** A catalog site id (`redzikowo`) or "LAT,LON" in degrees. */
export function parsePlace(value: unknown, flag: string, sites?: SiteCatalog): Geodetic {
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
