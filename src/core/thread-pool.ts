import { Piscina } from 'piscina';

/**
 * A piscina pool of `threads` worker threads running `worker`, a module next to the caller given
 * without its extension (`new URL('./raid-worker', import.meta.url)`). Built code runs the .js
 * file; from the sources (tests, tsx) workers load the .ts file through tsx.
 */
export function threadPool(worker: URL, threads: number): Piscina {
  const fromSource = import.meta.url.endsWith('.ts');
  return new Piscina({
    filename: `${worker.href}.${fromSource ? 'ts' : 'js'}`,
    minThreads: threads,
    maxThreads: threads,
    ...(fromSource ? { execArgv: ['--import', 'tsx'] } : {}),
  });
}
