/**
 * The one serialised write path of a store process: write transactions run one at
 * a time, in arrival order; at most `limit` wait, and none starts after waiting
 * `maxWaitMs`. Such a write is refused with `StoreBusyError` (registered as
 * STORE_BUSY) instead of running after its caller gave up on it (the gateway waits
 * 5 s for a member, a member 2 s for the secretariat): a write whose caller was told
 * it timed out might still have been written. The client learns the store is busy
 * and may try again, and nothing was written.
 */

import { StoreBusyError } from './errors';

/** Default number of writes that may wait behind the one running (STORE_WRITE_QUEUE). */
export const DEFAULT_WRITE_QUEUE = 64;
/** Default longest wait before a write starts (STORE_WRITE_WAIT_MS): well within the 2 s a member gives the secretariat. */
export const DEFAULT_WRITE_WAIT_MS = 1000;

export class WriteQueue {
  private tail: Promise<unknown> = Promise.resolve();
  private waiting = 0;

  constructor(readonly limit: number = DEFAULT_WRITE_QUEUE, readonly maxWaitMs: number = DEFAULT_WRITE_WAIT_MS) {
    if (!Number.isInteger(limit) || limit < 1) throw new Error(`A write queue needs room for at least one write, got ${limit}`);
  }

  /** Writes queued or running. */
  get pending(): number {
    return this.waiting;
  }

  /**
   * Runs `work` after every write queued before it; refuses with StoreBusyError when `limit` already
   * wait, or when its turn comes after `maxWaitMs`. The store's own upkeep (schema, checkpoints) is
   * `internal`: never refused.
   */
  run<T>(work: () => Promise<T>, options: { internal?: boolean } = {}): Promise<T> {
    // The running write is not waiting: `limit` more may queue behind it.
    if (!options.internal && this.waiting > this.limit) return Promise.reject(new StoreBusyError(`${this.waiting - 1} writes are already waiting`));
    this.waiting++;
    const queuedAt = performance.now();
    const start = () => {
      const waited = performance.now() - queuedAt;
      if (!options.internal && waited > this.maxWaitMs) throw new StoreBusyError(`this write waited ${Math.round(waited)} ms for the ones before it`);
      return work();
    };
    // Counted out before its caller resumes, so a caller sees the queue as it is after its own write.
    const result = this.tail.then(start).finally(() => this.waiting--);
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
