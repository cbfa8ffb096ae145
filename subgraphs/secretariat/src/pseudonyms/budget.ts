/**
 * Elements each member (or person) may have evaluated per hour: a window per member that
 * opens with its first batch and closes an hour later. A batch that would go
 * over is refused whole (nothing of it evaluated); a member's indexing is
 * expected to track its records' growth, so a budget spent is a signal. A restart
 * does not renew it: the evaluator replays the last hour of its audit log.
 */
const HOUR_MS = 3_600_000;
/** Windows kept before closed ones are dropped (bounds memory under a flood of callers). */
const MAX_WINDOWS = 10_000;

export class ElementBudget {
  private readonly windows = new Map<string, { opened: number; used: number }>();

  constructor(
    readonly limit: number,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** Counts `n` elements spent by `member` at `at` (ms), as the audit log recorded them: replayed at start, oldest first. */
  replay(member: string, n: number, at: number): void {
    let window = this.windows.get(member);
    if (!window || at - window.opened >= HOUR_MS) this.windows.set(member, (window = { opened: at, used: 0 }));
    window.used += n;
  }

  /** Spends `n` elements of `member`'s budget; null when done, else what is used and when the window closes (it spends nothing then). */
  spend(member: string, n: number): { used: number; retryAfterMinutes: number } | null {
    const at = this.now().getTime();
    let window = this.windows.get(member);
    if (!window || at - window.opened >= HOUR_MS) {
      if (!window && this.windows.size >= MAX_WINDOWS) for (const [k, w] of this.windows) if (at - w.opened >= HOUR_MS) this.windows.delete(k);
      window = { opened: at, used: 0 };
      this.windows.set(member, window);
    }
    if (window.used + n > this.limit) return { used: window.used, retryAfterMinutes: Math.max(1, Math.ceil((window.opened + HOUR_MS - at) / 60_000)) };
    window.used += n;
    return null;
  }
}
