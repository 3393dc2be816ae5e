import { Text } from '@codemirror/state';
import { describe, expect, it } from 'vitest';
import type { EditorProblem } from '../../../web/src/editor/editor-problem.js';
import { problemRange } from '../../../web/src/editor/problem-range.js';

const doc = Text.of([
  'name: x', // 1
  'threats:', // 2
  '  - { id: a, missile: iran-irbn, from: tabriz, to: "51.5, -0.1" }', // 3
  '', // 4
]);

const at = (line: number, column: number): EditorProblem => ({
  line,
  column,
  message: 'm',
  severity: 'error',
});
const marked = (p: EditorProblem) => {
  const { from, to } = problemRange(doc, p);
  return doc.sliceString(from, to);
};

describe('problem range in the editor', () => {
  it('marks the value written at the column', () => {
    expect(marked(at(3, 23))).toBe('iran-irbn');
    expect(marked(at(3, 52))).toBe('"51.5, -0.1"');
    expect(marked(at(1, 7))).toBe('x');
  });

  it('marks the whole line when the column is beyond it, and keeps a problem past the end on the last line', () => {
    expect(marked(at(2, 40))).toBe('threats:');
    expect(problemRange(doc, at(9, 1))).toEqual({ from: doc.length, to: doc.length });
    expect(marked(at(0, 0))).toBe('name');
    expect(marked(at(2, 1))).toBe('threats');
  });
});
