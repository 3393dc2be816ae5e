import methodsMarkdown from '../../../docs/METHODS.md?raw';
import { toJson } from '../../../src/cli/render.js';
import { reportHtml, reportSections } from '../../../src/report/html/report.js';
import { reportInput } from '../../../src/report/html/report-input.js';
import { runExports } from '../../../src/report/run-exports.js';
import type { Finding } from '../../../src/studies/findings.js';
import type { CheckedRun } from '../../../src/studies/run-scenario-text.js';
import { globeScene } from './globe-scene-builder.js';
import type { RunOutputs } from './messages.js';

const MEDIA_TYPES: Record<string, string> = {
  json: 'application/json',
  html: 'text/html',
  geojson: 'application/geo+json',
  czml: 'application/json',
  kml: 'application/vnd.google-earth.kml+xml',
  csv: 'text/csv',
};

/**
 * What the page shows and offers for download after a run: the report's own sections (so the
 * page and report.html show the same tables and figures), the globe's scene, and the same files
 * `shieldlab run` writes, from the same code (the numbers within solver tolerances of the command
 * line's: docs/METHODS.md section 14).
 */
export function runOutputs(run: CheckedRun, found: readonly Finding[], elapsed: number): RunOutputs {
  const input = reportInput(run, methodsMarkdown);
  const sections = reportSections(input);
  const exports = runExports(run.scenario, run.catalog, run.earth, run.result.studies);
  const files = [
    ['result.json', `${toJson(run.result)}\n`],
    ['report.html', reportHtml(input, sections)],
    ...exports,
  ].map(([name, content]) => ({
    name: name!,
    type: MEDIA_TYPES[name!.replace(/^.*\./, '')] ?? 'text/plain',
    content: content!,
  }));
  return {
    name: run.scenario.name,
    result: run.result,
    findings: found,
    sections,
    scene: globeScene(run, input.places),
    files,
    elapsed,
  };
}
