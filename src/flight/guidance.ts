import type { HeightAndNormal } from '../earth/geodetic.js';
import type { BoostGuidance } from './rocket.js';

/**
 * Thrust direction laws. Each writes an ECI unit vector into `out` from the time (s), the state
 * (ECI m, m/s) and the local vertical: the ellipsoid normal at the current position (ECI).
 */
export type ThrustDirection = (
  t: number,
  y: Float64Array,
  up: HeightAndNormal,
  rotationRate: number,
  out: Float64Array,
) => void;

/** Thrust along the local geodetic vertical. */
export const verticalRise: ThrustDirection = (_t, _y, up, _w, out) => {
  out[0] = up.nx;
  out[1] = up.ny;
  out[2] = up.nz;
};

/**
 * Pitch-over at constant rate: the thrust turns from the vertical toward `azimuth` (rad,
 * clockwise from north) by `angle` (rad) over `duration` (s) starting at `start` (s).
 */
export function pitchover(start: number, duration: number, angle: number, azimuth: number): ThrustDirection {
  const sa = Math.sin(azimuth);
  const ca = Math.cos(azimuth);
  return (t, _y, up, _w, out) => {
    const fraction = duration > 0 ? Math.min(1, Math.max(0, (t - start) / duration)) : 1;
    const theta = angle * fraction;
    // East = z x up (normalized); north = up x east. Undefined at a pole: take east along +y there.
    const horizontal = Math.hypot(up.nx, up.ny);
    const ex = horizontal > 1e-12 ? -up.ny / horizontal : 0;
    const ey = horizontal > 1e-12 ? up.nx / horizontal : 1;
    const nx = -up.nz * ey;
    const ny = up.nz * ex;
    const nz = up.nx * ey - up.ny * ex;
    const st = Math.sin(theta);
    const ct = Math.cos(theta);
    out[0] = ct * up.nx + st * (sa * ex + ca * nx);
    out[1] = ct * up.ny + st * (sa * ey + ca * ny);
    out[2] = ct * up.nz + st * ca * nz;
  };
}

/** Below this speed relative to the air (m/s) a gravity turn has no direction to follow. */
const GRAVITY_TURN_MIN_SPEED = 1;

/**
 * Gravity turn: thrust along the velocity relative to the rotating atmosphere (zero angle of
 * attack). From a standstill it holds `atRest` (by default the vertical; after a pitch-over, the
 * pitch-over's final direction, so a pitch-over of zero duration is an instant tilt) until the
 * vehicle moves. Note that the pitch-over angle is the thrust's, not the velocity's: when the
 * gravity turn takes over from a timed pitch-over, the thrust swings to the (steeper) velocity.
 */
export function gravityTurnFrom(atRest: ThrustDirection): ThrustDirection {
  return (t, y, up, w, out) => {
    const vx = y[3]! + w * y[1]!;
    const vy = y[4]! - w * y[0]!;
    const vz = y[5]!;
    const v = Math.sqrt(vx * vx + vy * vy + vz * vz);
    if (v < GRAVITY_TURN_MIN_SPEED) {
      atRest(t, y, up, w, out);
      return;
    }
    out[0] = vx / v;
    out[1] = vy / v;
    out[2] = vz / v;
  };
}

/** Gravity turn holding the vertical from a standstill. */
export const gravityTurn: ThrustDirection = gravityTurnFrom(verticalRise);

/** The guidance law in force at time t of a boost (s from liftoff). */
export function boostGuidanceAt(t: number, guidance: BoostGuidance, azimuth: number): ThrustDirection {
  if (t < guidance.verticalRiseTime) return verticalRise;
  const end = guidance.verticalRiseTime + guidance.pitchoverDuration;
  const tilt = pitchover(
    guidance.verticalRiseTime,
    guidance.pitchoverDuration,
    guidance.pitchoverAngle,
    azimuth,
  );
  if (t < end) return tilt;
  return gravityTurnFrom(tilt);
}
