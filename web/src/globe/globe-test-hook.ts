import type { Viewer } from 'cesium';

/** What a browser test reads of the globe, published on `window.__shieldlabGlobe`. */
export interface GlobeTestHook {
  readonly viewer: Viewer;
  /** True once every imagery tile the current view needs has loaded. */
  readonly tilesLoaded: () => boolean;
  /** Static trajectory lines and marker points currently drawn. */
  readonly drawn: () => { polylines: number; points: number };
}

declare global {
  interface Window {
    __shieldlabGlobe?: GlobeTestHook;
  }
}
