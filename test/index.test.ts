import { describe, expect, it } from 'vitest';
import * as shieldlab from '../src/index.js';

describe('library API', () => {
  it('flies a burnout state through the public entry point alone', () => {
    const earth = shieldlab.earthModel({ spherical: true, rotation: false, atmosphere: false });
    const psi = 3000e3 / shieldlab.MEAN_EARTH_RADIUS;
    const b = shieldlab.minimumEnergyBurnout(
      shieldlab.MEAN_EARTH_RADIUS,
      shieldlab.MEAN_EARTH_RADIUS,
      psi,
      earth.gm,
    );
    const r = shieldlab.flyFromBurnout(
      {
        site: shieldlab.geodeticFromDegrees(10, 20),
        speed: b.speed,
        flightPathAngle: b.flightPathAngle,
        azimuth: 1,
      },
      earth,
    );
    expect(Math.abs(r.summary.groundRange! - 3000e3)).toBeLessThan(1);
  });
});
