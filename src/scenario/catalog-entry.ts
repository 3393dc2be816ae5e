import { z } from 'zod';
import { InputError } from '../core/errors.js';
import { DEFAULT_MISSILE_DRAG, dragTable } from '../flight/drag-table.js';
import type { StageInput } from '../flight/rocket.js';
import { applyOverrides, type Override } from './overrides.js';
import type { CitedValue } from './schema-quantity.js';
import { parseSourceDocument, type SourceDocument } from './source-document.js';
import { issuesToErrors } from './validation-issues.js';

/** What catalog entries (missiles, interceptors) share: provenance checks, stages, error placement. */

/** How fitted values were obtained, when the data behind them are not public. */
export const fitSchema = z.strictObject({
  method: z.string().min(1),
  inputs: z.array(z.string()).min(1),
  result: z.string().optional(),
});

/** One parameter of an entry with its provenance, for `catalog show` and the honesty tests. */
export interface CatalogParameter {
  /** Field path, such as `stages[0].dryMass`. */
  readonly path: string;
  readonly cited: CitedValue;
}

/** Citations by key; a plain list is keyed by position. */
export function keyedSources(
  sources: readonly string[] | Readonly<Record<string, string>> | undefined,
): Record<string, string> {
  return Array.isArray(sources)
    ? Object.fromEntries(sources.map((s, i) => [String(i + 1), s]))
    : { ...((sources as Record<string, string> | undefined) ?? {}) };
}

/** Every parameter's source must be a key of `sources`, or `fit` when a fit block exists. */
export function checkSources(
  parameters: readonly CatalogParameter[],
  sources: Readonly<Record<string, string>>,
  hasFit: boolean,
  doc: SourceDocument,
): void {
  for (const p of parameters) {
    const key = p.cited.source;
    if (key !== undefined && key !== 'fit' && !(key in sources)) {
      throw attributeError(
        new InputError(
          `${p.path}.source`,
          key,
          `a key of sources (${Object.keys(sources).join(', ') || 'none given'}) or "fit"`,
        ),
        doc,
      );
    }
    if (key === 'fit' && !hasFit) {
      throw attributeError(
        new InputError(`${p.path}.source`, key, 'a fit block describing the fit, or a key of sources'),
        doc,
      );
    }
  }
}

/** Parsed stage fields (cited values) to the rocket model's stage input. */
export function stageInputs(
  stages: ReadonlyArray<{
    readonly name?: string | undefined;
    readonly dryMass: CitedValue;
    readonly propellantMass: CitedValue;
    readonly specificImpulse: CitedValue;
    readonly specificImpulseSeaLevel?: CitedValue | undefined;
    readonly burnTime?: CitedValue | undefined;
    readonly thrust?: CitedValue | undefined;
    readonly diameter: CitedValue;
    readonly drag?:
      | ReadonlyArray<readonly [number, number]>
      | { readonly value: ReadonlyArray<readonly [number, number]> }
      | undefined;
    readonly coastAfter?: CitedValue | undefined;
  }>,
  path = 'stages',
): StageInput[] {
  const v = (c: CitedValue | undefined) => c?.value;
  return stages.map((s, i) => ({
    name: s.name ?? `stage ${i + 1}`,
    dryMass: s.dryMass.value,
    propellantMass: s.propellantMass.value,
    specificImpulse: s.specificImpulse.value,
    ...optional('specificImpulseSeaLevel', v(s.specificImpulseSeaLevel)),
    ...optional('burnTime', v(s.burnTime)),
    ...optional('thrust', v(s.thrust)),
    diameter: s.diameter.value,
    drag: s.drag
      ? dragTable('value' in s.drag ? s.drag.value : s.drag, `${path}[${i}].drag`)
      : DEFAULT_MISSILE_DRAG,
    ...optional('coastAfter', v(s.coastAfter)),
  }));
}

export function optional<K extends string, T>(key: K, value: T | undefined): { [P in K]?: T } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: T };
}

/** Every cited value in the parsed file, with its path. */
export function collectParameters(root: unknown): CatalogParameter[] {
  const out: CatalogParameter[] = [];
  const walk = (node: unknown, path: string) => {
    if (node === null || typeof node !== 'object') return;
    if ('dimension' in node && 'value' in node && typeof (node as CitedValue).value === 'number') {
      out.push({ path, cited: node as CitedValue });
      return;
    }
    if (Array.isArray(node)) {
      for (const [i, item] of node.entries()) walk(item, `${path}[${i}]`);
      return;
    }
    for (const [key, value] of Object.entries(node)) {
      if (key === 'drag' || key === 'sources' || key === 'fit') continue;
      walk(value, path ? `${path}.${key}` : key);
    }
  };
  walk(root, '');
  return out;
}

/** Attribute an error raised while building (path as text) to the file, line and column. */
export function attributeError(e: InputError, doc: SourceDocument): InputError {
  const keys = [...e.path.matchAll(/([^.[\]]+)|\[(\d+)\]/g)].map((m) =>
    m[2] !== undefined ? Number(m[2]) : m[1]!,
  );
  const where = doc.locate(keys);
  return e.inFile(where ? `${doc.file}:${where}` : doc.file);
}

export function firstError(errors: InputError[]): InputError {
  const first = errors[0]!;
  return errors.length > 1
    ? new InputError(
        first.path,
        first.value,
        `${first.expected} (and ${errors.length - 1} more problems)`,
        first.file,
      )
    : first;
}

/** A catalog entry file parsed and checked: overrides applied, schema validated, sources checked. */
export interface ParsedEntry<T> {
  readonly doc: SourceDocument;
  readonly entry: T;
  readonly sources: Record<string, string>;
  readonly parameters: CatalogParameter[];
}

export function parseCatalogEntry<S extends z.ZodType>(
  file: string,
  text: string,
  schema: S,
  overrides: readonly Override[],
): ParsedEntry<z.infer<S>> {
  const doc = parseSourceDocument(file, text);
  const id = (doc.data as { id?: unknown } | null)?.id;
  const data = typeof id === 'string' ? applyOverrides(doc.data, id, overrides) : doc.data;
  const parsed = schema.safeParse(data);
  if (!parsed.success) throw firstError(issuesToErrors({ ...doc, data }, parsed.error.issues));
  const entry = parsed.data as z.infer<S> & {
    sources?: readonly string[] | Record<string, string>;
    fit?: unknown;
  };
  const sources = keyedSources(entry.sources);
  const parameters = collectParameters(entry);
  checkSources(parameters, sources, entry.fit !== undefined, doc);
  return { doc, entry, sources, parameters };
}
