import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { CHROMIUM, launchChromium, serveStatic } from '../test/web/browser.js';
import type { GlobeFigures } from './bench-report.js';

/**
 * Globe drawing speed while the clock plays: 200 trajectories of 200 points drawn as GlobeView
 * draws them (static polylines, one moving point each) and, as the peer in the same run, as a CZML
 * document would draw them (time-dynamic entity paths, resampled every frame). Two measures: frames
 * per second, and the main thread's time per frame (the JavaScript work, which is what the drawing
 * method changes). Headless Chromium on these machines has no GPU: WebGL runs on the CPU
 * (SwiftShader, in Chromium's GPU process), where GlobeView leaves out the atmosphere and
 * multisampling. Needs dist/web (npm run build:web).
 */

const TRAJECTORIES = 200;
/** Points per trajectory (globe-bench.html draws 200). */
const POINTS = 200;
const TARGET_FPS = 30;
const RUNS = 3;
const VIEWPORT = { width: 1280, height: 720 };
const PAGE_TIMEOUT_MS = 180_000;

interface BenchResult {
  /** Frames drawn per second, and the main thread's time per frame (ms, the JavaScript work). */
  fps: number;
  mainThreadMsPerFrame: number;
  renderer: string;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : 0.5 * (s[m - 1]! + s[m]!);
}

async function measure(browser: Browser, url: string): Promise<BenchResult> {
  const page = await browser.newPage({ viewport: VIEWPORT });
  try {
    await page.goto(url);
    // A string, not a function: the page must not depend on how this file was compiled.
    const handle = await page.waitForFunction('window.__globeBench ?? window.__globeBenchError', undefined, {
      timeout: PAGE_TIMEOUT_MS,
      polling: 500,
    });
    const outcome = (await handle.jsonValue()) as BenchResult | string;
    if (typeof outcome === 'string') throw new Error(`globe benchmark page failed: ${outcome}`);
    return outcome;
  } finally {
    await page.close();
  }
}

export async function globeFpsBenchmark(root: string): Promise<GlobeFigures> {
  console.log(
    `\n8. Globe drawing speed (${TRAJECTORIES} trajectories x ${POINTS} points, clock playing; headless Chromium ${VIEWPORT.width}x${VIEWPORT.height})`,
  );
  const web = join(root, 'dist', 'web');
  if (!existsSync(join(web, 'globe-bench.html'))) {
    const skipped = 'dist/web is missing (npm run build:web)';
    console.log(`   skipped: ${skipped}`);
    return { skipped };
  }
  if (!existsSync(CHROMIUM)) {
    const skipped = `${CHROMIUM} is missing (scripts/setup-test-system.sh installs it)`;
    console.log(`   skipped: ${skipped}`);
    return { skipped };
  }
  const server = await serveStatic(web);
  const browser = await launchChromium();
  try {
    const page = (mode: string) => `${server.url}globe-bench.html?n=${TRAJECTORIES}&mode=${mode}`;
    const modes = ['globe', 'static', 'dynamic'] as const;
    const results: Record<(typeof modes)[number], BenchResult[]> = { globe: [], static: [], dynamic: [] };
    // Alternating, so that a slow spell on a shared machine falls on every mode alike.
    for (let run = 0; run < RUNS; run++) {
      for (const mode of modes) results[mode].push(await measure(browser, page(mode)));
    }
    const fps = (mode: (typeof modes)[number]) => median(results[mode].map((r) => r.fps));
    const ms = (mode: (typeof modes)[number]) => median(results[mode].map((r) => r.mainThreadMsPerFrame));
    const line = (mode: (typeof modes)[number]) =>
      `${fps(mode).toFixed(1)} frames/s, main thread ${ms(mode).toFixed(1)} ms a frame`;
    console.log(`   WebGL renderer: ${results.static[0]?.renderer} (median of ${RUNS} runs each)`);
    console.log(`   GlobeView, static polylines:                 ${line('static')}`);
    console.log(`   peer, time-dynamic entity paths (CZML-like): ${line('dynamic')}`);
    console.log(`   the globe alone (same view, no trajectory):  ${line('globe')}`);
    console.log(
      `   static vs dynamic: ${(fps('static') / fps('dynamic')).toFixed(2)}x the frame rate, ${(ms('dynamic') / ms('static')).toFixed(1)}x less main-thread time`,
    );
    console.log(
      `   target: static >= ${TARGET_FPS} frames/s with ${TRAJECTORIES} trajectories: ${fps('static') >= TARGET_FPS ? 'met' : 'not met'}` +
        ' (in software rendering the rasterizing, not the trajectories, sets the frame rate)',
    );
    const figures = (mode: (typeof modes)[number]) => ({
      fps: fps(mode),
      main_thread_ms_per_frame: ms(mode),
    });
    return {
      skipped: null,
      trajectories: TRAJECTORIES,
      points_per_trajectory: POINTS,
      runs: RUNS,
      renderer: results.static[0]?.renderer ?? 'unknown',
      static_polylines: figures('static'),
      dynamic_paths: figures('dynamic'),
      globe_alone: figures('globe'),
      target_static_fps: TARGET_FPS,
    };
  } finally {
    await browser.close();
    await server.stop();
  }
}
