import {
  buildModuleUrl,
  EllipsoidTerrainProvider,
  ImageryLayer,
  TileMapServiceImageryProvider,
  Viewer,
} from 'cesium';
import { applyRenderQuality, msaaSamples, renderQuality, webglRendererName } from './render-quality.js';

/**
 * A Cesium viewer that needs no network beyond the page's own origin: the Natural Earth II imagery
 * shipped with Cesium (levels 0–2), the bare WGS84 ellipsoid as terrain, and none of the widgets
 * that call Cesium ion or online services (geocoder, base-layer picker with its default imagery).
 * Drawing is lightened when WebGL runs on the CPU (see render-quality.ts).
 */
export async function createOfflineViewer(container: HTMLElement): Promise<Viewer> {
  // Awaited first, so that missing Cesium assets reject the creation instead of leaving a blank globe.
  const imagery = await TileMapServiceImageryProvider.fromUrl(
    buildModuleUrl('Assets/Textures/NaturalEarthII'),
  );
  const quality = renderQuality(webglRendererName());
  const viewer = new Viewer(container, {
    baseLayer: new ImageryLayer(imagery),
    terrainProvider: new EllipsoidTerrainProvider(),
    baseLayerPicker: false,
    geocoder: false,
    sceneModePicker: false, // the page's own 2D/3D buttons call setMode
    projectionPicker: false,
    vrButton: false,
    infoBox: false,
    selectionIndicator: false,
    homeButton: true,
    navigationHelpButton: true,
    fullscreenButton: true,
    animation: true,
    timeline: true,
    shouldAnimate: false,
    navigationInstructionsInitiallyVisible: false,
    msaaSamples: msaaSamples(quality),
    // Draw only when something changed (camera, clock, tiles): an idle globe costs no CPU.
    requestRenderMode: true,
  });
  applyRenderQuality(viewer, quality);
  return viewer;
}
