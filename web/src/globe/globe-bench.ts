import {
  Cartesian3,
  Color,
  type EntityCollection,
  JulianDate,
  SampledPositionProperty,
  type Scene,
} from 'cesium';
import type { GlobeScene } from './globe-scene.js';
import { GlobeView } from './globe-view.js';
import { webglRendererName } from './render-quality.js';
import { flyToScene } from './scene-camera.js';
import { configureClock, sceneInstant, sceneSpan } from './scene-clock.js';
import { syntheticScene } from './synthetic-trajectories.js';
import { threatColour } from './threat-colours.js';

/**
 * Drawing speed of many trajectories: `globe-bench.html?n=200&mode=static|dynamic|globe[&extras=1][&view=2d]`.
 * `static` draws them as GlobeView does (static polylines, one moving point each); `dynamic` as a
 * CZML document would (entity paths resampled from a SampledPositionProperty every frame, one
 * moving point each); `globe` draws none of them, with the same camera, for the cost of the globe
 * alone. For the browser test, `extras=1` adds every kind of marker GlobeView draws and
 * `view=2d` shows the 2D map. The clock plays while frames are counted.
 */

type BenchMode = 'static' | 'dynamic' | 'globe';
const MODES: readonly string[] = ['static', 'dynamic', 'globe'] satisfies BenchMode[];

export interface GlobeBenchResult {
  /** Frames Cesium drew per second of wall-clock time. */
  readonly fps: number;
  readonly frames: number;
  /** Browser animation frames in the same time (at most the display's rate). */
  readonly browserFrames: number;
  /** Main-thread time per drawn frame (ms): Cesium's updates and draw calls, not the rasterizing. */
  readonly mainThreadMsPerFrame: number;
  readonly seconds: number;
  readonly n: number;
  readonly mode: BenchMode;
  /** The WebGL renderer. */
  readonly renderer: string;
}

declare global {
  interface Window {
    __globeBench?: GlobeBenchResult;
    __globeBenchError?: string;
  }
}

const SAMPLES_PER_TRAJECTORY = 200;
/** Time for the camera flight and the tiles it reveals before counting starts. */
const SETTLE_SECONDS = 2.5;
const WARM_UP_SECONDS = 0.5;
const MEASURE_SECONDS = 5;
const READY_TIMEOUT_SECONDS = 90;

function readQuery(): { n: number; mode: BenchMode; extras: boolean; map: boolean } {
  const query = new URLSearchParams(location.search);
  const n = Number(query.get('n') ?? '200');
  const mode = query.get('mode') ?? 'static';
  if (!Number.isInteger(n) || n < 0 || n > 10_000)
    throw new Error(`n: got ${n}, expected an integer in [0, 10000]`);
  if (!MODES.includes(mode)) throw new Error(`mode: got ${mode}, expected ${MODES.join(', ')}`);
  return {
    n,
    mode: mode as BenchMode,
    extras: query.get('extras') === '1',
    map: query.get('view') === '2d',
  };
}

/**
 * The peer: time-dynamic paths as CZML produces them. Leading and trailing by the whole scene's
 * span, each path shows its whole flight at every instant, as the static lines do; the point shows
 * only during the flight (no extrapolation beyond the samples).
 */
function addDynamicPaths(entities: EntityCollection, scene: GlobeScene, epoch: JulianDate): void {
  const span = sceneSpan(scene);
  const shownSeconds = span.stop - span.start;
  scene.threats.forEach((threat, index) => {
    const position = new SampledPositionProperty();
    position.addSamples(
      threat.points.map((p) => sceneInstant(epoch, p.time)),
      threat.points.map((p) => Cartesian3.fromDegrees(p.lon, p.lat, p.altitude)),
    );
    const colour = Color.fromCssColorString(threatColour(index));
    entities.add({
      id: `threat/${threat.id}`,
      position,
      point: { pixelSize: 11, color: colour, outlineColor: Color.WHITE, outlineWidth: 2 },
      path: { leadTime: shownSeconds, trailTime: shownSeconds, width: 2, material: colour },
    });
  });
}

