/**
 * shieldlab's library API: the physics core, usable from TypeScript or JavaScript without the
 * command line. SI units inside (m, s, kg, m/s, rad); frames in the types.
 */

// Core
export {
  DEG,
  EARTH_ROTATION_RATE,
  MEAN_EARTH_RADIUS,
  WGS84_A,
  WGS84_F,
  WGS84_GM,
  WGS84_J2,
} from './core/constants.js';
export { InputError, IntegrationError } from './core/errors.js';
export type { ECEF, ECI, ENU, Frame, Vec3 } from './core/vector.js';
export { vec3 } from './core/vector.js';
// Earth
export type { AtmosphereSample } from './earth/atmosphere.js';
export { atmosphereDensity, standardAtmosphere } from './earth/atmosphere.js';
export type { EarthModel, EarthSwitches } from './earth/earth-model.js';
export { earthModel, FULL_EARTH } from './earth/earth-model.js';
export type { Ellipsoid } from './earth/ellipsoid.js';
export { sphere, WGS84 } from './earth/ellipsoid.js';
export type { LookAngles, StateVector } from './earth/frames.js';
export {
  ecefStateToEci,
  ecefToEci,
  ecefToEnu,
  eciStateToEcef,
  eciToEcef,
  lookAngles,
} from './earth/frames.js';
export type { GeodesicDirect, GeodesicInverse } from './earth/geodesic.js';
export { geodesicDirect, geodesicInverse, geodesicPath } from './earth/geodesic.js';
export type { Geodetic } from './earth/geodetic.js';
export { ecefToGeodetic, geodeticFromDegrees, geodeticToEcef } from './earth/geodetic.js';
export { gravityInto, gravityPotential } from './earth/gravity.js';
// Flight
export type { KeplerFlight, MinimumEnergyBurnout } from './flight/closed-form.js';
export { freeFlightRangeAngle, keplerFreeFlight, minimumEnergyBurnout } from './flight/closed-form.js';
export type { IntegratorMethod } from './flight/create-integrator.js';
export { DormandPrince54 } from './flight/dormand-prince-54.js';
export { DormandPrince853 } from './flight/dormand-prince-853.js';
export type { DragTable } from './flight/drag-table.js';
export { DEFAULT_MISSILE_DRAG, dragCoefficient, dragTable } from './flight/drag-table.js';
export type { EventDetector, LocatedEvent } from './flight/event.js';
export type { BurnoutState, FlightOptions, FlightResult, LaunchPlan } from './flight/fly.js';
export { flyFromBurnout, flyFromState, flyRocket } from './flight/fly.js';
export type { IntegrationResult, IntegratorOptions, RightHandSide } from './flight/integrator.js';
export type { BoostGuidance, ReentryVehicle, Rocket, Stage, StageInput } from './flight/rocket.js';
export { boostDuration, idealDeltaV, liftoffMass, makeRocket, makeStage } from './flight/rocket.js';
export type { FlightSummary, SummaryPoint } from './flight/summary.js';
export type { FlightEvent, Trajectory, TrajectoryColumns } from './flight/trajectory.js';
export { flightJson } from './report/flight-json.js';
// Input files and output
export type { MissileFile } from './scenario/missile-file.js';
export { parseMissileFile } from './scenario/missile-file.js';
export type { Dimension } from './scenario/quantity.js';
export { parseQuantity } from './scenario/quantity.js';
export { SHIELDLAB_VERSION } from './version.js';
