import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from './package-root.js';

/** docs/METHODS.md as installed with the package, or null when it is not (a trimmed install). */
export function methodsMarkdown(): string | null {
  const file = join(packageRoot(), 'docs', 'METHODS.md');
  return existsSync(file) ? readFileSync(file, 'utf8') : null;
}
