import type { RunOutputs } from '../worker/messages.js';

/** A finished run the page keeps for comparison. */
export interface RunRecord {
  readonly number: number;
  readonly label: string;
  readonly text: string;
  readonly outputs: RunOutputs;
}

/**
 * The runs of this visit, newest last, at most `limit` of them: each holds its figures and files
 * (a few MB for a large run), so the oldest are dropped.
 */
export class RunHistory {
  private readonly runs: RunRecord[] = [];
  private count = 0;

  constructor(private readonly limit = 8) {}

  add(text: string, outputs: RunOutputs): RunRecord {
    this.count += 1;
    const overrides = outputs.result.studies.length > 0 ? overridesOf(text) : [];
    const record: RunRecord = {
      number: this.count,
      label: `Run ${this.count}: ${outputs.name}${overrides.length > 0 ? ` (${overrides.join(', ')})` : ''}`,
      text,
      outputs,
    };
    this.runs.push(record);
    if (this.runs.length > this.limit) this.runs.shift();
    return record;
  }

  all(): readonly RunRecord[] {
    return this.runs;
  }

  get(number: number): RunRecord | undefined {
    return this.runs.find((r) => r.number === number);
  }
}

/** The `overrides:` entries of a scenario text, to tell runs of one scenario apart. */
function overridesOf(text: string): string[] {
  const block = /^overrides:\s*\n((?:\s+-.*\n?)+)/m.exec(text);
  if (!block) return [];
  return block[1]!
    .split('\n')
    .map((l) =>
      l
        .replace(/^\s*-\s*/, '')
        .replace(/^["']|["']$/g, '')
        .trim(),
    )
    .filter((l) => l.length > 0);
}
