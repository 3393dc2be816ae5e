import type { EarthModel } from './earth-model.js';

/**
 * Gravitational acceleration of point mass plus J2 (m/s^2) at (x, y, z) (m), written into
 * out[offset..offset+2]. Valid in ECI and ECEF alike: the J2 field is symmetric about the z axis
 * that both frames share. Allocation-free, for the equations of motion.
 *
 * a = -GM r / |r|^3 [1 + 3/2 J2 (Re/|r|)^2 (1 - 5 z^2/|r|^2)] for x and y, with (3 - 5 z^2/|r|^2)
 * for z (Vallado, "Fundamentals of Astrodynamics and Applications", 4th ed., eq. 8-30).
 */
export function gravityInto(
  x: number,
  y: number,
  z: number,
  earth: EarthModel,
  out: Float64Array,
  offset = 0,
): void {
  const r2 = x * x + y * y + z * z;
  const r = Math.sqrt(r2);
  const muOverR3 = earth.gm / (r2 * r);
  if (earth.j2 === 0) {
    out[offset] = -muOverR3 * x;
    out[offset + 1] = -muOverR3 * y;
    out[offset + 2] = -muOverR3 * z;
    return;
  }
  const k = (1.5 * earth.j2 * earth.j2Radius * earth.j2Radius) / r2;
  const z2r2 = (5 * z * z) / r2;
  const fxy = 1 + k * (1 - z2r2);
  out[offset] = -muOverR3 * x * fxy;
  out[offset + 1] = -muOverR3 * y * fxy;
  out[offset + 2] = -muOverR3 * z * (1 + k * (3 - z2r2));
}

/**
 * Gravitational potential energy per unit mass (J/kg) of point mass plus J2, the integral of
 * `gravityInto`: U = -GM/r [1 - J2/2 (Re/r)^2 (3 z^2/r^2 - 1)]. Used to check energy conservation.
 */
export function gravityPotential(x: number, y: number, z: number, earth: EarthModel): number {
  const r2 = x * x + y * y + z * z;
  const r = Math.sqrt(r2);
  const p2 = (3 * z * z) / r2 - 1;
  return (-earth.gm / r) * (1 - 0.5 * earth.j2 * ((earth.j2Radius * earth.j2Radius) / r2) * p2);
}
