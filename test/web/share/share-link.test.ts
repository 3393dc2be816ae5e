import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  SHARE_URL_SAFE_LENGTH,
  scenarioFromUrl,
  shareLinkNote,
  shareUrl,
} from '../../../web/src/share/share-link.js';

const BASE = 'https://shieldlab.example/app/';
const scenarios = readdirSync('scenarios')
  .filter((f) => /\.(ya?ml|json)$/.test(f))
  .sort()
  .map((f) => ({ file: f, text: readFileSync(join('scenarios', f), 'utf8') }));

describe('share links', () => {
  it('carries every shipped scenario byte for byte', () => {
    expect(scenarios.length).toBeGreaterThanOrEqual(4);
    for (const { text } of scenarios) {
      const url = shareUrl(BASE, text);
      expect(url.startsWith(`${BASE}#scenario=`)).toBe(true);
      // Only characters that survive in a URL fragment without escaping.
      expect(url.slice(BASE.length)).toMatch(/^#scenario=[A-Za-z0-9+\-$]+$/);
      expect(scenarioFromUrl(url)).toBe(text);
    }
  });

  it('keeps text that is not ASCII, and replaces a fragment the base already had', () => {
    const text = '# Ça va — 7.2 km/s ± 0.3, 日本\nname: "x"\r\n';
    const url = shareUrl(`${BASE}?lang=fr#old=1`, text);
    expect(url).toMatch(/^https:\/\/shieldlab\.example\/app\/\?lang=fr#scenario=/);
    expect(scenarioFromUrl(url)).toBe(text);
    // Another fragment field beside it, and a fragment a mail program percent-encoded.
    const fragment = url.slice(url.indexOf('#') + 1);
    expect(scenarioFromUrl(`${BASE}#view=globe&${fragment}`)).toBe(text);
    expect(scenarioFromUrl(`${BASE}#${fragment.replace(/\+/g, '%2B').replace(/\$/g, '%24')}`)).toBe(text);
    // Punctuation a sentence put after the link.
    expect(scenarioFromUrl(`${url}).`)).toBe(text);
  });

  it('gives null, never an exception, for a link without a scenario or with a damaged one', () => {
    const good = shareUrl(BASE, scenarios[0]!.text);
    const cases = [
      BASE,
      `${BASE}#`,
      `${BASE}#other=1`,
      `${BASE}#scenario=`,
      `${BASE}#scenario=garbage!!!`,
      `${BASE}#scenario=%E0%A4%A`,
      `${BASE}#scenario=AAAAAAAAAAAAAAAA`,
      `${BASE}#scenario=N4Igzg`,
      good.slice(0, good.length - 40),
      `${good}x`,
      'not a url at all',
      '',
    ];
    for (const url of cases) expect(scenarioFromUrl(url), url).toBeNull();
  });

  it('reports the length of the largest scenario’s link and notes links that may be cut', () => {
    const largest = scenarios.reduce((a, b) => (b.text.length > a.text.length ? b : a));
    const url = shareUrl(BASE, largest.text);
    console.info(
      `share link of the largest scenario (${largest.file}, ${largest.text.length} characters): ${url.length} characters`,
    );
    // Compression must pay for itself on these files.
    expect(url.length - BASE.length).toBeLessThan(largest.text.length);
    expect(shareLinkNote(BASE)).toBeNull();
    const long = `${BASE}#scenario=${'A'.repeat(SHARE_URL_SAFE_LENGTH)}`;
    expect(shareLinkNote(long)).toMatch(/characters long/);
  });
});
