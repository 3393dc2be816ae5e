import { InputError } from '../../core/errors.js';
import type { VehicleClass } from '../messages/bodies.js';

/**
 * The generic class of a ballistic missile from its range, by the bands in common US use:
 * short-range (SRBM) under 1,000 km, medium-range (MRBM) 1,000-3,000 km, intermediate-range (IRBM)
 * 3,000-5,500 km, intercontinental (ICBM) over 5,500 km. These are the US Missile Defense Agency's
 * bands as encyclopaedias quote them, and the ones the Arms Control Association's fact sheet
 * "Worldwide Ballistic Missile Inventories" is usually cited for (neither primary page was re-read
 * for this file, nor were the START treaties, whose definition of an ICBM as a land-based missile
 * of a range in excess of 5,500 km is where the ICBM limit comes from). Sources that were read:
 * the 1998 Rumsfeld Commission report gives ICBM range as "greater than 5,500 km" (quoted by J.
 * Cirincione, Carnegie Endowment, 2002); 1,000 km is the INF Treaty's limit between shorter-range (500-1,000
 * km) and intermediate-range (1,000-5,500 km) missiles (Britannica, "Intermediate-Range Nuclear
 * Forces Treaty"); the Danish Institute for International Studies ("The Spread of Missile
 * Technology and its Countermeasures", 2007) gives short range up to 1,000 km and medium range
 * 1,000 to about 3,000 km; StrategyPage (20 Mar 2006) the same SRBM and MRBM bands.
 *
 * The bands overlap on paper at 1,000, 3,000 and 5,500 km; here each limit belongs to the band
 * above it except 5,500 km, which stays IRBM because an ICBM is "in excess of" 5,500 km:
 * srbm [0, 1000), mrbm [1000, 3000), irbm [3000, 5500], icbm above 5500 (km). The classes say
 * nothing of the trajectory: a missile flown short of its range keeps the class of its range.
 */

export type BallisticClass = Extract<VehicleClass, 'srbm' | 'mrbm' | 'irbm' | 'icbm'>;

/** Band limits (m). */
export const SRBM_MAX_RANGE = 1_000_000;
export const MRBM_MAX_RANGE = 3_000_000;
export const IRBM_MAX_RANGE = 5_500_000;

/** The class of a missile of this (maximum) range (m). */
export function vehicleClassOfRange(range: number): BallisticClass {
  if (!(Number.isFinite(range) && range > 0)) throw new InputError('range', range, 'a missile range > 0 (m)');
  if (range < SRBM_MAX_RANGE) return 'srbm';
  if (range < MRBM_MAX_RANGE) return 'mrbm';
  if (range <= IRBM_MAX_RANGE) return 'irbm';
  return 'icbm';
}

/** Where a threat's class came from. */
export type ClassBasis = 'catalog range' | 'catalog class' | 'flown range';

/**
 * A missile's class: from the range its catalog entry cites (the maximum range the bands are
 * defined by), else from the class the entry states, else from the range flown (a lower bound of
 * the maximum range, so possibly a class too low; said in `basis`).
 */
export function missileClass(
  missile: { readonly class?: string | undefined; readonly range?: number | undefined },
  flownRange: number,
): { readonly vehicleClass: BallisticClass; readonly basis: ClassBasis } {
  if (missile.range !== undefined)
    return { vehicleClass: vehicleClassOfRange(missile.range), basis: 'catalog range' };
  const stated = missile.class?.toLowerCase();
  if (stated === 'srbm' || stated === 'mrbm' || stated === 'irbm' || stated === 'icbm')
    return { vehicleClass: stated, basis: 'catalog class' };
  return { vehicleClass: vehicleClassOfRange(flownRange), basis: 'flown range' };
}
