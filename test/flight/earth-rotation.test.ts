import { describe, expect, it } from 'vitest';
import { EARTH_ROTATION_RATE, MEAN_EARTH_RADIUS, TEXTBOOK_GM } from '../../src/core/constants.js';
import { earthModel } from '../../src/earth/earth-model.js';
import { keplerFreeFlight } from '../../src/flight/closed-form.js';
import { flyFromBurnout } from '../../src/flight/fly.js';

// Closed-form check of the Earth-rotation effect on range. Launch from the equator of a spherical
// Earth (no J2, no air) with a fixed burnout state relative to the ground. The inertial velocity
// adds omega R eastward; the flight stays in the equatorial plane, so Kepler gives the inertial
// range angle psi and flight time T exactly, and the ground under the missile turns by omega T
// meanwhile: ground range = R (psi - omega T) eastward, R (psi + omega T) westward.
const R = MEAN_EARTH_RADIUS;
const W = EARTH_ROTATION_RATE;
const earth = earthModel({ spherical: true, oblateness: false, atmosphere: false, gm: TEXTBOOK_GM });

function closedFormGroundRange(speed: number, gamma: number, east: boolean): number {
  const vh = speed * Math.cos(gamma) + (east ? W * R : -W * R);
  const vv = speed * Math.sin(gamma);
  const flight = keplerFreeFlight(R, Math.hypot(vh, vv), Math.atan2(vv, vh), R, TEXTBOOK_GM)!;
  return R * (flight.rangeAngle + (east ? -1 : 1) * W * flight.flightTime);
}

describe('Earth rotation: east-west range difference against the closed form', () => {
  it.each([
    { speed: 3000, gamma: 0.75 },
    { speed: 5000, gamma: 0.65 },
    { speed: 6500, gamma: 0.6 },
    { speed: 7000, gamma: 0.38 },
  ])('burnout $speed m/s at $gamma rad', ({ speed, gamma }) => {
    const site = { lat: 0, lon: 0.3, height: 0 };
    const fly = (azimuth: number) =>
      flyFromBurnout({ site, speed, flightPathAngle: gamma, azimuth }, earth).summary.groundRange!;
    const east = fly(Math.PI / 2);
    const west = fly((3 * Math.PI) / 2);
    const eastRef = closedFormGroundRange(speed, gamma, true);
    const westRef = closedFormGroundRange(speed, gamma, false);
    // Each range to 1 m; the gain (hundreds of km) to 0.1 %.
    expect(Math.abs(east - eastRef)).toBeLessThan(1);
    expect(Math.abs(west - westRef)).toBeLessThan(1);
    const gain = east - west;
    expect(gain).toBeGreaterThan(0);
    expect(Math.abs(gain / (eastRef - westRef) - 1)).toBeLessThan(1e-3);
  });

  it('without rotation east and west are the same', () => {
    const still = earthModel({ spherical: true, rotation: false, oblateness: false, atmosphere: false });
    const site = { lat: 0, lon: 0, height: 0 };
    const fly = (azimuth: number) =>
      flyFromBurnout({ site, speed: 6000, flightPathAngle: 0.6, azimuth }, still).summary.groundRange!;
    expect(Math.abs(fly(Math.PI / 2) - fly((3 * Math.PI) / 2))).toBeLessThan(1e-3);
  });
});
