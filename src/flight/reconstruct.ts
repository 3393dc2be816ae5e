import type { EarthModel } from '../earth/earth-model.js';
import { geodesicDirect } from '../earth/geodesic.js';
import type { Geodetic } from '../earth/geodetic.js';
import { aimBurnout } from './aim.js';
import type { FlightOptions } from './fly.js';
import { maximumRangeOfBurnout } from './max-range.js';

/**
 * Reconstruction of an observed missile test: from the apogee and range reported for a test
 * (usually lofted, to stay in the testing state's own sea), the burnout state that produces
 * them; from the flight time, the boost duration it implies; and the range the same burnout
 * speed would give on a minimum-energy trajectory - the calculation analysts publish after
 * every long-range test (e.g. D. Wright, Union of Concerned Scientists, on the 2017 North Korean
 * tests). The burnout state is solved numerically on the chosen Earth model without rotation
 * (the test's own geometry is rarely known); rotation is then applied to the equivalent range.
 */

const DEG = Math.PI / 180;

export interface ObservedTest {
  /** Reported apogee (m). */
  readonly apogee: number;
  /** Reported ground range (m). */
  readonly range: number;
  /** Reported launch-to-impact flight time (s), if any. */
  readonly flightTime?: number;
  /** Assumed burnout altitude (m). */
  readonly burnoutAltitude: number;
}

export interface Reconstruction {
  /** Burnout speed relative to the ground (m/s), flight-path angle (rad), altitude (m). */
  readonly burnout: { readonly speed: number; readonly flightPathAngle: number; readonly altitude: number };
  /** Whether the observed trajectory is on the lofted side of the minimum-energy one. */
  readonly lofted: boolean;
  /** Burnout to impact (s) on the reconstructed trajectory. */
  readonly coastTime: number;
  /** Observed flight time minus coast time (s), when a flight time was given. */
  readonly impliedBoostTime: number | undefined;
  /** Minimum-energy range of the same burnout speed without Earth rotation (m). */
  readonly equivalentRangeNoRotation: number;
  /** Apogee and range of the reconstructed trajectory (m), as a check on the solution. */
  readonly check: { readonly apogee: number; readonly range: number };
  readonly evaluations: number;
}

/** Reconstruct the burnout state of an observed test on `earth` (rotation is switched off here). */
export function reconstructTest(
  observed: ObservedTest,
  earth: EarthModel,
  options: FlightOptions = {},
): Reconstruction {
  const still: EarthModel = { ...earth, rotationRate: 0 };
  // An arbitrary, fixed geometry on the non-rotating Earth: due north from the equator.
  const site: Geodetic = { lat: 0, lon: 0, height: observed.burnoutAltitude };
  const end = geodesicDirect(0, 0, 0, observed.range, earth.ellipsoid);
  const target: Geodetic = { lat: end.lat * DEG, lon: end.lon * DEG, height: 0 };
  const minimumEnergy = aimBurnout(site, target, 'min-energy', still, {}, undefined, options);
  if (!minimumEnergy.ok)
    throw new RangeError(`no ballistic trajectory reaches ${observed.range} m: ${minimumEnergy.message}`);
  const lofted = observed.apogee >= minimumEnergy.flight.summary.apogee.altitude;
  const solved = aimBurnout(
    site,
    target,
    lofted ? 'lofted' : 'depressed',
    still,
    { apogee: observed.apogee },
    undefined,
    options,
  );
  if (!solved.ok)
    throw new RangeError(
      `no ballistic trajectory has apogee ${observed.apogee} m and range ${observed.range} m: ${solved.message}`,
    );
  const speed = solved.shape.burnoutSpeed!;
  const equivalent = maximumRangeOfBurnout(speed, site, 0, still, undefined, options);
  const s = solved.flight.summary;
  return {
    burnout: { speed, flightPathAngle: solved.shape.flightPathAngle!, altitude: observed.burnoutAltitude },
    lofted,
    coastTime: s.flightTime,
    impliedBoostTime: observed.flightTime === undefined ? undefined : observed.flightTime - s.flightTime,
    equivalentRangeNoRotation: equivalent.range,
    check: { apogee: s.apogee.altitude, range: s.groundRange ?? 0 },
    evaluations: minimumEnergy.evaluations + solved.evaluations + equivalent.evaluations,
  };
}

/**
 * Minimum-energy range of a burnout speed (m/s, ground-relative) at a burnout altitude (m) from a
 * site toward an azimuth (rad), on a rotating Earth.
 */
export function equivalentRangeWithRotation(
  speed: number,
  burnoutAltitude: number,
  site: Geodetic,
  azimuth: number,
  earth: EarthModel,
  options: FlightOptions = {},
): number {
  return maximumRangeOfBurnout(
    speed,
    { ...site, height: burnoutAltitude },
    azimuth,
    earth,
    undefined,
    options,
  ).range;
}
