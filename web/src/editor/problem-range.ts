import type { Text } from '@codemirror/state';
import type { EditorProblem } from './editor-problem.js';

/**
 * Where a problem is marked in the document: from its column to the end of the value written
 * there (a quoted string, or a word up to a comma, bracket, brace, comment or key's colon), or the whole line
 * when the column lies beyond it. Lines past the end of the text are taken as the last line, so
 * a problem is never dropped because the text changed under it.
 */
export function problemRange(doc: Text, problem: EditorProblem): { from: number; to: number } {
  const line = doc.line(Math.min(Math.max(1, Math.floor(problem.line)), doc.lines));
  const offset = Math.max(0, Math.floor(problem.column) - 1);
  if (offset >= line.length) return { from: line.from, to: line.to };
  const rest = line.text.slice(offset);
  // A colon ends a key (`name:`) but not a value such as `12:30`.
  const value = /^("(?:[^"\\]|\\.)*"?|'(?:[^']|'')*'?|(?:[^\s,\]}#:]|:(?=[^\s,\]}]))+)/.exec(rest);
  const length = value ? value[0].length : rest.length;
  return { from: line.from + offset, to: line.from + offset + length };
}
