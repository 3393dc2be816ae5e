import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { scenarioCatalogs } from '../../src/cli/catalog-files.js';
import { scenarioJsonSchema } from '../../src/cli/validate-command.js';
import { InputError } from '../../src/core/errors.js';
import { seededRandom } from '../../src/core/random.js';
import { checkScenario } from '../../src/scenario/scenario-file.js';

const catalogs = scenarioCatalogs();
const sample = readFileSync('scenarios/iran-europe.yaml', 'utf8');

describe('scenario files', () => {
  it('the shipped scenario is valid, its quantities in SI', () => {
    const { scenario, errors } = checkScenario('scenarios/iran-europe.yaml', sample, catalogs);
    expect(errors).toEqual([]);
    expect(scenario!.threats).toHaveLength(5);
    expect(scenario!.defence!.killAssessmentTime).toEqual({ value: 60 });
    expect(scenario!.threats[0]!.trajectory).toBe('min-energy'); // the default
  });

  it('lists every problem at once, each with its line and column, field, value and expectation', () => {
    const text = [
      'name: broken', // 1
      'threats:', // 2
      '  - { id: a, missile: iran-irbn, from: tabriz, to: londn }', // 3
      '  - { id: a, missile: iran-irbm, from: "95,10", to: london, launchTime: { low: 50 s, high: 100 s } }', // 4
      'defence:', // 5
      '  interceptorSites:', // 6
      '    - { site: redzikowo, interceptor: gbi-9, inventory: 10 }', // 7
      '  sensors: [emr-brdy, emr-brdy, radar-x]', // 8
      '  sharing: everything', // 9
      'overrides: [ "gbi-2stage.burnoutSpeed" ]', // 10
      'studies:', // 11
      '  - { kind: engagement, threat: b }', // 12
      '  - { kind: russia-question, targets: [washington, atlantis] }', // 13
    ].join('\n');
    const { scenario, errors } = checkScenario('broken.yaml', text, catalogs);
    expect(scenario).toBeUndefined();
    const found = errors.map((e) => `${e.file} ${e.path}`);
    expect(found).toEqual(
      expect.arrayContaining([
        'broken.yaml:4:11 threats[1].id',
        'broken.yaml:3:23 threats[0].missile',
        'broken.yaml:3:52 threats[0].to',
        'broken.yaml:4:40 threats[1].from',
        'broken.yaml:7:39 defence.interceptorSites[0].interceptor',
        'broken.yaml:8:23 defence.sensors[1]',
        'broken.yaml:8:33 defence.sensors[2]',
        'broken.yaml:9:12 defence.sharing',
        'broken.yaml:10:14 overrides[0]',
        'broken.yaml:12:33 studies[0].threat',
        'broken.yaml:13:52 studies[1].targets[1]',
      ]),
    );
    expect(errors).toHaveLength(11);
    // The bad latitude says why.
    expect(errors.find((e) => e.path === 'threats[1].from')!.expected).toMatch(/latitude/);
  });

  it('shape errors: a unit that does not fit, a range with low above high, an unknown field', () => {
    const text = sample
      .replace('killAssessmentTime: 60 s', 'killAssessmentTime: { low: 90 s, high: 30 s }')
      .replace('seed: 2007', 'seed: 2007\nhorizon: 5 s')
      .replace('epoch: 2007-06-08', 'epoch: 8 June 2007');
    const { errors } = checkScenario('x.yaml', text, catalogs);
    const byPath = Object.fromEntries(errors.map((e) => [e.path, e.expected]));
    expect(byPath['defence.killAssessmentTime']).toBe('low at most high');
    expect(byPath.horizon).toMatch(/no field "horizon"/);
    expect(byPath.epoch).toMatch(/ISO 8601/);
  });

  it('a footprint grid: north of south, at most 10,000 points, sensors to commit', () => {
    const text = (grid: string) =>
      `name: f\nthreats:\n  - { id: t, missile: iran-irbm, from: tabriz, to: london }\ndefence:\n  interceptorSites:\n    - { site: redzikowo, interceptor: gbi-2stage, inventory: 1 }\n  sensors: [emr-brdy]\nstudies:\n  - { kind: footprint, grid: ${grid} }\n`;
    const errors = (grid: string) => checkScenario('f.yaml', text(grid), catalogs).errors.map((e) => e.path);
    expect(errors('{ south: 40, north: 60, west: -10, east: 20, spacing: 1 }')).toEqual([]);
    expect(errors('{ south: 60, north: 40, west: -10, east: 20, spacing: 1 }')).toEqual([
      'studies[0].grid.north',
    ]);
    // 201 x 301 points at 0.1 deg.
    expect(errors('{ south: 40, north: 60, west: -10, east: 20, spacing: 0.1 }')).toEqual([
      'studies[0].grid.spacing',
    ]);
  });

  it('the JSON Schema in schema/ is the one generated from the code', () => {
    expect(JSON.parse(readFileSync('schema/scenario.schema.json', 'utf8'))).toEqual(
      JSON.parse(scenarioJsonSchema()),
    );
  });

  it('fuzz: 2,000 mutated scenario files give results or input errors, never a crash', () => {
    const random = seededRandom(6);
    const lines = sample.split('\n');
    const pieces = [
      '',
      ' ',
      ':',
      '-',
      '{',
      '}',
      '[',
      ']',
      '"',
      "'",
      '#',
      '&a',
      '*a',
      '!!binary',
      '1e999',
      'NaN',
      '-1',
      'km/s',
      '\t',
      '~',
    ];
    let valid = 0;
    for (let k = 0; k < 2000; k++) {
      const copy = [...lines];
      for (let m = 0; m < 1 + Math.floor(random() * 3); m++) {
        const i = Math.floor(random() * copy.length);
        const line = copy[i]!;
        const at = Math.floor(random() * (line.length + 1));
        const what = random();
        if (what < 0.3)
          copy[i] = line.slice(0, at) + pieces[Math.floor(random() * pieces.length)]! + line.slice(at);
        else if (what < 0.6) copy[i] = line.slice(0, at) + line.slice(at + 1 + Math.floor(random() * 5));
        else if (what < 0.8) copy.splice(i, 1);
        else copy.splice(i, 0, copy[Math.floor(random() * copy.length)]!);
      }
      const result = checkScenario(`fuzz-${k}.yaml`, copy.join('\n'), catalogs);
      if (result.scenario) valid++;
      else {
        expect(result.errors.length).toBeGreaterThan(0);
        for (const e of result.errors) {
          expect(e).toBeInstanceOf(InputError);
          // One well-formed line: file (and line:column), field, what came, what was expected.
          expect(e.message).toMatch(/^fuzz-\d+\.yaml(:\d+:\d+)?: .*: got .*, expected ./s);
        }
      }
    }
    // Some mutations are harmless (a comment, a space): the fuzz exercises both outcomes.
    expect(valid).toBeGreaterThan(0);
    expect(valid).toBeLessThan(2000);
  });
});
