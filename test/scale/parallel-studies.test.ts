import { afterAll, describe, expect, it } from 'vitest';
import { shippedCatalog } from '../../src/cli/catalog-files.js';
import { chunkRanges, computeChunk } from '../../src/scale/chunk-task.js';
import { ThreadPoolRunner } from '../../src/scale/thread-pool-runner.js';
import { runScenarioText, runScenarioTextOn } from '../../src/studies/run-scenario-text.js';
import type { ItemRunner } from '../../src/studies/scenario-run.js';
import { FIXTURE_TEXT } from './split-fixture.js';

/**
 * Split studies (footprint, sweep, uncertainty) computed on worker threads, or chunk by chunk in
 * any order, give the serial run's result.json bit for bit: the property the parallel and
 * distributed runs rest on (each item depends only on the scenario and its index).
 */

const SPLIT_SCENARIO = FIXTURE_TEXT;

const library = shippedCatalog();
const serial = runScenarioText('split.yaml', SPLIT_SCENARIO, library).result;

describe('split studies on worker threads', () => {
  const pool = new ThreadPoolRunner({ file: 'split.yaml', text: SPLIT_SCENARIO }, 2);
  afterAll(() => pool.close());

  it('the serial run has items in every split study (the test exercises what it claims)', () => {
    const kinds = serial.studies.map((s) => s.kind);
    expect(kinds).toEqual(['footprint', 'engagement', 'sweep', 'uncertainty']);
    // A footprint with both defended and out-of-range points (the pre-check and the engagement
    // both run), a sweep with an engagement feasible at one value and not at the other.
    const footprint = serial.studies[0]!.results[0] as { summary: Record<string, number> };
    expect(footprint.summary).toMatchObject({ points: 5 * 7, notAimed: 0 });
    expect(footprint.summary.defended).toBeGreaterThan(0);
    expect(footprint.summary.outOfRange).toBeGreaterThan(0);
    const sweep = serial.studies[2]!.results as Array<{ results: Array<{ feasible: boolean }> }>;
    expect(sweep.map((v) => v.results[0]!.feasible)).toEqual([false, true]);
    expect((serial.studies[3]!.results[0] as { draws: unknown[] }).draws).toHaveLength(3);
  });

  it('two threads give the serial result.json, bit for bit', async () => {
    let last = 0;
    const run = await runScenarioTextOn('split.yaml', SPLIT_SCENARIO, library, pool, {
      progress: (done, total) => {
        // Progress only moves forward, and ends at the whole.
        expect(done / total).toBeGreaterThanOrEqual(last);
        last = done / total;
      },
    });
    expect(JSON.stringify(run.result)).toBe(JSON.stringify(serial));
    expect(last).toBe(1);
  });

  it('chunks computed last to first, one item at a time, give the same result', async () => {
    // Items in reverse order, each chunk of one item: no item may depend on one computed before it.
    const backwards: ItemRunner = {
      async items(studyIndex, split) {
        const ranges = chunkRanges({ count: split.count, chunk: 1 });
        const out: unknown[] = new Array(split.count);
        for (const [start, end] of ranges.reverse()) {
          const task = {
            shieldlabVersion: (await import('../../src/version.js')).SHIELDLAB_VERSION,
            file: 'split.yaml',
            text: SPLIT_SCENARIO,
            studyIndex,
            start,
            end,
          };
          out[start] = (JSON.parse(computeChunk(task, library)) as unknown[])[0];
        }
        return out;
      },
    };
    const run = await runScenarioTextOn('split.yaml', SPLIT_SCENARIO, library, backwards);
    expect(JSON.stringify(run.result)).toBe(JSON.stringify(serial));
  });

  it('a chunk from another shieldlab version is refused, not computed', () => {
    expect(() =>
      computeChunk(
        {
          shieldlabVersion: '0.0.0-other',
          file: 'split.yaml',
          text: SPLIT_SCENARIO,
          studyIndex: 0,
          start: 0,
          end: 1,
        },
        library,
      ),
    ).toThrow(/runs shieldlab .*, the run shieldlab 0\.0\.0-other/);
  });

  it('cancel stops the chunks out and rejects the run', async () => {
    const runner = new ThreadPoolRunner({ file: 'split.yaml', text: SPLIT_SCENARIO }, 2);
    try {
      const started = runScenarioTextOn('split.yaml', SPLIT_SCENARIO, library, runner);
      setTimeout(() => runner.cancel(), 200);
      await expect(started).rejects.toThrow(/abort/i);
    } finally {
      await runner.close();
    }
  });
});
