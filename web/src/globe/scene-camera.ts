import { type Camera, Rectangle } from 'cesium';
import type { GlobeScene } from './globe-scene.js';
import { geoBounds } from './scene-bounds.js';

const FLIGHT_SECONDS = 1.5;

/**
 * Fly the camera to look down on everything the scene draws (the home view when it is empty). A
 * box of latitude and longitude, not a bounding sphere, so that the same view fits on the 2D map.
 */
export function flyToScene(camera: Camera, scene: GlobeScene): void {
  const bounds = geoBounds([
    ...scene.threats.flatMap((t) => t.points),
    ...scene.intercepts,
    ...scene.places,
    ...scene.radars,
    ...scene.interceptorSites,
  ]);
  if (!bounds) {
    camera.flyHome(FLIGHT_SECONDS);
    return;
  }
  camera.flyTo({
    destination: Rectangle.fromDegrees(bounds.west, bounds.south, bounds.east, bounds.north),
    duration: FLIGHT_SECONDS,
  });
}
