import { existsSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { runChecked } from '../../src/cli/run-command.js';
import { reportHtml } from '../../src/report/html/report.js';
import { reportInput } from '../../src/report/html/report-input.js';

const CHROMIUM = '/usr/bin/chromium';
const FIXTURE = 'test/fixtures/scenarios/irbm-london.yaml';

describe('report.html in a browser', () => {
  it('renders offline: no console error, no request but the file, every figure drawn', async () => {
    if (!existsSync(CHROMIUM))
      throw new Error(
        `${CHROMIUM} is missing: run scripts/setup-test-system.sh (it installs Debian's chromium for the browser tests)`,
      );
    const dir = mkdtempSync(join(tmpdir(), 'shieldlab-report-'));
    const file = join(dir, 'report.html');
    writeFileSync(file, reportHtml(reportInput(runChecked(FIXTURE, readFileSync(FIXTURE, 'utf8')))));
    const url = pathToFileURL(file).href;

    const browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
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
