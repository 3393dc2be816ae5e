import { describe, expect, it } from 'vitest';
import { geoBounds } from '../../web/src/globe/scene-bounds.js';

describe('geoBounds', () => {
  it('holds every point with a margin', () => {
    const b = geoBounds(
      [
        { lat: 35.7, lon: 51.4 }, // Tehran
        { lat: 51.5, lon: -0.1 }, // London
      ],
      0.1,
    )!;
    expect(b.south).toBeCloseTo(35.7 - 1.58, 6);
    expect(b.north).toBeCloseTo(51.5 + 1.58, 6);
    expect(b.west).toBeCloseTo(-0.1 - 5.15, 6);
    expect(b.east).toBeCloseTo(51.4 + 5.15, 6);
  });

  it('crosses the antimeridian rather than going round the world', () => {
    const b = geoBounds(
      [
        { lat: 60, lon: 170 },
        { lat: 62, lon: -170 },
      ],
      0,
    )!;
    expect(b.west).toBeCloseTo(169, 9);
    expect(b.east).toBeCloseTo(-169, 9);
  });

  it('takes the whole circle of longitude when the points leave no wide gap', () => {
    const round = Array.from({ length: 12 }, (_, i) => ({ lat: 0, lon: -180 + 30 * i }));
    expect(geoBounds(round)).toMatchObject({ west: -180, east: 180 });
    expect(geoBounds([])).toBeUndefined();
  });
});
