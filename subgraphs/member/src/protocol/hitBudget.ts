/**
 * The hit/no-hit budget: each caller may test at most `perHour` distinct
 * pseudonyms (documents, accounts; a name check counts once) against this member
 * in any hour (a sliding window), however
 * they are spread over requests and aliases. Testing the same one again
 * within the hour costs nothing. Beyond the budget, RATE_LIMITED.
 *
 * Kept in the member's memory: a restart or a second replica starts afresh
 * (said in the README); the budget bounds bulk probing, the audit log records
 * every lookup either way.
 */
import { GraphQLError } from 'graphql';

const HOUR_MS = 60 * 60 * 1000;
/** Callers tracked at once before the idlest are forgotten (bounds memory under a flood of identities). */
const MAX_CALLERS = 10_000;

export class HitBudget {
  /** caller → document number → when it was last tested. */
  private readonly used = new Map<string, Map<string, number>>();

  constructor(
    readonly perHour: number,
    private readonly now: () => number = Date.now,
  ) {
    if (!Number.isInteger(perHour) || perHour < 1) throw new Error('The hit/no-hit budget must be a positive whole number of lookups per hour');
  }

  /**
   * Counts a lookup of `number` by `caller` (its callerKey: issuer, subject and
   * country); throws RATE_LIMITED when it would exceed the budget (nothing is
   * counted then).
   */
  spend(caller: string, number: string): void {
    const now = this.now();
    let numbers = this.used.get(caller);
    if (numbers) {
      this.used.delete(caller); // re-inserted below: the map stays in order of last use
      for (const [n, at] of numbers) if (now - at >= HOUR_MS) numbers.delete(n);
    } else {
      numbers = new Map();
    }
    this.used.set(caller, numbers);
    if (!numbers.has(number) && numbers.size >= this.perHour) {
      const oldest = Math.min(...numbers.values());
      const minutes = Math.max(1, Math.ceil((oldest + HOUR_MS - now) / 60_000));
      throw new GraphQLError(`Hit/no-hit budget spent: at most ${this.perHour} lookups an hour (documents, accounts and name checks); try again in ${minutes} min`, {
        extensions: { code: 'RATE_LIMITED', limit: this.perHour, retryAfterMinutes: minutes },
      });
    }
    numbers.set(number, now);
    if (this.used.size > MAX_CALLERS) this.used.delete(this.used.keys().next().value!);
  }
}

/** The default budget when a member does not configure one (MEMBER_HIT_BUDGET). */
export const DEFAULT_HIT_BUDGET = 60;
