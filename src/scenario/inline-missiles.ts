import { stringify } from 'yaml';
import { InputError } from '../core/errors.js';
import { type MissileFile, parseMissileFile } from './missile-file.js';
import type { Override } from './overrides.js';
import type { Scenario } from './scenario-schema.js';

/**
 * Missiles defined inside a scenario file (`missiles:`), each in the form of a catalog missile file
 * with an `id` its threats use: a hypothetical missile travels with the scenario, so the scenario
 * alone (and its hash) says what was flown. Each is read by the missile file's own parser, from
 * its YAML form, with the same overrides a catalog missile takes.
 */
export class InlineMissiles {
  private readonly texts = new Map<string, { label: string; text: string }>();

  constructor(scenario: Pick<Scenario, 'missiles'>, file: string) {
    (scenario.missiles ?? []).forEach((m, k) => {
      if (!this.texts.has(m.id))
        this.texts.set(m.id, { label: `${file}: missiles[${k}]`, text: stringify(m) });
    });
  }

  has(id: string): boolean {
    return this.texts.has(id);
  }

  get ids(): string[] {
    return [...this.texts.keys()];
  }

  /** The missile with the overrides of its id applied. */
  missile(id: string, overrides: readonly Override[] = []): MissileFile {
    const entry = this.texts.get(id);
    if (!entry) throw new InputError('missile', id, `a missile of the scenario (${this.ids.join(', ')})`);
    return parseMissileFile(
      entry.label,
      entry.text,
      overrides.filter((o) => o.id === id),
    );
  }
}
