import type { Area, Position } from '../messages/geometry.js';
import { NAMED_AREA_IDS, type NamedArea, namedArea } from '../messages/named-areas.js';
import { EARTH_DIAMETER_GEODESIC } from '../messages/primitives.js';
import { areaBox, boxContains, boxRing, type LatLonBox, maxDistanceFrom } from './area-bounds.js';
import { ceilTo, floorTo, gridValue } from './coarsen-values.js';
import type { AreaPrecision } from './policy.js';

/**
 * Coarsening of an area to a policy's precision. The result always contains the true area and is
 * never finer than the policy; it depends only on the area and the precision (no randomness, no
 * clock), so the same message released twice to a partner is the same bytes and its duplicate is
 * absorbed.
 *
 * - grid: the smallest box of whole grid cells covering the area's bounding box; every vertex is a
 *   grid node.
 * - circle: centre snapped to a grid of about the policy radius (so the centre does not give the
 *   true position away), radius the larger of the policy radius and a bound on the distance to the
 *   farthest point of the area, rounded up to the metre.
 * - named: the smallest named area (by area on the sphere, ties by id) that contains the area's
 *   bounding box; undefined when none does.
 */
export function coarsenArea(area: Area, precision: AreaPrecision): Area | undefined {
  switch (precision.kind) {
    case 'exact':
      return area;
    case 'grid':
      return { kind: 'polygon', ring: boxRing(gridBox(areaBox(area), precision.degrees)) };
    case 'circle':
      return coveringCircle(area, precision.radius);
    case 'named':
      return smallestNamedArea(area, precision.areas ?? NAMED_AREA_IDS);
  }
}

/** The box of whole cells of a `degrees` grid that covers `box` (at least one cell each way). */
export function gridBox(box: LatLonBox, degrees: number): LatLonBox {
  let south = Math.max(-90, floorTo(box.south, degrees));
  let north = Math.min(90, ceilTo(box.north, degrees));
  let west = Math.max(-180, floorTo(box.west, degrees));
  let east = Math.min(180, ceilTo(box.east, degrees));
  if (north <= south) {
    if (south + degrees <= 90) north = south + degrees;
    else south = north - degrees;
  }
  if (east <= west) {
    if (west + degrees <= 180) east = west + degrees;
    else west = east - degrees;
  }
  return { south, north, west, east };
}

/** Metres per degree of latitude, rounded: only sizes the snapping grid of a circle's centre. */
const METRES_PER_DEGREE = 111_320;

/** The largest step of 1, 2 or 5 times a power of ten (deg) that spans at most `radius` of latitude. */
export function centreStep(radius: number): number {
  const target = Math.min(10, Math.max(1e-6, radius / METRES_PER_DEGREE));
  const decade = 10 ** Math.floor(Math.log10(target));
  for (const m of [5, 2, 1]) if (m * decade <= target * (1 + 1e-12)) return gridValue(m, decade);
  return gridValue(1, decade);
}

function snap(x: number, step: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, gridValue(Math.round(x / step), step)));
}

function coveringCircle(area: Area, radius: number): Area {
  const step = centreStep(radius);
  let basis: Position;
  if (area.kind === 'circle') basis = area.centre;
  else {
    const box = areaBox(area);
    basis = { lat: 0.5 * (box.south + box.north), lon: 0.5 * (box.west + box.east) };
  }
  // Snapping never wraps the longitude, so the centre stays on the area's side of the antimeridian.
  const centre = { lat: snap(basis.lat, step, -90, 90), lon: snap(basis.lon, step, -180, 180) };
  const box = areaBox(area);
  const size = (Math.abs(box.north - box.south) + Math.abs(box.east - box.west)) * METRES_PER_DEGREE;
  const tolerance = Math.max(1, radius / 64, size / 1000);
  const needed = maxDistanceFrom(centre, area, tolerance);
  return {
    kind: 'circle',
    centre,
    radius: Math.min(EARTH_DIAMETER_GEODESIC, Math.ceil(Math.max(radius, needed))),
  };
}

/** Area of a box on the unit sphere (sr): orders boxes by size. */
function boxArea(a: NamedArea): number {
  const RAD = Math.PI / 180;
  return (Math.sin(a.north * RAD) - Math.sin(a.south * RAD)) * (a.east - a.west) * RAD;
}

function smallestNamedArea(area: Area, allowed: readonly string[]): Area | undefined {
  const box = areaBox(area);
  let best: NamedArea | undefined;
  for (const id of allowed) {
    const candidate = namedArea(id);
    if (!candidate || !boxContains(candidate, box)) continue;
    if (
      !best ||
      boxArea(candidate) < boxArea(best) ||
      (boxArea(candidate) === boxArea(best) && candidate.id < best.id)
    )
      best = candidate;
  }
  return best ? { kind: 'named', id: best.id } : undefined;
}
