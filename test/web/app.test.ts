import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runJson } from '../cli/run-cli.js';
import { temporaryDirectory } from '../support/temporary-directory.js';
import { launchChromium, serveStatic } from './browser.js';
import { builtWebApp } from './built-web-app.js';

/**
 * The web app end to end in Debian's Chromium, served as `shieldlab serve` serves it: a ready
 * scenario run in the page's worker gives the findings and the result.json of the command line,
 * the globe draws offline, broken input is shown line by line and never lost, runs compare, share
 * links round-trip, and the page passes axe-core's WCAG 2 A/AA rules.
 */

const SHOTS = join('out', 'test-screenshots');

let browser: Browser;
let server: { url: string; stop: () => Promise<void> };

beforeAll(async () => {
  server = await serveStatic(builtWebApp());
  browser = await launchChromium();
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

/** A page of its own (fresh storage), laptop-sized, recording errors and every request. */
async function openApp(url = server.url) {
  const context = await browser.newContext({ viewport: { width: 1366, height: 768 } });
  const page = await context.newPage();
  const errors: string[] = [];
  const requests: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  page.on('request', (r) => requests.push(r.url()));
  page.on('response', (r) => {
    if (r.status() >= 400) errors.push(`${r.status()} ${r.url()}`);
  });
  await page.goto(url);
  await page.waitForSelector('.cm-content');
  return { page, context, errors, requests };
}

async function loadReady(page: Page, file: string) {
  await page.selectOption('#ready-scenario', file);
  await page.click('#load-ready');
}

/** Run, and wait for the run to be shown; a failed run fails the test with the page's reason. */
async function runAndWait(page: Page, runs: number, timeout: number) {
  await page.click('#run');
  const outcome = await Promise.race([
    page.waitForSelector(`body[data-runs="${runs}"]`, { timeout }).then(() => null),
    page.waitForSelector('#run-error:not([hidden])', { timeout }).then((e) => e?.textContent()),
  ]);
  expect(outcome ?? null).toBeNull();
}

/** Replace the editor's whole text as a user would: select all, then type (paste) the new text. */
async function replaceText(page: Page, text: string) {
  await page.click('.cm-content');
  await page.keyboard.press('Control+A');
  await page.keyboard.insertText(text);
}

const editorText = (page: Page) =>
  page.evaluate(() =>
    (globalThis as unknown as { __shieldlabApp: { text(): string } }).__shieldlabApp.text(),
  );

/**
 * Absolute tolerance by field name: times to 10 ms (results are written to the millisecond, and
 * the event and intercept solvers converge to better than 1 ms); intercept altitudes, ranges and
 * misses to 20 m (the intercept solver stops at a miss of a few metres; measured: 7.6 m at most);
 * angles to 2e-3 deg (written to 1e-3 deg; about 200 m on the ground); speeds to 0.01 m/s. Other numbers: 1e-6 relative.
 */
const TOLERANCE: Record<string, number> = {
  ...Object.fromEntries(
    [
      'time',
      'earliest',
      'latest',
      'start',
      'end',
      'commit',
      'commitTime',
      'firstDetection',
      'firstTrack',
      'fireControlTrack',
      'warning',
      'launchTime',
      'latestUsefulLaunch',
      'flightTime',
      'apogeeTime',
    ].map((k) => [k, 0.01]),
  ),
  ...Object.fromEntries(
    ['altitude', 'groundRange', 'apogeeAltitude', 'miss', 'initialMiss'].map((k) => [k, 20]),
  ),
  ...Object.fromEntries(
    [
      'lat',
      'lon',
      'loft',
      'launchAzimuth',
      'geometryAngle',
      'flightPathAngle',
      'relativeFlightPathAngle',
    ].map((k) => [k, 2e-3]),
  ),
  ...Object.fromEntries(['speed', 'relativeSpeed', 'closingSpeed', 'divertNeeded'].map((k) => [k, 0.01])),
};

/** Every place where two results differ beyond the tolerance of the field, or in anything but a number. */
function resultDifferences(a: unknown, b: unknown, path = '', key = ''): string[] {
  if (typeof a === 'number' && typeof b === 'number') {
    const tolerance = TOLERANCE[key] ?? 1e-6 * Math.max(Math.abs(a), Math.abs(b));
    return Math.abs(a - b) <= tolerance ? [] : [`${path}: ${a} against ${b}`];
  }
  if (Array.isArray(a) && Array.isArray(b)) {
    if (a.length !== b.length) return [`${path}: ${a.length} entries against ${b.length}`];
    return a.flatMap((x, i) => resultDifferences(x, b[i], `${path}[${i}]`, key));
  }
  if (a && b && typeof a === 'object' && typeof b === 'object') {
    const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])];
    return keys.flatMap((k) =>
      resultDifferences(
        (a as Record<string, unknown>)[k],
        (b as Record<string, unknown>)[k],
        `${path}.${k}`,
        k,
      ),
    );
  }
  return Object.is(a, b) ? [] : [`${path}: ${JSON.stringify(a)} against ${JSON.stringify(b)}`];
}

