import { LineCounter, parseDocument, type YAMLError } from 'yaml';
import { InputError } from '../../../src/core/errors.js';
import { checkScenario, type ScenarioCatalogs } from '../../../src/scenario/scenario-file.js';
import type { EditorProblem } from './editor-problem.js';

/**
 * The checker's errors as editor problems: each at the line and column the checker located, with
 * the message `shieldlab validate` prints (field path, value, expectation) minus the file name,
 * since the problem already sits beside its line. Pure: runs in the browser and in Node.
 */

/** The path the checker gives a text that does not parse. */
const SYNTAX = '(syntax)';

/** checkScenario's errors (each `file:line:column`, or only the file when it has no place) as problems. */
export function problemsFromErrors(errors: readonly InputError[]): EditorProblem[] {
  return errors.map((error) => {
    const at = /:(\d+):(\d+)$/.exec(error.file ?? '');
    return {
      line: at ? Number(at[1]) : 1,
      column: at ? Number(at[2]) : 1,
      message: messageOf(error),
      severity: 'error',
    };
  });
}

function messageOf(error: InputError): string {
  // A syntax error's "value" is the parser's internal code, which tells a reader nothing.
  if (error.path === SYNTAX) return `${SYNTAX}: expected ${error.expected}`;
  return InputError.format(error.path, error.value, error.expected);
}

/**
 * Every YAML syntax error (the checker stops at the first) and warning of a text, each at its
 * line and column.
 */
export function yamlSyntaxProblems(text: string): EditorProblem[] {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: true, uniqueKeys: true });
  const problem = (e: YAMLError, severity: EditorProblem['severity']): EditorProblem => {
    const position = e.linePos?.[0];
    const reason = e.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
    return {
      line: position?.line ?? 1,
      column: position?.col ?? 1,
      message:
        severity === 'error' ? `${SYNTAX}: expected valid YAML or JSON: ${reason}` : `${SYNTAX}: ${reason}`,
      severity,
    };
  };
  return [...doc.errors.map((e) => problem(e, 'error')), ...doc.warnings.map((w) => problem(w, 'warning'))];
}

/**
 * Every problem of a scenario text, in reading order: all its syntax errors when it does not
 * parse, otherwise everything `shieldlab validate` reports, plus any YAML warnings.
 */
export function scenarioProblems(
  text: string,
  catalogs: ScenarioCatalogs,
  file = 'scenario.yaml',
): EditorProblem[] {
  const syntax = yamlSyntaxProblems(text);
  if (syntax.some((p) => p.severity === 'error')) return inReadingOrder(syntax);
  return inReadingOrder([...problemsFromErrors(checkScenario(file, text, catalogs).errors), ...syntax]);
}

function inReadingOrder(problems: EditorProblem[]): EditorProblem[] {
  return problems.sort((a, b) => a.line - b.line || a.column - b.column);
}
