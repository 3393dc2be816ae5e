import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, onTestFinished } from 'vitest';

const made = (prefix: string) => mkdtempSync(join(tmpdir(), `shieldlab-${prefix}-`));
const remove = (dir: string) => rmSync(dir, { recursive: true, force: true });

/** A fresh folder under the system's temporary folder, removed when the current test finishes. */
export function temporaryDirectory(prefix: string): string {
  const dir = made(prefix);
  onTestFinished(() => remove(dir));
  return dir;
}

/**
 * A fresh folder for the tests of a describe block (called in its body), removed after the last
 * of them: for tests that read what an earlier one wrote.
 */
export function suiteTemporaryDirectory(prefix: string): string {
  const dir = made(prefix);
  afterAll(() => remove(dir));
  return dir;
}
