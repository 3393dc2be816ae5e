/**
 * Three-vectors that carry their reference frame in the type.
 *
 * A position in ECI cannot be passed where ECEF is expected: the frame is a phantom brand, so
 * mixing frames is a compile error while the runtime value is a plain 3-element array.
 */

declare const frameBrand: unique symbol;

/** Earth-centred inertial: aligned with ECEF at the scenario epoch (t = 0). */
export type ECI = 'ECI';
/** Earth-centred, Earth-fixed: rotates with the Earth about +z. */
export type ECEF = 'ECEF';
/** Local east-north-up at a site. */
export type ENU = 'ENU';
export type Frame = ECI | ECEF | ENU;

/** A 3-vector in frame F. Components in SI units (m, m/s, m/s^2). */
export type Vec3<F extends Frame> = readonly [number, number, number] & { readonly [frameBrand]: F };

export function vec3<F extends Frame>(x: number, y: number, z: number): Vec3<F> {
  return [x, y, z] as unknown as Vec3<F>;
}

export function norm(v: readonly [number, number, number]): number {
  return Math.hypot(v[0], v[1], v[2]);
}

export function dot<F extends Frame>(a: Vec3<F>, b: Vec3<F>): number {
  return a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
}

export function cross<F extends Frame>(a: Vec3<F>, b: Vec3<F>): Vec3<F> {
  return vec3<F>(a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]);
}

export function add<F extends Frame>(a: Vec3<F>, b: Vec3<F>): Vec3<F> {
  return vec3<F>(a[0] + b[0], a[1] + b[1], a[2] + b[2]);
}

export function sub<F extends Frame>(a: Vec3<F>, b: Vec3<F>): Vec3<F> {
  return vec3<F>(a[0] - b[0], a[1] - b[1], a[2] - b[2]);
}

export function scale<F extends Frame>(a: Vec3<F>, k: number): Vec3<F> {
  return vec3<F>(a[0] * k, a[1] * k, a[2] * k);
}

export function unit<F extends Frame>(a: Vec3<F>): Vec3<F> {
  const n = norm(a);
  return vec3<F>(a[0] / n, a[1] / n, a[2] / n);
}
