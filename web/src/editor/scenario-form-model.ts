import { parseDocument } from 'yaml';
import { InputError } from '../../../src/core/errors.js';
import { type Override, parseOverride } from '../../../src/scenario/overrides.js';
import { appendYamlItem, deleteYamlValue, setYamlValue } from './yaml-text-edit.js';

/**
 * The fields of a scenario that users change most, read from its YAML text and written back into
 * it, value by value, so that comments and everything else in the file stay as written (see
 * yaml-text-edit.ts). The text stays the one source of truth: the form is a view of it. Pure.
 */

export const THREAT_FIELDS = ['missile', 'from', 'to', 'trajectory'] as const;
export type ThreatField = (typeof THREAT_FIELDS)[number];

/** What the schema assumes when a threat names no trajectory. */
export const DEFAULT_TRAJECTORY = 'min-energy';

export interface FormThreat {
  /** Position in `threats`. */
  readonly index: number;
  readonly id: string;
  readonly missile: string;
  /** A site id, or "LAT,LON" as written (a `{ lat, lon }` place is shown that way). */
  readonly from: string;
  readonly to: string;
  readonly trajectory: string;
}

export interface FormInterceptor {
  /** A catalog interceptor id used by `defence.interceptorSites`. */
  readonly interceptor: string;
  /** The burnout speed set by the file's overrides (km/s), or null for the catalog's value. */
  readonly burnoutSpeed: number | null;
  /** That override as written, or null. */
  readonly override: string | null;
}

export interface ScenarioFormFields {
  readonly name: string;
  readonly seed: number | null;
  readonly threats: readonly FormThreat[];
  /** Each interceptor the defence uses, once. */
  readonly interceptors: readonly FormInterceptor[];
  /** Ids of the missiles and sites defined in the file itself, usable like catalog ones. */
  readonly fileMissiles: readonly string[];
  readonly fileSites: readonly string[];
}

export type FormChange =
  | { readonly field: 'name'; readonly value: string }
  /** null removes the seed. */
  | { readonly field: 'seed'; readonly value: number | null }
  | { readonly field: 'threat'; readonly index: number; readonly key: ThreatField; readonly value: string }
  /** km/s; null removes the override, leaving the catalog's value. */
  | { readonly field: 'burnoutSpeed'; readonly interceptor: string; readonly value: number | null };

/** Top-level keys a new `seed` or `overrides` entry is placed after, in order of preference. */
const SEED_AFTER = ['epoch', 'description', 'name'];
const OVERRIDES_AFTER = ['seed', 'epoch', 'description', 'name'];
/** The interceptor files keep it at `booster.burnoutSpeed`; the short form names it too. */
const BURNOUT_PATHS = ['burnoutSpeed', 'booster.burnoutSpeed'];

type Data = Record<string, unknown>;

/** The form's fields, or null when the text does not read as YAML (the form then waits). */
export function readFormFields(text: string): ScenarioFormFields | null {
  const data = readData(text);
  if (!data) return null;
  const threats = Array.isArray(data.threats) ? data.threats : [];
  const sites = defenceSites(data);
  const interceptors = [
    ...new Set(sites.map((s) => s.interceptor).filter((i): i is string => typeof i === 'string')),
  ];
  return {
    name: typeof data.name === 'string' ? data.name : '',
    seed: Number.isInteger(data.seed) ? (data.seed as number) : null,
    threats: threats.map((t: unknown, index) => {
      const threat = isObject(t) ? t : {};
      return {
        index,
        id: typeof threat.id === 'string' ? threat.id : `threat ${index + 1}`,
        missile: scalarText(threat.missile),
        from: placeText(threat.from),
        to: placeText(threat.to),
        trajectory: typeof threat.trajectory === 'string' ? threat.trajectory : DEFAULT_TRAJECTORY,
      };
    }),
    interceptors: interceptors.map((interceptor) => {
      const found = burnoutOverride(data.overrides, interceptor);
      return {
        interceptor,
        burnoutSpeed: found ? speedInKmPerSecond(found.override.value) : null,
        override: found ? found.override.text : null,
      };
    }),
    fileMissiles: ids(data.missiles),
    fileSites: ids(data.sites),
  };
}

/**
 * The text with one field changed, everything else as it was; the same text when the value is
 * unchanged or the text does not read as YAML.
 */
