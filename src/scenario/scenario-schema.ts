import { z } from 'zod';
import { type Dimension, expectation } from './quantity.js';
import {
  LATITUDE,
  LONGITUDE,
  NON_NEGATIVE,
  POSITIVE,
  type QuantityBounds,
  quantity,
} from './schema-quantity.js';

/**
 * The scenario file: the single source of truth for what a scenario may hold. `shieldlab
 * validate` checks files against it (every problem at once, with line and column), and the JSON
 * Schema for editors is generated from it (`shieldlab schema`). Quantities are SI numbers or
 * strings with units; any parameter marked uncertain may be a range for uncertainty studies.
 */

const id = z.string().regex(/^[a-z][a-z0-9-]*$/, { error: 'a lower-case id such as "iran-irbm"' });

/** A quantity, or a range `{ low, high }` (uniform), optionally with a nominal `value` and a distribution. */
export interface UncertainValue {
  /** Nominal value (SI): the given value, or the middle of the range. */
  readonly value: number;
  readonly low?: number;
  readonly high?: number;
  readonly distribution?: 'uniform' | 'triangular' | 'normal';
}

export function uncertain(dimension: Dimension, bounds?: QuantityBounds) {
  const plain = quantity(dimension, bounds);
  const range = z
    .strictObject({
      value: plain.optional(),
      low: plain,
      high: plain,
      distribution: z.enum(['uniform', 'triangular', 'normal']).optional(),
    })
    .transform((r, ctx): UncertainValue => {
      if (!(r.low <= r.high)) {
        ctx.addIssue({ code: 'custom', message: 'low at most high', path: ['low'], input: r });
        return z.NEVER;
      }
      const value = r.value ?? 0.5 * (r.low + r.high);
      if (!(value >= r.low && value <= r.high)) {
        ctx.addIssue({ code: 'custom', message: 'a value between low and high', path: ['value'], input: r });
        return z.NEVER;
      }
      return { value, low: r.low, high: r.high, ...(r.distribution ? { distribution: r.distribution } : {}) };
    });
  return z.union([plain.transform((v): UncertainValue => ({ value: v })), range], {
    error: unionError(
      `${expectation(dimension, bounds?.words)}, or a range { low, high } with an optional value`,
    ),
  });
}

/**
 * The message of a union that matched no branch: a branch's own explanation when it gave one
 * (such as "low at most high"), else what the union accepts.
 */
function unionError(expected: string) {
  return (issue: {
    code?: string;
    errors?: ReadonlyArray<ReadonlyArray<{ code?: string; message?: string }>>;
  }) => {
    const own = (issue.errors ?? []).flat().find((e) => e.code === 'custom' && e.message);
    return own?.message ?? expected;
  };
}

/** A place: a site id (catalog or the scenario's `sites`), "LAT,LON" in degrees, or { lat, lon }. */
const place = z.union(
  [
    z.string().min(1),
    z.strictObject({ lat: quantity('angle', LATITUDE), lon: quantity('angle', LONGITUDE) }),
  ],
  { error: unionError('a site id, "LAT,LON" in degrees (quoted in YAML flow style), or { lat, lon }') },
);

const time = (bounds: QuantityBounds = NON_NEGATIVE) => uncertain('time', bounds);

const threat = z.strictObject({
  id,
  /** A catalog missile id, or the id of a missile defined in this file's `missiles`. */
  missile: id,
  from: place,
  to: place,
  trajectory: z.enum(['min-energy', 'lofted', 'depressed']).default('min-energy'),
  /** Launch time within the scenario (s); for raids. */
  launchTime: time().optional(),
  /** Objects the sensors see (the warhead is always there). */
  objects: z.array(z.enum(['warhead', 'tank', 'decoy'])).optional(),
});

const interceptorSite = z.strictObject({
  id: id.optional(),
  site: place,
  /** A catalog interceptor id. */
  interceptor: id,
  inventory: z.number().int().min(0),
});

