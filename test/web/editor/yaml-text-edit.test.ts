import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import {
  appendYamlItem,
  deleteYamlValue,
  renderScalar,
  setYamlValue,
} from '../../../web/src/editor/yaml-text-edit.js';

describe('YAML text edits', () => {
  it('writes strings that would read as something else in quotes', () => {
    for (const s of [
      'true',
      'null',
      '123',
      '0x1F',
      'a # b',
      'a: b',
      '[x]',
      '- x',
      ' lead',
      '',
      'a, b',
      "it's",
    ])
      expect(parse(`k: ${renderScalar(s)}`).k, s).toBe(s);
    expect(renderScalar('gbi-2stage.burnoutSpeed=8.3 km/s')).toBe('gbi-2stage.burnoutSpeed=8.3 km/s');
    expect(renderScalar('true')).toBe('"true"');
    expect(renderScalar(7)).toBe('7');
    expect(renderScalar('x', { json: false, style: 'QUOTE_SINGLE' })).toBe("'x'");
  });

  it('edits only the value, keeping comments, blank lines and quoting style', () => {
    const text = "# head\nname: 'Old name' # trailing\n\nseed: 1\n";
    expect(setYamlValue(text, ['name'], "New's name")).toBe(
      "# head\nname: 'New''s name' # trailing\n\nseed: 1\n",
    );
    expect(setYamlValue('name:\nseed: 1\n', ['name'], 'x')).toBe('name: x\nseed: 1\n');
    expect(setYamlValue('a: >-\n  folded\n  text\nb: 1\n', ['a'], 'short')).toBe('a: short\nb: 1\n');
  });

  it('adds keys after the preferred neighbour, in block and flow maps, and list items', () => {
    const text = 'name: x\nepoch: 2007-06-08\nthreats: []\n';
    expect(setYamlValue(text, ['seed'], 3, ['epoch'])).toBe(
      'name: x\nepoch: 2007-06-08\nseed: 3\nthreats: []\n',
    );
    expect(setYamlValue('name: x', ['seed'], 3)).toBe('name: x\nseed: 3');
    expect(setYamlValue('t: {}\n', ['t', 'k'], 'v')).toBe('t: {k: v}\n');
    expect(appendYamlItem('l: []\n', ['l'], 'a')).toBe('l: [a]\n');
    expect(appendYamlItem('l: [a]\n', ['l'], 'b')).toBe('l: [a, b]\n');
    expect(appendYamlItem('l:\n  - a # one\nm: 1\n', ['l'], 'b')).toBe('l:\n  - a # one\n  - b\nm: 1\n');
    expect(appendYamlItem('m: 1\n', ['l'], 'b', ['m'])).toBe('m: 1\nl:\n  - b\n');
  });

  it('removes a key or an item with its line, or with its comma in flow style', () => {
    expect(deleteYamlValue('a: 1 # x\nb: 2\n', ['a'])).toBe('b: 2\n');
    expect(deleteYamlValue('l:\n  - a\n  - b\n  - c\n', ['l', 1])).toBe('l:\n  - a\n  - c\n');
    expect(deleteYamlValue('l: [a, b, c]\n', ['l', 2])).toBe('l: [a, b]\n');
    expect(deleteYamlValue('l: [a, b, c]\n', ['l', 0])).toBe('l: [b, c]\n');
    expect(deleteYamlValue('{ a: 1, b: 2 }\n', ['b'])).toBe('{ a: 1 }\n');
  });

  it('falls back on the Document rendering when the text cannot be cut, and gets the data right', () => {
    // The first key of a `- ` item cannot leave with its line.
    const edited = deleteYamlValue('l:\n  - a: 1\n    b: 2\n', ['l', 0, 'a']);
    expect(parse(edited)).toEqual({ l: [{ b: 2 }] });
  });

  it('leaves a text that does not parse unchanged', () => {
    const broken = 'a: [1,\n';
    expect(setYamlValue(broken, ['a'], 1)).toBe(broken);
    expect(deleteYamlValue(broken, ['a'])).toBe(broken);
    expect(appendYamlItem(broken, ['a'], 1)).toBe(broken);
  });
});
