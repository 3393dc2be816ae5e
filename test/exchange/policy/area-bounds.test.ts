import { describe, expect, it } from 'vitest';
import { geodesicDirect, geodesicInverse } from '../../../src/earth/geodesic.js';
import type { Area } from '../../../src/exchange/messages/geometry.js';
import { areaBox, circleBox, maxDistanceFrom } from '../../../src/exchange/policy/area-bounds.js';
import { centreStep, coarsenArea, gridBox } from '../../../src/exchange/policy/coarsen-area.js';
import {
  ceilTime,
  ceilTo,
  floorAzimuth,
  floorTime,
  floorTo,
} from '../../../src/exchange/policy/coarsen-values.js';

/** Points of the circle's boundary at `n` azimuths (GeographicLib, independent of the bounds). */
function rim(lat: number, lon: number, radius: number, n = 720): Array<{ lat: number; lon: number }> {
  return Array.from({ length: n }, (_, i) => geodesicDirect(lat, lon, (360 * i) / n, radius));
}

describe('circle bounds', () => {
  const circles: Array<[number, number, number]> = [
    [0, 0, 1],
    [0, 0, 500_000],
    [35.23, 53.92, 20_000],
    [-45, 170, 1_000_000],
    [70, -150, 2_000_000],
    [60, 0, 1_000_000], // the widest point lies poleward of the centre's latitude
    [88, 30, 300_000], // the North Pole is inside
    [10, 179.9, 50_000], // across the antimeridian
  ];

  it('contains every point of the rim (to 1e-9 deg)', () => {
    for (const [lat, lon, r] of circles) {
      const box = circleBox({ lat, lon }, r);
      for (const p of rim(lat, lon, r)) {
        expect(p.lat, `${lat},${lon},${r}`).toBeGreaterThanOrEqual(box.south - 1e-9);
        expect(p.lat).toBeLessThanOrEqual(box.north + 1e-9);
        expect(p.lon).toBeGreaterThanOrEqual(box.west - 1e-9);
        expect(p.lon).toBeLessThanOrEqual(box.east + 1e-9);
      }
    }
  });

  it('is tight for small circles away from the poles (within 1 % in latitude, 2 % in longitude)', () => {
    const [lat, lon, r] = [35.23, 53.92, 20_000];
    const box = circleBox({ lat, lon }, r);
    const points = rim(lat, lon, r);
    const north = Math.max(...points.map((p) => p.lat));
    const east = Math.max(...points.map((p) => p.lon));
    expect((box.north - lat) / (north - lat)).toBeLessThan(1.01);
    expect((box.east - lon) / (east - lon)).toBeLessThan(1.02);
  });

  it('takes every longitude when a pole or the antimeridian is inside', () => {
    expect(circleBox({ lat: 88, lon: 30 }, 300_000)).toMatchObject({ west: -180, east: 180, north: 90 });
    expect(circleBox({ lat: 10, lon: 179.9 }, 50_000)).toMatchObject({ west: -180, east: 180 });
  });
});

describe('distance bound of an area', () => {
  it('is at least the largest distance to dense samples of a polygon, boundary and inside, and at most 1 tolerance more', () => {
    const polygon: Area = {
      kind: 'polygon',
      ring: [
        { lat: 10, lon: 40 },
        { lat: 12, lon: 70 },
        { lat: 40, lon: 75 },
        { lat: 30, lon: 45 },
        { lat: 10, lon: 40 },
      ],
    };
    const from = { lat: 25, lon: 55 };
    const tolerance = 2_000;
    const bound = maxDistanceFrom(from, polygon, tolerance);
    let farthest = 0;
    if (polygon.kind !== 'polygon') throw new Error('unreachable');
    for (let i = 0; i + 1 < polygon.ring.length; i++) {
      const p = polygon.ring[i]!;
      const q = polygon.ring[i + 1]!;
      for (let k = 0; k <= 2000; k++) {
        const t = k / 2000;
        const d = geodesicInverse(
          from.lat,
          from.lon,
          p.lat + t * (q.lat - p.lat),
          p.lon + t * (q.lon - p.lon),
        ).distance;
        farthest = Math.max(farthest, d);
      }
    }
    for (let lat = 10; lat <= 40; lat += 0.5)
      for (let lon = 40; lon <= 75; lon += 0.5) {
        // Only the box is sampled; points outside the polygon are nearer than its far corner anyway.
        farthest = Math.max(
          farthest,
          Math.min(geodesicInverse(from.lat, from.lon, lat, lon).distance, bound),
        );
      }
    expect(bound).toBeGreaterThanOrEqual(farthest);
    expect(bound - farthest).toBeLessThanOrEqual(tolerance + 1);
  });

  it('finds a farthest point inside an edge, not at a vertex', () => {
    // Seen from 0 N 0 E, the edge from 50 N 100 E to 50 S 120 E passes 0 N 110 E, farther than both ends.
    const from = { lat: 0, lon: 0 };
    const ring = [
      { lat: 50, lon: 100 },
      { lat: -50, lon: 120 },
      { lat: -50, lon: 100 },
      { lat: 50, lon: 100 },
    ];
    const vertexMax = Math.max(...ring.map((p) => geodesicInverse(0, 0, p.lat, p.lon).distance));
    let edgeMax = 0;
    for (let k = 0; k <= 4000; k++) {
      const t = k / 4000;
      edgeMax = Math.max(edgeMax, geodesicInverse(0, 0, 50 - 100 * t, 100 + 20 * t).distance);
    }
    expect(edgeMax - vertexMax).toBeGreaterThan(100_000); // the test is meaningful: over 100 km more
    const bound = maxDistanceFrom(from, { kind: 'polygon', ring }, 1_000);
    expect(bound).toBeGreaterThanOrEqual(edgeMax);
    expect(bound - edgeMax).toBeLessThanOrEqual(1_001);
  });

  it('adds the radius to the distance of a circle centre', () => {
    const d = geodesicInverse(0, 0, 1, 1).distance;
    expect(
      maxDistanceFrom({ lat: 0, lon: 0 }, { kind: 'circle', centre: { lat: 1, lon: 1 }, radius: 1000 }, 1),
    ).toBe(d + 1000);
  });

  it('gives the whole-Earth bound for an area spanning more than 170 deg of longitude from the point', () => {
    const wide: Area = {
      kind: 'polygon',
      ring: [
        { lat: 0, lon: -100 },
        { lat: 0, lon: 100 },
        { lat: 10, lon: 100 },
        { lat: 0, lon: -100 },
      ],
    };
    expect(maxDistanceFrom({ lat: 0, lon: 75 }, wide, 1000)).toBe(20_004_000);
  });
});

