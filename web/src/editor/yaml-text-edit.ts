import {
  type Document,
  isMap,
  isNode,
  isScalar,
  isSeq,
  type Pair,
  parseDocument,
  type Scalar,
  type YAMLMap,
  type YAMLSeq,
} from 'yaml';

/**
 * Edits of a YAML (or JSON) text that rewrite only the characters of the value concerned, so
 * comments, blank lines, flow or block style, folded descriptions and everything else stay as the
 * author wrote them: the yaml Document API locates the node (with its place in the text) and says
 * what the edit means; the text is then cut at that place. The cut text must read back as the
 * same data as the Document API's own edit, or that Document's rendering is returned instead
 * (comments kept, layout normalised), so an edit is never wrong, at worst reformatted. A text
 * that does not parse is returned unchanged: nothing can be located in it.
 */

export type YamlPath = ReadonlyArray<string | number>;
export type YamlScalar = string | number | boolean;

/**
 * Sets the scalar at `path`. A key missing from its map is added after the first of the keys
 * `after` present there (so `seed` lands beside `epoch`), else after the map's last key.
 */
export function setYamlValue(
  text: string,
  path: YamlPath,
  value: YamlScalar,
  after: readonly string[] = [],
): string {
  return edit(
    text,
    (doc) => doc.setIn(path, value),
    (doc) => spliceSet(text, doc, path, value, after),
  );
}

/** Removes the key or list item at `path`, with its line in block style. */
export function deleteYamlValue(text: string, path: YamlPath): string {
  return edit(
    text,
    (doc) => doc.deleteIn(path),
    (doc) => spliceDelete(text, doc, path),
  );
}

/**
 * Appends a scalar to the list at `path`, creating the list (in block style, or flow style in a
 * flow map) when its key is missing, placed as `setYamlValue` places a key.
 */
export function appendYamlItem(
  text: string,
  path: YamlPath,
  value: YamlScalar,
  after: readonly string[] = [],
): string {
  return edit(
    text,
    (doc) => {
      if (isSeq(doc.getIn(path, true))) doc.addIn(path, value);
      else doc.setIn(path, doc.createNode([value]));
    },
    (doc) => spliceAppend(text, doc, path, value, after),
  );
}

function edit(
  text: string,
  meaning: (doc: Document) => void,
  splice: (doc: Document) => string | undefined,
): string {
  const located = parseDocument(text);
  if (located.errors.length > 0) return text;
  const expected = parseDocument(text);
  meaning(expected);
  const spliced = splice(located);
  if (spliced !== undefined) {
    const check = parseDocument(spliced);
    if (check.errors.length === 0 && sameData(check.toJS(), expected.toJS())) return spliced;
  }
  return expected.toString();
}

// --- locating -----------------------------------------------------------------------------------

type Range = readonly [number, number, number];

function collectionAt(doc: Document, path: YamlPath): unknown {
  return path.length === 0 ? doc.contents : doc.getIn(path, true);
}

function keyOf(pair: Pair): unknown {
  return isScalar(pair.key) ? pair.key.value : pair.key;
}

function findPair(map: YAMLMap, key: string | number): Pair | undefined {
  return map.items.find((p) => keyOf(p) === key);
}

function rangeOf(node: unknown): Range | undefined {
  return isNode(node) && node.range ? node.range : undefined;
}

/** A pair's extent in the text: from its key to the end of its value. */
function pairSpan(pair: Pair): { start: number; end: number } | undefined {
  const key = rangeOf(pair.key);
  if (!key) return undefined;
  return { start: key[0], end: rangeOf(pair.value)?.[1] ?? key[1] };
}

function scalarType(node: unknown): Scalar.Type | undefined {
  return isScalar(node) ? node.type : undefined;
}

function isFlow(node: unknown): boolean {
  return (isMap(node) || isSeq(node)) && node.flow === true;
}

/** A JSON file stays JSON: its keys are double-quoted at the top. */
function isJson(doc: Document): boolean {
  const root = doc.contents;
  const first = isMap(root) ? root.items[0]?.key : undefined;
  return isMap(root) && root.flow === true && isScalar(first) && first.type === 'QUOTE_DOUBLE';
}

// --- text positions -----------------------------------------------------------------------------

function lineStart(text: string, position: number): number {
  return text.lastIndexOf('\n', position - 1) + 1;
}

/** Just after the line on which a node ends (block nodes already end after their newline). */
function lineEndAfter(text: string, end: number): number {
  if (end > 0 && text[end - 1] === '\n') return end;
  const newline = text.indexOf('\n', end);
  return newline < 0 ? text.length : newline + 1;
}

function insertLines(text: string, position: number, lines: readonly string[]): string {
  const block = lines.join('\n');
  if (position >= text.length && text.length > 0 && !text.endsWith('\n')) return `${text}\n${block}`;
  return `${text.slice(0, position)}${block}\n${text.slice(position)}`;
}

