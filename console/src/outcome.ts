/**
 * What a federated answer says beside its data, for people: each member's state for a
 * search (the strip), and which fields were withheld, by whom and under which rule.
 * Pure functions over the gateway's errors (MEMBER_UNAVAILABLE with extensions.country and .reason,
 * FORBIDDEN with extensions.rule and .country and the field's path).
 */
import type { GqlError } from './graphql';

export type MemberState = 'answered' | 'unavailable' | 'timedOut';

export interface MemberOutcome {
  country: string;
  state: MemberState;
  /** Records (or route observations) it answered with; 0 when it did not answer. */
  count: number;
  /** For a paged list: how many it holds for the search (a lower bound when capped), how many are shown, whether more can be loaded. */
  total?: { count: number; capped: boolean; shown: number; more: boolean };
}

/** What a member said of a paged list (usePages' MemberTally). */
export interface PagedTally {
  country: string;
  count: number;
  capped: boolean;
  shown: number;
  endCursor: string | null;
}

export interface Withholding {
  /** The owner that withheld it. */
  country: string;
  rule: string;
}

export function memberOutcomes(
  members: readonly string[],
  errors: readonly GqlError[],
  counts: ReadonlyMap<string, number>,
  tallies: readonly PagedTally[] = [],
): MemberOutcome[] {
  const failed = new Map<string, MemberState>();
  for (const e of errors) {
    const country = e.extensions?.country;
    if (e.extensions?.code !== 'MEMBER_UNAVAILABLE' || !country) continue;
    // The gateway's extensions.reason (timeout, unreachable, bad-answer) tells a slow member from a down one.
    if (failed.get(country) !== 'timedOut') failed.set(country, e.extensions.reason === 'timeout' ? 'timedOut' : 'unavailable');
  }
  const paged = new Map(tallies.map((t) => [t.country, t] as const));
  const all = [...new Set([...members, ...failed.keys(), ...counts.keys(), ...paged.keys()])];
  return all.map((country) => {
    // A member that answered an earlier page and not a later one is shown as it is now, with what it gave.
    const tally = paged.get(country);
    const state = failed.get(country) ?? 'answered';
    const outcome: MemberOutcome = { country, state, count: state === 'answered' ? tally?.shown ?? counts.get(country) ?? 0 : 0 };
    if (tally) outcome.total = { count: tally.count, capped: tally.capped, shown: tally.shown, more: tally.endCursor !== null };
    return outcome;
  });
}

/** How many records each member answered with, by their `country`. */
export function countByCountry(records: readonly { country?: string | null }[] | null | undefined): Map<string, number> {
  const counts = new Map<string, number>();
  for (const r of records ?? []) if (r?.country) counts.set(r.country, (counts.get(r.country) ?? 0) + 1);
  return counts;
}

export const pathKey = (path: readonly (string | number)[]): string => path.join('.');

/** Each withheld field by its path: the owner (the error's country, else the record id's prefix) and the rule. */
export function withheldFields(errors: readonly GqlError[], ownerOf: (path: readonly (string | number)[]) => string | undefined = () => undefined): Map<string, Withholding> {
  const withheld = new Map<string, Withholding>();
  for (const e of errors) {
    if (e.extensions?.code !== 'FORBIDDEN' || !e.path) continue;
    const country = e.extensions.country ?? ownerOf(e.path) ?? '?';
    withheld.set(pathKey(e.path), { country, rule: e.extensions.rule ?? '?' });
  }
  return withheld;
}

/** Codes the pages explain in place: the strip (MEMBER_UNAVAILABLE), withheld marks (FORBIDDEN), a request's subjects (SUBJECT_WITHHELD). */
const EXPLAINED = new Set(['FORBIDDEN', 'MEMBER_UNAVAILABLE', 'SUBJECT_WITHHELD']);

/** Errors a page shows as such: not the ones the strip and the withheld markers already explain. */
export function otherErrors(errors: readonly GqlError[]): GqlError[] {
  return errors.filter((e) => !EXPLAINED.has(e.extensions?.code ?? ''));
}

/**
 * Why each subject of a request is withheld from the requester (SUBJECT_WITHHELD's `reason`), by the subject's
 * index: under `at`, the request's path (`['cooperationRequest']`, or `['cooperationRequests', 3]` in the inbox).
 */
export function withheldSubjects(errors: readonly GqlError[], at: readonly (string | number)[] = ['cooperationRequest']): Map<number, string> {
  const reasons = new Map<number, string>();
  for (const e of errors) {
    const path = e.path ?? [];
    const i = path[at.length + 1];
    const under = at.every((part, n) => path[n] === part) && path[at.length] === 'subjects';
    if (e.extensions?.code === 'SUBJECT_WITHHELD' && under && typeof i === 'number') reasons.set(i, e.extensions.reason ?? 'undecided');
  }
  return reasons;
}

/** The owner named by an Enlace id's prefix (AR:P:0aa79jf → AR). */
export const ownerOfId = (id: string): string | undefined => /^([A-Z]{2}):/.exec(id)?.[1];
