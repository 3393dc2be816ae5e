import { InputError } from '../core/errors.js';
import { type MissileFile, parseMissileFile } from './missile-file.js';
import type { Override } from './overrides.js';

/**
 * The missile catalog: one cited missile file per id (data/missiles/<id>.yaml). Pure: takes the
 * files' names and texts; reading them is the caller's business.
 */
export interface MissileCatalog {
  readonly missiles: readonly MissileFile[];
  get(id: string): MissileFile | undefined;
}

export function parseMissileCatalog(
  files: ReadonlyArray<{ readonly file: string; readonly text: string }>,
  overrides: readonly Override[] = [],
): MissileCatalog {
  const byId = new Map<string, MissileFile>();
  for (const { file, text } of files) {
    const missile = parseMissileFile(file, text, overrides);
    const expectedId = file.replace(/^.*\//, '').replace(/\.(ya?ml|json)$/, '');
    if (missile.id !== expectedId)
      throw new InputError('id', missile.id, `"${expectedId}", the file's name`, file);
    if (byId.has(expectedId))
      throw new InputError('id', missile.id, 'an id not used by another catalog file', file);
    byId.set(expectedId, missile);
  }
  const missiles = [...byId.values()].sort((a, b) => (a.id! < b.id! ? -1 : 1));
  return { missiles, get: (id) => byId.get(id) };
}
