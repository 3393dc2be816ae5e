/** A latitude-longitude box in degrees; `west > east` when it crosses the antimeridian. */
export interface GeoBounds {
  readonly south: number;
  readonly north: number;
  readonly west: number;
  readonly east: number;
}

/**
 * The smallest box holding every point, widened by `margin` (a share of its size, at least 1 deg)
 * on each side. Longitudes wrap: the box leaves out the widest empty arc of longitude, so a flight
 * from Siberia to Alaska gives a narrow box across the antimeridian, not one around the world.
 */
export function geoBounds(
  points: ReadonlyArray<{ readonly lat: number; readonly lon: number }>,
  margin = 0.1,
): GeoBounds | undefined {
  if (points.length === 0) return undefined;
  const lats = points.map((p) => p.lat);
  let south = Math.min(...lats);
  let north = Math.max(...lats);
  const lons = [...new Set(points.map((p) => ((((p.lon + 180) % 360) + 360) % 360) - 180))].sort(
    (a, b) => a - b,
  );
  // The widest gap between neighbouring longitudes, the one from the last back to the first included.
  let gap = lons[0]! + 360 - lons[lons.length - 1]!;
  let west = lons[0]!;
  let east = lons[lons.length - 1]!;
  for (let i = 1; i < lons.length; i++) {
    const g = lons[i]! - lons[i - 1]!;
    if (g > gap) {
      gap = g;
      west = lons[i]!;
      east = lons[i - 1]!;
    }
  }
  const width = 360 - gap;
  const padLon = Math.max(1, margin * width);
  const padLat = Math.max(1, margin * (north - south));
  south = Math.max(-90, south - padLat);
  north = Math.min(90, north + padLat);
  if (width + 2 * padLon >= 360) return { south, north, west: -180, east: 180 };
  const wrap = (lon: number) => (lon < -180 ? lon + 360 : lon > 180 ? lon - 360 : lon);
  return { south, north, west: wrap(west - padLon), east: wrap(east + padLon) };
}
