import {
  Cartesian3,
  Color,
  type EntityCollection,
  type JulianDate,
  SampledPositionProperty,
  TimeInterval,
  TimeIntervalCollection,
} from 'cesium';
import type { GlobeThreat } from './globe-scene.js';
import { sceneInstant } from './scene-clock.js';
import { threatColour } from './threat-colours.js';

const MOVER_SIZE_PX = 11;

/**
 * One point per threat that moves along its samples as the clock plays, shown only while the threat
 * flies. A handful of sampled positions costs little per frame; the long lines stay static.
 */
export function addThreatMovers(
  entities: EntityCollection,
  threats: readonly GlobeThreat[],
  epoch: JulianDate,
): void {
  threats.forEach((threat, index) => {
    const first = threat.points[0];
    const last = threat.points[threat.points.length - 1];
    if (!first || !last || last.time <= first.time) return;
    const position = new SampledPositionProperty();
    position.addSamples(
      threat.points.map((p) => sceneInstant(epoch, p.time)),
      threat.points.map((p) => Cartesian3.fromDegrees(p.lon, p.lat, p.altitude)),
    );
    entities.add({
      id: `threat/${threat.id}`,
      name: `${threat.id} (${threat.missile})`,
      availability: new TimeIntervalCollection([
        new TimeInterval({ start: sceneInstant(epoch, first.time), stop: sceneInstant(epoch, last.time) }),
      ]),
      position,
      point: {
        pixelSize: MOVER_SIZE_PX,
        color: Color.fromCssColorString(threatColour(index)),
        outlineColor: Color.WHITE,
        outlineWidth: 2,
      },
    });
  });
}
