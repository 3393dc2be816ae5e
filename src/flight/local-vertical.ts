import type { Ellipsoid } from '../earth/ellipsoid.js';
import { type HeightAndNormal, heightAndNormalInto } from '../earth/geodetic.js';

/**
 * Height above the ellipsoid and the local vertical of the last position asked for, remembered:
 * after each step several detectors and the dynamic-pressure tracker ask about the same state,
 * and the exact (Vermeille) height is the costliest thing they compute.
 */
export class LocalVertical {
  private x = Number.NaN;
  private y = Number.NaN;
  private z = Number.NaN;
  private readonly value: HeightAndNormal = { height: 0, nx: 0, ny: 0, nz: 1 };

  constructor(private readonly shape: Ellipsoid) {}

  /** Height (m) and unit normal at the position s[0..2] (m, ECI or ECEF). The result is reused. */
  at(s: Float64Array): HeightAndNormal {
    const x = s[0]!;
    const y = s[1]!;
    const z = s[2]!;
    if (x !== this.x || y !== this.y || z !== this.z) {
      heightAndNormalInto(x, y, z, this.shape, this.value);
      this.x = x;
      this.y = y;
      this.z = z;
    }
    return this.value;
  }
}