export function applyFormChange(text: string, change: FormChange): string {
  const data = readData(text);
  const fields = readFormFields(text);
  if (!data || !fields) return text;
  switch (change.field) {
    case 'name':
      return change.value === fields.name ? text : setYamlValue(text, ['name'], change.value);
    case 'seed':
      if (change.value === fields.seed) return text;
      if (change.value === null) return 'seed' in data ? deleteYamlValue(text, ['seed']) : text;
      return setYamlValue(text, ['seed'], change.value, SEED_AFTER);
    case 'threat': {
      const threat = fields.threats[change.index];
      if (!threat || threat[change.key] === change.value) return text;
      return setYamlValue(text, ['threats', change.index, change.key], change.value);
    }
    case 'burnoutSpeed':
      return setBurnoutSpeed(text, data, change.interceptor, change.value);
  }
}

/** The override that sets an interceptor's burnout speed: `ID.burnoutSpeed=VALUE km/s`. */
export function burnoutSpeedOverride(interceptor: string, kmPerSecond: number): string {
  return `${interceptor}.burnoutSpeed=${formatSpeed(kmPerSecond)} km/s`;
}

/** An override's speed in km/s: "8.3 km/s", "8.3km/s", or SI "8300" (m/s); null if it is neither. */
export function speedInKmPerSecond(value: string): number | null {
  const m = /^([-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?)\s*(km\/s|m\/s)?$/.exec(value.trim());
  if (!m) return null;
  const n = Number(m[1]);
  return m[2] === 'km/s' ? n : n / 1000;
}

function setBurnoutSpeed(text: string, data: Data, interceptor: string, kmPerSecond: number | null): string {
  const found = burnoutOverride(data.overrides, interceptor);
  if (kmPerSecond === null) {
    if (!found) return text;
    const count = Array.isArray(data.overrides) ? data.overrides.length : 0;
    // An empty `overrides:` would read as null, which the schema refuses: the key goes with it.
    return deleteYamlValue(text, count === 1 ? ['overrides'] : ['overrides', found.index]);
  }
  if (!found)
    return appendYamlItem(
      text,
      ['overrides'],
      burnoutSpeedOverride(interceptor, kmPerSecond),
      OVERRIDES_AFTER,
    );
  if (speedInKmPerSecond(found.override.value) === kmPerSecond) return text;
  // The field as the user named it, and a range of their own if they gave one, are kept.
  const { id, path, range } = found.override;
  const written = `${id}.${path}=${formatSpeed(kmPerSecond)} km/s${range ? ` in ${range.low}..${range.high}` : ''}`;
  return setYamlValue(text, ['overrides', found.index], written);
}

/** The last override of the interceptor's burnout speed (a run applies them in order, the last wins). */
function burnoutOverride(
  overrides: unknown,
  interceptor: string,
): { index: number; override: Override } | undefined {
  if (!Array.isArray(overrides)) return undefined;
  let found: { index: number; override: Override } | undefined;
  overrides.forEach((written: unknown, index) => {
    if (typeof written !== 'string') return;
    try {
      const override = parseOverride(written, 'overrides');
      if (override.id === interceptor && BURNOUT_PATHS.includes(override.path)) found = { index, override };
    } catch (e) {
      if (!(e instanceof InputError)) throw e; // a malformed override is the checker's to report
    }
  });
  return found;
}

function readData(text: string): Data | null {
  const doc = parseDocument(text);
  if (doc.errors.length > 0) return null;
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: 100 });
  } catch {
    return null;
  }
  return isObject(data) ? data : null;
}

function defenceSites(data: Data): Data[] {
  const defence = isObject(data.defence) ? data.defence : {};
  return Array.isArray(defence.interceptorSites) ? defence.interceptorSites.filter(isObject) : [];
}

function ids(list: unknown): string[] {
  if (!Array.isArray(list)) return [];
  return list.filter(isObject).flatMap((x) => (typeof x.id === 'string' ? [x.id] : []));
}

function placeText(place: unknown): string {
  if (isObject(place) && place.lat !== undefined && place.lon !== undefined)
    return `${String(place.lat)},${String(place.lon)}`;
  return scalarText(place);
}

function scalarText(value: unknown): string {
  return typeof value === 'string' || typeof value === 'number' ? String(value) : '';
}

function isObject(value: unknown): value is Data {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A speed as typed, without the binary noise of floating point (8.3, not 8.300000000000001). */
function formatSpeed(kmPerSecond: number): string {
  return String(Number(kmPerSecond.toFixed(6)));
}
