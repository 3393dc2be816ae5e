import { InputError } from '../core/errors.js';

/**
 * Catalog overrides: `--set ID.FIELD=VALUE` on the command line (and `overrides:` in scenario
 * files). FIELD is a path in the entry's file (`booster.burnoutSpeed`, `stages[0].dryMass`) or,
 * when unambiguous, just the last name (`burnoutSpeed`). A cited value keeps its citation and gets
 * the new value, with a note that it was overridden; the entry's schema then checks the value.
 * `ID.FIELD=VALUE in LOW..HIGH` also replaces the cited range, which uncertainty studies sample:
 * a user's own judgement of a parameter, stated in the scenario file.
 */
export interface Override {
  readonly id: string;
  readonly path: string;
  readonly value: string;
  /** A range that replaces the cited one (`in LOW..HIGH`). */
  readonly range?: { readonly low: string; readonly high: string };
  /** How it was written, for messages. */
  readonly text: string;
}

/** An override whose field is not in the entry (whatever its value): `validate` reports it once. */
export class UnknownOverrideField extends InputError {}

export function parseOverride(text: string, flag = '--set'): Override {
  const m = /^([a-z][a-z0-9-]*)\.([A-Za-z_][\w.[\]]*)=(.+)$/.exec(text.trim());
  if (!m) throw new InputError(flag, text, 'ID.FIELD=VALUE, such as gbi-2stage.burnoutSpeed=8.3km/s');
  const ranged = /^(.+?)\s+in\s+(.+?)\s*\.\.\s*(.+)$/.exec(m[3]!.trim());
  return ranged
    ? { id: m[1]!, path: m[2]!, value: ranged[1]!, range: { low: ranged[2]!, high: ranged[3]!.trim() }, text }
    : { id: m[1]!, path: m[2]!, value: m[3]!.trim(), text };
}

type Key = string | number;

/** A field path (`stages[0].dryMass`) as its keys. */
export function splitPath(path: string): Key[] {
  return [...path.matchAll(/([^.[\]]+)|\[(\d+)\]/g)].map((m) => (m[2] !== undefined ? Number(m[2]) : m[1]!));
}

/** Every path in `data` ending with the key `name` (for the short form). */
function findLeaf(data: unknown, name: string, prefix: Key[] = []): Key[][] {
  if (data === null || typeof data !== 'object') return [];
  const out: Key[][] = [];
  for (const [k, v] of Object.entries(data)) {
    const key: Key = Array.isArray(data) ? Number(k) : k;
    if (k === name) out.push([...prefix, key]);
    if (k !== 'sources' && k !== 'fit') out.push(...findLeaf(v, name, [...prefix, key]));
  }
  return out;
}

/** Apply overrides for entry `id` to its plain data (a deep copy is returned). */
export function applyOverrides(
  data: unknown,
  id: string,
  overrides: readonly Override[],
  flag = '--set',
): unknown {
  const mine = overrides.filter((o) => o.id === id);
  if (mine.length === 0) return data;
  const copy = structuredClone(data) as Record<string, unknown>;
  for (const o of mine) {
    let path = splitPath(o.path);
    if (getAt(copy, path) === undefined) {
      const found = path.length === 1 ? findLeaf(copy, String(path[0])) : [];
      if (found.length !== 1) {
        const why =
          found.length > 1
            ? `${o.path} is ambiguous: write its full path`
            : path.length === 1
              ? noSuchName(copy, String(path[0]))
              : whyNoField(copy, path);
        throw new UnknownOverrideField(
          flag,
          o.text,
          `a field of ${id} (${why}), such as one shown by \`shieldlab catalog show ${id}\``,
        );
      }
      path = found[0]!;
    }
    const current = getAt(copy, path);
    const parent = getAt(copy, path.slice(0, -1)) as Record<Key, unknown>;
    const last = path[path.length - 1]!;
    if (current !== null && typeof current === 'object' && !Array.isArray(current) && 'value' in current) {
      // The user's value replaces the cited one; the cited spread no longer brackets it, unless
      // the user gives a range of their own.
      const { low, high, ...cited } = current as Record<string, unknown>;
      const spread =
        low !== undefined || high !== undefined ? ` (cited range ${low ?? '?'} to ${high ?? '?'})` : '';
      parent[last] = {
        ...cited,
        value: o.value,
        ...(o.range ? { low: o.range.low, high: o.range.high } : {}),
        note: `overridden by ${flag} ${o.text}${spread}`,
      };
    } else if (o.range) {
      throw new InputError(
        flag,
        o.text,
        `a single value for ${id} ${formatKeys(path)} (a range LOW..HIGH replaces only a cited value with its source)`,
      );
    } else {
      parent[last] = /^[-+]?\d+(\.\d+)?([eE][-+]?\d+)?$/.test(o.value) ? Number(o.value) : o.value;
    }
  }
  return copy;
}

