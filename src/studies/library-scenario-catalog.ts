import type { EarthModel } from '../earth/earth-model.js';
import type { CatalogLibrary } from '../scenario/catalog-library.js';
import { InlineMissiles } from '../scenario/inline-missiles.js';
import { type Override, parseOverride } from '../scenario/overrides.js';
import { parsePlace } from '../scenario/place.js';
import type { Scenario } from '../scenario/scenario-schema.js';
import { radarAgainst } from '../scenario/sensor-file.js';
import { OWN_SENSORS } from '../sensors/sharing.js';
import type { ScenarioCatalog } from './scenario-catalog.js';

/**
 * What a scenario's studies look up, answered from the shipped catalog and the scenario itself:
 * its own sites and missiles first, then the catalog, with the scenario's overrides applied.
 */
export function libraryScenarioCatalog(
  scenario: Scenario,
  earth: EarthModel,
  library: CatalogLibrary,
  overrides: readonly Override[] = (scenario.overrides ?? []).map((o) => parseOverride(o, 'overrides')),
): ScenarioCatalog {
  const own = new Map((scenario.sites ?? []).map((s) => [s.id, { lat: s.lat, lon: s.lon, height: 0 }]));
  const inline = new InlineMissiles(scenario, 'scenario');
  return {
    place: (value) =>
      typeof value === 'string'
        ? (own.get(value) ?? parsePlace(value, 'place', library.siteCatalog()))
        : { lat: value.lat, lon: value.lon, height: 0 },
    missile: (id) =>
      inline.has(id)
        ? inline.missile(id, overrides).rocket
        : library.requireMissile(id, overrides, 'missile').rocket,
    interceptor: (id, burnoutSpeed) =>
      library.requireInterceptor(
        id,
        earth,
        [
          ...overrides.filter(
            (o) => !(burnoutSpeed !== undefined && o.id === id && /(^|\.)burnoutSpeed$/.test(o.path)),
          ),
          ...(burnoutSpeed !== undefined ? [parseOverride(`${id}.burnoutSpeed=${burnoutSpeed}`)] : []),
        ],
        '--interceptor',
      ).interceptor,
    sensor: (id, object) => {
      const f = library.requireSensor(id, overrides, 'defence.sensors');
      return f.kind === 'radar' ? radarAgainst(f.radar, object) : f.constellation;
    },
    arrangement: (id) => library.sharingCatalog().arrangements.find((a) => a.id === id) ?? OWN_SENSORS,
    russianBases: () => library.russianBases(overrides).bases,
    parameters: (id) => {
      if (inline.has(id)) return inline.missile(id, overrides).parameters;
      if (library.missileCatalog().get(id))
        return library.requireMissile(id, overrides, 'missile').parameters;
      if (library.interceptorFiles().has(id))
        return library.requireInterceptor(id, earth, overrides, '--interceptor').parameters;
      return library.requireSensor(id, overrides, 'defence.sensors').parameters;
    },
    // A swept or sampled value replaces any override of the same field.
    withOverrides: (texts) => {
      const added = texts.map((text) => parseOverride(text, 'sweep'));
      return libraryScenarioCatalog(scenario, earth, library, [
        ...overrides.filter((x) => !added.some((o) => x.id === o.id && x.path === o.path)),
        ...added,
      ]);
    },
  };
}
