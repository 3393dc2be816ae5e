import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The installed package's root folder (where package.json and examples/ live), found by walking
 * up from this module: the same code runs from src/ (tsx) and from dist/src/ (built).
 */
export function packageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = join(dir, 'package.json');
    if (existsSync(candidate)) {
      const pkg = JSON.parse(readFileSync(candidate, 'utf8')) as { name?: string };
      if (pkg.name === 'shieldlab') return dir;
    }
    const parent = dirname(dir);
    if (parent === dir) throw new Error('shieldlab package root not found');
    dir = parent;
  }
}