/** axe-core's WCAG 2 A and AA violations of the page as it is now (axe must be loaded in the page). */
async function axeViolations(page: Page): Promise<string[]> {
  return page.evaluate(async () => {
    const axe = (
      globalThis as unknown as {
        axe: {
          run(
            context: unknown,
            options: unknown,
          ): Promise<{
            violations: Array<{ id: string; impact: string; nodes: Array<{ target: unknown }> }>;
          }>;
        };
      }
    ).axe;
    const result = await axe.run((globalThis as unknown as { document: unknown }).document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa'] },
    });
    return result.violations.map(
      (v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => JSON.stringify(n.target)).join(' ')}`,
    );
  });
}

/** What the globe has drawn, read in the page (see web/src/globe/globe-test-hook.ts). */
function drawn(): { polylines: number; points: number } | undefined {
  return (
    globalThis as unknown as { __shieldlabGlobe?: { drawn(): { polylines: number; points: number } } }
  ).__shieldlabGlobe?.drawn();
}

/** Distinct colours and the spread of a PNG: a blank or single-colour canvas has almost none. */
function imageStats(png: Buffer): { colours: number; spread: number } {
  const image = PNG.sync.read(png);
  const colours = new Set<number>();
  let sum = 0;
  let sum2 = 0;
  const n = image.width * image.height;
  for (let i = 0; i < n; i++) {
    const r = image.data[4 * i]!;
    const g = image.data[4 * i + 1]!;
    const b = image.data[4 * i + 2]!;
    colours.add((r << 16) | (g << 8) | b);
    const y = 0.299 * r + 0.587 * g + 0.114 * b;
    sum += y;
    sum2 += y * y;
  }
  return { colours: colours.size, spread: Math.sqrt(sum2 / n - (sum / n) ** 2) };
}

describe('web app', () => {
  it('runs the Russia-question scenario in the page: the findings and result.json of the command line, and the globe drawn offline', async () => {
    // The command line computes the same scenario in its own process meanwhile.
    const out = temporaryDirectory('app');
    const cli = runJson('findings', 'scenarios/russia-question.yaml', '--out', out);

    const { page, context, errors, requests } = await openApp();
    await loadReady(page, 'russia-question.yaml');
    await runAndWait(page, 1, 400_000);

    const rows = await page.$$eval('#findings table.findings tbody tr', (trs) =>
      trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent ?? '')),
    );
    const [expected] = await cli;
    expect(rows.length).toBeGreaterThan(0);
    expect(rows).toEqual(
      expected.findings.map((f: { study: string; subject: string; answer: string }) => [
        f.study,
        f.subject,
        f.answer,
      ]),
    );

    // The page's result.json is the command line's: the same structure, texts, counts and verdicts,
    // and numbers within the solvers' tolerances. Not bit for bit: this Chromium's V8 computes
    // Math.sin, exp, pow, atan2... differently in the last bit from Node 20's V8 (on 3-20 % of
    // arguments, measured), and the integrators' step control amplifies that to ~1e-7 relative.
    const href = await page.getAttribute('a[data-file="result.json"]', 'href');
    const pageResult = JSON.parse(await page.evaluate(async (url) => (await fetch(url!)).text(), href));
    const cliResult = JSON.parse(readFileSync(join(out, 'russia-question', 'result.json'), 'utf8'));
    expect(resultDifferences(pageResult, cliResult)).toEqual([]);
    expect(pageResult.scenarioHash).toBe(cliResult.scenarioHash);

    // The globe: offline imagery loaded, canvas not blank.
    await page.click('#tab-globe');
    await page.waitForFunction(
      () =>
        (
          globalThis as unknown as { __shieldlabGlobe?: { tilesLoaded(): boolean } }
        ).__shieldlabGlobe?.tilesLoaded(),
      undefined,
      { timeout: 90_000 },
    );
    // One static line per threat of the scenario (six bases, each aimed at a city).
    expect(await page.evaluate(drawn)).toEqual(expect.objectContaining({ polylines: 6 }));
    const canvas = await page.$('#globe canvas');
    const stats = imageStats(await canvas!.screenshot());
    expect(stats.colours).toBeGreaterThan(500);
    expect(stats.spread).toBeGreaterThan(10);
    mkdirSync(SHOTS, { recursive: true });
    await page.screenshot({ path: join(SHOTS, 'app-russia-question.png') });

    const origin = new URL(server.url).origin;
    expect(
      requests.filter((u) => !u.startsWith(origin) && !u.startsWith('blob:') && !u.startsWith('data:')),
    ).toEqual([]);
    expect(errors).toEqual([]);
    await context.close();
  }, 600_000);

  it('shows every problem of a broken scenario beside its line, refuses to run it, and loses nothing', async () => {
    const { page, context } = await openApp();
    // Two errors on known lines: an unknown trajectory family (line 5) and a negative inventory (line 8).
    const broken = readFileSync('test/fixtures/scenarios/irbm-london.yaml', 'utf8')
      .replace('to: london }', 'to: london, trajectory: lofty }')
      .replace('inventory: 2', 'inventory: -2');
    await replaceText(page, broken);
    await page.waitForSelector('.scenario-editor-problem:nth-child(2)');
    const problems = await page.$$eval('.scenario-editor-problem', (items) =>
      items.map((i) => i.textContent ?? ''),
    );
    expect(problems).toHaveLength(2);
    expect(problems[0]).toMatch(/^Line 5:/);
    expect(problems[0]).toMatch(/lofty/);
    expect(problems[1]).toMatch(/^Line 8:/);
    expect(problems[1]).toMatch(/-2/);
    // Lint markers beside the lines.
    expect(await page.$$eval('.cm-lintRange-error', (els) => els.length)).toBeGreaterThanOrEqual(2);

    await page.click('#run');
    await expect.poll(() => page.isVisible('#run-error')).toBe(true);
    expect(await page.textContent('#run-error')).toMatch(/2 problems/);
    expect(await editorText(page)).toBe(broken);

    // Reload: the text comes back from the browser's storage.
    await page.waitForTimeout(600);
    await page.reload();
    await page.waitForSelector('.cm-content');
    expect(await editorText(page)).toBe(broken);
    await context.close();
  }, 120_000);

  it('says in the page why a run fails, and cancels a long run', async () => {
    const { page, context } = await openApp();
    // Valid as a file, but a 3 km/s booster cannot be built: it falls back before burnout.
    const text = readFileSync('test/fixtures/scenarios/irbm-london.yaml', 'utf8').replace(
      /^studies:/m,
      'overrides: ["gbi-2stage.burnoutSpeed=3 km/s"]\nstudies:',
    );
    await replaceText(page, text);
    await page.click('#run');
    await page.waitForSelector('#run-error:not([hidden])', { timeout: 60_000 });
    expect(await page.textContent('#run-error')).toMatch(
      /booster\.burnTime.*expected a booster that burns out before it falls back/,
    );
    expect(await editorText(page)).toBe(text);

    // The Russia question takes a minute or more: cancel it, then the next run works.
    await loadReady(page, 'russia-question.yaml');
    await page.click('#run');
    await expect.poll(() => page.isEnabled('#cancel')).toBe(true);
    await page.click('#cancel');
    await expect.poll(() => page.textContent('#status')).toBe('Cancelled.');
    expect(await page.isEnabled('#run')).toBe(true);
    await replaceText(page, readFileSync('test/fixtures/scenarios/irbm-london.yaml', 'utf8'));
    await runAndWait(page, 1, 60_000);
    await context.close();
  }, 180_000);

  it('compares two runs of one scenario at two burnout speeds (catalog and 5 km/s), and the share link reopens the scenario', async () => {
    const { page, context, errors } = await openApp();
    const text = readFileSync('test/fixtures/scenarios/irbm-london.yaml', 'utf8');
    await replaceText(page, text);
    await runAndWait(page, 1, 120_000);

    // The form writes the override; the YAML keeps everything else.
    await page.click('#tab-form');
    const speed = page.getByLabel('gbi-2stage (km/s)');
    await speed.fill('5');
    await speed.press('Enter');
    await speed.blur();
    await expect.poll(() => editorText(page)).toMatch(/gbi-2stage\.burnoutSpeed=5 km\/s/);
    await runAndWait(page, 2, 120_000);

    await page.click('#tab-compare');
    const summary = await page.textContent('.compare-summary');
    const differing = await page.$$eval('#compare-table tr.differs', (trs) => trs.length);
    expect(differing).toBeGreaterThan(0);
    expect(summary).toMatch(new RegExp(`^${differing} of \\d+ findings differ`));

    // Each study's figures of both runs side by side, with no id of the app used twice on the page.
    await page.click('#compare-figures details.compare-study:nth-of-type(1) summary');
    const columns = await page.$$eval('#compare-figures details[open] .compare-column', (cols) =>
      cols.map((c) => c.querySelectorAll('svg').length),
    );
    expect(columns).toHaveLength(2);
    expect(Math.min(...columns)).toBeGreaterThan(0);
    // (Cesium's own animation widget, inside #globe, repeats two ids of its own.)
    const ids = await page.$$eval('[id]', (els) => els.filter((e) => !e.closest('#globe')).map((e) => e.id));
    expect(ids.filter((id, k) => ids.indexOf(id) !== k)).toEqual([]);

    // Share link: a fresh browser context opening it gets the same text in its editor.
    const link = await page.inputValue('#share-link');
    const edited = await editorText(page);
    const other = await openApp(link);
    expect(await editorText(other.page)).toBe(edited);
    // The link leaves the address (a reload keeps later edits), and the text it replaced comes back.
    expect(other.page.url()).not.toContain('#scenario=');
    await other.page.click('#restore-previous');
    expect(await editorText(other.page)).toBe(readFileSync('scenarios/iran-europe.yaml', 'utf8'));
    await other.context.close();
    expect(errors).toEqual([]);
    await context.close();
  }, 300_000);

  it('draws every run on the globe: eight threats, run twice', async () => {
    const { page, context, errors } = await openApp();
    const targets = ['washington', 'new-york', 'boston', 'london', 'paris', 'berlin', 'rome', 'madrid'];
    const text = [
      'name: Eight threats',
      'threats:',
      ...targets.map((t) => `  - { id: to-${t}, missile: ss-18, from: dombarovsky, to: ${t} }`),
      'studies:',
      '  - { kind: trajectory }',
      '',
    ].join('\n');
    await replaceText(page, text);
    for (const runs of [1, 2]) {
      await runAndWait(page, runs, 120_000);
      await expect.poll(() => page.evaluate(drawn).then((d) => d?.polylines), { timeout: 90_000 }).toBe(8);
    }
    expect(await page.textContent('#globe-status')).toBe('');
    expect(errors).toEqual([]);
    await context.close();
  }, 300_000);

  it('is reachable by keyboard and passes axe-core (WCAG 2 A and AA)', async () => {
    const { page, context } = await openApp();
    // Tab from the top of the page reaches the Run button without being trapped in the editor.
    let reached = false;
    for (let i = 0; i < 40 && !reached; i++) {
      await page.keyboard.press('Tab');
      reached = await page.evaluate(
        () =>
          (globalThis as unknown as { document: { activeElement: { id: string } | null } }).document
            .activeElement?.id === 'run',
      );
    }
    expect(reached).toBe(true);

    await page.addScriptTag({ path: createRequire(import.meta.url).resolve('axe-core/axe.min.js') });
    expect(await axeViolations(page)).toEqual([]);

    // And with a run's figures and tables shown.
    await replaceText(page, readFileSync('test/fixtures/scenarios/irbm-london.yaml', 'utf8'));
    await runAndWait(page, 1, 120_000);
    await page.click('#tab-results');
    expect(await axeViolations(page)).toEqual([]);
    await context.close();
  }, 120_000);
});
