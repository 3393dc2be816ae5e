import type { GeodeticScratch } from '../earth/geodetic.js';
import type { BoostGuidance } from './rocket.js';

/**
 * Thrust direction laws. Each writes an ECI unit vector into `out` from the time (s), the state
 * (ECI m, m/s) and the geodetic latitude and inertial longitude (rad) of the current position.
 */
export type ThrustDirection = (
  t: number,
  y: Float64Array,
  geo: GeodeticScratch,
  rotationRate: number,
  out: Float64Array,
) => void;

/** Thrust along the local geodetic vertical. */
export const verticalRise: ThrustDirection = (_t, _y, geo, _w, out) => {
  const cl = Math.cos(geo.lat);
  out[0] = cl * Math.cos(geo.lon);
  out[1] = cl * Math.sin(geo.lon);
  out[2] = Math.sin(geo.lat);
};

/**
 * Pitch-over at constant rate: the thrust turns from the vertical toward `azimuth` (rad,
 * clockwise from north) by `angle` (rad) over `duration` (s) starting at `start` (s).
 */
export function pitchover(start: number, duration: number, angle: number, azimuth: number): ThrustDirection {
  const sa = Math.sin(azimuth);
  const ca = Math.cos(azimuth);
  return (t, _y, geo, _w, out) => {
    const fraction = duration > 0 ? Math.min(1, Math.max(0, (t - start) / duration)) : 1;
    const theta = angle * fraction;
    const sl = Math.sin(geo.lat);
    const cl = Math.cos(geo.lat);
    const so = Math.sin(geo.lon);
    const co = Math.cos(geo.lon);
    // Horizontal direction at the azimuth: sin(A) east + cos(A) north.
    const hx = sa * -so + ca * -sl * co;
    const hy = sa * co + ca * -sl * so;
    const hz = ca * cl;
    const st = Math.sin(theta);
    const ct = Math.cos(theta);
    out[0] = ct * cl * co + st * hx;
    out[1] = ct * cl * so + st * hy;
    out[2] = ct * sl + st * hz;
  };
}

/** Gravity turn: thrust along the velocity relative to the rotating atmosphere (zero angle of attack). */
export const gravityTurn: ThrustDirection = (_t, y, _geo, w, out) => {
  const vx = y[3]! + w * y[1]!;
  const vy = y[4]! - w * y[0]!;
  const vz = y[5]!;
  const v = Math.sqrt(vx * vx + vy * vy + vz * vz);
  out[0] = vx / v;
  out[1] = vy / v;
  out[2] = vz / v;
};

/** The guidance law in force at time t of a boost (s from liftoff). */
export function boostGuidanceAt(t: number, guidance: BoostGuidance, azimuth: number): ThrustDirection {
  if (t < guidance.verticalRiseTime) return verticalRise;
  const end = guidance.verticalRiseTime + guidance.pitchoverDuration;
  if (t < end)
    return pitchover(guidance.verticalRiseTime, guidance.pitchoverDuration, guidance.pitchoverAngle, azimuth);
  return gravityTurn;
}
