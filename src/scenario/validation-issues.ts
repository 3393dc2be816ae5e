import type { z } from 'zod';
import { InputError } from '../core/errors.js';
import { formatPath, type SourceDocument, valueAt } from './source-document.js';

/**
 * Turns schema validation issues into InputErrors that name file, line, column, field path,
 * value and expectation; every issue is kept so `validate` can list them all.
 */
export function issuesToErrors(doc: SourceDocument, issues: readonly z.core.$ZodIssue[]): InputError[] {
  return issues.flatMap((issue) => {
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => {
        const path = [...issue.path, key];
        return at(doc, path, valueAt(doc.data, path), `no field "${key}" here (${issue.message})`);
      });
    }
    const value = valueAt(doc.data, issue.path);
    return [at(doc, issue.path, value, describeIssue(issue, value))];
  });
}

function at(
  doc: SourceDocument,
  path: ReadonlyArray<PropertyKey>,
  value: unknown,
  expected: string,
): InputError {
  const keys = path.filter((k): k is string | number => typeof k !== 'symbol');
  const where = doc.locate(keys);
  return new InputError(formatPath(path), value, expected, where ? `${doc.file}:${where}` : doc.file);
}

function describeIssue(issue: z.core.$ZodIssue, value: unknown): string {
  // Custom issues carry our own expectation text; zod's own messages read "Invalid input: ...".
  if (issue.code === 'custom') return issue.message;
  if (issue.code === 'invalid_type' && value === undefined)
    return `a value (the field is required: ${issue.expected})`;
  return issue.message.replace(/^Invalid input: /, '').replace(/^expected /, '');
}