const sleep = (seconds: number) => new Promise((resolve) => setTimeout(resolve, seconds * 1000));

/** Once the camera has arrived and every imagery tile it needs has stayed loaded for half a second. */
async function waitForLoadedGlobe(view: GlobeView): Promise<void> {
  const started = performance.now();
  await sleep(SETTLE_SECONDS);
  let loadedPolls = 0;
  while (loadedPolls < 5) {
    if ((performance.now() - started) / 1000 > READY_TIMEOUT_SECONDS)
      throw new Error('imagery tiles never loaded');
    loadedPolls = view.viewer.scene.globe.tilesLoaded ? loadedPolls + 1 : 0;
    await sleep(0.1);
  }
}

type FrameCounts = Pick<GlobeBenchResult, 'frames' | 'browserFrames' | 'seconds' | 'mainThreadMsPerFrame'>;

/**
 * Frames Cesium draws, browser frames, and the main thread's time per drawn frame (from the scene's
 * update to its last draw call: the JavaScript work; the rasterizing happens in the GPU process),
 * in `seconds` of wall-clock time.
 */
function countFrames(scene: Scene, seconds: number): Promise<FrameCounts> {
  return new Promise((resolve) => {
    let frames = 0;
    let browserFrames = 0;
    let start = 0;
    let frameStart = 0;
    let busy = 0; // ms
    const removeStart = scene.preUpdate.addEventListener(() => {
      frameStart = performance.now();
    });
    const removeEnd = scene.postRender.addEventListener(() => {
      if (start === 0) return;
      frames++;
      busy += performance.now() - frameStart;
    });
    const tick = (now: number) => {
      if (start === 0) start = now;
      else browserFrames++;
      if (now - start < seconds * 1000) requestAnimationFrame(tick);
      else {
        removeStart();
        removeEnd();
        resolve({
          frames,
          browserFrames,
          seconds: (now - start) / 1000,
          mainThreadMsPerFrame: busy / frames,
        });
      }
    };
    requestAnimationFrame(tick);
  });
}

async function run(): Promise<void> {
  const { n, mode, extras, map } = readQuery();
  const status = document.getElementById('status')!;
  status.textContent = `${n} trajectories, ${mode}: loading`;
  const view = await GlobeView.create(document.getElementById('globe')!);
  const scene = syntheticScene(n, SAMPLES_PER_TRAJECTORY, extras);
  if (mode === 'static') view.show(scene);
  else {
    const epoch = JulianDate.fromIso8601(scene.epoch);
    if (mode === 'dynamic') addDynamicPaths(view.viewer.entities, scene, epoch);
    configureClock(view.viewer, epoch, sceneSpan(scene));
    flyToScene(view.viewer.camera, scene);
  }
  if (map) view.setMode('2d');
  await waitForLoadedGlobe(view);
  status.textContent = `${n} trajectories, ${mode}: measuring`;
  view.viewer.clock.shouldAnimate = true;
  await sleep(WARM_UP_SECONDS);
  const counted = await countFrames(view.viewer.scene, MEASURE_SECONDS);
  const result: GlobeBenchResult = {
    fps: counted.frames / counted.seconds,
    ...counted,
    n,
    mode,
    renderer: webglRendererName(),
  };
  status.textContent = `${n} trajectories, ${mode}: ${result.fps.toFixed(1)} frames/s, ${result.mainThreadMsPerFrame.toFixed(1)} ms main thread a frame`;
  window.__globeBench = result;
}

run().catch((e: unknown) => {
  window.__globeBenchError = e instanceof Error ? e.message : String(e);
  const status = document.getElementById('status');
  if (status) status.textContent = `failed: ${window.__globeBenchError}`;
});
