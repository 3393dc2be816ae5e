import { Cartesian3, Color, Material, type PolylineCollection } from 'cesium';
import type { GlobeThreat } from './globe-scene.js';
import { thinPoints } from './thin-points.js';
import { threatColour } from './threat-colours.js';

/** Vertices per trajectory line: more adds nothing visible at globe scale and slows drawing. */
const MAX_LINE_POINTS = 400;
const LINE_WIDTH_PX = 2;

/**
 * Each threat's whole trajectory as one static polyline in the threat's colour. Static lines cost
 * nothing per frame, unlike time-dynamic entity paths, which Cesium resamples on every clock tick.
 */
export function drawTrajectoryLines(lines: PolylineCollection, threats: readonly GlobeThreat[]): void {
  threats.forEach((threat, index) => {
    const points = thinPoints(threat.points, MAX_LINE_POINTS);
    if (points.length < 2) return;
    // A material of its own for each line: the collection destroys a line's material when the line
    // is removed, so a material shared by two lines would be destroyed twice on the next scene.
    const material = Material.fromType('Color', { color: Color.fromCssColorString(threatColour(index)) });
    lines.add({
      id: threat.id,
      positions: points.map((p) => Cartesian3.fromDegrees(p.lon, p.lat, p.altitude)),
      width: LINE_WIDTH_PX,
      material,
    });
  });
}
