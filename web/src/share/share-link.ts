import LZString from 'lz-string';

/**
 * A scenario carried in a link: the whole file, compressed, in the URL fragment
 * (`#scenario=...`). The fragment never reaches a server, so a shared scenario stays between the
 * people who share it, and the app needs no storage to open it. Pure.
 *
 * Length: browsers open links of hundreds of thousands of characters, but mail programs, chat
 * services and link shorteners often cut links beyond about 2,000 characters. `shareLinkNote`
 * says when a link is longer than that, so the app can suggest sharing the file instead; a cut
 * link then opens as nothing (`scenarioFromUrl` gives null), never as a damaged scenario.
 */

const KEY = 'scenario';

/** Beyond this many characters some programs cut links (the long-standing 2,083 of old browsers). */
export const SHARE_URL_SAFE_LENGTH = 2000;

/** The base address (any fragment it had replaced) with the scenario in its fragment. */
export function shareUrl(baseUrl: string, scenarioText: string): string {
  const hash = baseUrl.indexOf('#');
  const base = hash < 0 ? baseUrl : baseUrl.slice(0, hash);
  return `${base}#${KEY}=${LZString.compressToEncodedURIComponent(scenarioText)}`;
}

/**
 * The scenario a link carries, byte for byte, or null when it carries none or it cannot be read
 * back exactly (cut short, altered, or not ours). Never throws.
 */
export function scenarioFromUrl(url: string): string | null {
  const hash = url.indexOf('#');
  if (hash < 0) return null;
  const field = url
    .slice(hash + 1)
    .split('&')
    .find((part) => part.startsWith(`${KEY}=`));
  if (field === undefined) return null;
  let encoded = field.slice(KEY.length + 1);
  try {
    // Some programs percent-encode the fragment; lz-string's alphabet needs no encoding.
    if (encoded.includes('%')) encoded = decodeURIComponent(encoded);
    // A space is a `+` that was decoded as in a form; punctuation after the link is not part of it.
    encoded = encoded.replace(/ /g, '+').replace(/[^A-Za-z0-9+\-$]+$/, '');
    const text = LZString.decompressFromEncodedURIComponent(encoded);
    // The decoder turns most damaged input into some text; only an exact round trip is ours.
    if (!text || LZString.compressToEncodedURIComponent(text) !== encoded) return null;
    return text;
  } catch {
    return null;
  }
}

/** A sentence for the reader when a link is long enough to be cut by some programs, else null. */
export function shareLinkNote(url: string): string | null {
  if (url.length <= SHARE_URL_SAFE_LENGTH) return null;
  return `This link is ${url.length.toLocaleString('en-US')} characters long; some mail and chat programs cut links longer than about ${SHARE_URL_SAFE_LENGTH.toLocaleString('en-US')} characters. If it does not open, share the scenario file instead.`;
}
