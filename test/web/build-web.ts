import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { packageRoot } from '../../src/cli/package-root.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Why dist/web could not be built; '' when it is up to date. */
    webBuildError: string;
  }
}

/** What the web app is built from: its own sources and the core and catalog it bundles. */
const SOURCES = ['web', 'src', 'data', 'scenarios', 'docs'];

function newestModification(path: string): number {
  const st = statSync(path);
  if (!st.isDirectory()) return st.mtimeMs;
  let newest = st.mtimeMs;
  for (const entry of readdirSync(path)) {
    if (entry === 'node_modules') continue;
    newest = Math.max(newest, newestModification(join(path, entry)));
  }
  return newest;
}

/**
 * Vitest global setup: build dist/web (vite build) once per test run when it is missing or older
 * than its sources. A failed build fails only the tests that need dist/web (they read
 * `webBuildError`), not every test of the run.
 */
export default function setup(project: TestProject): void {
  const root = packageRoot();
  const out = join(root, 'dist', 'web');
  const stamp = join(out, 'index.html');
  const built = existsSync(stamp) ? statSync(stamp).mtimeMs : Number.NEGATIVE_INFINITY;
  const newest = Math.max(...SOURCES.map((s) => newestModification(join(root, s))));
  if (built >= newest) {
    project.provide('webBuildError', '');
    return;
  }
  const staging = join(root, 'dist', `.web-build-${process.pid}`);
  const previous = join(root, 'dist', `.web-previous-${process.pid}`);
  try {
    execFileSync(
      process.execPath,
      [
        join(root, 'node_modules', 'vite', 'bin', 'vite.js'),
        'build',
        '--config',
        join(root, 'web', 'vite.config.ts'),
        '--outDir',
        staging,
        '--logLevel',
        'error',
      ],
      { cwd: root, stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' },
    );
    // Whole folders are swapped, so that a test serving dist/web never sees a half-written build.
    if (existsSync(out)) renameSync(out, previous);
    renameSync(staging, out);
    project.provide('webBuildError', '');
  } catch (e) {
    const stderr = (e as { stderr?: string }).stderr?.trim();
    project.provide('webBuildError', `vite build failed: ${stderr || (e as Error).message}`);
  } finally {
    rmSync(staging, { recursive: true, force: true });
    rmSync(previous, { recursive: true, force: true });
  }
}
