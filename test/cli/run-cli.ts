import { expect, vi } from 'vitest';
import { main } from '../../src/cli/program.js';

/** Run the command line in-process; returns exit status and what was written. */
export async function runCli(...argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const out = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stdout += String(chunk);
    return true;
  });
  const err = vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stderr += String(chunk);
    return true;
  });
  try {
    const code = await main(argv);
    return { code, stdout, stderr };
  } finally {
    out.mockRestore();
    err.mockRestore();
  }
}

/** Run a command with `--format json`, expect exit status 0, and return the parsed output. */
// biome-ignore lint/suspicious/noExplicitAny: test results are read field by field
export async function runJson(...argv: string[]): Promise<any> {
  const { code, stdout, stderr } = await runCli(...argv, '--format', 'json');
  expect(code, stderr).toBe(0);
  return JSON.parse(stdout);
}
