import { STANDARD_GRAVITY } from '../core/constants.js';
import { ATMOSPHERE_TOP_ALTITUDE, createAtmosphereSample, standardAtmosphere } from '../earth/atmosphere.js';
import type { EarthModel } from '../earth/earth-model.js';
import { cartesianToGeodeticInto, type GeodeticScratch } from '../earth/geodetic.js';
import { gravityInto } from '../earth/gravity.js';
import { type DragTable, dragCoefficient } from './drag-table.js';
import type { ThrustDirection } from './guidance.js';
import type { RightHandSide } from './integrator.js';
import type { Stage } from './rocket.js';

/**
 * 3-degree-of-freedom point-mass equations of motion in ECI.
 *
 * State y = [x, y, z (m), vx, vy, vz (m/s), mass (kg)], all ECI (inertial velocity).
 * Forces: point-mass + J2 gravity; thrust along the guidance direction with mass flow from thrust
 * and specific impulse (thrust falls with ambient pressure between the vacuum and sea-level
 * specific impulse); drag against the velocity relative to the atmosphere, which rotates with the
 * Earth: v_rel = v - omega x r.
 */

/** Sea-level standard pressure (Pa), US Standard Atmosphere 1976. */
const SEA_LEVEL_PRESSURE = 101_325;

/** Drag of a body of reference area with a Cd(Mach) table, or of a vehicle with a ballistic coefficient. */
export type DragModel =
  | { readonly kind: 'body'; readonly area: number; readonly table: DragTable }
  | { readonly kind: 'ballistic'; readonly ballisticCoefficient: number }
  | { readonly kind: 'none' };

/** What acts during one phase of flight. */
export interface PhaseForces {
  /** The stage burning, or undefined when coasting. */
  readonly stage: Stage | undefined;
  /** Thrust direction while a stage burns. */
  readonly direction: ThrustDirection;
  readonly drag: DragModel;
}

export const STATE_SIZE = 7;

/** Quantities evaluated alongside the right-hand side, read by observers (dynamic pressure). */
export interface RhsScratch {
  readonly geo: GeodeticScratch;
  /** Dynamic pressure 0.5 rho v_rel^2 at the last evaluation (Pa). */
  dynamicPressure: number;
}

/** Build the allocation-free right-hand side for one phase. */
export function makeRightHandSide(
  earth: EarthModel,
  forces: PhaseForces,
  scratch?: RhsScratch,
): RightHandSide {
  const w = earth.rotationRate;
  const shape = earth.ellipsoid;
  const gravity = new Float64Array(3);
  const thrustDir = new Float64Array(3);
  const air = createAtmosphereSample();
  const local: RhsScratch = scratch ?? { geo: { lat: 0, lon: 0, height: 0 }, dynamicPressure: 0 };
  const geo = local.geo;
  const stage = forces.stage;
  const mdot = stage ? stage.propellantMass / stage.burnTime : 0;
  const ispVac = stage ? stage.specificImpulse : 0;
  const ispSl = stage ? (stage.specificImpulseSeaLevel ?? stage.specificImpulse) : 0;
  const drag = forces.drag;
  const direction = forces.direction;
  // With the atmosphere switched off, engines see vacuum as well.
  const needsAir = earth.atmosphere;

  return (t, y, d) => {
    const x = y[0]!;
    const yy = y[1]!;
    const z = y[2]!;
    const vx = y[3]!;
    const vy = y[4]!;
    const vz = y[5]!;
    const m = y[6]!;
    gravityInto(x, yy, z, earth, gravity);
    let ax = gravity[0]!;
    let ay = gravity[1]!;
    let az = gravity[2]!;

    cartesianToGeodeticInto(x, yy, z, shape, geo);
    let pressure = 0;
    if (needsAir && geo.height < ATMOSPHERE_TOP_ALTITUDE) {
      standardAtmosphere(geo.height, air);
      pressure = air.pressure;
    } else {
      air.density = 0;
    }

    const vrx = vx + w * yy;
    const vry = vy - w * x;
    const vrz = vz;
    if (earth.atmosphere && air.density > 0 && drag.kind !== 'none') {
      const v2 = vrx * vrx + vry * vry + vrz * vrz;
      const v = Math.sqrt(v2);
      local.dynamicPressure = 0.5 * air.density * v2;
      // Drag acceleration magnitude / v, so that a = -k v_rel.
      let k: number;
      if (drag.kind === 'body') {
        const cd = dragCoefficient(drag.table, v / air.speedOfSound);
        k = (0.5 * air.density * v * cd * drag.area) / m;
      } else {
        k = (0.5 * air.density * v) / drag.ballisticCoefficient;
      }
      ax -= k * vrx;
      ay -= k * vry;
      az -= k * vrz;
    } else {
      local.dynamicPressure = 0;
    }

    if (stage) {
      const isp = ispVac - ((ispVac - ispSl) * pressure) / SEA_LEVEL_PRESSURE;
      const accel = (mdot * STANDARD_GRAVITY * isp) / m;
      direction(t, y, geo, w, thrustDir);
      ax += accel * thrustDir[0]!;
      ay += accel * thrustDir[1]!;
      az += accel * thrustDir[2]!;
      d[6] = -mdot;
    } else {
      d[6] = 0;
    }
    d[0] = vx;
    d[1] = vy;
    d[2] = vz;
    d[3] = ax;
    d[4] = ay;
    d[5] = az;
  };
}
