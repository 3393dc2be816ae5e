import { z } from 'zod';
import { InputError } from '../core/errors.js';
import { DEFAULT_MISSILE_DRAG, dragTable } from '../flight/drag-table.js';
import { makeRocket, type Rocket } from '../flight/rocket.js';
import { type CitedValue, NON_NEGATIVE, POSITIVE, param } from './schema-quantity.js';
import { parseSourceDocument, type SourceDocument } from './source-document.js';
import { issuesToErrors } from './validation-issues.js';

/**
 * A missile file (YAML or JSON): the hardware of a staged rocket and its boost guidance. Every
 * quantity is an SI number or a string with a unit (angles in degrees), or, in catalog files, a
 * cited value `{ value, low, high, source, note }` whose source is a key of `sources` (or `fit`,
 * for a value fitted to published figures as the `fit` block describes).
 */

const DEG = Math.PI / 180;

const dragRows = z.array(z.tuple([z.number().nonnegative(), z.number().nonnegative()])).min(1);

const stageSchema = z.strictObject({
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
  fit: z
    .strictObject({
      method: z.string().min(1),
      inputs: z.array(z.string()).min(1),
      result: z.string().optional(),
    })
    .optional(),
});

/** Default boost guidance when a file gives none: 5 s vertical, 20 s pitch-over through 45 deg. */
export const DEFAULT_GUIDANCE = { verticalRiseTime: 5, pitchoverDuration: 20, pitchoverAngle: 45 * DEG };

/** One parameter of a missile with its provenance, for `catalog show` and the honesty test. */
export interface MissileParameter {
  /** Field path, such as `stages[0].dryMass`. */
  readonly path: string;
  readonly cited: CitedValue;
}

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
export function parseMissileFile(file: string, text: string): MissileFile {
  const doc = parseSourceDocument(file, text);
  const parsed = missileSchema.safeParse(doc.data);
  if (!parsed.success) throw firstOf(issuesToErrors(doc, parsed.error.issues));
  const m = parsed.data;
  const sources: Record<string, string> = Array.isArray(m.sources)
    ? Object.fromEntries(m.sources.map((s, i) => [String(i + 1), s]))
    : { ...(m.sources ?? {}) };
  const parameters = collectParameters(m);
  for (const p of parameters) {
    const key = p.cited.source;
    if (key !== undefined && key !== 'fit' && !(key in sources)) {
      throw attribute(
        new InputError(
          `${p.path}.source`,
          key,
          `a key of sources (${Object.keys(sources).join(', ') || 'none given'}) or "fit"`,
        ),
        doc,
      );
    }
    if (key === 'fit' && !m.fit) {
      throw attribute(
        new InputError(`${p.path}.source`, key, 'a fit block describing the fit, or a key of sources'),
        doc,
      );
    }
  }
  const v = (c: CitedValue | undefined) => c?.value;
  try {
    const rocket = makeRocket(
      m.name,
      m.stages.map((s, i) => ({
        name: s.name ?? `stage ${i + 1}`,
        dryMass: s.dryMass.value,
        propellantMass: s.propellantMass.value,
        specificImpulse: s.specificImpulse.value,
        ...optional('specificImpulseSeaLevel', v(s.specificImpulseSeaLevel)),
        ...optional('burnTime', v(s.burnTime)),
        ...optional('thrust', v(s.thrust)),
        diameter: s.diameter.value,
        drag: s.drag
          ? dragTable(Array.isArray(s.drag) ? s.drag : s.drag.value, `stages[${i}].drag`)
          : DEFAULT_MISSILE_DRAG,
        ...optional('coastAfter', v(s.coastAfter)),
      })),
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
    if (e instanceof InputError) throw attribute(e, doc);
    throw e;
  }
}

function optional<K extends string, T>(key: K, value: T | undefined): { [P in K]?: T } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: T };
}

/** Every cited value in the parsed file, with its path. */
function collectParameters(root: unknown): MissileParameter[] {
  const out: MissileParameter[] = [];
  const walk = (node: unknown, path: string) => {
    if (node === null || typeof node !== 'object') return;
    if ('dimension' in node && 'value' in node && typeof (node as CitedValue).value === 'number') {
      out.push({ path, cited: node as CitedValue });
      return;
    }
    if (Array.isArray(node)) {
      for (const [i, item] of node.entries()) walk(item, `${path}[${i}]`);
      return;
    }
    for (const [key, value] of Object.entries(node)) {
      if (key === 'drag' || key === 'sources' || key === 'fit') continue;
      walk(value, path ? `${path}.${key}` : key);
    }
  };
  walk(root, '');
  return out;
}

/** Attribute an error raised while building (path as text) to the file, line and column. */
function attribute(e: InputError, doc: SourceDocument): InputError {
  const keys = [...e.path.matchAll(/([^.[\]]+)|\[(\d+)\]/g)].map((m) =>
    m[2] !== undefined ? Number(m[2]) : m[1]!,
  );
  const where = doc.locate(keys);
  return e.inFile(where ? `${doc.file}:${where}` : doc.file);
}

function firstOf(errors: InputError[]): InputError {
  const first = errors[0]!;
  return errors.length > 1
    ? new InputError(
        first.path,
        first.value,
        `${first.expected} (and ${errors.length - 1} more problems)`,
        first.file,
      )
    : first;
}