describe('coarsening of values', () => {
  it('floors and ceils onto awkward grids without leaving them or crossing the value', () => {
    for (const step of [0.1, 0.3, 2.5, 1e-5]) {
      for (const x of [-179.95, -0.3, 0, 0.3, 0.7, 12.345678, 89.99]) {
        const lo = floorTo(x, step);
        const hi = ceilTo(x, step);
        expect(lo).toBeLessThanOrEqual(x);
        expect(hi).toBeGreaterThanOrEqual(x);
        expect(x - lo).toBeLessThan(step);
        expect(hi - x).toBeLessThan(step);
        // On the grid: v / step is an integer to 1e-9 relative (the 12-digit spelling moves it that little).
        for (const v of [lo, hi])
          expect(Math.abs(v / step - Math.round(v / step))).toBeLessThanOrEqual(
            1e-9 * Math.max(1, Math.abs(v / step)),
          );
      }
    }
    expect(floorTo(0.3, 0.1)).toBe(0.3); // one short spelling: not 0.30000000000000004
    expect(Object.is(floorTo(-0, 1), 0)).toBe(true); // never -0
    expect(Object.is(ceilTo(-0.5, 1), 0)).toBe(true);
  });

  it('floors instants and rounds window ends up, to the millisecond', () => {
    expect(floorTime('2007-06-07T07:12:40.250Z', 60)).toBe('2007-06-07T07:12:00.000Z');
    expect(floorTime('2007-06-07T07:12:00.000Z', 60)).toBe('2007-06-07T07:12:00.000Z');
    expect(ceilTime('2007-06-07T07:12:00.001Z', 60)).toBe('2007-06-07T07:13:00.000Z');
    expect(ceilTime('2007-06-07T07:12:00.000Z', 60)).toBe('2007-06-07T07:12:00.000Z');
    expect(floorTime('1969-12-31T23:59:59.999Z', 3600)).toBe('1969-12-31T23:00:00.000Z');
  });

  it('floors azimuths into [0, 360)', () => {
    expect(floorAzimuth(359.99, 10)).toBe(350);
    expect(floorAzimuth(0, 7.5)).toBe(0);
    expect(floorAzimuth(151.7, 45)).toBe(135);
  });

  it('sizes the snapping grid of a circle centre at 1, 2 or 5 steps under the radius', () => {
    expect(centreStep(50_000)).toBe(0.2);
    expect(centreStep(111_320)).toBe(1);
    expect(centreStep(1_000)).toBe(0.005);
    expect(centreStep(1e8)).toBe(10);
  });
});

describe('coarsening of areas', () => {
  it('keeps a box already on the grid, and widens a degenerate one to a cell', () => {
    expect(gridBox({ south: 10, north: 20, west: 30, east: 40 }, 5)).toEqual({
      south: 10,
      north: 20,
      west: 30,
      east: 40,
    });
    expect(gridBox({ south: 10, north: 10, west: 180, east: 180 }, 5)).toEqual({
      south: 10,
      north: 15,
      west: 175,
      east: 180,
    });
  });

  it('maps a named area to itself when it is the smallest that contains it', () => {
    expect(coarsenArea({ kind: 'named', id: 'black-sea' }, { kind: 'named' })).toEqual({
      kind: 'named',
      id: 'black-sea',
    });
    expect(areaBox({ kind: 'named', id: 'black-sea' })).toEqual({ south: 40, north: 47, west: 27, east: 42 });
  });
});
