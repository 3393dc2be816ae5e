import { DormandPrince54 } from './dormand-prince-54.js';
import { DormandPrince853 } from './dormand-prince-853.js';
import type { EmbeddedRungeKutta, IntegratorOptions } from './integrator.js';

/** The integration methods on offer: Dormand-Prince 5(4) and 8(5,3). */
export type IntegratorMethod = 'dopri5' | 'dop853';

export function createIntegrator(
  method: IntegratorMethod,
  n: number,
  options: IntegratorOptions,
): EmbeddedRungeKutta {
  return method === 'dopri5' ? new DormandPrince54(n, options) : new DormandPrince853(n, options);
}
