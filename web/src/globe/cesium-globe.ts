import {
  JulianDate,
  LabelCollection,
  PointPrimitiveCollection,
  PolylineCollection,
  type Viewer,
} from 'cesium';
import { addCoverage } from './coverage-entities.js';
import { enableKeyboardCamera } from './globe-keyboard.js';
import type { GlobeScene } from './globe-scene.js';
import type { GlobeTestHook } from './globe-test-hook.js';
import { createOfflineViewer } from './offline-viewer.js';
import { addPlayButton } from './play-button.js';
import { flyToScene } from './scene-camera.js';
import { configureClock, sceneSpan } from './scene-clock.js';
import { drawMarkers } from './scene-markers.js';
import { addThreatMovers } from './threat-movers.js';
import { drawTrajectoryLines } from './trajectory-lines.js';

export type GlobeMode = '3d' | '2d';

/** Seconds the switch between globe and map takes. */
const MORPH_SECONDS = 0.8;

/**
 * The Cesium side of the globe view (loaded only when a globe is first shown): one viewer, static
 * primitive collections for what does not move, entities for coverage and the moving threats.
 */
export class CesiumGlobe {
  private readonly lines = new PolylineCollection();
  private readonly points = new PointPrimitiveCollection();
  private readonly labels = new LabelCollection();
  private readonly cleanups: Array<() => void> = [];
  private wantedMode: GlobeMode = '3d';
  private shown: GlobeScene | undefined;

  private constructor(readonly viewer: Viewer) {
    const primitives = viewer.scene.primitives;
    primitives.add(this.lines);
    primitives.add(this.points);
    primitives.add(this.labels);
    this.cleanups.push(enableKeyboardCamera(viewer), addPlayButton(viewer));
    const testHook: GlobeTestHook = {
      viewer,
      tilesLoaded: () => viewer.scene.globe.tilesLoaded,
      drawn: () => ({ polylines: this.lines.length, points: this.points.length }),
    };
    window.__shieldlabGlobe = testHook;
  }

  static async create(container: HTMLElement): Promise<CesiumGlobe> {
    return new CesiumGlobe(await createOfflineViewer(container));
  }

  /** Replace everything drawn by `scene`; the clock spans it and the camera flies to it. */
  show(scene: GlobeScene): void {
    this.clear();
    this.shown = scene;
    const epoch = JulianDate.fromIso8601(scene.epoch);
    drawTrajectoryLines(this.lines, scene.threats);
    drawMarkers(this.points, this.labels, scene);
    addCoverage(this.viewer.entities, scene);
    addThreatMovers(this.viewer.entities, scene.threats, epoch);
    configureClock(this.viewer, epoch, sceneSpan(scene));
    flyToScene(this.viewer.camera, scene);
    // Primitive collections do not ask for a frame themselves in request-render mode.
    this.viewer.scene.requestRender();
  }

  get mode(): GlobeMode {
    return this.wantedMode;
  }

  setMode(mode: GlobeMode): void {
    if (mode === this.wantedMode) return;
    this.wantedMode = mode;
    const scene = this.viewer.scene;
    // A morph leaves the camera far out: look at the scene again once it is done.
    const removeListener = scene.morphComplete.addEventListener(() => {
      removeListener();
      if (this.shown) flyToScene(this.viewer.camera, this.shown);
    });
    if (mode === '2d') scene.morphTo2D(MORPH_SECONDS);
    else scene.morphTo3D(MORPH_SECONDS);
  }

  destroy(): void {
    for (const cleanup of this.cleanups.splice(0)) cleanup();
    if (window.__shieldlabGlobe?.viewer === this.viewer) delete window.__shieldlabGlobe;
    // Destroys the primitive collections with the scene.
    this.viewer.destroy();
  }

  private clear(): void {
    this.lines.removeAll();
    this.points.removeAll();
    this.labels.removeAll();
    this.viewer.entities.removeAll();
  }
}
