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
        // A range where nothing samples it.
        'broken.yaml:4:73 threats[1].launchTime',
      ]),
    );
    expect(errors).toHaveLength(12);
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

  it("a study's own sensors, sharing and comparison name what the file has; uncertainty parameters name used entries", () => {
    const text = (studies: string) =>
      `name: s\nthreats:\n  - { id: t, missile: iran-irbm, from: tabriz, to: london }\ndefence:\n  interceptorSites:\n    - { site: redzikowo, interceptor: gbi-2stage, inventory: 1 }\n  sensors: [emr-brdy, gabala-radar]\nstudies:\n${studies}`;
    const errors = (studies: string) =>
      checkScenario('s.yaml', text(studies), catalogs).errors.map((e) => `${e.path}: ${e.expected}`);
    const good = [
      '  - { kind: sensing, id: a, sharing: own-sensors }',
      '  - { kind: sensing, id: b, sharing: all, sensors: [emr-brdy], compareWith: a }',
      '  - { kind: uncertainty, samples: 4, parameters: [gbi-2stage.burnoutSpeed, emr-brdy.lossesDb] }',
    ].join('\n');
    expect(errors(good)).toEqual([]);
    expect(
      errors(
        [
          '  - { kind: sensing, id: a, sharing: none, sensors: [thule-uewr] }',
          '  - { kind: engagement, id: b, compareWith: a }', // a is a sensing study
          '  - { kind: sensing, id: c, compareWith: d }', // d comes later
          '  - { kind: sensing, id: d }',
          '  - { kind: uncertainty, parameters: [ss-19.burnTime, gbi-2stage.burnoutSped] }',
        ].join('\n'),
      ),
    ).toEqual([
      'studies[0].sensors[0]: a sensor of defence.sensors: one of emr-brdy, gabala-radar',
      expect.stringMatching(/^studies\[0\]\.sharing: an arrangement of data\/sharing\.yaml/),
      'studies[1].compareWith: the id of an earlier engagement study (this file has none before it)',
      'studies[2].compareWith: the id of an earlier sensing study: one of a',
      expect.stringMatching(/^studies\[4\]\.parameters\[0\]: ID\.FIELD for an entry this scenario uses: /),
      expect.stringMatching(/^studies\[4\]\.parameters\[1\]: .*did you mean booster\.burnoutSpeed/),
    ]);
  });

  it("a missile defined in the file: checked by the missile file's schema at the scenario's lines, usable by id", () => {
    const inline = readFileSync('test/fixtures/scenarios/inline-missile.yaml', 'utf8');
    expect(checkScenario('inline.yaml', inline, catalogs).errors).toEqual([]);
    // An override on it applies as on a catalog missile; a bad one is reported at its item.
    const withOverrides = `${inline}overrides: ["illustrative-icbm.stages[0].burnTime=70 s", "illustrative-icbm.stages[0].burnTime=-1 s"]\n`;
    expect(
      checkScenario('inline.yaml', withOverrides, catalogs).errors.map((e) => `${e.path}: ${e.expected}`),
    ).toEqual([expect.stringMatching(/^overrides\[1\]: .*a time/)]);
    // A negative mass, and an id that a catalog missile already has.
    const broken = inline
      .replace('dryMass: 2000 kg', 'dryMass: -2000 kg')
      .replace('id: illustrative-icbm', 'id: ss-19')
      .replace('missile: illustrative-icbm', 'missile: ss-19');
    const lines = broken.split('\n');
    const errors = checkScenario('inline.yaml', broken, catalogs).errors;
    expect(errors.map((e) => e.path)).toEqual(['missiles[0].id']);
    const badMass = checkScenario(
      'inline.yaml',
      inline.replace('dryMass: 2000 kg', 'dryMass: -2000 kg'),
      catalogs,
    ).errors;
    expect(badMass.map((e) => e.path)).toEqual(['missiles[0].stages[0].dryMass']);
    // At the line of the bad value in the scenario file.
    const line = lines.findIndex((l) => l.includes('dryMass: -2000 kg')) + 1;
    expect(badMass[0]!.message).toMatch(new RegExp(`^inline\\.yaml:${line}:\\d+: `));
  });

  describe('overrides and sweep values, applied to the catalog entry each names', () => {
    const scenario = (lines: string[]) =>
      [
        'name: o', // 1
        'threats:', // 2
        '  - { id: t, missile: ss-19, from: kozelsk, to: washington }', // 3
        'defence:', // 4
        '  interceptorSites:', // 5
        '    - { site: redzikowo, interceptor: gbi-2stage, inventory: 10 }', // 6
        '  sensors: [emr-brdy]', // 7
        ...lines, // from line 8
      ].join('\n');
    const check = (lines: string[]) => checkScenario('o.yaml', scenario(lines), catalogs);

    it("each bad override is one problem at its list item: value, field and the entry schema's expectation", () => {
      const { scenario: s, errors } = check([
        'overrides:', // 8
        '  - gbi-2stage.burnoutSpeed=fast', // 9
        '  - gbi-2stage.burnoutSped=8km/s', // 10
        '  - gbi-2stage.burnoutSpeed=-3km/s', // 11
        '  - ss-19.stages[7].mass=1t', // 12
        '  - gbi-2stage.killVehicle.mass=70kg', // 13: fine
        'studies:', // 14
        '  - { kind: engagement, commitTime: 200 s }', // 15
      ]);
      expect(s).toBeUndefined();
      expect(errors.map((e) => `${e.file} ${e.path} ${JSON.stringify(e.value)}`)).toEqual([
        'o.yaml:9:5 overrides[0] "gbi-2stage.burnoutSpeed=fast"',
        'o.yaml:10:5 overrides[1] "gbi-2stage.burnoutSped=8km/s"',
        'o.yaml:11:5 overrides[2] "gbi-2stage.burnoutSpeed=-3km/s"',
        'o.yaml:12:5 overrides[3] "ss-19.stages[7].mass=1t"',
      ]);
      const [fast, misspelt, negative, noStage] = errors.map((e) => e.expected);
      // The bounds the interceptor file's schema states for the field.
      expect(fast).toMatch(
        /^gbi-2stage booster\.burnoutSpeed to be a speed in \(0\.5, 11\] km\/s .*"7\.2 km\/s"/,
      );
      expect(negative).toBe(fast);
      expect(misspelt).toMatch(/a field of gbi-2stage .*did you mean booster\.burnoutSpeed\?/);
      expect(noStage).toMatch(/a field of ss-19 .*stages has 2 entries, stages\[0\] to stages\[1\]/);
    });

    it('an override with a range of its own: checked like the cited ranges, only on cited values', () => {
      const problems = check([
        'overrides:',
        '  - gbi-2stage.burnoutSpeed=8 km/s in 7.5 km/s..8.5 km/s',
        '  - emr-brdy.lossesDb=12 in 13..15',
        '  - gbi-2stage.burnoutSpeed=8 km/s in 7.5 km/s..fast',
        'studies:',
        '  - { kind: trajectory }',
      ]).errors;
      expect(problems.map((e) => `${e.path}: ${e.expected}`)).toEqual([
        expect.stringMatching(/^overrides\[1\]: .*low <= value <= high/),
        expect.stringMatching(/^overrides\[2\]: .*a speed/),
      ]);
    });

    it('overrides that apply cleanly pass, in full and short form, for missiles, interceptors and sensors', () => {
      const { scenario: s, errors } = check([
        'overrides:',
        '  - gbi-2stage.burnoutSpeed=8.3km/s',
        '  - gbi-2stage.launchDelay=60',
        '  - ss-19.stages[0].dryMass=5t',
        '  - emr-brdy.radar.elevation.min=5deg',
        'studies:',
        '  - { kind: sweep, parameter: gbi-2stage.burnoutSpeed, values: [5.4 km/s, 6300, 9 km/s] }',
      ]);
      expect(errors).toEqual([]);
      expect(s!.overrides).toHaveLength(4);
    });

    it('checks across fields see the other overrides of the same entry, as a run would', () => {
      const { errors } = check([
        'overrides:', // 8
        '  - emr-brdy.radar.elevation.min=50deg', // 9: fine alone
        '  - emr-brdy.radar.elevation.max=40deg', // 10: fine alone, not with the one above
        '  - ss-19.stages[0].propellantMass=1kg', // 11: the missile no longer leaves the pad
        'studies:',
        '  - { kind: engagement, commitTime: 200 s }',
      ]);
      expect(errors.map((e) => `${e.file} ${e.path}`)).toEqual([
        'o.yaml:10:5 overrides[1]',
        'o.yaml:11:5 overrides[2]',
      ]);
      expect(errors[0]!.expected).toMatch(
        /radar\.elevation\.max to be an elevation above the minimum \(with overrides\[0\] applied too\)/,
      );
      expect(errors[1]!.expected).toMatch(/ss-19 stages\[0\] to be a thrust-to-weight ratio above 1/);
    });

    it('a sweep with one bad value among good ones reports exactly that value', () => {
      const { errors } = check([
        'studies:', // 8
        '  - { kind: engagement, commitTime: 200 s }', // 9
        '  - { kind: sweep, parameter: gbi-2stage.burnoutSpeed, values: [5km/s, 7000, 8.3 km/s, banana, 9km/s] }', // 10
        '  - kind: sweep', // 11
        '    parameter: "ss-19.stages[1].specificImpulse"', // 12
        '    values: [300 s, 320, 5 km]', // 13
      ]);
      expect(errors.map((e) => `${e.file} ${e.path} ${JSON.stringify(e.value)}`)).toEqual([
        'o.yaml:10:88 studies[1].values[3] "banana"',
        'o.yaml:13:26 studies[2].values[2] "5 km"',
      ]);
      expect(errors[0]!.expected).toMatch(
        /^gbi-2stage booster\.burnoutSpeed to be a speed in \(0\.5, 11\] km\/s/,
      );
      expect(errors[1]!.expected).toMatch(/^ss-19 stages\[1\]\.specificImpulse to be a time > 0/);
    });

    it('a swept field that is not there is one problem, at the parameter', () => {
      const { errors } = check([
        'studies:', // 8
        '  - { kind: sweep, parameter: gbi-2stage.burnoutSped, values: [5km/s, banana], commitTime: 200 s }', // 9
      ]);
      expect(errors.map((e) => `${e.file} ${e.path}`)).toEqual(['o.yaml:9:31 studies[0].parameter']);
      expect(errors[0]!.expected).toMatch(/did you mean booster\.burnoutSpeed\?/);
    });

    it("an override cannot reach beyond the entry's own data", () => {
      const { errors } = check([
        'overrides: ["gbi-2stage.__proto__.toString=x", "gbi-2stage.constructor.name=x"]',
        'studies:',
        '  - { kind: engagement, commitTime: 200 s }',
      ]);
      expect(errors.map((e) => e.path)).toEqual(['overrides[0]', 'overrides[1]']);
      expect(Object.prototype.toString).toBeTypeOf('function');
    });
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
