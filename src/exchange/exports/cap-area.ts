import type { Area, Position } from '../messages/geometry.js';
import { namedArea } from '../messages/named-areas.js';
import { degrees, kilometresCeil } from './decimal.js';

/**
 * A message area as a CAP 1.2 <area> block (section 3.2.4): <areaDesc>, then one <polygon> or one
 * <circle>. CAP coordinates are WGS 84 (section 3.3.1, as the messages' are) written as
 * "latitude,longitude" pairs in decimal degrees, latitude first, the opposite of GeoJSON's order.
 *
 * - <polygon>: whitespace-separated pairs, at least 4, the first and last the same. A message
 *   polygon is already a closed ring of at least 4 positions (geometry.ts), written as it is.
 *   CAP does not say how edges run between vertices; the messages' edges are straight in
 *   longitude-latitude, the reading most CAP consumers also apply.
 * - <circle>: "latitude,longitude radius", the radius in kilometres (the message's is in metres),
 *   rounded up to the metre so the written circle contains the message's.
 * - A named area (an ocean quadrant, a sea, a region) becomes the polygon of its box from the
 *   named-area table, with its name in <areaDesc>.
 *
 * Degrees are written with 6 decimals (0.11 m), so a written ring stays closed.
 */

export interface CapArea {
  readonly areaDesc: string;
  readonly polygon?: string;
  readonly circle?: string;
}

function pair(p: Position): string {
  return `${degrees(p.lat)},${degrees(p.lon)}`;
}

/** The closed ring of a box, counter-clockwise from its south-west corner. */
function boxRing(south: number, north: number, west: number, east: number): Position[] {
  return [
    { lat: south, lon: west },
    { lat: south, lon: east },
    { lat: north, lon: east },
    { lat: north, lon: west },
    { lat: south, lon: west },
  ];
}

/** `label` names the area's role ("Launch area", "Impact area 2 of 3"). */
export function capArea(area: Area, label: string): CapArea {
  switch (area.kind) {
    case 'polygon':
      return { areaDesc: label, polygon: area.ring.map(pair).join(' ') };
    case 'circle':
      return { areaDesc: label, circle: `${pair(area.centre)} ${kilometresCeil(area.radius)}` };
    case 'named': {
      const n = namedArea(area.id);
      // The schema admits only ids of the table; an unknown id keeps its name and no geometry.
      if (n === undefined) return { areaDesc: `${label}: ${area.id}` };
      return {
        areaDesc: `${label}: ${n.name} (approximate box, not an official limit)`,
        polygon: boxRing(n.south, n.north, n.west, n.east).map(pair).join(' '),
      };
    }
  }
}
