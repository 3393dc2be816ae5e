/**
 * Errors that the command line turns into one clear line and exit status 2.
 *
 * Expected domain outcomes (no intercept, out of range) are values, not exceptions; these are for
 * input a user must fix, and for numerical failures that must never hang or print NaN.
 */

/** Invalid user input: names where it came from, the field path, the value and what was expected. */
export class InputError extends Error {
  override readonly name = 'InputError';
  constructor(
    /** Dotted field path, such as `stages[1].propellantMass` or `--burnout-speed`. */
    readonly path: string,
    /** The offending value as the user wrote it. */
    readonly value: unknown,
    /** What was expected, in words: `a mass >= 0 (kg)`. */
    readonly expected: string,
    /** The file the value came from, when it came from a file. */
    readonly file?: string,
  ) {
    super(InputError.format(path, value, expected, file));
  }

  static format(path: string, value: unknown, expected: string, file?: string): string {
    const where = file ? `${file}: ${path}` : path;
    return `${where}: got ${describeValue(value)}, expected ${expected}`;
  }

  /** The same error, attributed to a file. */
  inFile(file: string): InputError {
    return new InputError(this.path, this.value, this.expected, file);
  }
}

/** Several input problems at once (`validate`): each one a line, exit status 2. */
export class InputErrors extends Error {
  override readonly name = 'InputErrors';
  constructor(readonly errors: readonly InputError[]) {
    super(errors.map((e) => e.message).join('\n'));
  }
}

/** A re-run gave different numbers (`verify`): the report goes to stdout, exit status 1. */
export class ResultsDiffer extends Error {
  override readonly name = 'ResultsDiffer';
}

/** A service the command needs cannot be reached (a Redis server): one line, exit status 1. */
export class Unavailable extends Error {
  override readonly name = 'Unavailable';
}

/** A worker on another machine could not compute a chunk: its reason, one line, exit status 1. */
export class WorkerFailed extends Error {
  override readonly name = 'WorkerFailed';
}

/** The user stopped the command (Ctrl-C, SIGTERM): one line, exit status 128 + the signal's number. */
export class Cancelled extends Error {
  override readonly name = 'Cancelled';
  constructor(
    message: string,
    /** 130 after SIGINT, 143 after SIGTERM, as a shell reports them. */
    readonly status = 130,
  ) {
    super(message);
  }
}

/** The integrator could not advance (step size underflow, non-finite state, step budget spent). */
export class IntegrationError extends Error {
  override readonly name = 'IntegrationError';
  constructor(
    message: string,
    /** Time (s) at which the integrator stopped advancing. */
    readonly time: number,
  ) {
    super(message);
  }
}

export function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number') return Number.isNaN(value) ? 'NaN' : String(value);
  try {
    const s = JSON.stringify(value);
    return s.length > 80 ? `${s.slice(0, 77)}...` : s;
  } catch {
    return String(value);
  }
}
