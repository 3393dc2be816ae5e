import { minimize } from '../core/optimize.js';
import type { EarthModel } from '../earth/earth-model.js';
import type { Geodetic } from '../earth/geodetic.js';
import { type FlightOptions, type FlightResult, flyFromBurnout, flyRocket } from './fly.js';
import type { ReentryVehicle, Rocket } from './rocket.js';

/**
 * Maximum range: the trajectory-shaping parameter that carries a missile farthest from a site
 * along an azimuth (the minimum-energy trajectory of a full burn). Earth rotation makes the
 * answer depend on both site and azimuth. One-dimensional Brent search on the shaping parameter:
 * the pitch-over angle for a staged rocket, the burnout flight-path angle for a burnout state.
 */

const DEG = Math.PI / 180;

export interface MaximumRange {
  /** Ground range of the best trajectory (m). */
  readonly range: number;
  /** The shaping parameter that gives it (rad): pitch-over angle, or burnout flight-path angle. */
  readonly shape: number;
  /** The best trajectory, with its full history. */
  readonly flight: FlightResult;
  /** Trajectories flown to find it. */
  readonly evaluations: number;
}

/** Shaping-parameter search interval (rad) and tolerance: 0.01 deg moves the range by metres at the optimum. */
const PITCHOVER_SEARCH: readonly [number, number] = [0.5 * DEG, 85 * DEG];
const FLIGHT_PATH_SEARCH: readonly [number, number] = [1 * DEG, 89 * DEG];
const SHAPE_TOLERANCE = 0.01 * DEG;

/** Maximum range of a staged rocket from `site` along `azimuth` (rad). */
export function maximumRangeOfRocket(
  rocket: Rocket,
  site: Geodetic,
  azimuth: number,
  earth: EarthModel,
  options: FlightOptions = {},
): MaximumRange {
  const fly = (angle: number, history: 'events' | 'full') =>
    flyRocket(
      { ...rocket, guidance: { ...rocket.guidance, pitchoverAngle: angle } },
      { site, azimuth },
      earth,
      {
        ...options,
        history,
      },
    );
  const best = minimize(
    (a) => -(fly(a, 'events').summary.groundRange ?? 0),
    ...PITCHOVER_SEARCH,
    SHAPE_TOLERANCE,
    40,
  );
  const flight = fly(best.x, 'full');
  return { range: flight.summary.groundRange ?? 0, shape: best.x, flight, evaluations: best.evaluations + 1 };
}

/**
 * Maximum range of a burnout state of given speed (m/s, relative to the ground) and altitude (m,
 * in `site.height`) along `azimuth` (rad): the best burnout flight-path angle.
 */
export function maximumRangeOfBurnout(
  speed: number,
  site: Geodetic,
  azimuth: number,
  earth: EarthModel,
  vehicle?: ReentryVehicle,
  options: FlightOptions = {},
): MaximumRange {
  const fly = (gamma: number, history: 'events' | 'full') =>
    flyFromBurnout({ site, speed, flightPathAngle: gamma, azimuth }, earth, vehicle, { ...options, history });
  const best = minimize(
    (g) => -(fly(g, 'events').summary.groundRange ?? 0),
    ...FLIGHT_PATH_SEARCH,
    SHAPE_TOLERANCE,
    40,
  );
  const flight = fly(best.x, 'full');
  return { range: flight.summary.groundRange ?? 0, shape: best.x, flight, evaluations: best.evaluations + 1 };
}
