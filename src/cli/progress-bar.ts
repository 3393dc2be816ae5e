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
  let stopped = false;
  const update = (done: number, total: number, whatever: string) => {
    if (!stream.isTTY || stopped) return;
    // Short enough for one line: a wrapped line would not be redrawn in place.
    const what = whatever.length > 40 ? `${whatever.slice(0, 39)}…` : whatever;
    const value = Math.round((1000 * done) / Math.max(total, 1));
    if (!bar) {
      if (Date.now() - started < 1000) return;
      bar = new SingleBar({
        stream,
        format: '{bar} {percentage}% | {eta_formatted} left | {what}',
        barsize: 30,
        // The cursor and line wrap left as they are: a run killed by Ctrl-C during a study that
        // holds the thread gets no chance to restore them.
        hideCursor: false,
        linewrap: true,
        clearOnComplete: true,
        etaBuffer: 20,
      });
      bar.start(1000, value, { what });
      return;
    }
    bar.update(value, { what });
  };
  return Object.assign(update, {
    /** Final: updates after it are ignored. */
    stop: () => {
      stopped = true;
      bar?.stop();
      bar = undefined;
    },
  });
}
