import { SingleBar } from 'cli-progress';

/**
 * A progress bar on standard error for work that takes more than a second: it appears after the
 * first second (short runs print nothing), shows the fraction done, the time left and what is
 * being computed, and is drawn only on a terminal, so piped output and logs stay clean.
 */
export function progressBar(
  stream: NodeJS.WriteStream = process.stderr,
): ((done: number, total: number, what: string) => void) & { stop(): void } {
  const started = Date.now();
  let bar: SingleBar | undefined;
  const update = (done: number, total: number, what: string) => {
    if (!stream.isTTY) return;
    const value = Math.round((1000 * done) / Math.max(total, 1));
    if (!bar) {
      if (Date.now() - started < 1000) return;
      bar = new SingleBar({
        stream,
        format: '{bar} {percentage}% | {eta_formatted} left | {what}',
        barsize: 30,
        hideCursor: true,
        clearOnComplete: true,
        etaBuffer: 20,
      });
      bar.start(1000, value, { what });
      return;
    }
    bar.update(value, { what });
  };
  return Object.assign(update, {
    stop: () => {
      bar?.stop();
      bar = undefined;
    },
  });
}
