import { describe, expect, it } from 'vitest';
import { earthModel } from '../../src/earth/earth-model.js';
import { gravityPotential } from '../../src/earth/gravity.js';
import { flyFromBurnout } from '../../src/flight/fly.js';
import type { Trajectory } from '../../src/flight/trajectory.js';

// Conservation laws (stated properties): in a central field, specific energy v^2/2 - mu/r and the
// angular momentum vector r x v are constant; with J2 the energy v^2/2 + U_J2 and the z component
// of r x v are constant (the field is axisymmetric about z). ECI, no drag.

function drift(traj: Trajectory, fn: (i: number) => number): number {
  const c = traj.columns;
  const ref = fn(0);
  let worst = 0;
  for (let i = 0; i < c.t.length; i++) worst = Math.max(worst, Math.abs(fn(i) / ref - 1));
  return worst;
}

const burnout = {
  site: { lat: 0.9, lon: 0.6, height: 200e3 },
  speed: 7000,
  flightPathAngle: 0.4,
  azimuth: -0.8,
};

describe('free flight conserves the integrals of motion', () => {
  it.each(['dop853', 'dopri5'] as const)(
    'pure Kepler (%s): energy and angular momentum to 1e-9',
    (method) => {
      const earth = earthModel({ rotation: false, oblateness: false, atmosphere: false });
      const traj = flyFromBurnout(burnout, earth, undefined, { method }).trajectory;
      const c = traj.columns;
      expect(c.t.length).toBeGreaterThan(5);
      const energy = (i: number) =>
        0.5 * (c.vx[i]! ** 2 + c.vy[i]! ** 2 + c.vz[i]! ** 2) -
        earth.gm / Math.hypot(c.x[i]!, c.y[i]!, c.z[i]!);
      const hx = (i: number) => c.y[i]! * c.vz[i]! - c.z[i]! * c.vy[i]!;
      const hy = (i: number) => c.z[i]! * c.vx[i]! - c.x[i]! * c.vz[i]!;
      const hz = (i: number) => c.x[i]! * c.vy[i]! - c.y[i]! * c.vx[i]!;
      expect(drift(traj, energy)).toBeLessThan(1e-9);
      expect(drift(traj, hx)).toBeLessThan(1e-9);
      expect(drift(traj, hy)).toBeLessThan(1e-9);
      expect(drift(traj, hz)).toBeLessThan(1e-9);
    },
  );

  it('J2 field on a rotating Earth: energy and polar angular momentum to 1e-9', () => {
    const earth = earthModel({ atmosphere: false });
    const traj = flyFromBurnout(burnout, earth).trajectory;
    const c = traj.columns;
    const energy = (i: number) =>
      0.5 * (c.vx[i]! ** 2 + c.vy[i]! ** 2 + c.vz[i]! ** 2) +
      gravityPotential(c.x[i]!, c.y[i]!, c.z[i]!, earth);
    const hz = (i: number) => c.x[i]! * c.vy[i]! - c.y[i]! * c.vx[i]!;
    expect(drift(traj, energy)).toBeLessThan(1e-9);
    expect(drift(traj, hz)).toBeLessThan(1e-9);
    // And J2 really acts: the in-plane components of r x v do change.
    const hx = (i: number) => c.y[i]! * c.vz[i]! - c.z[i]! * c.vy[i]!;
    expect(drift(traj, hx)).toBeGreaterThan(1e-5);
  });

  it('dense output between steps agrees with the recorded steps (state known at any time)', () => {
    const earth = earthModel({ atmosphere: false });
    const traj = flyFromBurnout(burnout, earth).trajectory;
    const c = traj.columns;
    for (let i = 1; i < c.t.length; i++) {
      const s = traj.stateAt(c.t[i]!)!;
      expect(Math.abs(s[0]! - c.x[i]!)).toBeLessThan(1e-3);
      expect(Math.abs(s[4]! - c.vy[i]!)).toBeLessThan(1e-6);
    }
    expect(traj.stateAt(traj.endTime + 1)).toBeUndefined();
  });
});
