import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { InputError } from '../core/errors.js';
import { type MissileCatalog, parseMissileCatalog } from '../scenario/missile-catalog.js';
import { type MissileFile, parseMissileFile } from '../scenario/missile-file.js';
import { parseSiteCatalog, type SiteCatalog } from '../scenario/site-catalog.js';
import { readInputFile } from './input-file.js';
import { packageRoot } from './package-root.js';

/** The catalogs shipped in data/, read once per process. */

let sites: SiteCatalog | undefined;
let missiles: MissileCatalog | undefined;
const missileTexts = new Map<string, string>();

export function siteCatalog(): SiteCatalog {
  sites ??= parseSiteCatalog(
    'data/sites.yaml',
    readInputFile(join(packageRoot(), 'data', 'sites.yaml'), 'site catalog'),
  );
  return sites;
}

export function missileCatalog(): MissileCatalog {
  if (!missiles) {
    const dir = join(packageRoot(), 'data', 'missiles');
    const names = existsSync(dir) ? readdirSync(dir).filter((f) => /\.ya?ml$/.test(f)) : [];
    const files = names
      .sort()
      .map((f) => ({ file: `data/missiles/${f}`, text: readInputFile(join(dir, f), 'missile catalog') }));
    missiles = parseMissileCatalog(files);
    for (const f of files) missileTexts.set(f.file.replace(/^.*\//, '').replace(/\.ya?ml$/, ''), f.text);
  }
  return missiles;
}

/** `--missile ID|FILE`: a catalog id, or a missile file on disk. */
export function resolveMissile(value: string, flag = '--missile'): { missile: MissileFile; text: string } {
  // A file on disk is read on its own; the catalog is only consulted for ids.
  if (/[./\\]/.test(value) && existsSync(value)) {
    const text = readInputFile(value, flag);
    return { missile: parseMissileFile(value, text), text };
  }
  const fromCatalog = missileCatalog().get(value);
  if (fromCatalog) return { missile: fromCatalog, text: missileTexts.get(value) ?? '' };
  if (!existsSync(value)) {
    const ids = missileCatalog().missiles.map((m) => m.id);
    throw new InputError(
      flag,
      value,
      `a catalog missile id (${ids.join(', ') || 'none in data/missiles'}) or a missile file`,
    );
  }
  const text = readInputFile(value, flag);
  return { missile: parseMissileFile(value, text), text };
}
