import type { EarthModel } from '../earth/earth-model.js';
import type { Geodetic } from '../earth/geodetic.js';
import { type AimResult, aimRocket, flyAimedRocket, type TrajectoryFamily } from '../flight/aim.js';
import type { FlightResult } from '../flight/fly.js';
import type { Rocket } from '../flight/rocket.js';
import type { Trajectory } from '../flight/trajectory.js';

/** A threat: a missile aimed from a launch site at a target, flown with its full history. */
export interface Threat {
  readonly flight: FlightResult;
  readonly trajectory: Trajectory;
  readonly aim: Extract<AimResult, { ok: true }>;
}

/** Aim and fly a threat; a target out of reach is a value, not an exception. */
export function flyThreat(
  rocket: Rocket,
  from: Geodetic,
  to: Geodetic,
  family: TrajectoryFamily,
  earth: EarthModel,
): Threat | Extract<AimResult, { ok: false }> {
  const aim = aimRocket(rocket, from, to, family, earth);
  if (!aim.ok) return aim;
  const flight = flyAimedRocket(rocket, from, aim, earth);
  return { flight, trajectory: flight.trajectory, aim };
}
