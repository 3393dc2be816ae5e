import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseSensorFile, radarAgainst } from '../../src/scenario/sensor-file.js';
import { parseSharingCatalog } from '../../src/scenario/sharing-file.js';
import { parseSiteCatalog } from '../../src/scenario/site-catalog.js';
import { detectionRange } from '../../src/sensors/radar-equation.js';

const sites = parseSiteCatalog('data/sites.yaml', readFileSync('data/sites.yaml', 'utf8'));
const files = readdirSync('data/sensors').filter((f) => f.endsWith('.yaml'));
const parsed = files.map((f) =>
  parseSensorFile(`data/sensors/${f}`, readFileSync(`data/sensors/${f}`, 'utf8'), sites),
);

describe('sensor catalog', () => {
  it('has the seven sensors of the design, every parameter cited', () => {
    const ids = parsed.map((p) => (p.kind === 'radar' ? p.radar.id : p.constellation.id)).sort();
    expect(ids).toEqual(
      [
        'armavir-radar',
        'emr-brdy',
        'ew-satellites',
        'fbx-forward',
        'fylingdales-uewr',
        'gabala-radar',
        'thule-uewr',
      ].sort(),
    );
    for (const p of parsed) {
      expect(p.parameters.length).toBeGreaterThan(3);
      for (const q of p.parameters) {
        expect(q.cited.source, q.path).toBeDefined();
        if (q.cited.low !== undefined) expect(q.cited.low).toBeLessThanOrEqual(q.cited.value);
        if (q.cited.high !== undefined) expect(q.cited.high).toBeGreaterThanOrEqual(q.cited.value);
      }
    }
  });

  it('a radar detection range is the radar equation for the object, capped by the range a source states', () => {
    for (const p of parsed) {
      if (p.kind !== 'radar') continue;
      for (const [object, sigma] of Object.entries(p.radar.radarCrossSection)) {
        const radar = radarAgainst(p.radar, object);
        const equation = detectionRange(p.radar.equation, sigma);
        expect(radar.detectionRange).toBe(
          Math.min(equation, p.radar.instrumentedRange ?? Number.POSITIVE_INFINITY),
        );
      }
    }
  });

  it('the Czech radar: the Czech Ministry of Defence figures (shared/reference section 5)', () => {
    const brdy = parsed.find((p) => p.kind === 'radar' && p.radar.id === 'emr-brdy');
    if (brdy?.kind !== 'radar') throw new Error('emr-brdy missing');
    expect(brdy.radar.equation.averagePower).toBe(170e3);
    expect(brdy.radar.equation.aperture).toBe(105);
    expect(brdy.radar.equation.frequency).toBeGreaterThanOrEqual(9e9);
    expect(brdy.radar.equation.frequency).toBeLessThanOrEqual(10e9);
    expect(brdy.radar.coverage.kind).toBe('mechanical');
    expect(brdy.radar.needsCue).toBe(true);
  });

  it('the sharing arrangements name catalog sensors and parties only', () => {
    const ids = parsed.map((p) => (p.kind === 'radar' ? p.radar.id : p.constellation.id));
    const sharing = parseSharingCatalog('data/sharing.yaml', readFileSync('data/sharing.yaml', 'utf8'), ids);
    expect(sharing.arrangements.map((a) => a.id)).toEqual(
      expect.arrayContaining(['uk-us', 'russia-offer-2007']),
    );
    expect(() =>
      parseSharingCatalog(
        'x.yaml',
        'parties: [{ id: a, name: A }]\narrangements: [{ id: b, name: B, shares: [{ sensor: nope, to: a, latency: 1, quality: cueing }] }]',
        ids,
      ),
    ).toThrow(/sensor/);
  });
});
