import { XMLBuilder } from 'fast-xml-parser';

/**
 * XML documents of the exports, built by fast-xml-parser's XMLBuilder, which escapes every text and
 * attribute value (&, <, >, ", '): no export concatenates text into markup. Elements come out in
 * the order of the object's keys, so a builder that lists them in the schema's order writes them so.
 * Keys starting with "@_" are attributes; undefined values are left out.
 */

const builder = new XMLBuilder({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  format: true,
  indentBy: '  ',
  suppressEmptyNode: true,
});

export function xmlDocument(root: Record<string, unknown>): string {
  return builder.build({ '?xml': { '@_version': '1.0', '@_encoding': 'UTF-8' }, ...root }) as string;
}

// XML 1.0 section 2.2 (Char): tab, line feed, carriage return, and U+0020 up, minus the surrogates,
// U+FFFE and U+FFFF. Escaping cannot carry anything else, so such text is refused.
const NOT_XML_CHAR = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u;

/** Text supplied by the caller (titles, names), checked to be representable in XML 1.0. */
export function xmlText(what: string, value: string): string {
  if (NOT_XML_CHAR.test(value))
    throw new Error(
      `${what}: text without control characters or lone surrogates, got ${JSON.stringify(value)}`,
    );
  return value;
}

/** An absolute http(s) URL, as given (xs:anyURI in CAP, an IRI in Atom). */
export function absoluteUrl(what: string, value: string): string {
  let url: URL | undefined;
  try {
    url = new URL(value);
  } catch {
    url = undefined;
  }
  if (url === undefined || (url.protocol !== 'http:' && url.protocol !== 'https:') || /\s/.test(value))
    throw new Error(`${what}: an absolute http or https URL, got ${JSON.stringify(value)}`);
  return value;
}

/** A base URL for building links: absolute http(s), without the trailing slash. */
export function baseUrl(what: string, value: string): string {
  return absoluteUrl(what, value).replace(/\/+$/, '');
}
