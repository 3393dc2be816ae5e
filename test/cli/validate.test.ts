import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from './run-cli.js';

describe('shieldlab validate and schema', () => {
  it('a valid scenario: exit 0 and a summary', async () => {
    const { code, stdout } = await runCli('validate', 'scenarios/iran-europe.yaml', '--format', 'json');
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toMatchObject({ valid: true, threats: 5, studies: ['sensing', 'engagement'] });
  });

  it('a broken scenario: exit 2, one line per problem, each with file, line and column', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'shieldlab-validate-'));
    const file = join(dir, 'broken.yaml');
    writeFileSync(
      file,
      'name: broken\nthreats:\n  - { id: a, missile: nope, from: tabriz, to: london }\nstudies:\n  - { kind: sensing }\n',
    );
    const { code, stderr } = await runCli('validate', file);
    expect(code).toBe(2);
    const lines = stderr.trimEnd().split('\n');
    expect(lines).toHaveLength(2); // the missile, and a sensing study without sensors
    for (const line of lines) expect(line).toMatch(/broken\.yaml:\d+:\d+: /);
    // A file that is not there: one line, exit 2.
    const missing = await runCli('validate', join(dir, 'none.yaml'));
    expect(missing.code).toBe(2);
    expect(missing.stderr.trimEnd().split('\n')).toHaveLength(1);
  });

  it('schema: a JSON Schema (2020-12) of scenario files', async () => {
    const { code, stdout } = await runCli('schema');
    expect(code).toBe(0);
    const schema = JSON.parse(stdout);
    expect(schema.$schema).toMatch(/2020-12/);
    expect(schema.required).toEqual(expect.arrayContaining(['name', 'threats', 'studies']));
  });
});
