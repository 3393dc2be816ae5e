import { z } from 'zod';
import { InputError } from '../core/errors.js';
import type { EarthModel } from '../earth/earth-model.js';
import {
  fitSyntheticBooster,
  INTERCEPTOR_GUIDANCE,
  type Interceptor,
  referenceBurnoutSpeed,
} from '../engagement/interceptor.js';
import { makeRocket } from '../flight/rocket.js';
import {
  attributeError,
  type CatalogParameter,
  fitSchema,
  parseCatalogEntry,
  stageInputs,
} from './catalog-entry.js';
import { stageSchema } from './missile-file.js';
import type { Override } from './overrides.js';
import { NON_NEGATIVE, POSITIVE, param } from './schema-quantity.js';

/** A probability: a number in [0, 1]. */
const PROBABILITY = { gte: 0, lte: 1, words: 'in [0, 1]' } as const;

/**
 * An interceptor file (data/interceptors/<id>.yaml): booster, kill vehicle, intercept altitudes
 * and launch delay, every quantity a cited value. The booster is built from its stages when they
 * are given and its burnout speed is not overridden; otherwise it is fitted to the burnout speed
 * and burn time (the form in which the 2007 dispute was argued).
 */

export const interceptorSchema = z.strictObject({
  id: z.string().regex(/^[a-z][a-z0-9-]*$/, { error: 'a lower-case id such as "gbi-2stage"' }),
  name: z.string().min(1),
  description: z.string().optional(),
  sources: z.union([z.array(z.string()), z.record(z.string(), z.string())]).optional(),
  booster: z.strictObject({
    burnoutSpeed: param('speed', { gt: 500, lte: 11e3, words: 'in (0.5, 11] km/s' }),
    burnTime: param('time', { gt: 5, lte: 1000, words: 'in (5, 1000] s' }),
    stageCount: z.number().int().min(1).max(4),
    launchMass: param('mass', POSITIVE).optional(),
    diameter: param('length', POSITIVE).optional(),
    stages: z.array(stageSchema).min(1).optional(),
  }),
  killVehicle: z.strictObject({
    mass: param('mass', POSITIVE),
    divertVelocity: param('speed', NON_NEGATIVE),
    seekerAcquisitionRange: param('length', POSITIVE),
    /** Chance that one interceptor kills the warhead it is fired at (test record or stated value). */
    singleShotKillProbability: param('dimensionless', PROBABILITY).optional(),
  }),
  interceptAltitude: z.strictObject({
    min: param('length', NON_NEGATIVE),
    max: param('length', POSITIVE),
  }),
  launchDelay: param('time', NON_NEGATIVE),
  performance: z.record(z.string(), z.unknown()).optional(),
  fit: fitSchema.optional(),
});

export interface InterceptorFile {
  readonly interceptor: Interceptor;
  readonly description: string | undefined;
  readonly sources: Readonly<Record<string, string>>;
  readonly parameters: readonly CatalogParameter[];
  /** 'stages' when built from stage data, 'fitted' when fitted to the burnout speed. */
  readonly boosterModel: 'stages' | 'fitted';
}

/** Default booster diameter when a file gives none (m): the GBI's 1.27 m. */
const DEFAULT_DIAMETER = 1.27;

export function parseInterceptorFile(
  file: string,
  text: string,
  earth: EarthModel,
  overrides: readonly Override[] = [],
): InterceptorFile {
  const { doc, entry: m, sources, parameters } = parseCatalogEntry(file, text, interceptorSchema, overrides);
  const overriddenSpeed = overrides.some((o) => o.id === m.id && /(^|\.)burnoutSpeed$/.test(o.path));
  try {
    const kv = m.killVehicle;
    if (m.interceptAltitude.max.value <= m.interceptAltitude.min.value) {
      throw new InputError(
        'interceptAltitude.max',
        m.interceptAltitude.max.value,
        `more than the minimum ${m.interceptAltitude.min.value} m`,
      );
    }
    const useStages = m.booster.stages !== undefined && !overriddenSpeed;
    const booster = useStages
      ? makeRocket(
          `${m.name} booster`,
          stageInputs(m.booster.stages!, 'booster.stages'),
          { mass: kv.mass.value, ballisticCoefficient: 1e4 },
          INTERCEPTOR_GUIDANCE,
        )
      : fitSyntheticBooster(
          {
            burnoutSpeed: m.booster.burnoutSpeed.value,
            burnTime: m.booster.burnTime.value,
            stageCount: m.booster.stageCount,
            payloadMass: kv.mass.value,
            diameter: m.booster.diameter?.value ?? DEFAULT_DIAMETER,
            ...(m.booster.launchMass ? { launchMass: m.booster.launchMass.value } : {}),
          },
          earth,
        );
    return {
      interceptor: {
        id: m.id,
        name: m.name,
        booster,
        // What the booster actually reaches: the stage model may differ from the stated figure.
        burnoutSpeed: useStages ? referenceBurnoutSpeed(booster, earth) : m.booster.burnoutSpeed.value,
        killVehicle: {
          mass: kv.mass.value,
          divertVelocity: kv.divertVelocity.value,
          seekerAcquisitionRange: kv.seekerAcquisitionRange.value,
          ...(kv.singleShotKillProbability
            ? { singleShotKillProbability: kv.singleShotKillProbability.value }
            : {}),
        },
        minInterceptAltitude: m.interceptAltitude.min.value,
        maxInterceptAltitude: m.interceptAltitude.max.value,
        launchDelay: m.launchDelay.value,
      },
      description: m.description,
      sources,
      parameters,
      boosterModel: useStages ? 'stages' : 'fitted',
    };
  } catch (e) {
    if (e instanceof InputError) throw attributeError(e, doc);
    throw e;
  }
}
