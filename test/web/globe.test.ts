import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { packageRoot } from '../../src/cli/package-root.js';
import { launchChromium, serveStatic } from './browser.js';
import { builtWebApp } from './built-web-app.js';

const SCREENSHOTS = join(packageRoot(), 'out', 'test-screenshots');
/** About 15 s to a loaded globe under software rendering on 2 cores; more when the machine is busy. */
const LOADED_TIMEOUT_MS = 45_000;

/**
 * The globe canvas as a PNG, saved under out/test-screenshots, with how many colours it holds
 * (5 bits a channel) and the standard deviation of its brightness (0-255).
 */
async function canvasScreenshot(page: Page, name: string): Promise<{ colours: number; spread: number }> {
  const shot = await page.locator('.cesium-widget canvas').screenshot();
  mkdirSync(SCREENSHOTS, { recursive: true });
  writeFileSync(join(SCREENSHOTS, name), shot);
  const png = PNG.sync.read(shot);
  const colours = new Set<number>();
  let sum = 0;
  let sumOfSquares = 0;
  for (let i = 0; i < png.data.length; i += 4) {
    const [r, g, b] = [png.data[i]!, png.data[i + 1]!, png.data[i + 2]!];
    colours.add(((r >> 3) << 10) | ((g >> 3) << 5) | (b >> 3));
    const luminance = 0.2126 * r + 0.7152 * g + 0.0722 * b;
    sum += luminance;
    sumOfSquares += luminance * luminance;
  }
  const pixels = png.width * png.height;
  return { colours: colours.size, spread: Math.sqrt(sumOfSquares / pixels - (sum / pixels) ** 2) };
}

describe('the globe in a browser (software WebGL)', () => {
  let browser: Browser;
  let server: { url: string; stop: () => Promise<void> };

  beforeAll(async () => {
    server = await serveStatic(builtWebApp());
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  /** Open the benchmark page with `query`; every request and error is recorded. */
  async function open(query: string) {
    const page = await browser.newPage({ viewport: { width: 960, height: 600 } });
    const requests: string[] = [];
    const errors: string[] = [];
    page.on('request', (r) => requests.push(r.url()));
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    await page.goto(`${server.url}globe-bench.html?${query}`);
    return { page, requests, errors };
  }

  // Conditions are strings, not functions: they run in the page as written, whatever compiled this file.
  const loaded = (also: string) =>
    `window.__globeBenchError || (window.__shieldlabGlobe?.drawn().polylines === 5 && ${also} && window.__shieldlabGlobe.tilesLoaded())`;

  it('draws trajectories and markers on the offline imagery, asking nothing of the internet', async () => {
    const { page, requests, errors } = await open('n=5&mode=static&extras=1');
    await page.waitForFunction(loaded('true'), undefined, { timeout: LOADED_TIMEOUT_MS, polling: 250 });
    expect(await page.evaluate('window.__globeBenchError ?? null')).toBeNull();
    // 5 x (burnout, apogee, impact), 1 intercept, 2 places, 1 radar, 1 interceptor site.
    expect(await page.evaluate('window.__shieldlabGlobe.drawn()')).toEqual({ polylines: 5, points: 20 });
    // The radar's dome, the interceptor site's reach ring, a moving point per threat.
    expect(await page.evaluate('window.__shieldlabGlobe.viewer.entities.values.length')).toBe(7);

    const origin = new URL(server.url).origin;
    const foreign = requests.filter((u) => !u.startsWith(`${origin}/`) && !/^(data|blob):/.test(u));
    expect(foreign).toEqual([]);
    expect(requests.some((u) => u.includes('/cesium/Assets/Textures/NaturalEarthII/'))).toBe(true);

    // Imagery (oceans, land, ice) and coloured lines give many colours and a wide spread of
    // brightness; a blank or single-colour canvas has neither.
    const canvas = await canvasScreenshot(page, 'globe.png');
    expect(canvas.colours).toBeGreaterThan(500);
    expect(canvas.spread).toBeGreaterThan(20);

    // Keyboard: Tab reaches the play button; Enter starts the clock.
    let focused = '';
    for (let tabs = 0; tabs < 10 && focused !== 'Play the time line'; tabs++) {
      await page.keyboard.press('Tab');
      focused = String(await page.evaluate('document.activeElement?.getAttribute("aria-label") ?? ""'));
    }
    expect(focused).toBe('Play the time line');
    await page.keyboard.press('Enter');
    expect(await page.evaluate('window.__shieldlabGlobe.viewer.clock.shouldAnimate')).toBe(true);

    expect(errors).toEqual([]);
    await page.close();
  });

  it('shows the same scene on the 2D map', async () => {
    const { page, errors } = await open('n=5&mode=static&extras=1&view=2d');
    // SceneMode.SCENE2D is 2.
    await page.waitForFunction(loaded('window.__shieldlabGlobe.viewer.scene.mode === 2'), undefined, {
      timeout: LOADED_TIMEOUT_MS,
      polling: 250,
    });
    expect(await page.evaluate('window.__globeBenchError ?? null')).toBeNull();
    const canvas = await canvasScreenshot(page, 'globe-2d.png');
    expect(canvas.colours).toBeGreaterThan(500);
    expect(canvas.spread).toBeGreaterThan(20);
    expect(errors).toEqual([]);
    await page.close();
  });
});
