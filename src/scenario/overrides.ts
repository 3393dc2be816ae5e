import { InputError } from '../core/errors.js';

/**
 * Catalog overrides: `--set ID.FIELD=VALUE` on the command line (and `overrides:` in scenario
 * files). FIELD is a path in the entry's file (`booster.burnoutSpeed`, `stages[0].dryMass`) or,
 * when unambiguous, just the last name (`burnoutSpeed`). A cited value keeps its citation and gets
 * the new value, with a note that it was overridden; the entry's schema then checks the value.
 */
export interface Override {
  readonly id: string;
  readonly path: string;
  readonly value: string;
  /** How it was written, for messages. */
  readonly text: string;
}

export function parseOverride(text: string, flag = '--set'): Override {
  const m = /^([a-z][a-z0-9-]*)\.([A-Za-z_][\w.[\]]*)=(.+)$/.exec(text.trim());
  if (!m) throw new InputError(flag, text, 'ID.FIELD=VALUE, such as gbi-2stage.burnoutSpeed=8.3km/s');
  return { id: m[1]!, path: m[2]!, value: m[3]!.trim(), text };
}

type Key = string | number;

function splitPath(path: string): Key[] {
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
        throw new InputError(
          flag,
          o.text,
          `a field of ${id}${found.length > 1 ? ` (${o.path} is ambiguous: write its full path)` : ''}, such as one shown by \`shieldlab catalog show ${id}\``,
        );
      }
      path = found[0]!;
    }
    const current = getAt(copy, path);
    const parent = getAt(copy, path.slice(0, -1)) as Record<Key, unknown>;
    const last = path[path.length - 1]!;
    if (current !== null && typeof current === 'object' && !Array.isArray(current) && 'value' in current) {
      // The user's value replaces the cited one; the cited spread no longer brackets it.
      const { low, high, ...cited } = current as Record<string, unknown>;
      const spread =
        low !== undefined || high !== undefined ? ` (cited range ${low ?? '?'} to ${high ?? '?'})` : '';
      parent[last] = { ...cited, value: o.value, note: `overridden by ${flag} ${o.text}${spread}` };
    } else {
      parent[last] = /^[-+]?\d+(\.\d+)?([eE][-+]?\d+)?$/.test(o.value) ? Number(o.value) : o.value;
    }
  }
  return copy;
}

function getAt(data: unknown, path: readonly Key[]): unknown {
  let v: unknown = data;
  for (const k of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<Key, unknown>)[k];
  }
  return v;
}
