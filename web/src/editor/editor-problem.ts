/**
 * A problem of the scenario text, placed where the editor shows it: beside the line it concerns,
 * and in the list under the editor.
 */
export interface EditorProblem {
  /** 1-based line of the text. */
  readonly line: number;
  /** 1-based column; past the end of the line means the whole line. */
  readonly column: number;
  /** What is wrong, naming the field path, the value and what was expected. */
  readonly message: string;
  readonly severity: 'error' | 'warning';
}
