import { z } from 'zod';
import { NAMED_AREA_IDS } from './named-areas.js';
import { boundedNumber, surfaceDistance } from './primitives.js';

/**
 * Areas in messages: a polygon, a circle, or a named area.
 *
 * The 1988 launch notification agreement specifies an impact area "either by indicating the
 * geographic coordinates of the boundary points of the area, or by indicating the geographic
 * coordinates of the center of a circle with a radius specified in kilometers or nautical miles"
 * (text: nuke.fas.org/control/launch/text/balist1.htm); the same agreement gives an SLBM launch
 * area as an ocean quadrant or a body of water, hence named areas (named-areas.ts).
 *
 * Coordinates are WGS84 geodetic degrees; the radius is in metres (SI inside, like the rest of
 * shieldlab). Positions are `{ lat, lon }` objects, never [lon, lat] pairs, so the order cannot be
 * confused. Polygon edges are straight lines in longitude-latitude, the reading GeoJSON uses
 * (RFC 7946, section 3.1.1), so a polygon lies inside the box of its vertices; an edge never
 * crosses the antimeridian (an area there is given as a circle, or split). A circle is the set of
 * points within `radius` of its centre along the WGS84 geodesic.
 */

export const latitude = boundedNumber('a latitude in [-90, 90] (deg)', { min: -90, max: 90 });
export const longitude = boundedNumber('a longitude in [-180, 180] (deg)', { min: -180, max: 180 });

export const positionSchema = z
  .strictObject({ lat: latitude, lon: longitude })
  .meta({ description: 'WGS84 geodetic position in degrees.' });
export type Position = z.infer<typeof positionSchema>;

/** Most vertices a polygon may have: enough for any agreed area, small enough to bound a message. */
export const MAX_RING_POSITIONS = 1000;

const RING_EXPECTATION = `a closed ring: 4 to ${MAX_RING_POSITIONS} positions, the last equal to the first, at least 3 of them distinct and not all on one line`;

export const polygonSchema = z
  .strictObject({
    kind: z.literal('polygon'),
    ring: z
      .array(positionSchema, { error: RING_EXPECTATION })
      .min(4, { error: RING_EXPECTATION })
      .max(MAX_RING_POSITIONS, { error: RING_EXPECTATION })
      .meta({ description: 'Boundary points in order; the last repeats the first.' }),
  })
  .superRefine((polygon, ctx) => {
    // A ring of the wrong length was reported by the array checks already.
    if (polygon.ring.length < 4 || polygon.ring.length > MAX_RING_POSITIONS) return;
    const problem = ringProblem(polygon.ring);
    if (problem)
      ctx.addIssue({ code: 'custom', path: ['ring'], message: `${RING_EXPECTATION} (${problem})` });
  })
  .meta({ description: 'Polygon with straight edges in longitude-latitude (RFC 7946 reading).' });
export type Polygon = z.infer<typeof polygonSchema>;

export const circleSchema = z
  .strictObject({
    kind: z.literal('circle'),
    centre: positionSchema,
    radius: surfaceDistance('a radius'),
  })
  .meta({ description: 'All points within radius (m) of the centre along the WGS84 geodesic.' });
export type Circle = z.infer<typeof circleSchema>;

export const namedAreaSchema = z
  .strictObject({
    kind: z.literal('named'),
    id: z.enum(NAMED_AREA_IDS, { error: `a named area id: ${NAMED_AREA_IDS.join(', ')}` }),
  })
  .meta({ description: 'An ocean quadrant, body of water or region from the named-area table.' });
export type NamedAreaRef = z.infer<typeof namedAreaSchema>;

export const areaSchema = z.discriminatedUnion('kind', [polygonSchema, circleSchema, namedAreaSchema], {
  error: 'an area: { kind: "polygon", ring }, { kind: "circle", centre, radius } or { kind: "named", id }',
});
export type Area = z.infer<typeof areaSchema>;

/** Why a ring is not a usable polygon boundary, or undefined when it is. */
function ringProblem(ring: readonly Position[]): string | undefined {
  const first = ring[0];
  const last = ring[ring.length - 1];
  if (!first || !last || first.lat !== last.lat || first.lon !== last.lon) return 'the ring is not closed';
  const distinct = new Set(ring.map((p) => `${p.lat},${p.lon}`));
  if (distinct.size < 3) return 'fewer than 3 distinct positions';
  // Twice the signed area in the longitude-latitude plane (shoelace); zero means all on one line.
  let twiceArea = 0;
  for (let i = 0; i + 1 < ring.length; i++) {
    const p = ring[i]!;
    const q = ring[i + 1]!;
    twiceArea += p.lon * q.lat - q.lon * p.lat;
  }
  return twiceArea === 0 ? 'the positions lie on one line' : undefined;
}
