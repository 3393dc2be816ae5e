import { join } from 'node:path';
import { parseSiteCatalog, type SiteCatalog } from '../scenario/site-catalog.js';
import { readInputFile } from './input-file.js';
import { packageRoot } from './package-root.js';

let sites: SiteCatalog | undefined;

/** The site catalog shipped in data/sites.yaml, read once. */
export function siteCatalog(): SiteCatalog {
  sites ??= parseSiteCatalog(
    'data/sites.yaml',
    readInputFile(join(packageRoot(), 'data', 'sites.yaml'), 'site catalog'),
  );
  return sites;
}
