import { readFileSync } from 'node:fs';
import { XMLValidator } from 'fast-xml-parser';
import { beforeAll, describe, expect, it } from 'vitest';
import { shippedCatalog } from '../../src/cli/catalog-files.js';
import { methodsMarkdown } from '../../src/cli/methods-file.js';
import { runChecked } from '../../src/cli/run-command.js';
import { escapeHtml } from '../../src/report/html/escape.js';
import { groundTrackMapSpec } from '../../src/report/html/maps.js';
import { METHOD_SECTIONS, methodsSections } from '../../src/report/html/methods.js';
import { trajectorySpec } from '../../src/report/html/plots.js';
import { reportHtml } from '../../src/report/html/report.js';
import { type ReportInput, reportInput } from '../../src/report/html/report-input.js';
import type { EngagementRow } from '../../src/report/html/study-results.js';
import { vegaLiteSvg, vegaLiteSvgAsync } from '../../src/report/html/vega-svg.js';
import { catalogEntryDetails } from '../../src/scenario/catalog-entry-details.js';

const FIXTURE = 'test/fixtures/scenarios/irbm-london.yaml';

describe('report.html', () => {
  let run: ReturnType<typeof runChecked>;
  let input: ReportInput;
  let html: string;
  beforeAll(() => {
    run = runChecked(FIXTURE, readFileSync(FIXTURE, 'utf8'));
    input = reportInput(run, methodsMarkdown());
    html = reportHtml(input);
  });

  it('names the shieldlab version, scenario hash and seed of result.json', () => {
    const cell = (id: string) => new RegExp(`<dd id="${id}">(.*?)</dd>`).exec(html)?.[1];
    expect(cell('run-version')).toBe(run.result.shieldlabVersion);
    expect(cell('run-hash')).toBe(`<code>${run.result.scenarioHash}</code>`);
    expect(cell('run-seed')).toBe(String(run.result.seed));
    expect(html).toContain('<h1>IRBM at London</h1>');
  });

  it('shows each engagement number exactly as result.json has it', () => {
    const rows = run.result.studies.find((s) => s.kind === 'engagement')!.results as EngagementRow[];
    const table = /<table class="engagements">([\s\S]*?)<\/table>/.exec(html)![1]!;
    const body = /<tbody>([\s\S]*?)<\/tbody>/.exec(table)![1]!;
    const cells = [...body.matchAll(/<tr>([\s\S]*?)<\/tr>/g)].map((r) =>
      [...r[1]!.matchAll(/<td[^>]*>(.*?)<\/td>/g)].map((c) => c[1]),
    );
    expect(cells).toHaveLength(rows.length);
    rows.forEach((r, i) => {
      const [threat, site, inventory, commit, feasible, launch, intercept, shots] = cells[i]!;
      expect([threat, site, inventory]).toEqual([r.threat, r.interceptorSite, String(r.inventory)]);
      expect(Number(commit)).toBe(r.commitTime);
      expect(feasible).toBe(r.feasible ? 'yes' : 'no');
      expect(launch).toBe(`${r.launchWindow!.earliest} to ${r.launchWindow!.latest}`);
      expect(intercept).toBe(`${r.interceptWindow!.earliest} to ${r.interceptWindow!.latest}`);
      expect(Number(shots)).toBe(r.shots);
    });
    expect(rows[0]!.shots).toBe(2);
  });

  it('holds well-formed SVG figures, each with marks, and a map with coastlines', () => {
    const svgs = [...html.matchAll(/<svg[\s\S]*?<\/svg>/g)].map((m) => m[0]);
    // Ground tracks, trajectory, sensing timeline, engagement timeline.
    expect(svgs).toHaveLength(4);
    for (const svg of svgs) {
      expect(XMLValidator.validate(svg)).toBe(true);
      expect(svg).toMatch(/class="mark-(line|symbol|rect|shape|rule)/);
    }
    // Country outlines are the paths filled with the land colour.
    const countryPaths = svgs[0]!.match(/<path[^>]*fill="#f3f0e8"/g) ?? [];
    expect(countryPaths.length).toBeGreaterThan(20);
    // Ids are unique on the page (each SVG's clip paths are its own).
    const ids = [...html.matchAll(/ id="([^"]+)"/g)].map((m) => m[1]);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('loads nothing: no src, no external stylesheet or script, every link inside the page', () => {
    expect(html).not.toMatch(/\ssrc\s*=/i);
    expect(html).not.toMatch(/<script|<link|<img|<iframe|@import/i);
    expect(html).not.toMatch(/url\((?!#)/);
    const hrefs = [...html.matchAll(/href="([^"]*)"/g)].map((m) => m[1]!);
    expect(hrefs.length).toBeGreaterThan(10);
    const ids = new Set([...html.matchAll(/ id="([^"]+)"/g)].map((m) => m[1]));
    for (const href of hrefs) {
      expect(href.startsWith('#')).toBe(true);
      expect(ids.has(href.slice(1)), href).toBe(true);
    }
  });

  it('gives the same bytes on a second run', () => {
    expect(reportHtml(reportInput(run, methodsMarkdown()))).toBe(html);
  });

  it('lists every parameter of the named missile with its value, unit and source', () => {
    const missile = catalogEntryDetails(shippedCatalog(), 'iran-irbm')!;
    const section = html.slice(html.indexOf('<h3 id="catalog-iran-irbm">'));
    const table = section.slice(0, section.indexOf('</table>'));
    for (const p of missile.parameters) {
      expect(table).toContain(
        `<td><code>${p.parameter}</code></td><td class="num">${p.value}</td><td>${p.unit}</td>`,
      );
      const target = p.source === 'fit' ? 'fit' : `source-${p.source}`;
      expect(table).toContain(`<a href="#catalog-iran-irbm-${target}">${p.source}</a>`);
    }
    for (const text of Object.values(missile.sources))
      expect(section).toContain(escapeHtml(text.replace(/\s+/g, ' ').slice(0, 40)));
    for (const id of ['gbi-2stage', 'emr-brdy', 'ew-satellites'])
      expect(html).toContain(`<h3 id="catalog-${id}">`);
    expect(html).toMatch(/<code>redzikowo<\/code><\/td><td>Redzikowo/);
  });

  it('cites methods sections that exist in docs/METHODS.md, copied into the report', () => {
    const sections = methodsSections(methodsMarkdown());
    expect(sections.map((s) => s.number)).toEqual(Object.values(METHOD_SECTIONS).map(([n]) => n));
    for (const s of sections) expect(s.text?.length).toBeGreaterThan(100);
    expect(html).toContain('<section class="methods-section" id="method-9-1">');
    expect(html).toContain('docs/METHODS.md#91-launch-and-intercept-windows');
  });

  it('plots altitude and ground range against time, and altitude against ground range', () => {
    const svg = vegaLiteSvg(trajectorySpec(input.threats[0]!));
    const count = (text: string) => svg.split(`>${text}</text>`).length - 1;
    expect(count('time from launch (s)')).toBe(2);
    expect(count('ground range from launch (km)')).toBe(2);
    expect(count('altitude (km)')).toBe(2);
  });

  it('renders synchronously exactly what Vega renders asynchronously', async () => {
    const track = input.threats[0]!;
    for (const spec of [trajectorySpec(track), groundTrackMapSpec([track], input.places, [])])
      expect(vegaLiteSvg(spec)).toBe(await vegaLiteSvgAsync(spec));
  });

  it('escapes the scenario text and names', () => {
    const odd = reportHtml({ ...input, name: '<b>x</b> & "y"' });
    expect(odd).toContain('<h1>&lt;b&gt;x&lt;/b&gt; &amp; &quot;y&quot;</h1>');
    expect(html).toContain('# One Iranian IRBM at London');
    expect(html).toContain('{ id: irbm-london, missile: iran-irbm, from: tabriz, to: london }');
  });
});