const defence = z.strictObject({
  /** The defending party (a party of data/sharing.yaml). */
  party: id.default('united-states'),
  interceptorSites: z.array(interceptorSite).min(1),
  /** Catalog sensor ids; without sensors the commit time must be given per study. */
  sensors: z.array(id).optional(),
  /** An arrangement of data/sharing.yaml. */
  sharing: id.optional(),
  refraction: z.boolean().optional(),
  decisionTime: time().optional(),
  killAssessmentTime: time().optional(),
  /**
   * Defended assets with their values: a threat is taken to be aimed at the asset nearest its
   * predicted impact point within that asset's radius; raids report survival per asset.
   */
  assets: z
    .array(
      z.strictObject({
        id,
        site: place,
        value: z.number().positive().default(1),
        radius: quantity('length', POSITIVE).default(100e3),
        /** Interceptors per look at threats aimed at this asset (its doctrine), else the raid's. */
        salvo: z.number().int().min(1).max(8).optional(),
        /** Interceptors at the last (or only) look at threats aimed at it, else the raid's. */
        lastLookSalvo: z.number().int().min(1).max(8).optional(),
      }),
    )
    .optional(),
});

const threatRef = { threat: id.optional() };
/**
 * A sharing arrangement and a set of the defence's sensors for this study instead of the
 * defence's own, to compare arrangements (or the loss of a sensor) in one file.
 */
const sharingRef = { sharing: id.optional(), sensors: z.array(id).min(1).optional() };
/** An earlier study of the same kind that the findings compare this one with. */
const comparison = { compareWith: id.optional() };
export const studySchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('trajectory'), id: id.optional(), ...threatRef }),
  z.strictObject({
    kind: z.literal('engagement'),
    id: id.optional(),
    ...threatRef,
    /** Without sensors: the commit (s from threat launch). */
    commitTime: time().optional(),
    ...sharingRef,
    ...comparison,
  }),
  z.strictObject({
    kind: z.literal('sensing'),
    id: id.optional(),
    ...threatRef,
    ...sharingRef,
    ...comparison,
  }),
  z.strictObject({
    kind: z.literal('russia-question'),
    id: id.optional(),
    targets: z.array(z.string().min(1)).min(1).optional(),
    burnoutSpeeds: z.array(quantity('speed', POSITIVE)).min(1).optional(),
    /**
     * When the defence commits: a time after each threat's burnout (`commitAfterBurnout`, the
     * assumption of the 2007 debate's tables), or when the defence's sensors give a fire-control
     * track (`sensors`).
     */
    commitFrom: z.enum(['burnout', 'sensors']).default('burnout'),
    commitAfterBurnout: quantity('time', NON_NEGATIVE).optional(),
  }),
  z.strictObject({
    kind: z.literal('footprint'),
    id: id.optional(),
    /** The threat whose missile and trajectory family are used; its target (or launch point) varies. */
    ...threatRef,
    /**
     * What the grid holds: targets (the defended area against launches from the threat's site) or
     * launch points (from where a launch at the threat's target can be engaged).
     */
    over: z.enum(['targets', 'launch-points']).default('targets'),
    /** The points: a latitude-longitude box and its spacing. */
    grid: z.strictObject({
      south: quantity('angle', LATITUDE),
      north: quantity('angle', LATITUDE),
      west: quantity('angle', LONGITUDE),
      east: quantity('angle', LONGITUDE),
      spacing: quantity('angle', { gt: 0, words: '> 0 deg' }),
    }),
  }),
  z.strictObject({
    kind: z.literal('sweep'),
    id: id.optional(),
    ...threatRef,
    /** A catalog parameter, as in an override: ID.FIELD such as gbi-2stage.burnoutSpeed. */
    parameter: z.string().regex(/^[a-z][a-z0-9-]*\.[A-Za-z_][\w.[\]]*$/, {
      error: 'ID.FIELD, such as gbi-2stage.burnoutSpeed',
    }),
    /** The values it takes, each as an override value (a number in SI or a string with a unit). */
    values: z
      .array(z.union([z.number(), z.string().min(1)]))
      .min(1)
      .max(1000),
    /** Without sensors: the commit (s from threat launch). */
    commitTime: time().optional(),
  }),
  z.strictObject({
    kind: z.literal('uncertainty'),
    id: id.optional(),
    ...threatRef,
    /**
     * The study whose answers are sampled; a raid takes the settings of the file's first raid
     * study (or the defaults), with `raidTrials` Monte Carlo trials per sample.
     */
    of: z.enum(['engagement', 'sensing', 'raid']).default('engagement'),
    raidTrials: z.number().int().min(100).max(1_000_000).default(10_000),
    samples: z.number().int().min(2).max(10000).default(50),
    /** Central probability of the reported interval: 0.9 gives the 5th to the 95th percentile. */
    interval: z.number().gt(0).lt(1).default(0.9),
    sampling: z.enum(['latin-hypercube', 'random']).default('latin-hypercube'),
    /** How catalog ranges are drawn (the scenario's own ranges carry their distribution). */
    catalogDistribution: z.enum(['triangular', 'uniform', 'normal']).default('triangular'),
    /**
     * Only these parameters; by default every cited range the scenario uses. Catalog parameters
     * as ID.FIELD, sharing latencies as sharing.ARRANGEMENT.SENSOR.latency, and the defence's
     * defence.decisionTime and defence.killAssessmentTime.
     */
    parameters: z
      .array(
        z.string().regex(/^[a-z][a-z0-9-]*\.[A-Za-z_][\w.[\]-]*$/, {
          error: 'ID.FIELD, such as gbi-2stage.burnoutSpeed',
        }),
      )
      .min(1)
      .optional(),
    /** Without sensors: the commit (s from threat launch); may itself be a range. */
    commitTime: time().optional(),
    ...sharingRef,
  }),
  z.strictObject({
    kind: z.literal('raid'),
    id: id.optional(),
    /** Monte Carlo trials. */
    trials: z.number().int().min(100).max(10_000_000).default(100_000),
    /** Interceptors per look; shoot-look-shoot across the looks the window allows. */
    salvo: z.number().int().min(1).max(8).default(1),
    /**
     * Interceptors at the last look, or the only one when the window allows no second: shoot-
     * look-shoot while there is time, a salvo when there is none. Default: `salvo`.
     */
    lastLookSalvo: z.number().int().min(1).max(8).optional(),
    /** At most this many looks per object. */
    maxLooks: z.number().int().min(1).optional(),
    /** Single-shot kill probability of every interceptor, instead of each catalog value. */
    singleShotKillProbability: z.number().min(0).max(1).optional(),
    /** Probability that a decoy or tank is recognised as such and not engaged. */
    discrimination: z.number().min(0).max(1).default(1),
    /**
     * first-come: each look fires from what is left at the site, in time order. preferential:
     * interceptors are reserved in advance for the objects aimed at the most valuable assets
     * (then the earliest), as many as their looks can use; the others get what remains.
     */
    doctrine: z.enum(['first-come', 'preferential']).default('first-come'),
    /**
     * greedy: each threat to the site that offers it the most looks; exact: every combination of
     * sites compared by the Monte Carlo (small raids: up to 4,096 combinations).
     */
    assignment: z.enum(['greedy', 'exact']).default('greedy'),
    /** Without sensors: the commit (s from each threat's launch). */
    commitTime: time().optional(),
    ...sharingRef,
  }),
]);

