import { readFileSync, statSync } from 'node:fs';
import { InputError } from '../core/errors.js';

const MAX_BYTES = 16 * 1024 * 1024;

/** Read an input file named on the command line; a missing or unreadable file is bad input. */
export function readInputFile(path: string, flag: string): string {
  let size: number;
  try {
    const st = statSync(path);
    if (!st.isFile()) throw new InputError(flag, path, 'a readable file (this is a directory)');
    size = st.size;
  } catch (e) {
    if (e instanceof InputError) throw e;
    throw new InputError(flag, path, 'an existing, readable file');
  }
  if (size > MAX_BYTES) throw new InputError(flag, path, `a file of at most ${MAX_BYTES / 1024 / 1024} MiB`);
  return readFileSync(path, 'utf8');
}
