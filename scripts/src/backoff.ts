/**
 * How `npm start` waits before restarting a child that died: 1 s, doubling to
 * 30 s, back to 1 s once a child has stayed up a minute (a crash loop slows
 * down; a crash after a long run is retried at once).
 */
export interface BackoffPolicy {
  initialMs: number;
  maxMs: number;
  /** Up at least this long: the next restart starts from initialMs again. */
  resetAfterMs: number;
}

export const RESTART_BACKOFF: BackoffPolicy = { initialMs: 1000, maxMs: 30_000, resetAfterMs: 60_000 };

export class RestartBackoff {
  private delayMs: number;

  constructor(private readonly policy: BackoffPolicy = RESTART_BACKOFF) {
    this.delayMs = policy.initialMs;
  }

  /** The wait before the next restart of a child that ran for `upMs`. */
  next(upMs: number): number {
    if (upMs >= this.policy.resetAfterMs) this.delayMs = this.policy.initialMs;
    const delay = this.delayMs;
    this.delayMs = Math.min(this.delayMs * 2, this.policy.maxMs);
    return delay;
  }
}
