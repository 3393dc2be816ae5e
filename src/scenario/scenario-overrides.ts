import { describeValue, InputError } from '../core/errors.js';
import { type Override, parseOverride, UnknownOverrideField } from './overrides.js';
import type { Scenario } from './scenario-schema.js';

/**
 * A scenario's catalog overrides and sweep values, each applied to the entry it names as a run
 * applies it, so that a value the entry's schema refuses is reported by `validate`, at its list
 * item, rather than in the middle of a run.
 */

/** Applies overrides to catalog entry `id` and checks the entry, flying nothing: its first problem. */
export type CheckOverrides = (id: string, overrides: readonly Override[]) => InputError | undefined;

type Fail = (path: Array<string | number>, expected: string) => void;

export function checkScenarioOverrides(
  scenario: Scenario,
  entries: readonly string[],
  checkOverrides: CheckOverrides,
  fail: Fail,
): void {
  // Overrides that apply cleanly, by their index: a run applies them all together.
  const good: Array<{ index: number; override: Override }> = [];
  (scenario.overrides ?? []).forEach((text, k) => {
    let o: Override;
    try {
      o = parseOverride(text, 'overrides');
    } catch (e) {
      if (!(e instanceof InputError)) throw e;
      fail(['overrides', k], 'ID.FIELD=VALUE, such as gbi-2stage.burnoutSpeed=8.3km/s');
      return;
    }
    if (!entries.includes(o.id)) {
      fail(['overrides', k], `ID.FIELD=VALUE for a catalog entry (${o.id} is not one)`);
      return;
    }
    const alone = checkOverrides(o.id, [o]);
    if (alone) {
      fail(['overrides', k], expectationFor(alone, o));
      return;
    }
    // Fine on its own, but a check across fields (a minimum below its maximum) may need the others.
    const earlier = good.filter((g) => g.override.id === o.id);
    const together =
      earlier.length > 0 ? checkOverrides(o.id, [...earlier.map((g) => g.override), o]) : undefined;
    if (together) {
      const others = earlier.map((g) => `overrides[${g.index}]`).join(', ');
      fail(['overrides', k], `${expectationFor(together, o)} (with ${others} applied too)`);
      return;
    }
    good.push({ index: k, override: o });
  });

  scenario.studies.forEach((study, k) => {
    if (study.kind !== 'sweep') return;
    const id = study.parameter.split('.')[0]!;
    if (!entries.includes(id)) return; // reported with the other references
    const field = study.parameter.slice(id.length + 1);
    // As in a run: each swept value replaces an override of the same field and joins the others.
    const base = good.map((g) => g.override).filter((o) => o.id === id && o.path !== field);
    const check = (value: string | number): { expected: string; unknownField: boolean } | undefined => {
      let o: Override;
      try {
        o = parseOverride(`${study.parameter}=${value}`, 'sweep');
      } catch (e) {
        if (!(e instanceof InputError)) throw e;
        return { expected: `a value for ${study.parameter} on one line`, unknownField: false };
      }
      const problem = checkOverrides(id, [...base, o]);
      return (
        problem && {
          expected: expectationFor(problem, o),
          unknownField: problem instanceof UnknownOverrideField,
        }
      );
    };
    const first = check(study.values[0]!);
    if (first?.unknownField) {
      // No value can fix a field that is not there: say so once, at the parameter.
      fail(['studies', k, 'parameter'], first.expected);
      return;
    }
    study.values.forEach((value, j) => {
      const problem = j === 0 ? first : check(value);
      if (problem) fail(['studies', k, 'values', j], problem.expected);
    });
  });
}

/**
 * The entry's own expectation for the override, naming the entry and the field (`gbi-2stage
 * booster.burnoutSpeed to be a speed in (0.5, 11] km/s ...`); a field that is not there keeps
 * the override's own message.
 */
function expectationFor(problem: InputError, o: Override): string {
  if (problem instanceof UnknownOverrideField) return problem.expected;
  // A cited value is checked at its `value`; the user named the field.
  const field = problem.path.replace(/\.value$/, '');
  // An override gives a plain value, so the cited form the schema also accepts is beside the point.
  const expected = problem.expected.replace(/, or a cited value \{[^}]*\}$/, '');
  const isOverridden = field === o.path || field.endsWith(`.${o.path}`);
  return isOverridden
    ? `${o.id} ${field} to be ${expected}`
    : `${o.id} ${field} to be ${expected} (with this override it is ${describeValue(problem.value)})`;
}
