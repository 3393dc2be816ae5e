import { z } from 'zod';
import { InputError } from '../core/errors.js';
import type { Geodetic } from '../earth/geodetic.js';
import { parseSourceDocument } from './source-document.js';
import { issuesToErrors } from './validation-issues.js';

/**
 * The catalog of places (launch bases, radar and interceptor sites, cities), each with its
 * source. Pure: parses catalog text; reading the file is the caller's business.
 */

export const SITE_KINDS = ['launch-site', 'radar', 'interceptor-site', 'city'] as const;

const range = z.tuple([z.number(), z.number()]).refine(([a, b]) => a <= b, { error: 'a [low, high] pair' });

const siteSchema = z.strictObject({
  id: z.string().regex(/^[a-z][a-z0-9-]*$/, { error: 'a lower-case id such as "new-york"' }),
  name: z.string().min(1),
  kind: z.enum(SITE_KINDS),
  lat: z.number().min(-90).max(90),
  lon: z.number().min(-180).max(180),
  latRange: range.optional(),
  lonRange: range.optional(),
  source: z.string().min(1),
});

const catalogSchema = z.strictObject({ sites: z.array(siteSchema).min(1) });

export type Site = z.infer<typeof siteSchema>;

export interface SiteCatalog {
  readonly sites: readonly Site[];
  /** The site with this id, or undefined. */
  get(id: string): Site | undefined;
}

export function parseSiteCatalog(file: string, text: string): SiteCatalog {
  const doc = parseSourceDocument(file, text);
  const parsed = catalogSchema.safeParse(doc.data);
  if (!parsed.success) throw issuesToErrors(doc, parsed.error.issues)[0]!;
  const byId = new Map<string, Site>();
  for (const [i, site] of parsed.data.sites.entries()) {
    if (byId.has(site.id)) throw new InputError(`sites[${i}].id`, site.id, 'an id not used before', file);
    byId.set(site.id, site);
  }
  return { sites: parsed.data.sites, get: (id) => byId.get(id) };
}

const DEG = Math.PI / 180;

/** A site's position on the ellipsoid (rad, rad, height 0). */
export function siteGeodetic(site: Site): Geodetic {
  return { lat: site.lat * DEG, lon: site.lon * DEG, height: 0 };
}