function replaceRange(text: string, start: number, end: number, replacement: string): string {
  // A block node's range takes in its final newline; the line must still end.
  const newline = text.slice(start, end).endsWith('\n') && !replacement.endsWith('\n') ? '\n' : '';
  return `${text.slice(0, start)}${replacement}${newline}${text.slice(end)}`;
}

/**
 * Adds an entry after another in a flow collection: on the same line, or on a line of its own
 * with the other's indentation when the collection has one entry a line (pretty-printed JSON).
 */
function afterFlowEntry(
  text: string,
  collection: YAMLMap | YAMLSeq,
  other: { start: number; end: number },
  entry: string,
): string {
  const open = rangeOf(collection)?.[0] ?? other.start;
  const oneALine = text.slice(open, other.start).includes('\n');
  const start = lineStart(text, other.start);
  const separator = oneALine ? `,\n${text.slice(start, other.start).replace(/\S/g, ' ')}` : ', ';
  return `${text.slice(0, other.end)}${separator}${entry}${text.slice(other.end)}`;
}

/** Removes entry `index` of a flow collection with the comma that separates it from a neighbour. */
function removeFlowEntry(
  text: string,
  spans: ReadonlyArray<{ start: number; end: number } | undefined>,
  index: number,
): string | undefined {
  const span = spans[index];
  if (!span) return undefined;
  const next = spans[index + 1];
  const previous = spans[index - 1];
  if (next) return text.slice(0, span.start) + text.slice(next.start);
  if (previous) return text.slice(0, previous.end) + text.slice(span.end);
  return text.slice(0, span.start) + text.slice(span.end);
}

// --- scalars ------------------------------------------------------------------------------------

interface ScalarStyle {
  readonly json: boolean;
  /** The style of the scalar being replaced, which is kept where it can hold the value. */
  readonly style?: Scalar.Type | undefined;
}

/** A scalar as YAML text, valid in block and flow context alike. */
export function renderScalar(value: YamlScalar, { json, style }: ScalarStyle = { json: false }): string {
  if (typeof value !== 'string') return String(value);
  if (json || style === 'QUOTE_DOUBLE') return JSON.stringify(value);
  if (style === 'QUOTE_SINGLE' && !/[\n\r]/.test(value)) return `'${value.replace(/'/g, "''")}'`;
  return readsBackPlain(value) ? value : JSON.stringify(value);
}

/** Whether a string written without quotes reads back as itself, in a block map and in a flow list. */
function readsBackPlain(value: string): boolean {
  if (value === '' || value !== value.trim() || /[\n\r\t]/.test(value)) return false;
  const block = parseDocument(`k: ${value}`);
  const flow = parseDocument(`[${value}]`);
  if (block.errors.length + block.warnings.length + flow.errors.length + flow.warnings.length > 0)
    return false;
  const read = [(block.toJS() as { k?: unknown } | null)?.k, ...((flow.toJS() as unknown[] | null) ?? [])];
  return read.length === 2 && read.every((v) => v === value);
}

// --- the edits ----------------------------------------------------------------------------------

function spliceSet(
  text: string,
  doc: Document,
  path: YamlPath,
  value: YamlScalar,
  after: readonly string[],
): string | undefined {
  const key = path.at(-1);
  if (key === undefined) return undefined;
  const parent = collectionAt(doc, path.slice(0, -1));
  const json = isJson(doc);
  if (isMap(parent)) {
    const pair = findPair(parent, key);
    if (!pair) return insertPair(text, doc, parent, String(key), { scalar: value }, after);
    const range = rangeOf(pair.value);
    const empty =
      isScalar(pair.value) && pair.value.value === null && range !== undefined && range[0] === range[1];
    const keyRange = rangeOf(pair.key);
    const colon = keyRange ? text.indexOf(':', keyRange[1]) : -1;
    if (range && !empty) {
      if (isScalar(pair.value) || isFlow(pair.value) || colon < 0)
        return replaceRange(
          text,
          range[0],
          range[1],
          renderScalar(value, { json, style: scalarType(pair.value) }),
        );
      // A block collection starts on the line below its key; the scalar goes beside the key.
      return replaceRange(text, colon + 1, range[1], ` ${renderScalar(value, { json })}`);
    }
    // `key:` with nothing after it.
    if (colon < 0) return undefined;
    return `${text.slice(0, colon + 1)} ${renderScalar(value, { json })}${text.slice(colon + 1)}`;
  }
  if (isSeq(parent) && typeof key === 'number') {
    const item: unknown = parent.items[key];
    const range = rangeOf(item);
    if (!range) return undefined;
    return replaceRange(text, range[0], range[1], renderScalar(value, { json, style: scalarType(item) }));
  }
  return undefined;
}

