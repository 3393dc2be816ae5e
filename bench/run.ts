import { join } from 'node:path';
import { packageRoot } from '../src/cli/package-root.js';
import {
  type BenchReport,
  machineInfo,
  measuresOf,
  type SectionFigures,
  type SectionName,
  type SectionResult,
  writeReport,
} from './bench-report.js';
import { distributedBenchmark } from './distributed.js';
import { engagementBenchmark } from './engagement.js';
import { exchangeBenchmark } from './exchange.js';
import { freeFlightBenchmark, icbmBenchmark } from './flight.js';
import { footprintBenchmark } from './footprint.js';
import { globeFpsBenchmark } from './globe-fps.js';
import { raidBenchmark } from './raid.js';
import { sensingBenchmark } from './sensing.js';
import { targetingBenchmark } from './targeting.js';

/**
 * The benchmarks, each against a peer in the same run where one exists (never a timed unit test).
 *
 *   node dist/bench/run.js                 every section
 *   node dist/bench/run.js icbm raid       only these (in the list's order)
 *   node dist/bench/run.js --list          the section names
 *
 * Each section prints as it goes and returns its figures; at the end the run writes
 * bench/results/latest.json and bench/results/latest.md (bench-report.ts) with only the sections
 * that ran, and prints their paths.
 */

interface Section<N extends SectionName> {
  name: N;
  title: string;
  /** null: not written yet; the list and the report's types keep its place. */
  run: ((root: string) => SectionFigures[N] | Promise<SectionFigures[N]>) | null;
}

type AnySection = { [N in SectionName]: Section<N> }[SectionName];

const SECTIONS: AnySection[] = [
  { name: 'icbm', title: '1. ICBM trajectory', run: icbmBenchmark },
  { name: 'free-flight', title: '2. Free flight vs SciPy', run: freeFlightBenchmark },
  { name: 'targeting', title: '3. Targeting', run: targetingBenchmark },
  { name: 'engagement', title: '4-5. Engagement and the Russia table', run: engagementBenchmark },
  { name: 'sensing', title: '6. Sensing', run: sensingBenchmark },
  { name: 'raid', title: '7. Raid Monte Carlo', run: raidBenchmark },
  { name: 'globe', title: '8. Globe drawing speed', run: globeFpsBenchmark },
  { name: 'exchange', title: '9. Early-warning exchange', run: exchangeBenchmark },
  { name: 'footprint', title: '10. Footprint map', run: footprintBenchmark },
  { name: 'distributed', title: '11. Distributed workers', run: distributedBenchmark },
];

function usage(): string {
  const names = SECTIONS.map((s) => `  ${s.name.padEnd(12)} ${s.title}${s.run ? '' : ' (not written yet)'}`);
  return ['Usage: node dist/bench/run.js [section ...]   (default: every section)', '', ...names].join('\n');
}

/** The sections named on the command line, in the list's order; every written one by default. */
function selectSections(args: readonly string[]): AnySection[] | undefined {
  if (args.some((a) => a === '--help' || a === '-h' || a === '--list')) {
    console.log(usage());
    return undefined;
  }
  const unknown = args.filter((a) => !SECTIONS.some((s) => s.name === a));
  if (unknown.length > 0) {
    console.error(`unknown section${unknown.length > 1 ? 's' : ''}: ${unknown.join(', ')}\n\n${usage()}`);
    process.exitCode = 2;
    return undefined;
  }
  return args.length === 0
    ? SECTIONS.filter((s) => s.run !== null)
    : SECTIONS.filter((s) => args.includes(s.name));
}

const message = (e: unknown) => (e instanceof Error ? (e.stack ?? e.message) : String(e));

async function runSection<N extends SectionName>(
  section: Section<N>,
  root: string,
): Promise<SectionResult<N>> {
  const base = { name: section.name, title: section.title };
  const t0 = performance.now();
  const seconds = () => (performance.now() - t0) / 1000;
  if (!section.run) {
    console.log(`\n${section.title}: not written yet`);
    return { ...base, status: 'skipped', note: 'not written yet', wall_s: 0, figures: null, measures: [] };
  }
  try {
    const figures = await section.run(root);
    const skipped = (figures as { skipped?: unknown }).skipped;
    if (typeof skipped === 'string')
      return { ...base, status: 'skipped', note: skipped, wall_s: seconds(), figures, measures: [] };
    const measures = measuresOf[section.name](figures);
    return { ...base, status: 'ok', note: null, wall_s: seconds(), figures, measures };
  } catch (e) {
    // One failing section does not lose the others' figures.
    console.error(`\n${section.title} failed: ${message(e)}`);
    process.exitCode = 1;
    const note = e instanceof Error ? e.message : String(e);
    return { ...base, status: 'failed', note, wall_s: seconds(), figures: null, measures: [] };
  }
}

const selected = selectSections(process.argv.slice(2));
if (selected) {
  const root = packageRoot();
  const t0 = performance.now();
  const report: BenchReport = {
    schema: 'shieldlab-bench/1',
    machine: machineInfo(root),
    sections_requested: selected.map((s) => s.name),
    sections_run: [],
    wall_s: 0,
    sections: {},
  };
  const sections: Record<string, SectionResult> = report.sections;
  for (const section of selected) {
    const result = await runSection<SectionName>(section, root);
    sections[section.name] = result;
    if (section.run) report.sections_run.push(section.name);
  }
  report.wall_s = (performance.now() - t0) / 1000;
  const paths = writeReport(join(root, 'bench', 'results'), report);
  console.log(`\nResults: ${paths.json}\n         ${paths.markdown}`);
}
