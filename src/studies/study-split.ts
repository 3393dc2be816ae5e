/**
 * A study whose work splits into independent items: the points of a footprint grid, the values
 * of a sweep, the samples of an uncertainty study. Each item is computed from the scenario and
 * its index alone, so a chunk of items gives the same numbers in this thread, another thread or
 * another machine (src/scale), and the study's results are assembled from the items in order.
 *
 * Items cross threads and machines as JSON, so every runner (the serial one too) passes them
 * through JSON before assembling: what is assembled is the same wherever an item was computed.
 */
export interface StudySplit {
  /** How many items. */
  readonly count: number;
  /** Items per chunk handed to a worker: enough to outweigh a message, few enough to balance. */
  readonly chunk: number;
  /** Item i (0 <= i < count), JSON-ready; depends on nothing computed for other items. */
  item(i: number): unknown;
  /** What item i is, for the progress bar (`sample 3`, `range=500 km`). */
  label?(i: number): string;
  /** The study's results from every item, in index order (each as it came back from JSON). */
  assemble(items: readonly unknown[]): unknown[];
}

/** An item as it arrives from another thread or machine: through JSON and back. */
export function throughJson<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}
