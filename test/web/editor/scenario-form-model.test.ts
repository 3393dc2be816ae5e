import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { scenarioCatalogs } from '../../../src/cli/catalog-files.js';
import { checkScenario } from '../../../src/scenario/scenario-file.js';
import {
  applyFormChange,
  readFormFields,
  speedInKmPerSecond,
} from '../../../web/src/editor/scenario-form-model.js';

const catalogs = scenarioCatalogs();
const russia = readFileSync('scenarios/russia-question.yaml', 'utf8');
const iran = readFileSync('scenarios/iran-europe.yaml', 'utf8');

/** The lines that differ between two texts of the same length in lines. */
function changedLines(before: string, after: string): Array<[string, string]> {
  const a = before.split('\n');
  const b = after.split('\n');
  expect(b).toHaveLength(a.length);
  return a.flatMap((line, i) => (line === b[i] ? [] : [[line, b[i]!] as [string, string]]));
}

function valid(text: string): void {
  expect(checkScenario('edited.yaml', text, catalogs).errors.map((e) => e.message)).toEqual([]);
}

describe('scenario form model', () => {
  it('reads name, seed, threats and the interceptors used from a shipped scenario', () => {
    const fields = readFormFields(russia)!;
    expect(fields.name).toBe('The Russia question (2007)');
    expect(fields.seed).toBe(2007);
    expect(fields.threats).toHaveLength(6);
    expect(fields.threats[2]).toEqual({
      index: 2,
      id: 'teykovo-boston',
      missile: 'ss-25',
      from: 'teykovo',
      to: 'boston',
      trajectory: 'min-energy',
    });
    expect(fields.interceptors).toEqual([{ interceptor: 'gbi-2stage', burnoutSpeed: null, override: null }]);
  });

  it('changing a threat’s missile changes that value only, keeps every comment, and stays valid', () => {
    const edited = applyFormChange(russia, { field: 'threat', index: 2, key: 'missile', value: 'ss-27' });
    expect(changedLines(russia, edited)).toEqual([
      [
        '  - { id: teykovo-boston, missile: ss-25, from: teykovo, to: boston }',
        '  - { id: teykovo-boston, missile: ss-27, from: teykovo, to: boston }',
      ],
    ]);
    const comments = (t: string) => t.split('\n').filter((l) => l.trimStart().startsWith('#'));
    expect(comments(edited)).toEqual(comments(russia));
    expect(comments(edited).length).toBeGreaterThan(5);
    expect(readFormFields(edited)!.threats[2]!.missile).toBe('ss-27');
    valid(edited);
  });

  it('changes places and adds a trajectory inside the flow map, still valid', () => {
    let text = applyFormChange(iran, { field: 'threat', index: 0, key: 'to', value: 'berlin' });
    text = applyFormChange(text, { field: 'threat', index: 0, key: 'trajectory', value: 'lofted' });
    expect(changedLines(iran, text)).toEqual([
      [
        '  - { id: irbm-london, missile: iran-irbm, from: tabriz, to: london }',
        '  - { id: irbm-london, missile: iran-irbm, from: tabriz, to: berlin, trajectory: lofted }',
      ],
    ]);
    expect(readFormFields(text)!.threats[0]).toMatchObject({ to: 'berlin', trajectory: 'lofted' });
    valid(text);
    // The default needs no writing.
    expect(applyFormChange(iran, { field: 'threat', index: 1, key: 'trajectory', value: 'min-energy' })).toBe(
      iran,
    );
  });

  it('writes a burnout speed override, changes it, and removing it gives back the original bytes', () => {
    const set = applyFormChange(russia, { field: 'burnoutSpeed', interceptor: 'gbi-2stage', value: 8.3 });
    expect(set).toContain('seed: 2007\noverrides:\n  - gbi-2stage.burnoutSpeed=8.3 km/s\nthreats:');
    expect(readFormFields(set)!.interceptors).toEqual([
      { interceptor: 'gbi-2stage', burnoutSpeed: 8.3, override: 'gbi-2stage.burnoutSpeed=8.3 km/s' },
    ]);
    valid(set);
    const changed = applyFormChange(set, { field: 'burnoutSpeed', interceptor: 'gbi-2stage', value: 5.4 });
    expect(changedLines(set, changed)).toEqual([
      ['  - gbi-2stage.burnoutSpeed=8.3 km/s', '  - gbi-2stage.burnoutSpeed=5.4 km/s'],
    ]);
    valid(changed);
    expect(applyFormChange(changed, { field: 'burnoutSpeed', interceptor: 'gbi-2stage', value: null })).toBe(
      russia,
    );
  });

  it('keeps other overrides, the path and a range the user wrote', () => {
    const text = russia.replace(
      'seed: 2007\n',
      'seed: 2007\noverrides:\n  # the disputed figure\n  - gbi-2stage.booster.burnoutSpeed=8 km/s in 7.5 km/s..8.5 km/s\n  - ss-25.stages[0].burnTime=60 s\n',
    );
    valid(text);
    expect(readFormFields(text)!.interceptors[0]!.burnoutSpeed).toBe(8);
    const edited = applyFormChange(text, { field: 'burnoutSpeed', interceptor: 'gbi-2stage', value: 8.2 });
    expect(changedLines(text, edited)).toEqual([
      [
        '  - gbi-2stage.booster.burnoutSpeed=8 km/s in 7.5 km/s..8.5 km/s',
        '  - gbi-2stage.booster.burnoutSpeed=8.2 km/s in 7.5 km/s..8.5 km/s',
      ],
    ]);
    const removed = applyFormChange(edited, {
      field: 'burnoutSpeed',
      interceptor: 'gbi-2stage',
      value: null,
    });
    expect(removed).toContain('overrides:\n  # the disputed figure\n  - ss-25.stages[0].burnTime=60 s\n');
    expect(readFormFields(removed)!.interceptors[0]!.burnoutSpeed).toBeNull();
    valid(removed);
  });

  it('quotes a name that would not read back plain, and changes the seed in place', () => {
    const name = 'Russia: what if #2, [revised]';
    const named = applyFormChange(iran, { field: 'name', value: name });
    expect(readFormFields(named)!.name).toBe(name);
    expect(changedLines(iran, named)).toHaveLength(1);
    valid(named);
    const seeded = applyFormChange(named, { field: 'seed', value: 42 });
    expect(changedLines(named, seeded)).toEqual([['seed: 2007', 'seed: 42']]);
    const unseeded = applyFormChange(seeded, { field: 'seed', value: null });
    expect(unseeded).not.toMatch(/^seed:/m);
    const reseeded = applyFormChange(unseeded, { field: 'seed', value: 7 });
    expect(reseeded).toMatch(/^epoch: 2007-06-08\nseed: 7\n/m);
    valid(reseeded);
  });

  it('a JSON scenario stays JSON', () => {
    const json = `${JSON.stringify(parse(iran), null, 2)}\n`;
    let text = applyFormChange(json, { field: 'threat', index: 3, key: 'missile', value: 'iran-irbm' });
    text = applyFormChange(text, { field: 'burnoutSpeed', interceptor: 'gbi-2stage', value: 9 });
    text = applyFormChange(text, { field: 'threat', index: 0, key: 'trajectory', value: 'depressed' });
    // Written in the file's own layout, one entry a line, not re-rendered.
    expect(text).toContain(
      '  "seed": 2007,\n  "overrides": ["gbi-2stage.burnoutSpeed=9 km/s"],\n  "threats": [',
    );
    expect(text).toContain('      "to": "london",\n      "trajectory": "depressed"\n    },');
    expect(text.split('\n')).toHaveLength(json.split('\n').length + 2);
    const data = JSON.parse(text);
    expect(data.threats[3].missile).toBe('iran-irbm');
    expect(data.threats[0].trajectory).toBe('depressed');
    expect(data.overrides).toEqual(['gbi-2stage.burnoutSpeed=9 km/s']);
    valid(text);
  });

  it('block-style threats: a { lat, lon } place becomes a site id beside its key, comments kept', () => {
    const text = [
      'name: block',
      'threats:',
      '  - id: a',
      '    missile: ss-25 # the mobile one',
      '    from:',
      '      lat: 56.85',
      '      lon: 40.53',
      '    to: boston',
      'studies: [{ kind: trajectory }]',
      '',
    ].join('\n');
    valid(text);
    expect(readFormFields(text)!.threats[0]!.from).toBe('56.85,40.53');
    let edited = applyFormChange(text, { field: 'threat', index: 0, key: 'from', value: 'teykovo' });
    edited = applyFormChange(edited, { field: 'threat', index: 0, key: 'trajectory', value: 'lofted' });
    edited = applyFormChange(edited, { field: 'threat', index: 0, key: 'missile', value: 'ss-27' });
    expect(edited).toBe(
      [
        'name: block',
        'threats:',
        '  - id: a',
        '    missile: ss-27 # the mobile one',
        '    from: teykovo',
        '    to: boston',
        '    trajectory: lofted',
        'studies: [{ kind: trajectory }]',
        '',
      ].join('\n'),
    );
    valid(edited);
  });

  it('leaves a text that does not parse alone, and reads speeds in km/s', () => {
    const broken = 'name: [unclosed\n';
    expect(readFormFields(broken)).toBeNull();
    expect(applyFormChange(broken, { field: 'name', value: 'x' })).toBe(broken);
    expect(speedInKmPerSecond('8.3km/s')).toBe(8.3);
    expect(speedInKmPerSecond('7500')).toBe(7.5);
    expect(speedInKmPerSecond('7500 m/s')).toBe(7.5);
    expect(speedInKmPerSecond('fast')).toBeNull();
  });
});
