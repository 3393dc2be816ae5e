import { z } from 'zod';
import { InputError } from '../core/errors.js';
import { DEFAULT_MISSILE_DRAG, dragTable } from '../flight/drag-table.js';
import { makeRocket, type Rocket } from '../flight/rocket.js';
import { NON_NEGATIVE, POSITIVE, quantity } from './schema-quantity.js';
import { parseSourceDocument, type SourceDocument } from './source-document.js';
import { issuesToErrors } from './validation-issues.js';

/**
 * A missile file (YAML or JSON): the hardware of a staged rocket and its boost guidance. Every
 * quantity is an SI number or a string with a unit; angles in degrees.
 */

const DEG = Math.PI / 180;

const stageSchema = z.strictObject({
  name: z.string().optional(),
  dryMass: quantity('mass', POSITIVE),
  propellantMass: quantity('mass', POSITIVE),
  specificImpulse: quantity('time', POSITIVE),
  specificImpulseSeaLevel: quantity('time', POSITIVE).optional(),
  burnTime: quantity('time', POSITIVE).optional(),
  thrust: quantity('force', POSITIVE).optional(),
  diameter: quantity('length', POSITIVE),
  drag: z
    .array(z.tuple([z.number().nonnegative(), z.number().nonnegative()]), {
      error: 'a list of [mach, cd] pairs',
    })
    .min(1)
    .optional(),
  coastAfter: quantity('time', NON_NEGATIVE).optional(),
});

export const missileSchema = z.strictObject({
  name: z.string().min(1),
  description: z.string().optional(),
  /** Citations for the parameters. */
  sources: z.array(z.string()).optional(),
  stages: z.array(stageSchema).min(1, { error: 'at least one stage' }),
  reentryVehicle: z.strictObject({
    mass: quantity('mass', POSITIVE),
    ballisticCoefficient: quantity('area_density', POSITIVE),
  }),
  guidance: z
    .strictObject({
      verticalRiseTime: quantity('time', NON_NEGATIVE),
      pitchoverDuration: quantity('time', NON_NEGATIVE),
      pitchoverAngle: quantity('angle', { gte: 0, lt: 90 * DEG, words: 'in [0, 90) deg' }),
    })
    .optional(),
});

/** Default boost guidance when a file gives none: 5 s vertical, 20 s pitch-over through 45 deg. */
export const DEFAULT_GUIDANCE = { verticalRiseTime: 5, pitchoverDuration: 20, pitchoverAngle: 45 * DEG };

export interface MissileFile {
  readonly rocket: Rocket;
  readonly description: string | undefined;
  readonly sources: readonly string[];
}

/** Parse and check a missile file's text; throws the first problem as an InputError (all in `.all`). */
export function parseMissileFile(file: string, text: string): MissileFile {
  const doc = parseSourceDocument(file, text);
  const parsed = missileSchema.safeParse(doc.data);
  if (!parsed.success) throw firstOf(issuesToErrors(doc, parsed.error.issues));
  const m = parsed.data;
  try {
    const rocket = makeRocket(
      m.name,
      m.stages.map((s, i) => ({
        name: s.name ?? `stage ${i + 1}`,
        dryMass: s.dryMass,
        propellantMass: s.propellantMass,
        specificImpulse: s.specificImpulse,
        ...(s.specificImpulseSeaLevel !== undefined
          ? { specificImpulseSeaLevel: s.specificImpulseSeaLevel }
          : {}),
        ...(s.burnTime !== undefined ? { burnTime: s.burnTime } : {}),
        ...(s.thrust !== undefined ? { thrust: s.thrust } : {}),
        diameter: s.diameter,
        drag: s.drag ? dragTable(s.drag, `stages[${i}].drag`) : DEFAULT_MISSILE_DRAG,
        ...(s.coastAfter !== undefined ? { coastAfter: s.coastAfter } : {}),
      })),
      m.reentryVehicle,
      m.guidance ?? DEFAULT_GUIDANCE,
    );
    return { rocket, description: m.description, sources: m.sources ?? [] };
  } catch (e) {
    if (e instanceof InputError) throw attribute(e, doc);
    throw e;
  }
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
