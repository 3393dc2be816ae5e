import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseSiteCatalog } from '../../src/scenario/site-catalog.js';

const catalog = parseSiteCatalog('data/sites.yaml', readFileSync('data/sites.yaml', 'utf8'));

// The stable ids of shared/DESIGN.md ("Catalog ids").
const DESIGN_SITE_IDS = [
  'redzikowo',
  'brdy',
  'fylingdales',
  'thule',
  'gabala',
  'armavir',
  'semnan',
  'shahroud',
  'tabriz',
  'tehran',
  'kozelsk',
  'tatishchevo',
  'teykovo',
  'yoshkar-ola',
  'dombarovsky',
  'uzhur',
  'washington',
  'new-york',
  'boston',
  'london',
  'paris',
  'berlin',
  'rome',
  'madrid',
  'warsaw',
  'moscow',
];

describe('site catalog (data/sites.yaml)', () => {
  it('has exactly the ids the design names, each with a name and a source', () => {
    expect(catalog.sites.map((s) => s.id).sort()).toEqual([...DESIGN_SITE_IDS].sort());
    for (const s of catalog.sites) {
      expect(s.source.length).toBeGreaterThan(5);
      expect(s.name.length).toBeGreaterThan(2);
    }
  });

  it('reproduces shared/reference section 4 to the printed digits', () => {
    const table: Record<string, [number, number]> = {
      redzikowo: [54.4728, 17.1231],
      brdy: [49.63522, 13.74794],
      fylingdales: [54.361758, -0.670051],
      thule: [76.570322, -68.299211],
      semnan: [35.235, 53.92],
      shahroud: [36.2006, 55.3339],
      tehran: [35.689, 51.389],
      washington: [38.951, -77.013],
      london: [51.506, -0.097],
      moscow: [55.75, 37.692],
    };
    for (const [id, [lat, lon]] of Object.entries(table)) {
      expect(catalog.get(id)?.lat).toBe(lat);
      expect(catalog.get(id)?.lon).toBe(lon);
    }
  });

  it('carries the spread where sources differ, with the nominal value inside it', () => {
    const d = catalog.get('dombarovsky')!;
    expect(d.latRange).toEqual([50.75, 51.05]);
    for (const s of catalog.sites) {
      if (s.latRange) expect(s.lat >= s.latRange[0] && s.lat <= s.latRange[1]).toBe(true);
      if (s.lonRange) expect(s.lon >= s.lonRange[0] && s.lon <= s.lonRange[1]).toBe(true);
    }
  });

  it('rejects a duplicate id and a latitude out of range, naming the field', () => {
    const site = (id: string, lat: number) =>
      `  - { id: ${id}, name: X, kind: city, lat: ${lat}, lon: 0, source: somewhere public }\n`;
    expect(() => parseSiteCatalog('s.yaml', `sites:\n${site('a', 1)}${site('a', 2)}`)).toThrow(
      /s\.yaml: sites\[1\]\.id: got "a", expected an id not used before/,
    );
    expect(() => parseSiteCatalog('s.yaml', `sites:\n${site('a', 91)}`)).toThrow(
      /s\.yaml:2:\d+: sites\[0\]\.lat: got 91/,
    );
  });
});
