import { createInterface } from 'node:readline';
import { startExchangeServer } from '../../../src/exchange/server/exchange-server.js';

/**
 * An exchange server as its own process, for the reliability tests (which kill it with SIGKILL):
 * `server-child DIR PORT HEARTBEAT ESCALATE_AFTER [wait]`. Prints `listening <url>` once it
 * listens. With `wait` it loads its modules, prints `warm`, and opens the exchange only when it
 * reads a line on standard input: a test starts the next server while the current one still runs,
 * so a restart after a kill costs the opening of the database, not the loading of the code.
 */
const [dir, portArg, heartbeatArg, escalateArg, mode] = process.argv.slice(2);
if (!dir || !portArg) throw new Error('usage: server-child DIR PORT [HEARTBEAT] [ESCALATE_AFTER] [wait]');

async function start(): Promise<void> {
  const server = await startExchangeServer({
    dir: dir!,
    host: '127.0.0.1',
    port: Number(portArg),
    heartbeat: Number(heartbeatArg ?? '10'),
    escalateAfter: Number(escalateArg ?? '60'),
  });
  process.stdout.write(`listening ${server.url}\n`);
}

if (mode === 'wait') {
  const lines = createInterface({ input: process.stdin });
  let started = false;
  process.stdout.write('warm\n');
  lines.once('line', () => {
    started = true;
    start().catch((e: unknown) => {
      process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
      process.exit(3);
    });
  });
  // Standard input closes when the test process ends: a server never started then has no reason
  // to live (tsx's transform service would otherwise keep it running, orphaned).
  lines.on('close', () => {
    if (!started) process.exit(0);
  });
} else {
  start().catch((e: unknown) => {
    process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exit(3);
  });
}
