/**
 * Why the store refused an operation. A server maps each code to one response (409 for a conflict,
 * 400 for a bad argument); none of them changes the store.
 */
export type StoreErrorCode =
  /** An argument is not what the store accepts (malformed id, time, sequence or limit). */
  | 'invalid-argument'
  /** A message with this id is already stored with different content: a replay or a forgery. */
  | 'conflicting-duplicate'
  /** The sender's sequence number is not greater than its last stored one (replay protection). */
  | 'sequence-not-increasing'
  /** appendReleases named a message the store does not hold. */
  | 'unknown-message'
  /** A partner acknowledged a stream sequence it was never sent. */
  | 'acknowledgement-beyond-head'
  /** The database was written by a newer shieldlab (its schema version is unknown here). */
  | 'schema-too-new'
  /** The database cannot give the durability the store promises (WAL could not be enabled). */
  | 'unsupported-database'
  /** The store was used after close(). */
  | 'closed';

/** A refused store operation. It is thrown before anything is written, so retrying is safe. */
export class StoreError extends Error {
  override readonly name = 'StoreError';
  constructor(
    readonly code: StoreErrorCode,
    message: string,
  ) {
    super(message);
  }
}
