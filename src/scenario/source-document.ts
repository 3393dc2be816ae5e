import { isNode, LineCounter, parseDocument } from 'yaml';
import { InputError } from '../core/errors.js';

/**
 * A parsed YAML or JSON input file that remembers where each value was written, so an error can
 * name the file, line, column and field path. JSON is read by the YAML parser (JSON is YAML 1.2).
 * Pure: takes text, not a path on disk.
 */
export interface SourceDocument {
  /** File name as the user gave it, used in messages. */
  readonly file: string;
  /** Plain data. */
  readonly data: unknown;
  /** "line:column" (1-based) of the value at a path, if it can be found. */
  locate(path: ReadonlyArray<string | number>): string | undefined;
}

export function parseSourceDocument(file: string, text: string): SourceDocument {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: true, uniqueKeys: true });
  const first = doc.errors[0];
  if (first) {
    const pos = first.linePos?.[0];
    const where = pos ? `${file}:${pos.line}:${pos.col}` : file;
    const reason = first.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
    throw new InputError('(syntax)', first.code, `valid YAML or JSON: ${reason}`, where);
  }
  // Aliases are resolved here, not by the parser: an alias before its anchor, or one that expands
  // too much, is found only now, and is bad input like any other.
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: 100 });
  } catch (e) {
    const message = e instanceof Error ? e.message.split('\n')[0]! : String(e);
    throw new InputError('(syntax)', 'alias', `valid YAML or JSON: ${message}`, file);
  }
  return {
    file,
    data,
    locate(path) {
      // The deepest node that exists along the path.
      for (let depth = path.length; depth >= 0; depth--) {
        const node = doc.getIn(path.slice(0, depth), true);
        if (isNode(node) && node.range) {
          const pos = lineCounter.linePos(node.range[0]);
          return `${pos.line}:${pos.col}`;
        }
      }
      return undefined;
    },
  };
}

/** `stages[0].dryMass` from ['stages', 0, 'dryMass']. */
export function formatPath(path: ReadonlyArray<PropertyKey>): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += out === '' ? String(key) : `.${String(key)}`;
  }
  return out || '(top level)';
}

/** The value at a path in plain data, or undefined. */
export function valueAt(data: unknown, path: ReadonlyArray<PropertyKey>): unknown {
  let v: unknown = data;
  for (const key of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<PropertyKey, unknown>)[key];
  }
  return v;
}
