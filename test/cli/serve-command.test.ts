import { type ChildProcessByStdio, spawn, spawnSync } from 'node:child_process';
import type { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SHIELDLAB_VERSION } from '../../src/version.js';
import { builtWebApp } from '../web/built-web-app.js';

const CLI = ['--import', 'tsx', 'src/cli/main.ts'];

describe('shieldlab serve', () => {
  let server: ChildProcessByStdio<null, Readable, Readable>;
  let url: string;
  let stderr = '';

  beforeAll(async () => {
    builtWebApp();
    server = spawn(process.execPath, [...CLI, 'serve', '--port', '0', '--host', '127.0.0.1'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    server.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    // The first line on stdout names the address the server listens on.
    url = await new Promise<string>((resolve, reject) => {
      let stdout = '';
      server.stdout.on('data', (chunk: Buffer) => {
        stdout += chunk.toString();
        const match = /^shieldlab web app: (http:\/\/127\.0\.0\.1:\d+\/)$/m.exec(stdout);
        if (match) resolve(match[1]!);
      });
      server.on('exit', (code) => reject(new Error(`serve exited with ${code} before listening: ${stderr}`)));
    });
  });

  afterAll(() => {
    if (server.exitCode === null) server.kill('SIGKILL');
  });

  it('answers GET /api/health with its version', async () => {
    const response = await fetch(`${url}api/health`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ ok: true, version: SHIELDLAB_VERSION });
  });

  it('serves the app page and the Cesium files it loads at run time', async () => {
    const page = await fetch(url);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    expect(await page.text()).toMatch(/<html/i);

    const imagery = await fetch(`${url}cesium/Assets/Textures/NaturalEarthII/tilemapresource.xml`);
    expect(imagery.status).toBe(200);
    expect(await imagery.text()).toContain('TileMap');
    const widgets = await fetch(`${url}cesium/Widgets/widgets.css`);
    expect(widgets.status).toBe(200);
    expect(widgets.headers.get('content-type')).toMatch(/^text\/css/);

    expect((await fetch(`${url}no-such-file.js`)).status).toBe(404);
  });

  it('stops cleanly on SIGTERM', async () => {
    const exit = new Promise<number | null>((resolve) => server.on('exit', (code) => resolve(code)));
    server.kill('SIGTERM');
    expect(await exit).toBe(0);
    expect(stderr).toBe('');
  });

  it('rejects a bad --port with exit status 2 and one line', () => {
    for (const port of ['http', '65536', '-1', '80.5']) {
      const run = spawnSync(process.execPath, [...CLI, 'serve', '--port', port], { encoding: 'utf8' });
      expect(run.status, run.stderr).toBe(2);
      expect(run.stdout).toBe('');
      expect(run.stderr).toBe(`shieldlab: --port: got "${port}", expected an integer port in [0, 65535]\n`);
    }
  });
});
