import {
  Cartesian2,
  Cartesian3,
  Color,
  HorizontalOrigin,
  type LabelCollection,
  LabelStyle,
  type PointPrimitiveCollection,
  VerticalOrigin,
} from 'cesium';
import type { GlobeScene } from './globe-scene.js';
import {
  INTERCEPT_COLOUR,
  INTERCEPTOR_SITE_COLOUR,
  PLACE_COLOUR,
  RADAR_COLOUR,
  threatColour,
} from './threat-colours.js';

const POINT_SIZE_PX = 8;
const LABEL_FONT = '13px sans-serif';
const LABEL_OFFSET = new Cartesian2(9, 0);

/**
 * Labelled points: each threat's events (burnout, apogee, impact) in its colour, the intercepts,
 * the launch sites and targets, the radars and the interceptor sites.
 */
export function drawMarkers(
  points: PointPrimitiveCollection,
  labels: LabelCollection,
  scene: GlobeScene,
): void {
  const mark = (lat: number, lon: number, altitude: number, colour: string, text: string) => {
    const position = Cartesian3.fromDegrees(lon, lat, altitude);
    const color = Color.fromCssColorString(colour);
    points.add({ position, color, pixelSize: POINT_SIZE_PX, outlineColor: Color.BLACK, outlineWidth: 1 });
    labels.add({
      position,
      text,
      font: LABEL_FONT,
      fillColor: color,
      outlineColor: Color.BLACK,
      outlineWidth: 3,
      style: LabelStyle.FILL_AND_OUTLINE,
      horizontalOrigin: HorizontalOrigin.LEFT,
      verticalOrigin: VerticalOrigin.CENTER,
      pixelOffset: LABEL_OFFSET,
    });
  };
  scene.threats.forEach((threat, index) => {
    for (const event of threat.events)
      mark(event.lat, event.lon, event.altitude, threatColour(index), event.name);
  });
  for (const i of scene.intercepts) {
    mark(i.lat, i.lon, i.altitude, INTERCEPT_COLOUR, `intercept of ${i.threat}, shot ${i.shot}`);
  }
  for (const place of scene.places)
    mark(place.lat, place.lon, 0, PLACE_COLOUR, `${place.id} (${place.role})`);
  for (const radar of scene.radars) mark(radar.lat, radar.lon, 0, RADAR_COLOUR, radar.id);
  for (const site of scene.interceptorSites) {
    mark(site.lat, site.lon, 0, INTERCEPTOR_SITE_COLOUR, `${site.id} (${site.interceptor})`);
  }
}
