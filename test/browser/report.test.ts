import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { methodsMarkdown } from '../../src/cli/methods-file.js';
import { runChecked } from '../../src/cli/run-command.js';
import { reportHtml } from '../../src/report/html/report.js';
import { reportInput } from '../../src/report/html/report-input.js';
import { temporaryDirectory } from '../support/temporary-directory.js';
import { launchChromium } from '../web/browser.js';

const FIXTURE = 'test/fixtures/scenarios/irbm-london.yaml';

describe('report.html in a browser', () => {
  it('renders offline: no console error, no request but the file, every figure drawn', async () => {
    const dir = temporaryDirectory('report');
    const file = join(dir, 'report.html');
    writeFileSync(
      file,
      reportHtml(reportInput(runChecked(FIXTURE, readFileSync(FIXTURE, 'utf8')), methodsMarkdown())),
    );
    const url = pathToFileURL(file).href;

    const browser = await launchChromium();
    try {
      const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
      const errors: string[] = [];
      const requests: string[] = [];
      page.on('console', (m) => {
        if (m.type() === 'error') errors.push(m.text());
      });
      page.on('pageerror', (e) => errors.push(e.message));
      page.on('request', (r) => requests.push(r.url()));
      await page.goto(url, { waitUntil: 'load' });

      const sizes = await page.$$eval('figure svg', (svgs) =>
        svgs.map((s) => {
          const box = s.getBoundingClientRect();
          return { width: box.width, height: box.height };
        }),
      );
      expect(sizes).toHaveLength(4);
      for (const size of sizes) {
        expect(size.width).toBeGreaterThan(100);
        expect(size.height).toBeGreaterThan(100);
      }
      // Country outlines of the ground-track map, drawn with a non-empty box.
      const mapPaths = await page.$$eval(
        '#figure-1 svg .mark-shape path',
        (paths) =>
          paths.filter((p) => {
            const box = (p as unknown as { getBBox(): { width: number; height: number } }).getBBox();
            return box.width > 0 && box.height > 0;
          }).length,
      );
      expect(mapPaths).toBeGreaterThan(20);

      // A screenshot of the map shows the trajectory: pixels of the track's colour that disappear
      // when the track is hidden (2 px wide over the ~3,500 km from Tabriz to London).
      const stroke = await page.$eval('#figure-1 svg .mark-line path', (p) => p.getAttribute('stroke') ?? '');
      expect(stroke).toMatch(/^#[0-9a-f]{6}$/i);
      const trackPixels = async () => {
        const png = PNG.sync.read(await page.locator('#figure-1 svg').screenshot());
        const [r, g, b] = [1, 3, 5].map((i) => Number.parseInt(stroke.slice(i, i + 2), 16));
        let count = 0;
        for (let i = 0; i < png.data.length; i += 4) {
          const d = Math.hypot(png.data[i]! - r!, png.data[i + 1]! - g!, png.data[i + 2]! - b!);
          if (d < 40) count++;
        }
        return count;
      };
      const shown = await trackPixels();
      await page.addStyleTag({ content: '#figure-1 svg .mark-line path { visibility: hidden; }' });
      const hidden = await trackPixels();
      expect(hidden).toBeLessThan(20);
      expect(shown).toBeGreaterThan(300); // 998 measured at 1200 px wide
      await page.addStyleTag({ content: '#figure-1 svg .mark-line path { visibility: visible; }' });

      const screenshot = join(dir, 'report.png');
      await page.screenshot({ path: screenshot, fullPage: true });
      expect(statSync(screenshot).size).toBeGreaterThan(10_000);

      expect(errors).toEqual([]);
      expect(requests).toEqual([url]);
    } finally {
      await browser.close();
    }
  });
});
