import type { EarthModel } from '../earth/earth-model.js';
import type { Geodetic } from '../earth/geodetic.js';
import type { Interceptor } from '../engagement/interceptor.js';
import { flyThreat } from '../engagement/threat.js';
import type { Rocket } from '../flight/rocket.js';
import type { CatalogParameter } from '../scenario/catalog-entry.js';
import type { Scenario } from '../scenario/scenario-schema.js';
import type { InfraredConstellation } from '../sensors/infrared.js';
import type { Radar } from '../sensors/radar.js';
import type { SharingArrangement } from '../sensors/sharing.js';

/** The catalog entries a scenario names, resolved (with its overrides) by the caller. */
export interface ScenarioCatalog {
  place(value: string | { lat: number; lon: number }): Geodetic;
  missile(id: string): Rocket;
  /** An interceptor; with a burnout speed (m/s), fitted to it as `--set ID.burnoutSpeed` would. */
  interceptor(id: string, burnoutSpeed?: number): Interceptor;
  /** A radar against a threat object, or an infrared constellation. */
  sensor(id: string, object: string): Radar | InfraredConstellation;
  arrangement(id: string): SharingArrangement;
  /** The Russian ICBM bases of 2007, with their missiles. */
  russianBases(): ReadonlyArray<{ id: string; site: Geodetic; missileId: string; missile: Rocket }>;
  /** The cited parameters of a catalog entry (missile, interceptor or sensor), overrides applied. */
  parameters(id: string): readonly CatalogParameter[];
  /** The same catalog with more overrides (ID.FIELD=VALUE), for sweeps and uncertainty studies. */
  withOverrides(texts: readonly string[]): ScenarioCatalog;
}

/** A scenario threat aimed and flown (or why it cannot reach its target). */
export function flyScenarioThreat(
  spec: Scenario['threats'][number],
  catalog: ScenarioCatalog,
  earth: EarthModel,
): ReturnType<typeof flyThreat> {
  return flyThreat(
    catalog.missile(spec.missile),
    catalog.place(spec.from),
    catalog.place(spec.to),
    spec.trajectory,
    earth,
  );
}
