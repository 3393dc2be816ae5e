import { Cartesian3, Math as CesiumMath, Color, type EntityCollection } from 'cesium';
import type { GlobeScene } from './globe-scene.js';
import { INTERCEPTOR_SITE_COLOUR, RADAR_COLOUR } from './threat-colours.js';

/**
 * What the defence covers: each radar's detection range as a translucent dome (a hemisphere of
 * that slant range over the site), and each interceptor site's reach as a ring on the ground.
 */
export function addCoverage(entities: EntityCollection, scene: GlobeScene): void {
  const radarColour = Color.fromCssColorString(RADAR_COLOUR);
  // Entity ids carry the index: a scenario may name one site or sensor twice, and ids must be unique.
  scene.radars.forEach((radar, index) => {
    entities.add({
      id: `radar-coverage/${index}/${radar.id}`,
      name: `${radar.id} detection range`,
      position: Cartesian3.fromDegrees(radar.lon, radar.lat, 0),
      ellipsoid: {
        radii: new Cartesian3(radar.range, radar.range, radar.range),
        // Upper half only: the entity's frame is east-north-up at the site, cone angle from up.
        maximumCone: CesiumMath.PI_OVER_TWO,
        material: radarColour.withAlpha(0.12),
        outline: true,
        outlineColor: radarColour.withAlpha(0.35),
        slicePartitions: 24,
        stackPartitions: 12,
      },
    });
  });
  const reachColour = Color.fromCssColorString(INTERCEPTOR_SITE_COLOUR);
  scene.interceptorSites.forEach((site, index) => {
    if (site.reach === null) return;
    entities.add({
      id: `interceptor-reach/${index}/${site.id}`,
      name: `${site.id} interceptor reach`,
      position: Cartesian3.fromDegrees(site.lon, site.lat, 0),
      ellipse: {
        semiMajorAxis: site.reach,
        semiMinorAxis: site.reach,
        height: 0, // on the ellipsoid, not clamped: an outline needs a height
        material: reachColour.withAlpha(0.08),
        outline: true,
        outlineColor: reachColour.withAlpha(0.8),
      },
    });
  });
}