type NewValue = { readonly scalar: YamlScalar } | { readonly list: readonly YamlScalar[] };

function insertPair(
  text: string,
  doc: Document,
  map: YAMLMap,
  key: string,
  value: NewValue,
  after: readonly string[],
): string | undefined {
  const json = isJson(doc);
  const keyText = renderScalar(key, { json });
  const anchor = after.map((k) => findPair(map, k)).find((p) => p !== undefined) ?? map.items.at(-1);
  if (map.flow) {
    const valueText =
      'scalar' in value
        ? renderScalar(value.scalar, { json })
        : `[${value.list.map((v) => renderScalar(v, { json })).join(', ')}]`;
    const entry = `${keyText}: ${valueText}`;
    if (!anchor) {
      const open = text.indexOf('{', rangeOf(map)?.[0] ?? 0);
      return open < 0 ? undefined : `${text.slice(0, open + 1)}${entry}${text.slice(open + 1)}`;
    }
    const span = pairSpan(anchor);
    return span === undefined ? undefined : afterFlowEntry(text, map, span, entry);
  }
  const first = map.items[0] ? rangeOf(map.items[0].key) : undefined;
  const end = anchor ? pairSpan(anchor)?.end : undefined;
  if (!first || end === undefined) return undefined;
  const indent = ' '.repeat(first[0] - lineStart(text, first[0]));
  const lines =
    'scalar' in value
      ? [`${indent}${keyText}: ${renderScalar(value.scalar, { json })}`]
      : [`${indent}${keyText}:`, ...value.list.map((v) => `${indent}  - ${renderScalar(v, { json })}`)];
  return insertLines(text, lineEndAfter(text, end), lines);
}

function spliceAppend(
  text: string,
  doc: Document,
  path: YamlPath,
  value: YamlScalar,
  after: readonly string[],
): string | undefined {
  const target = collectionAt(doc, path);
  const json = isJson(doc);
  if (target === undefined) {
    const key = path.at(-1);
    const parent = collectionAt(doc, path.slice(0, -1));
    if (key === undefined || !isMap(parent)) return undefined;
    return insertPair(text, doc, parent, String(key), { list: [value] }, after);
  }
  if (!isSeq(target)) return undefined;
  return appendToList(text, target, renderScalar(value, { json }));
}

function appendToList(text: string, seq: YAMLSeq, item: string): string | undefined {
  const ranges = seq.items.map(rangeOf);
  const last = ranges.at(-1);
  if (seq.flow) {
    if (last) return afterFlowEntry(text, seq, { start: last[0], end: last[1] }, item);
    const open = text.indexOf('[', rangeOf(seq)?.[0] ?? 0);
    return open < 0 ? undefined : `${text.slice(0, open + 1)}${item}${text.slice(open + 1)}`;
  }
  const first = ranges[0];
  if (!first || !last) return undefined;
  const dash = text.slice(lineStart(text, first[0]), first[0]);
  // The first item's line is `  - value`: the new one copies its indentation and dash.
  if (!/^\s*-\s+$/.test(dash)) return undefined;
  return insertLines(text, lineEndAfter(text, last[1]), [`${dash}${item}`]);
}

function spliceDelete(text: string, doc: Document, path: YamlPath): string | undefined {
  const key = path.at(-1);
  if (key === undefined) return undefined;
  const parent = collectionAt(doc, path.slice(0, -1));
  if (isMap(parent)) {
    const index = parent.items.findIndex((p) => keyOf(p) === key);
    if (index < 0) return text;
    if (parent.flow) return removeFlowEntry(text, parent.items.map(pairSpan), index);
    const span = pairSpan(parent.items[index]!);
    if (!span) return undefined;
    const start = lineStart(text, span.start);
    // Only a key that begins its line can go with its line (not the first key of a `- ` item).
    if (text.slice(start, span.start).trim() !== '') return undefined;
    return text.slice(0, start) + text.slice(lineEndAfter(text, span.end));
  }
  if (isSeq(parent) && typeof key === 'number') {
    const spans = parent.items.map((item: unknown) => {
      const range = rangeOf(item);
      return range ? { start: range[0], end: range[1] } : undefined;
    });
    if (parent.flow) return removeFlowEntry(text, spans, key);
    const span = spans[key];
    if (!span) return undefined;
    const start = lineStart(text, span.start);
    if (!/^\s*-\s+$/.test(text.slice(start, span.start))) return undefined;
    return text.slice(0, start) + text.slice(lineEndAfter(text, span.end));
  }
  return undefined;
}

/** Deep equality of plain data, whatever the order of keys. */
function sameData(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  return (
    ka.length === kb.length &&
    ka.every(
      (k) =>
        Object.hasOwn(b, k) && sameData((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]),
    )
  );
}
