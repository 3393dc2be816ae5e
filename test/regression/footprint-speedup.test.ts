import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { shippedCatalog } from '../../src/cli/catalog-files.js';
import { runScenarioText } from '../../src/studies/run-scenario-text.js';

// Regression (not reference) data: the footprint speed-ups (reach tables resolved once per run,
// look-ups skipped where no intercept can be, the reach table's index, shots flown a margin past
// the intercept, the out-of-range pre-check) change no number. footprint-speedup.json holds what
// these scenarios gave before them (see its `about`); each must give the same bytes again.

interface Recorded {
  readonly file: string;
  readonly sha256: string;
  readonly readable: ReadonlyArray<Record<string, unknown>>;
}

const root = new URL('../../', import.meta.url);
const recorded = (
  JSON.parse(readFileSync(new URL('footprint-speedup.json', import.meta.url), 'utf8')) as {
    scenarios: Recorded[];
  }
).scenarios;
const library = shippedCatalog();

describe('footprint speed-ups change no result (regression)', () => {
  it.each(recorded.map((r) => [r.file, r] as const))('%s', (file, r) => {
    const studies = runScenarioText(file, readFileSync(new URL(file, root), 'utf8'), library).result.studies;
    // The readable values first, so that a difference says where it is.
    for (const want of r.readable) {
      const study = studies.find((s) => s.id === want.study)!;
      const found = (study.results as Array<Record<string, unknown>>).find(
        (x) => x.threat === want.threat && (want.site === undefined || x.interceptorSite === want.site),
      )!;
      if ('summary' in want) expect(found.summary).toEqual(want.summary);
      else
        expect({
          shots: found.shots,
          interceptWindow: found.interceptWindow,
          firstMiss: (found.intercepts as Array<{ miss: number }>)[0]?.miss ?? null,
        }).toEqual({ shots: want.shots, interceptWindow: want.interceptWindow, firstMiss: want.firstMiss });
    }
    expect(createHash('sha256').update(JSON.stringify(studies)).digest('hex')).toBe(r.sha256);
  });
});
