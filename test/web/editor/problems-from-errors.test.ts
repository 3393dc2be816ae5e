import { describe, expect, it } from 'vitest';
import { scenarioCatalogs } from '../../../src/cli/catalog-files.js';
import { checkScenario } from '../../../src/scenario/scenario-file.js';
import {
  problemsFromErrors,
  scenarioProblems,
  yamlSyntaxProblems,
} from '../../../web/src/editor/problems-from-errors.js';

const catalogs = scenarioCatalogs();

describe('editor problems from the checker', () => {
  it('places each checker error at its line and column, naming field, value and expectation', () => {
    const text = [
      'name: two problems', // 1
      'threats:', // 2
      '  - { id: a, missile: iran-irbn, from: tabriz, to: london }', // 3
      'defence:', // 4
      '  interceptorSites:', // 5
      '    - { site: redzikowo, interceptor: gbi-2stage, inventory: 10 }', // 6
      '  sensors: [emr-brdy]', // 7
      'studies:', // 8
      '  - { kind: engagement, threat: b }', // 9
    ].join('\n');
    const { errors } = checkScenario('two.yaml', text, catalogs);
    const problems = problemsFromErrors(errors);
    expect(problems).toHaveLength(2);
    const missile = problems.find((p) => p.line === 3)!;
    expect(missile).toMatchObject({ line: 3, column: 23, severity: 'error' });
    expect(missile.message).toMatch(/^threats\[0\]\.missile: got "iran-irbn", expected .*iran-irbm/);
    const study = problems.find((p) => p.line === 9)!;
    expect(study).toMatchObject({ line: 9, column: 33, severity: 'error' });
    expect(study.message).toMatch(
      /^studies\[0\]\.threat: got "b", expected a threat of this file: one of a$/,
    );
    // The message is the CLI's, without the file name (the problem sits beside its line).
    expect(missile.message).toBe(
      errors.find((e) => e.path === 'threats[0].missile')!.message.replace(/^two\.yaml:3:23: /, ''),
    );
  });

  it('puts a YAML syntax error at its line, with the parser’s reason', () => {
    const text = ['name: broken', 'threats:', '  - { id: a, missile: ss-25', 'studies: []'].join('\n');
    const viaChecker = problemsFromErrors(checkScenario('broken.yaml', text, catalogs).errors);
    expect(viaChecker).toHaveLength(1);
    expect(viaChecker[0]!.message).toMatch(/^\(syntax\): expected valid YAML or JSON: /);
    const direct = yamlSyntaxProblems(text);
    expect(direct.length).toBeGreaterThan(0);
    expect(direct[0]!.line).toBe(viaChecker[0]!.line);
    expect(direct[0]!.line).toBeGreaterThanOrEqual(3);
    expect(direct[0]!.severity).toBe('error');
  });

  it('lists every syntax error, where the checker stops at the first', () => {
    const text = ['name: a', 'name: b', 'seed: 1', 'seed: 2', 'threats: []', 'studies: []'].join('\n');
    const problems = yamlSyntaxProblems(text);
    expect(problems.map((p) => p.line)).toEqual([2, 4]);
    expect(scenarioProblems(text, catalogs).map((p) => p.line)).toEqual([2, 4]);
  });

  it('a problem without a place in the file goes to line 1, and a valid scenario has none', () => {
    expect(problemsFromErrors([])).toEqual([]);
    const { errors } = checkScenario('x.yaml', 'a: &x [*y]\n', catalogs);
    expect(problemsFromErrors(errors).every((p) => p.line >= 1 && p.column >= 1)).toBe(true);
    const fine =
      'name: ok\nthreats:\n  - { id: a, missile: ss-25, from: teykovo, to: boston }\nstudies:\n  - { kind: trajectory }\n';
    expect(scenarioProblems(fine, catalogs)).toEqual([]);
  });

  it('sorts problems in reading order', () => {
    const text = [
      'name: order',
      'threats:',
      '  - { id: a, missile: ss-25, from: teykovo, to: atlantis }',
      '  - { id: b, missile: nope, from: teykovo, to: boston }',
      'studies:',
      '  - { kind: trajectory }',
    ].join('\n');
    const lines = scenarioProblems(text, catalogs).map((p) => [p.line, p.column]);
    expect(lines).toEqual([...lines].sort((a, b) => a[0]! - b[0]! || a[1]! - b[1]!));
    expect(lines.map((l) => l[0])).toEqual([3, 4]);
  });
});