/** The value at a path, following only the data's own fields (never `__proto__` or `constructor`). */
function getAt(data: unknown, path: readonly Key[]): unknown {
  let v: unknown = data;
  for (const k of path) {
    if (v === null || typeof v !== 'object' || !Object.hasOwn(v, k)) return undefined;
    v = (v as Record<Key, unknown>)[k];
  }
  return v;
}

/** Where a path leaves the entry's data, in words: the list's length, or a close name and the names there. */
function whyNoField(data: unknown, path: readonly Key[]): string {
  let v: unknown = data;
  const done: Key[] = [];
  for (const k of path) {
    const at = done.length > 0 ? formatKeys(done) : 'the entry';
    if (Array.isArray(v)) {
      if (typeof k !== 'number') return `${at} is a list: give an index such as ${formatKeys([...done, 0])}`;
      if (k >= v.length)
        return `${at} has ${v.length} entr${v.length === 1 ? 'y' : 'ies'}, ${formatKeys([...done, 0])} to ${formatKeys([...done, v.length - 1])}`;
    } else if (v !== null && typeof v === 'object') {
      if (typeof k === 'number') return `${at} is not a list`;
      if (!Object.hasOwn(v, k)) {
        const names = Object.keys(v).filter((n) => n !== 'sources' && n !== 'fit');
        const close = names.filter((n) => editDistance(n.toLowerCase(), k.toLowerCase()) <= 2);
        const hint =
          close.length > 0 ? `did you mean ${close.map((n) => formatKeys([...done, n])).join(' or ')}? ` : '';
        return `${hint}${at} has no ${k}; it has ${names.join(', ')}`;
      }
    } else {
      return `${formatKeys(done)} is a single value, not a group of fields`;
    }
    v = (v as Record<Key, unknown>)[k];
    done.push(k);
  }
  return `${formatKeys(path)} is not there`;
}

/** The short form found nothing: the fields with a close name, wherever they are. */
function noSuchName(data: unknown, name: string): string {
  const close: string[] = [];
  const walk = (node: unknown, prefix: Key[]) => {
    if (node === null || typeof node !== 'object') return;
    for (const [k, v] of Object.entries(node)) {
      if (k === 'sources' || k === 'fit') continue;
      const key: Key = Array.isArray(node) ? Number(k) : k;
      if (typeof key === 'string' && editDistance(key.toLowerCase(), name.toLowerCase()) <= 2)
        close.push(formatKeys([...prefix, key]));
      walk(v, [...prefix, key]);
    }
  };
  walk(data, []);
  const shown = close.slice(0, 4).join(' or ');
  return close.length > 0 ? `no field named ${name}: did you mean ${shown}?` : `no field named ${name}`;
}

function formatKeys(path: readonly Key[]): string {
  return path.map((k, i) => (typeof k === 'number' ? `[${k}]` : i === 0 ? k : `.${k}`)).join('');
}

/** Levenshtein distance, for suggesting the field a misspelt name meant. */
function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++)
      row[j] = Math.min(
        previous[j]! + 1,
        row[j - 1]! + 1,
        previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1),
      );
    previous = row;
  }
  return previous[b.length]!;
}
