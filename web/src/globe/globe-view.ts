import type { Viewer } from 'cesium';
import type { CesiumGlobe, GlobeMode } from './cesium-globe.js';
import { loadCesiumStyles } from './cesium-styles.js';
import type { GlobeScene } from './globe-scene.js';

export type { GlobeMode } from './cesium-globe.js';

/**
 * The 3D globe (or 2D map) of one run: trajectories, events, intercepts, radar coverage,
 * interceptor reach and places, with time-line playback. Works offline: every request goes to the
 * page's own origin.
 *
 * Importing this module costs nothing: Cesium (several MB) is loaded by `create`, the first time
 * a globe is shown.
 */
export class GlobeView {
  private constructor(private readonly globe: CesiumGlobe) {}

  /** A globe filling `container` (which must have a size), with nothing drawn yet. */
  static async create(container: HTMLElement): Promise<GlobeView> {
    const [, { CesiumGlobe }] = await Promise.all([loadCesiumStyles(), import('./cesium-globe.js')]);
    return new GlobeView(await CesiumGlobe.create(container));
  }

  /** Replace what is drawn by `scene`; the clock and time line span it and the camera flies to it. */
  show(scene: GlobeScene): void {
    this.globe.show(scene);
  }

  /** The 3D globe or the 2D map. */
  setMode(mode: GlobeMode): void {
    this.globe.setMode(mode);
  }

  get mode(): GlobeMode {
    return this.globe.mode;
  }

  /** The Cesium viewer, for what this class does not offer. */
  get viewer(): Viewer {
    return this.globe.viewer;
  }

  /** Release the viewer and its WebGL context; the container is left empty. */
  destroy(): void {
    this.globe.destroy();
  }
}
