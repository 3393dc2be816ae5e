import { describe, expect, it } from 'vitest';
import { EARTH_ROTATION_RATE, WGS84_A } from '../../src/core/constants.js';
import { earthModel } from '../../src/earth/earth-model.js';
import { WGS84 } from '../../src/earth/ellipsoid.js';
import { gravityInto, gravityPotential } from '../../src/earth/gravity.js';

const earth = earthModel();

describe('point-mass + J2 gravity', () => {
  it('WGS84 normal gravity at the equator and pole (NIMA TR8350.2 Table 3.4) within 3e-5 relative', () => {
    // Normal gravity includes the centrifugal term; J4 and higher, left out here, account for the rest.
    const g = new Float64Array(3);
    gravityInto(WGS84_A, 0, 0, earth, g);
    const equator = -g[0]! - EARTH_ROTATION_RATE ** 2 * WGS84_A;
    expect(Math.abs(equator / 9.7803253359 - 1)).toBeLessThan(3e-5);
    gravityInto(0, 0, WGS84.b, earth, g);
    expect(Math.abs(-g[2]! / 9.8321849378 - 1)).toBeLessThan(3e-5);
  });

  it('is minus the gradient of its potential (central differences, 1e-7 relative)', () => {
    const g = new Float64Array(3);
    const p = [4.1e6, -2.3e6, 4.4e6] as const;
    gravityInto(p[0], p[1], p[2], earth, g);
    const d = 1;
    for (let k = 0; k < 3; k++) {
      const plus = [...p];
      const minus = [...p];
      plus[k]! += d;
      minus[k]! -= d;
      const grad =
        (gravityPotential(plus[0]!, plus[1]!, plus[2]!, earth) -
          gravityPotential(minus[0]!, minus[1]!, minus[2]!, earth)) /
        (2 * d);
      expect(Math.abs(-grad / g[k]! - 1)).toBeLessThan(1e-7);
    }
  });

  it('reduces to mu / r^2 with oblateness off', () => {
    const flat = earthModel({ oblateness: false });
    const g = new Float64Array(3);
    gravityInto(0, 7e6, 0, flat, g);
    expect(-g[1]!).toBeCloseTo(flat.gm / 49e12, 12);
  });
});
