/**
 * Named areas: the coarse places a notification may give instead of coordinates.
 *
 * The 1988 US-USSR Ballistic Missile Launch Notification Agreement lets an SLBM launch area be
 * given as "the quadrant within the ocean (that is, the ninety-degree sector encompassing
 * approximately one-fourth of the area of the ocean) or the body of water (for example, sea or
 * bay)" (text: nuke.fas.org/control/launch/text/balist1.htm). The agreement names these areas but
 * draws no limits, and no official table of ocean quadrants is public. The boxes below are this
 * project's own: round-number latitude-longitude boxes drawn with margin around each ocean part,
 * sea or region, NOT official limits (for those see IHO publication S-23, "Limits of Oceans and
 * Seas", which this table does not reproduce). Release policies may replace a position by the
 * smallest of these boxes that contains it; because the table is part of the message vocabulary,
 * changing a box changes the meaning of messages and needs a new schema version.
 *
 * A box is [south, north] x [west, east] in degrees with west < east: no box crosses the
 * antimeridian (the Pacific is cut there), matching the planar longitude-latitude reading of
 * polygons (see geometry.ts).
 */

export interface NamedArea {
  /** Stable id used in messages: `{ kind: 'named', id }`. */
  readonly id: string;
  /** Name for people. */
  readonly name: string;
  /** Southern and northern limits (deg, -90..90). */
  readonly south: number;
  readonly north: number;
  /** Western and eastern limits (deg, -180..180, west < east). */
  readonly west: number;
  readonly east: number;
  /** What the box stands for and where its limits come from. */
  readonly source: string;
}

const QUADRANT =
  'ocean quadrant in the sense of the 1988 launch notification agreement; limits drawn by shieldlab (approximate, not official)';
const BODY_OF_WATER =
  'body of water in the sense of the 1988 launch notification agreement; box drawn by shieldlab around the sea (approximate, not official)';
const REGION =
  'region box drawn by shieldlab around the named territory or range (approximate, not official)';

function area(
  id: string,
  name: string,
  south: number,
  north: number,
  west: number,
  east: number,
  source: string,
): NamedArea {
  return Object.freeze({ id, name, south, north, west, east, source });
}

/** The table, in a fixed order (ties in the smallest-area search are broken by id, not by order). */
export const NAMED_AREAS: readonly NamedArea[] = Object.freeze([
  // Arctic Ocean north of 66 N in four 90-degree sectors of longitude: the agreement's
  // "ninety-degree sector" taken literally.
  area('arctic-0e-90e', 'Arctic Ocean, 0-90 E', 66, 90, 0, 90, QUADRANT),
  area('arctic-90e-180', 'Arctic Ocean, 90-180 E', 66, 90, 90, 180, QUADRANT),
  area('arctic-180-90w', 'Arctic Ocean, 180-90 W', 66, 90, -180, -90, QUADRANT),
  area('arctic-90w-0w', 'Arctic Ocean, 90-0 W', 66, 90, -90, 0, QUADRANT),
  // Atlantic, split at the equator and 30 W.
  area('atlantic-nw', 'North-west Atlantic', 0, 70, -80, -30, QUADRANT),
  area('atlantic-ne', 'North-east Atlantic', 0, 70, -30, 20, QUADRANT),
  area('atlantic-sw', 'South-west Atlantic', -60, 0, -70, -30, QUADRANT),
  area('atlantic-se', 'South-east Atlantic', -60, 0, -30, 20, QUADRANT),
  // Pacific, split at the equator and the antimeridian.
  area('pacific-nw', 'North-west Pacific', 0, 66, 120, 180, QUADRANT),
  area('pacific-ne', 'North-east Pacific', 0, 66, -180, -100, QUADRANT),
  area('pacific-sw', 'South-west Pacific', -60, 0, 140, 180, QUADRANT),
  area('pacific-se', 'South-east Pacific', -60, 0, -180, -70, QUADRANT),
  // Indian Ocean, split at 20 S and 80 E.
  area('indian-nw', 'North-west Indian Ocean', -20, 30, 20, 80, QUADRANT),
  area('indian-ne', 'North-east Indian Ocean', -20, 30, 80, 120, QUADRANT),
  area('indian-sw', 'South-west Indian Ocean', -60, -20, 20, 80, QUADRANT),
  area('indian-se', 'South-east Indian Ocean', -60, -20, 80, 120, QUADRANT),
  // Seas named as bodies of water.
  area('barents-sea', 'Barents Sea', 66, 81, 15, 60, BODY_OF_WATER),
  area('white-sea', 'White Sea', 63, 69, 31, 45, BODY_OF_WATER),
  area('sea-of-okhotsk', 'Sea of Okhotsk', 43, 63, 135, 165, BODY_OF_WATER),
  area('mediterranean-sea', 'Mediterranean Sea', 30, 46, -6, 37, BODY_OF_WATER),
  area('black-sea', 'Black Sea', 40, 47, 27, 42, BODY_OF_WATER),
  area('caspian-sea', 'Caspian Sea', 36, 48, 46, 56, BODY_OF_WATER),
  // Land regions of the 2007 debate and the test ranges that receive its missiles.
  area('iran', 'Iran', 25, 40, 44, 64, REGION),
  area('european-russia', 'European Russia', 41, 70, 27, 60, REGION),
  area('kazakhstan', 'Kazakhstan (Sary Shagan range)', 40, 56, 46, 88, REGION),
  area('kamchatka', 'Kamchatka (Kura range)', 50, 61, 155, 165, REGION),
  area('europe', 'Europe west of 40 E', 35, 72, -11, 40, REGION),
  area('contiguous-united-states', 'Contiguous United States', 24, 50, -125, -66, REGION),
  area('marshall-islands', 'Marshall Islands (Kwajalein range)', 4, 15, 160, 173, REGION),
]);

/** The ids, for the message schema. */
export const NAMED_AREA_IDS = NAMED_AREAS.map((a) => a.id) as [string, ...string[]];

const BY_ID = new Map(NAMED_AREAS.map((a) => [a.id, a]));

/** The named area with this id; undefined for an id not in the table. */
export function namedArea(id: string): NamedArea | undefined {
  return BY_ID.get(id);
}
