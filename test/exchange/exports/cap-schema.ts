import { readFileSync } from 'node:fs';
import { XMLParser } from 'fast-xml-parser';
import { validateXML } from 'xmllint-wasm';

/**
 * Validation of CAP alerts against the OASIS CAP 1.2 XML Schema by libxml2 (xmllint-wasm), and a
 * parser to read them back. One xmllint run checks many documents (each a file of its own, named
 * in the errors), which keeps a property test of a hundred alerts under a tenth of a second.
 */

const SCHEMA = {
  fileName: 'CAP-v1.2.xsd',
  contents: readFileSync('test/reference/schemas/cap/CAP-v1.2.xsd', 'utf8'),
};

export interface Document {
  readonly name: string;
  readonly xml: string;
}

/** The schema errors of the documents (empty when every one is valid). */
export async function capSchemaErrors(documents: readonly Document[]): Promise<string[]> {
  if (documents.length === 0) return [];
  const result = await validateXML({
    xml: documents.map((d) => ({ fileName: `${d.name}.xml`, contents: d.xml })),
    schema: SCHEMA,
  });
  return result.valid ? [] : result.errors.map((e) => e.rawMessage);
}

// biome-ignore lint/suspicious/noExplicitAny: parsed documents are read element by element
export type Node = any;

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  parseTagValue: false,
  isArray: (name) =>
    ['info', 'category', 'parameter', 'area', 'polygon', 'circle', 'entry', 'link'].includes(name),
});

export function parseXml(xml: string): Node {
  return parser.parse(xml);
}

/** The elements CAP 1.2 types as DateTime (3.3.2), with their text, wherever they occur. */
export function capTimes(xml: string): string[] {
  const times = [...xml.matchAll(/<(sent|effective|onset|expires)>([^<]*)<\//g)].map((m) => m[2]!);
  // The sent times inside <references> triples, and the time-valued parameters.
  for (const m of xml.matchAll(/<references>([^<]*)<\//g))
    for (const triple of m[1]!.trim().split(/\s+/)) times.push(triple.split(',')[2]!);
  for (const m of xml.matchAll(/<valueName>(launchTime|impactTime)<\/valueName>\s*<value>([^<]*)</g))
    times.push(m[2]!);
  return times;
}

/** CAP 1.2 3.3.2, with the schema's pattern: whole seconds and a numeric offset, here UTC as -00:00. */
export const CAP_UTC_TIME = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d-00:00$/;
