import { existsSync } from 'node:fs';
import { type Browser, chromium } from 'playwright-core';
import { startWebServer } from '../../src/cli/serve-command.js';

/** Debian's Chromium: the browser tests and the globe benchmark never download a browser. */
export const CHROMIUM = '/usr/bin/chromium';

/** Offline and quiet: no update checks, no QUIC, no first-run work. */
const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
/** WebGL without a GPU: ANGLE on SwiftShader, Chromium's software renderer. */
const SOFTWARE_WEBGL_FLAGS = ['--use-gl=angle', '--use-angle=swiftshader', '--enable-unsafe-swiftshader'];

/** Headless Chromium with software WebGL, as STACK.md prescribes for these machines. */
export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `${CHROMIUM} is missing: run scripts/setup-test-system.sh (it installs Debian's chromium for the browser tests)`,
    );
  }
  return chromium.launch({ executablePath: CHROMIUM, args: [...CHROMIUM_FLAGS, ...SOFTWARE_WEBGL_FLAGS] });
}

/** Serve `dir` as `shieldlab serve` does, on loopback at a free port. */
export async function serveStatic(dir: string): Promise<{ url: string; stop: () => Promise<void> }> {
  const server = await startWebServer({ root: dir, host: '127.0.0.1', port: 0 });
  return { url: server.url, stop: server.close };
}
