import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { createInterface } from 'node:readline';
import { startExchangeServer } from '../src/exchange/server/exchange-server.js';

/**
 * The exchange server of bench/exchange.ts, in its own process so that its CPU time is its own and
 * the publisher and subscribers run beside it as real clients would. Usage: `node
 * exchange-server-child.js <exchange dir>`. Prints `{"url"}` on stdout once listening; then each
 * line `stats` on stdin is answered with one JSON line: CPU time of the whole process (main thread,
 * libuv thread pool where WebCrypto signs, SQLite), the main thread's event-loop utilization and
 * its event-loop delay since the previous `stats`. Stops when stdin ends.
 */

const dir = process.argv[2];
if (!dir) throw new Error('usage: exchange-server-child <exchange dir>');
// Escalations are set far off: the benchmark's recipients never acknowledge in the ingest phase,
// and escalation sweeps are not what is measured.
const server = await startExchangeServer({ dir, host: '127.0.0.1', port: 0, escalateAfter: 3600 });
process.stdout.write(`${JSON.stringify({ url: server.url })}\n`);

const delay = monitorEventLoopDelay({ resolution: 5 });
delay.enable();
let elu = performance.eventLoopUtilization();
const lines = createInterface({ input: process.stdin });
lines.on('line', (line) => {
  if (line.trim() !== 'stats') return;
  const cpu = process.cpuUsage();
  const now = performance.eventLoopUtilization();
  const since = performance.eventLoopUtilization(now, elu);
  elu = now;
  process.stdout.write(
    `${JSON.stringify({
      cpu_us: cpu.user + cpu.system,
      eventLoopUtilization: since.utilization,
      eventLoopDelayP99_ms: delay.percentile(99) / 1e6,
      eventLoopDelayMax_ms: delay.max / 1e6,
    })}\n`,
  );
  delay.reset();
});
let stopping = false;
const stop = () => {
  if (stopping) return;
  stopping = true;
  server.close().finally(() => process.exit(0));
};
lines.on('close', stop);
process.on('SIGTERM', stop);
