import { join } from 'node:path';
import { inject } from 'vitest';
import { packageRoot } from '../../src/cli/package-root.js';

/** dist/web, built (or found up to date) by the global setup; throws its build error if it failed. */
export function builtWebApp(): string {
  const error = inject('webBuildError');
  if (error) throw new Error(error);
  return join(packageRoot(), 'dist', 'web');
}
