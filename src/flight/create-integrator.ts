import { DormandPrince54 } from './dormand-prince-54.js';
import { DormandPrince853 } from './dormand-prince-853.js';
import type { EmbeddedRungeKutta, IntegratorOptions } from './integrator.js';

/**
 * The integration methods on offer: Dormand-Prince 5(4) and 8(5,3); for flights also `auto`
 * (see fly.ts): 5(4) where thrust or the layered lower atmosphere make the right-hand side only
 * piecewise smooth, 8(5,3) in smooth coasting flight.
 */
export type IntegratorMethod = 'dopri5' | 'dop853';

export function createIntegrator(
  method: IntegratorMethod,
  n: number,
  options: IntegratorOptions,
): EmbeddedRungeKutta {
  return method === 'dopri5' ? new DormandPrince54(n, options) : new DormandPrince853(n, options);
}

/**
 * A small pool of integrators, so that a study flying thousands of trajectories does not
 * allocate a method's two dozen work arrays for each (a measurable share of a short flight).
 * Integrators keep no state between integrations that could change a result: every array is
 * written before it is read, so a pooled one gives the same bits as a new one.
 */
const pool = new Map<string, EmbeddedRungeKutta[]>();

/** An integrator of the method for state dimension n, configured with `options`. */
export function acquireIntegrator(
  method: IntegratorMethod,
  n: number,
  options: IntegratorOptions,
): EmbeddedRungeKutta {
  const free = pool.get(`${method}/${n}`);
  const pooled = free?.pop();
  if (pooled) {
    pooled.configure(options);
    return pooled;
  }
  return createIntegrator(method, n, options);
}

/** Return an integrator to the pool once its integration is finished. */
export function releaseIntegrator(method: IntegratorMethod, integrator: EmbeddedRungeKutta): void {
  const key = `${method}/${integrator.n}`;
  let free = pool.get(key);
  if (!free) {
    free = [];
    pool.set(key, free);
  }
  if (free.length < 4) free.push(integrator);
}
