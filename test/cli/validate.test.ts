import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { temporaryDirectory } from '../support/temporary-directory.js';
import { runCli } from './run-cli.js';

describe('shieldlab validate and schema', () => {
  it('a valid scenario: exit 0 and a summary', async () => {
    const { code, stdout } = await runCli('validate', 'scenarios/iran-europe.yaml', '--format', 'json');
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toMatchObject({
      valid: true,
      threats: 5,
      studies: ['sensing', 'engagement', 'raid'],
    });
  });

  it('a broken scenario: exit 2, one line per problem, each with file, line and column', async () => {
    const dir = temporaryDirectory('validate');
    const file = join(dir, 'broken.yaml');
    writeFileSync(
      file,
      'name: broken\nthreats:\n  - { id: a, missile: nope, from: tabriz, to: london }\nstudies:\n  - { kind: sensing }\n',
    );
    const { code, stderr } = await runCli('validate', file);
    expect(code).toBe(2);
    const lines = stderr.trimEnd().split('\n');
    expect(lines).toHaveLength(2); // the missile, and a sensing study without sensors
    for (const line of lines) expect(line).toMatch(/broken\.yaml:\d+:\d+: /);
    // A file that is not there: one line, exit 2.
    const missing = await runCli('validate', join(dir, 'none.yaml'));
    expect(missing.code).toBe(2);
    expect(missing.stderr.trimEnd().split('\n')).toHaveLength(1);
  });

  it('overrides and sweep values: exit 2, one line per bad one with line:column, path, value and expectation', async () => {
    const dir = temporaryDirectory('validate');
    const head = [
      'name: overrides',
      'threats:',
      '  - { id: t, missile: ss-19, from: kozelsk, to: washington }',
      'defence:',
      '  interceptorSites:',
      '    - { site: redzikowo, interceptor: gbi-2stage, inventory: 10 }',
      '  sensors: [emr-brdy]',
    ];
    const bad = join(dir, 'bad.yaml');
    writeFileSync(
      bad,
      [
        ...head,
        'overrides:', // 8
        '  - gbi-2stage.burnoutSpeed=fast', // 9
        '  - gbi-2stage.burnoutSped=8km/s', // 10
        '  - gbi-2stage.burnoutSpeed=-3km/s', // 11
        '  - ss-19.stages[7].mass=1t', // 12
        'studies:', // 13
        '  - { kind: engagement }', // 14
        '  - { kind: sweep, parameter: gbi-2stage.burnoutSpeed, values: [5km/s, banana] }', // 15
      ].join('\n'),
    );
    const { code, stderr } = await runCli('validate', bad);
    expect(code).toBe(2);
    const lines = stderr.trimEnd().split('\n');
    expect(lines).toHaveLength(5);
    const speed = 'gbi-2stage booster\\.burnoutSpeed to be a speed in \\(0\\.5, 11\\] km/s';
    const expected = [
      `bad\\.yaml:9:5: overrides\\[0\\]: got "gbi-2stage\\.burnoutSpeed=fast", expected ${speed}`,
      'bad\\.yaml:10:5: overrides\\[1\\]: got "gbi-2stage\\.burnoutSped=8km/s", expected a field of gbi-2stage .*did you mean booster\\.burnoutSpeed\\?',
      `bad\\.yaml:11:5: overrides\\[2\\]: got "gbi-2stage\\.burnoutSpeed=-3km/s", expected ${speed}`,
      'bad\\.yaml:12:5: overrides\\[3\\]: got "ss-19\\.stages\\[7\\]\\.mass=1t", expected a field of ss-19 \\(stages has 2 entries',
      `bad\\.yaml:15:72: studies\\[1\\]\\.values\\[1\\]: got "banana", expected ${speed}`,
    ];
    for (const [i, pattern] of expected.entries()) expect(lines[i]).toMatch(new RegExp(pattern));

    // The same file with values that apply cleanly is valid.
    const good = join(dir, 'good.yaml');
    writeFileSync(
      good,
      [
        ...head,
        'overrides: [gbi-2stage.burnoutSpeed=8.3km/s, "ss-19.stages[0].dryMass=5t"]',
        'studies:',
        '  - { kind: engagement }',
        '  - { kind: sweep, parameter: gbi-2stage.burnoutSpeed, values: [5km/s, 9km/s] }',
      ].join('\n'),
    );
    const ok = await runCli('validate', good, '--format', 'json');
    expect(ok.code).toBe(0);
    expect(JSON.parse(ok.stdout)).toMatchObject({ valid: true, studies: ['engagement', 'sweep'] });
  });

  it('schema: a JSON Schema (2020-12) of scenario files', async () => {
    const { code, stdout } = await runCli('schema');
    expect(code).toBe(0);
    const schema = JSON.parse(stdout);
    expect(schema.$schema).toMatch(/2020-12/);
    expect(schema.required).toEqual(expect.arrayContaining(['name', 'threats', 'studies']));
  });
});
