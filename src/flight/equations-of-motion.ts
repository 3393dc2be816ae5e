import { STANDARD_GRAVITY } from '../core/constants.js';
import {
  ATMOSPHERE_TOP_ALTITUDE,
  atmosphereDensity,
  createAtmosphereSample,
  standardAtmosphere,
} from '../earth/atmosphere.js';
import type { EarthModel } from '../earth/earth-model.js';
import type { HeightAndNormal } from '../earth/geodetic.js';
import { gravityInto } from '../earth/gravity.js';
import { type DragTable, dragCoefficient } from './drag-table.js';
import type { ThrustDirection } from './guidance.js';
import type { RightHandSide } from './integrator.js';
import { LocalVertical } from './local-vertical.js';
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

/** Placeholder vertical for a coast in vacuum, where no force needs it. */
const NO_VERTICAL: HeightAndNormal = { height: Number.POSITIVE_INFINITY, nx: 0, ny: 0, nz: 1 };

/** Build the allocation-free right-hand side for one phase. */
export function makeRightHandSide(
  earth: EarthModel,
  forces: PhaseForces,
  vertical: LocalVertical = new LocalVertical(earth.ellipsoid),
): RightHandSide {
  const w = earth.rotationRate;
  const shape = earth.ellipsoid;
  const gravity = new Float64Array(3);
  const thrustDir = new Float64Array(3);
  const air = createAtmosphereSample();
  const stage = forces.stage;
  const mdot = stage ? stage.propellantMass / stage.burnTime : 0;
  const ispVac = stage ? stage.specificImpulse : 0;
  const ispSl = stage ? (stage.specificImpulseSeaLevel ?? stage.specificImpulse) : 0;
  const drag = forces.drag;
  const direction = forces.direction;
  // With the atmosphere switched off, engines see vacuum as well.
  const needsAir = earth.atmosphere;
  // The height and vertical are needed for the air and for thrust, not for a coast in vacuum.
  const thrusting = stage !== undefined;
  // Beyond this geocentric radius (m) every point is above the atmosphere's top: no air to look up.
  const airRadius2 = (shape.a + ATMOSPHERE_TOP_ALTITUDE) ** 2;
  // Pressure matters only for thrust between sea-level and vacuum specific impulse; the speed of
  // sound only for a Mach-dependent drag table. Otherwise density alone is the cheap path.
  const fullAir = (thrusting && ispSl !== ispVac) || drag.kind === 'body';

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

    let pressure = 0;
    let density = 0;
    let up: HeightAndNormal = NO_VERTICAL;
    const inAir = needsAir && x * x + yy * yy + z * z < airRadius2;
    if (thrusting || inAir) {
      // Through the shared cache: the last stage of a step is at the step's end state, which the
      // event detectors ask about next.
      up = vertical.at(y);
      if (inAir && up.height < ATMOSPHERE_TOP_ALTITUDE) {
        if (fullAir) {
          standardAtmosphere(up.height, air);
          pressure = air.pressure;
          density = air.density;
        } else {
          density = atmosphereDensity(up.height);
        }
      }
    }

    if (density > 0 && drag.kind !== 'none') {
      const vrx = vx + w * yy;
      const vry = vy - w * x;
      const vrz = vz;
      const v = Math.sqrt(vrx * vrx + vry * vry + vrz * vrz);
      // Drag acceleration magnitude / v, so that a = -k v_rel.
      let k: number;
      if (drag.kind === 'body') {
        const cd = dragCoefficient(drag.table, v / air.speedOfSound);
        k = (0.5 * density * v * cd * drag.area) / m;
      } else {
        k = (0.5 * density * v) / drag.ballisticCoefficient;
      }
      ax -= k * vrx;
      ay -= k * vry;
      az -= k * vrz;
    }

    if (stage) {
      const isp = ispVac - ((ispVac - ispSl) * pressure) / SEA_LEVEL_PRESSURE;
      const accel = (mdot * STANDARD_GRAVITY * isp) / m;
      direction(t, y, up, w, thrustDir);
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

/**
 * Dynamic pressure 0.5 rho v_rel^2 (Pa) of a state (ECI) at a height (m), with the velocity
 * relative to the rotating atmosphere; 0 with the atmosphere switched off.
 */
export function dynamicPressure(y: Float64Array, earth: EarthModel, height: number): number {
  if (!earth.atmosphere || height >= ATMOSPHERE_TOP_ALTITUDE) return 0;
  const w = earth.rotationRate;
  const vrx = y[3]! + w * y[1]!;
  const vry = y[4]! - w * y[0]!;
  const vrz = y[5]!;
  return 0.5 * atmosphereDensity(height) * (vrx * vrx + vry * vry + vrz * vrz);
}
