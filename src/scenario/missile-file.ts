import { z } from 'zod';
import { InputError } from '../core/errors.js';
import { makeRocket, type Rocket } from '../flight/rocket.js';
import {
  attributeError,
  type CatalogParameter,
  fitSchema,
  optional,
  parseCatalogEntry,
  stageInputs,
} from './catalog-entry.js';
import type { Override } from './overrides.js';
import { type CitedValue, NON_NEGATIVE, POSITIVE, param } from './schema-quantity.js';

/**
 * A missile file (YAML or JSON): the hardware of a staged rocket and its boost guidance. Every
 * quantity is an SI number or a string with a unit (angles in degrees), or, in catalog files, a
 * cited value `{ value, low, high, source, note }` whose source is a key of `sources` (or `fit`,
 * for a value fitted to published figures as the `fit` block describes).
 */

const DEG = Math.PI / 180;

const dragRows = z.array(z.tuple([z.number().nonnegative(), z.number().nonnegative()])).min(1);

export const stageSchema = z.strictObject({
  name: z.string().optional(),
  dryMass: param('mass', POSITIVE),
  propellantMass: param('mass', POSITIVE),
  specificImpulse: param('time', POSITIVE),
  specificImpulseSeaLevel: param('time', POSITIVE).optional(),
  burnTime: param('time', POSITIVE).optional(),
  thrust: param('force', POSITIVE).optional(),
  diameter: param('length', POSITIVE),
  drag: z
    .union(
      [dragRows, z.strictObject({ value: dragRows, source: z.string().min(1), note: z.string().optional() })],
      {
        error: 'a list of [mach, cd] pairs, or { value: [[mach, cd], ...], source }',
      },
    )
    .optional(),
  coastAfter: param('time', NON_NEGATIVE).optional(),
});

export const missileSchema = z.strictObject({
  /** Catalog id (catalog files). */
  id: z
    .string()
    .regex(/^[a-z][a-z0-9-]*$/, { error: 'a lower-case id such as "ss-27"' })
    .optional(),
  name: z.string().min(1),
  class: z.enum(['SRBM', 'MRBM', 'IRBM', 'ICBM']).optional(),
  propellant: z.enum(['solid', 'liquid']).optional(),
  description: z.string().optional(),
  /** Citations: a list, or keyed so that parameters can name theirs. */
  sources: z.union([z.array(z.string()), z.record(z.string(), z.string())]).optional(),
  stages: z.array(stageSchema).min(1, { error: 'at least one stage' }),
  reentryVehicle: z.strictObject({
    mass: param('mass', POSITIVE),
    ballisticCoefficient: param('area_density', POSITIVE),
  }),
  guidance: z
    .strictObject({
      verticalRiseTime: param('time', NON_NEGATIVE),
      pitchoverDuration: param('time', NON_NEGATIVE),
      pitchoverAngle: param('angle', { gte: 0, lt: 90 * DEG, words: 'in [0, 90) deg' }),
    })
    .optional(),
  /** Published figures the model is checked against. */
  performance: z
    .strictObject({
      range: param('length', POSITIVE).optional(),
      payload: param('mass', POSITIVE).optional(),
      launchMass: param('mass', POSITIVE).optional(),
      boostTime: param('time', POSITIVE).optional(),
    })
    .optional(),
  /** How fitted values were obtained, when stage data are not public. */
  fit: fitSchema.optional(),
});

/** Default boost guidance when a file gives none: 5 s vertical, 20 s pitch-over through 45 deg. */
export const DEFAULT_GUIDANCE = { verticalRiseTime: 5, pitchoverDuration: 20, pitchoverAngle: 45 * DEG };

/** One parameter of a missile with its provenance, for `catalog show` and the honesty test. */
export type MissileParameter = CatalogParameter;

/** How fitted parameters were obtained. */
export interface MissileFit {
  readonly method: string;
  readonly inputs: readonly string[];
  readonly result?: string | undefined;
}

export interface MissileFile {
  readonly id: string | undefined;
  readonly rocket: Rocket;
  readonly class: string | undefined;
  readonly propellant: string | undefined;
  readonly description: string | undefined;
  /** Citations by key (a plain list is keyed by position). */
  readonly sources: Readonly<Record<string, string>>;
  /** Every quantity with its value, spread and source key. */
  readonly parameters: readonly MissileParameter[];
  readonly performance: {
    readonly range?: CitedValue;
    readonly payload?: CitedValue;
    readonly launchMass?: CitedValue;
    readonly boostTime?: CitedValue;
  };
  readonly fit: MissileFit | undefined;
}

/** Parse and check a missile file's text; throws the first problem as an InputError. */
export function parseMissileFile(
  file: string,
  text: string,
  overrides: readonly Override[] = [],
): MissileFile {
  const { doc, entry: m, sources, parameters } = parseCatalogEntry(file, text, missileSchema, overrides);
  try {
    const rocket = makeRocket(
      m.name,
      stageInputs(m.stages),
      {
        mass: m.reentryVehicle.mass.value,
        ballisticCoefficient: m.reentryVehicle.ballisticCoefficient.value,
      },
      m.guidance
        ? {
            verticalRiseTime: m.guidance.verticalRiseTime.value,
            pitchoverDuration: m.guidance.pitchoverDuration.value,
            pitchoverAngle: m.guidance.pitchoverAngle.value,
          }
        : DEFAULT_GUIDANCE,
    );
    const performance = m.performance ?? {};
    return {
      id: m.id,
      rocket,
      class: m.class,
      propellant: m.propellant,
      description: m.description,
      sources,
      parameters,
      performance: {
        ...optional('range', performance.range),
        ...optional('payload', performance.payload),
        ...optional('launchMass', performance.launchMass),
        ...optional('boostTime', performance.boostTime),
      },
      fit: m.fit,
    };
  } catch (e) {
    if (e instanceof InputError) throw attributeError(e, doc);
    throw e;
  }
}
