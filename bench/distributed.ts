import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { shippedCatalog } from '../src/cli/catalog-files.js';
import { QueueRunner } from '../src/scale/queue-runner.js';
import { runScenarioTextOn } from '../src/studies/run-scenario-text.js';
import { startRedisServer } from '../test/support/redis-server.js';
import type { DistributedFigures, DistributedRun, FootprintRun } from './bench-report.js';
import {
  type BenchScenario,
  benchScenario,
  footprintSummary,
  reachTableBuild,
  sameStudies,
  TICKS_PER_S,
  threadRun,
  timedRun,
} from './footprint.js';

/** The built command line next to this module (dist/src/cli/main.js after `npm run build`). */
const CLI = fileURLToPath(new URL('../src/cli/main.js', import.meta.url));

/** A `shieldlab worker` process, started from the built CLI. */
interface WorkerProcess {
  readonly child: ChildProcess;
  /** CPU seconds (user + system) the process has used so far, all its threads; null off Linux. */
  cpuSeconds(): number | null;
  /** SIGTERM, then SIGKILL after 10 s; resolves once it has exited. Safe to call twice. */
  stop(): Promise<void>;
}

function procCpuSeconds(pid: number | undefined): number | null {
  if (pid === undefined) return null;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command's closing parenthesis: utime and stime are the 12th and 13th.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_S;
  } catch {
    return null;
  }
}

/** Start a worker with one thread; resolves once it says it is taking chunks. */
function startWorker(url: string, started: WorkerProcess[]): Promise<WorkerProcess> {
  const child = spawn(process.execPath, [CLI, 'worker', '--queue', url, '--threads', '1', '--quiet'], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stopped: Promise<void> | undefined;
  const exited = new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    else child.once('exit', () => resolve());
  });
  const worker: WorkerProcess = {
    child,
    cpuSeconds: () => procCpuSeconds(child.pid),
    stop: () => {
      stopped ??= (async () => {
        if (child.exitCode !== null || child.signalCode !== null) return;
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
        await exited;
        clearTimeout(timer);
      })();
      return stopped;
    },
  };
  // Known before it is ready, so that a failure below still stops it.
  started.push(worker);
  return new Promise<WorkerProcess>((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => reject(new Error(`the worker did not start in 30 s:\n${output}`)), 30_000);
    child.stderr!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('taking chunks from')) {
        clearTimeout(timer);
        resolve(worker);
      }
    });
    child.once('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`the worker exited (${signal ?? code}) before it was ready:\n${output}`));
    });
  });
}

/**
 * Section 11: bench/scenarios/footprint-2500.yaml (2,520 points) through a BullMQ queue on a
 * throwaway redis-server, computed by 1 and then 2 `shieldlab worker --queue URL --threads 1`
 * processes. Each measurement has fresh worker processes, started and ready before the clock
 * starts, so each pays its own catalog load, scenario check and reach table once, as the local
 * 1-thread run (the reference the results are compared with) does. On a 2-core machine the two
 * workers have a core each, with this process idle waiting on the queue and Redis.
 */
export async function distributedBenchmark(root: string): Promise<DistributedFigures> {
  if (spawnSync('redis-server', ['--version']).error)
    return { skipped: 'redis-server is not installed (scripts/setup-test-system.sh installs it)' };
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: build first (npm run build)`);
  const scenario: BenchScenario = benchScenario(root, 'footprint-2500.yaml');
  const loadBefore = loadavg();
  console.log(
    `\n11. Distributed workers (${scenario.file} through Redis, worker processes with 1 thread each; ${availableParallelism()} cores)`,
  );
  const local = await threadRun(scenario, 1, null);
  const counts = footprintSummary(local.result);
  const redis = await startRedisServer();
  const started: WorkerProcess[] = [];
  try {
    const measure = async (workers: number): Promise<DistributedRun> => {
      const procs: WorkerProcess[] = [];
      for (let k = 0; k < workers; k++) procs.push(await startWorker(redis.url, started));
      const cpu0 = procs.map((p) => p.cpuSeconds());
      const runner = new QueueRunner(scenario, new URL(redis.url));
      let timed: { run: FootprintRun; result: Parameters<typeof sameStudies>[0] };
      try {
        timed = await timedRun(
          `${workers} worker${workers === 1 ? '' : 's'}`,
          counts.points,
          async () =>
            (await runScenarioTextOn(scenario.file, scenario.text, shippedCatalog(), runner)).result,
          `${workers} fresh worker process${workers === 1 ? '' : 'es'} (started before the clock), each checking ` +
            'the scenario and building its reach table at its first chunk; chunks of 100 points through Redis',
        );
      } finally {
        await runner.close();
      }
      const workerCpu = procs.map((p, k) => {
        const now = p.cpuSeconds();
        const before = cpu0[k];
        return now === null || before === null || before === undefined ? null : now - before;
      });
      await Promise.all(procs.map((p) => p.stop()));
      const identical = sameStudies(local.result, timed.result);
      const busy = timed.run.machine_busy_cpu_s;
      // This process's CPU and the workers': the rest is Redis and whatever else ran.
      const others =
        busy === null || workerCpu.some((c) => c === null)
          ? null
          : busy - timed.run.process_cpu_s - workerCpu.reduce((a: number, c) => a + (c ?? 0), 0);
      console.log(
        `     worker CPU ${workerCpu.map((c) => (c === null ? '?' : `${c.toFixed(1)} s`)).join(', ')}; ` +
          `other processes (Redis included) ${others === null ? '?' : others.toFixed(1)} CPU s; identical to the local run: ${identical ? 'yes' : 'NO'}`,
      );
      return {
        ...timed.run,
        workers,
        worker_cpu_s: workerCpu,
        other_processes_cpu_s: others,
        identical_to_local: identical,
      };
    };
    const one = await measure(1);
    const two = await measure(2);
    const table = reachTableBuild(scenario);
    console.log(
      `   ${counts.points} points: 1 worker ${one.wall_s.toFixed(1)} s, 2 workers ${two.wall_s.toFixed(1)} s; speed-up ${(one.wall_s / two.wall_s).toFixed(2)}x ` +
        `(local 1 thread ${local.run.wall_s.toFixed(1)} s); ` +
        `each worker's reach table ${table.seconds.toFixed(1)} s (${table.fan_flights} fan flights)`,
    );
    return {
      skipped: null,
      scenario: `bench/scenarios/${scenario.file}`,
      points: counts.points,
      cores: availableParallelism(),
      local_one_thread: local.run,
      one_worker_s: one.wall_s,
      two_workers_s: two.wall_s,
      speedup_x: one.wall_s / two.wall_s,
      reach_table_build_s: table.seconds,
      queue_overhead_one_worker_x: one.wall_s / local.run.wall_s,
      runs: [one, two],
      identical: one.identical_to_local && two.identical_to_local,
      load_average_before: [loadBefore[0] ?? 0, loadBefore[1] ?? 0, loadBefore[2] ?? 0],
      load_average_after: loadavg() as [number, number, number],
    };
  } finally {
    await Promise.all(started.map((p) => p.stop()));
    await redis.stop();
  }
}
