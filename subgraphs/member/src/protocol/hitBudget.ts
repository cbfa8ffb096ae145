/**
 * The hit/no-hit budget: each caller may test at most `perHour` distinct
 * pseudonyms (documents, accounts; a name check counts once) against this member
 * in any hour (a sliding window), however
 * they are spread over requests and aliases. Testing the same one again
 * within the hour costs nothing. Beyond the budget, RATE_LIMITED.
 *
 * Kept in the member's memory and rebuilt at start from the last hour of its audit
 * log (each lookup's entry names the key it spent, `lookups`), so a restart gives no
 * caller a fresh budget; a second replica keeps its own.
 */
import { createHash } from 'node:crypto';
import { GraphQLError } from 'graphql';
import { callerKey, type AuditEntry } from '@enlace/platform';

const HOUR_MS = 60 * 60 * 1000;
/** Callers tracked at once before the idlest are forgotten (bounds memory under a flood of identities). */
const MAX_CALLERS = 10_000;

export class HitBudget {
  /** caller → lookup key (lookupKey) → when it was last tested. */
  private readonly used = new Map<string, Map<string, number>>();

  constructor(
    readonly perHour: number,
    readonly clock: () => number = Date.now,
  ) {
    if (!Number.isInteger(perHour) || perHour < 1) throw new Error('The hit/no-hit budget must be a positive whole number of lookups per hour');
  }

  /**
   * Counts a lookup of `lookup` by `caller` (its callerKey: issuer, subject and
   * country); throws RATE_LIMITED when it would exceed the budget (nothing is
   * counted then).
   */
  spend(caller: string, lookup: string): void {
    this.note(caller, lookup, this.clock(), true);
  }

  /** Counts a lookup the audit log recorded at `at` (ms): replayed at start, oldest first, never refused. */
  replay(caller: string, lookup: string, at: number): void {
    if (this.clock() - at < HOUR_MS) this.note(caller, lookup, at, false);
  }

  private note(caller: string, lookup: string, at: number, enforce: boolean): void {
    const now = this.clock();
    let lookups = this.used.get(caller);
    if (lookups) {
      this.used.delete(caller); // re-inserted below: the map stays in order of last use
      for (const [n, seen] of lookups) if (now - seen >= HOUR_MS) lookups.delete(n);
    } else {
      lookups = new Map();
    }
    this.used.set(caller, lookups);
    if (enforce && !lookups.has(lookup) && lookups.size >= this.perHour) {
      const oldest = Math.min(...lookups.values());
      const minutes = Math.max(1, Math.ceil((oldest + HOUR_MS - now) / 60_000));
      throw new GraphQLError(`Hit/no-hit budget spent: at most ${this.perHour} lookups an hour (documents, accounts and name checks); try again in ${minutes} min`, {
        extensions: { code: 'RATE_LIMITED', limit: this.perHour, retryAfterMinutes: minutes },
      });
    }
    lookups.set(lookup, at);
    if (this.used.size > MAX_CALLERS) this.used.delete(this.used.keys().next().value!);
  }
}

/** The default budget when a member does not configure one (MEMBER_HIT_BUDGET). */
export const DEFAULT_HIT_BUDGET = 60;

/** What a lookup spends the budget on and its audit entry keeps: a digest of its pseudonyms (a name check's sorted keys as one). */
export const lookupKey = (pseudonyms: string): string => createHash('sha256').update(pseudonyms).digest('base64url').slice(0, 22);

/** Rebuilds the budget from the audit log's entries of the last hour (read back from the end, newest first). */
export function replayHitBudget(budget: HitBudget, log: { newestWhile(more: (entry: AuditEntry) => boolean): AuditEntry[] }): number {
  const since = budget.clock() - HOUR_MS;
  const newestFirst = log.newestWhile((e) => Date.parse(e.at) >= since);
  let replayed = 0;
  for (let i = newestFirst.length - 1; i >= 0; i--) {
    const e = newestFirst[i];
    if (!e.caller || !e.lookups?.length) continue;
    for (const lookup of e.lookups) budget.replay(callerKey(e.caller), lookup, Date.parse(e.at));
    replayed += e.lookups.length;
  }
  return replayed;
}
