import { z } from 'zod';
import { InputError } from '../core/errors.js';
import type { SharingArrangement } from '../sensors/sharing.js';
import { keyedSources } from './catalog-entry.js';
import { NON_NEGATIVE, param } from './schema-quantity.js';
import { parseSourceDocument } from './source-document.js';
import { issuesToErrors } from './validation-issues.js';

/**
 * The sharing catalog (data/sharing.yaml): parties, and arrangements saying which sensor's data
 * reach which party, how late and at what quality.
 */

const id = z.string().regex(/^[a-z][a-z0-9-]*$/, { error: 'a lower-case id such as "russia-offer-2007"' });

const sharingSchema = z.strictObject({
  sources: z.union([z.array(z.string()), z.record(z.string(), z.string())]).optional(),
  parties: z.array(z.strictObject({ id, name: z.string().min(1) })).min(1),
  arrangements: z
    .array(
      z.strictObject({
        id,
        name: z.string().min(1),
        description: z.string().optional(),
        shares: z.array(
          z.strictObject({
            sensor: id,
            to: id,
            latency: param('time', NON_NEGATIVE),
            quality: z.enum(['cueing', 'fire-control']),
            note: z.string().optional(),
          }),
        ),
      }),
    )
    .min(1),
});

export interface SharingCatalog {
  readonly parties: ReadonlyArray<{ readonly id: string; readonly name: string }>;
  readonly arrangements: ReadonlyArray<SharingArrangement & { readonly description: string | undefined }>;
  readonly sources: Readonly<Record<string, string>>;
}

/** Parse the sharing catalog; `sensorIds` are the sensors an arrangement may name. */
export function parseSharingCatalog(
  file: string,
  text: string,
  sensorIds: readonly string[],
): SharingCatalog {
  const doc = parseSourceDocument(file, text);
  const parsed = sharingSchema.safeParse(doc.data);
  if (!parsed.success) throw issuesToErrors(doc, parsed.error.issues)[0]!;
  const { parties, arrangements } = parsed.data;
  const partyIds = new Set(parties.map((p) => p.id));
  const seen = new Set<string>();
  arrangements.forEach((a, i) => {
    if (seen.has(a.id)) throw new InputError(`arrangements[${i}].id`, a.id, 'an id not used before', file);
    seen.add(a.id);
    a.shares.forEach((s, j) => {
      if (!sensorIds.includes(s.sensor))
        throw new InputError(
          `arrangements[${i}].shares[${j}].sensor`,
          s.sensor,
          `a sensor id (${sensorIds.join(', ')})`,
          file,
        );
      if (!partyIds.has(s.to))
        throw new InputError(
          `arrangements[${i}].shares[${j}].to`,
          s.to,
          `a party id (${[...partyIds].join(', ')})`,
          file,
        );
    });
  });
  return {
    parties,
    sources: keyedSources(parsed.data.sources),
    arrangements: arrangements.map((a) => ({
      id: a.id,
      name: a.name,
      description: a.description,
      shares: a.shares.map((s) => ({
        sensor: s.sensor,
        to: s.to,
        latency: s.latency.value,
        ...(s.latency.low !== undefined && s.latency.high !== undefined
          ? {
              latencyRange: {
                low: s.latency.low,
                high: s.latency.high,
                ...(s.latency.source !== undefined ? { source: s.latency.source } : {}),
              },
            }
          : {}),
        quality: s.quality,
      })),
    })),
  };
}