export const scenarioSchema = z.strictObject({
  name: z.string().min(1),
  description: z.string().optional(),
  /** Calendar date the scenario describes (ISO 8601), for reports; the physics is epoch-free. */
  epoch: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}(T[\d:.]+Z?)?$/, { error: 'an ISO 8601 date such as 2007-06-08' })
    .optional(),
  seed: z.number().int().min(0).optional(),
  earth: z
    .strictObject({
      rotation: z.boolean().optional(),
      oblateness: z.boolean().optional(),
      atmosphere: z.boolean().optional(),
      spherical: z.union([z.boolean(), quantity('length', POSITIVE)]).optional(),
    })
    .optional(),
  /**
   * Catalog overrides, as on the command line: ID.FIELD=VALUE, or ID.FIELD=VALUE in LOW..HIGH to
   * replace a cited range as well (sampled by uncertainty studies).
   */
  overrides: z.array(z.string()).optional(),
  sites: z
    .array(
      z.strictObject({
        id,
        name: z.string().optional(),
        lat: quantity('angle', LATITUDE),
        lon: quantity('angle', LONGITUDE),
      }),
    )
    .optional(),
  /**
   * Missiles defined here, each in the form of a missile file of data/missiles with an `id` that
   * threats use (checked by the missile file's own schema).
   */
  missiles: z.array(z.looseObject({ id })).optional(),
  threats: z.array(threat).min(1),
  defence: defence.optional(),
  studies: z.array(studySchema).min(1),
});

export type Scenario = z.infer<typeof scenarioSchema>;
export type ScenarioStudy = Scenario['studies'][number];
