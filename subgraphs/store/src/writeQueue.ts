/**
 * The one serialised write path of a store process: write transactions run one at
 * a time, in arrival order, and at most `limit` wait. A write beyond that is refused
 * at once with `StoreBusyError` (registered as STORE_BUSY) instead of waiting behind
 * a queue so long that the gateway gives up on it: the client learns the store is
 * busy and may try again, and nothing was written.
 */

import { StoreBusyError } from './errors';

/** Default number of writes that may wait behind the one running (STORE_WRITE_QUEUE). */
export const DEFAULT_WRITE_QUEUE = 64;

export class WriteQueue {
  private tail: Promise<unknown> = Promise.resolve();
  private waiting = 0;

  constructor(readonly limit: number = DEFAULT_WRITE_QUEUE) {
    if (!Number.isInteger(limit) || limit < 1) throw new Error(`A write queue needs room for at least one write, got ${limit}`);
  }

  /** Writes queued or running. */
  get pending(): number {
    return this.waiting;
  }

  /**
   * Runs `work` after every write queued before it; refuses with StoreBusyError when `limit` already
   * wait. The store's own upkeep (schema, checkpoints) is `internal`: never refused.
   */
  run<T>(work: () => Promise<T>, options: { internal?: boolean } = {}): Promise<T> {
    // The running write is not waiting: `limit` more may queue behind it.
    if (!options.internal && this.waiting > this.limit) return Promise.reject(new StoreBusyError(this.waiting - 1));
    this.waiting++;
    // Counted out before its caller resumes, so a caller sees the queue as it is after its own write.
    const result = this.tail.then(work).finally(() => this.waiting--);
    this.tail = result.then(
      () => undefined,
      () => undefined,
    );
    return result;
  }

  /** Resolves once every write queued so far has ended. */
  async drain(): Promise<void> {
    await this.tail;
  }
}
