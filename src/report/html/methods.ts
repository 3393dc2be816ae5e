import { escapeHtml } from './escape.js';

/**
 * The sections of docs/METHODS.md that explain the report's figures. Each figure links to a
 * section copied into the report's appendix rather than to the file itself: a link to
 * docs/METHODS.md relative to the output folder breaks as soon as the folder moves, a link to an
 * absolute path on this machine breaks on every other machine (and makes the bytes depend on
 * where shieldlab is installed), and the report must read offline. The copy is the text of the
 * version that computed the numbers; each section also names its heading anchor in
 * docs/METHODS.md for readers of the repository.
 */

/** A section number (`9.1`) and its title as written in docs/METHODS.md (stable by that file's promise). */
export const METHOD_SECTIONS = {
  guidance: ['4.4', 'Boost guidance'],
  events: ['5.3', 'Events'],
  aiming: ['6.2', 'Aiming'],
  geodesics: ['1.4', 'Geodesics'],
  radarGeometry: ['10.1', 'Geometry'],
  visibility: ['10.3', 'Visibility intervals'],
  track: ['10.4', 'Track build-up'],
  infrared: ['11', 'Infrared early-warning satellites'],
  sharing: ['12', 'Data sharing and the early-warning timeline'],
  windows: ['9.1', 'Launch and intercept windows'],
  shootLookShoot: ['9.2', 'Shoot-look-shoot'],
  reasons: ['9.5', 'Reasons for no intercept'],
  fittedBooster: ['7.2', 'The fitted booster'],
  russia: ['13', 'The Russia question table'],
  footprint: ['14.1', 'Footprints'],
  sweep: ['14.2', 'Sweeps'],
  uncertainty: ['14.3', 'Uncertainty'],
  raid: ['14.4', 'Raids and effectiveness'],
  citations: ['15.1', 'How parameters are cited'],
} as const satisfies Record<string, readonly [string, string]>;

export type MethodKey = keyof typeof METHOD_SECTIONS;

export interface MethodsSection {
  readonly key: MethodKey;
  readonly number: string;
  readonly title: string;
  /** The section's text (Markdown) from docs/METHODS.md, or null when the file is not installed. */
  readonly text: string | null;
}

/** The in-report anchor of a section. */
export function methodAnchor(key: MethodKey): string {
  return `method-${METHOD_SECTIONS[key][0].replace(/\./g, '-')}`;
}

/** The heading anchor GitHub and most Markdown viewers give a section of docs/METHODS.md. */
export function markdownAnchor(key: MethodKey): string {
  const [number, title] = METHOD_SECTIONS[key];
  return sectionAnchor(number, title);
}

/** The anchor of a numbered section of docs/METHODS.md: "## 13. Title" for chapters, "### 9.1 Title" below. */
export function sectionAnchor(number: string, title: string): string {
  return headingAnchor(number.includes('.') ? `${number} ${title}` : `${number}. ${title}`);
}

/**
 * The anchor GitHub gives a Markdown heading: lower case, punctuation other than hyphens dropped,
 * spaces turned into hyphens. The web app's methods page gives its headings the same anchors.
 */
export function headingAnchor(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/[^a-z0-9 -]/g, '')
    .replace(/ /g, '-');
}

/** Every section the report cites, with its text taken from docs/METHODS.md (null: not installed). */
export function methodsSections(markdown: string | null): MethodsSection[] {
  return (Object.keys(METHOD_SECTIONS) as MethodKey[]).map((key) => {
    const [number, title] = METHOD_SECTIONS[key];
    return { key, number, title, text: markdown === null ? null : sectionText(markdown, number, title) };
  });
}

/**
 * A section's text: from its heading to the next heading of the same or a higher level.
 * Throws when the heading is missing, so a renamed section fails the tests rather than
 * leaving a dangling link.
 */
export function sectionText(markdown: string, number: string, title: string): string {
  const lines = markdown.split('\n');
  const level = number.includes('.') ? '###' : '##';
  const heading = number.includes('.') ? `${level} ${number} ${title}` : `${level} ${number}. ${title}`;
  const start = lines.findIndex((l) => l.trim() === heading);
  if (start < 0) throw new Error(`docs/METHODS.md has no heading "${heading}"`);
  let end = start + 1;
  while (end < lines.length && !(/^#{1,3} /.test(lines[end]!) && lines[end]!.indexOf(' ') <= level.length))
    end++;
  return lines
    .slice(start + 1, end)
    .join('\n')
    .trim();
}

/** "Method: §9.1 Launch and intercept windows, §9.2 ..." linking to the appendix. */
export function methodLinks(keys: readonly MethodKey[]): string {
  const links = keys.map((key) => {
    const [number, title] = METHOD_SECTIONS[key];
    return `<a href="#${methodAnchor(key)}">§${number} ${escapeHtml(title)}</a>`;
  });
  return `<p class="method">Method: ${links.join(', ')}</p>`;
}

/** The appendix: each cited section's text, under its anchor. */
export function methodsAppendixHtml(sections: readonly MethodsSection[]): string {
  return sections
    .map((s) =>
      [
        `<section class="methods-section" id="${methodAnchor(s.key)}">`,
        `<h3>§${escapeHtml(s.number)} ${escapeHtml(s.title)}</h3>`,
        `<p class="where">docs/METHODS.md#${escapeHtml(markdownAnchor(s.key))}</p>`,
        s.text === null
          ? '<p>docs/METHODS.md is not part of this installation; the section is in the shieldlab source of this version.</p>'
          : `<pre class="methods-text">${escapeHtml(s.text)}</pre>`,
        '</section>',
      ].join('\n'),
    )
    .join('\n');
}
