/**
 * The state of a list read a page at a time (usePages), as pure functions: the items of
 * every page read so far, each page's errors moved to where its items went, and each
 * member's tally as the last page that asked it said.
 */
import type { GqlError } from './graphql';

/** One member's part, as the last page that asked it said. */
export interface MemberTally {
  country: string;
  /** How many the member holds for the query (the caller may know of): a lower bound when capped. */
  count: number;
  capped: boolean;
  /** How many of its records are shown so far. */
  shown: number;
  hasNextPage: boolean;
  endCursor: string | null;
}

export interface MemberAnswer { country: string; count: number; countCapped: boolean; returned: number; hasNextPage: boolean; endCursor: string | null }

/** A page field's answer: per member (a list spanning members), or with its own count (the secretariat's). */
export interface PageAnswer<T> {
  items: T[];
  members?: MemberAnswer[];
  count?: number;
  countCapped?: boolean;
  hasNextPage: boolean;
  endCursor: string | null;
}

/** The secretariat's list counts as one tally, under no country. */
const tallies = <T>(page: PageAnswer<T>): MemberAnswer[] =>
  page.members ?? [{ country: '', count: page.count ?? 0, countCapped: page.countCapped ?? false, returned: page.items.length, hasNextPage: page.hasNextPage, endCursor: page.endCursor }];

export interface PageState<T> {
  items: T[] | null;
  errors: GqlError[];
  members: Map<string, MemberTally>;
  /** The page-wide cursor, while no member was paged on its own since it was given (then it would repeat that member's page). */
  endCursor: string | null;
}

export const EMPTY_PAGES: PageState<never> = { items: null, errors: [], members: new Map(), endCursor: null };

/**
 * The state with one more page: its items appended, its errors moved after the items before them, the
 * tallies of the members it asked updated. `member`: the page was that member's alone (its own cursor).
 */
export function appended<T>(state: PageState<T>, page: PageAnswer<T> | null, errors: readonly GqlError[], field: string, list: string, member: string | null = null): PageState<T> {
  const offset = state.items?.length ?? 0;
  const moved = errors.map((e) => {
    if (e.path?.[0] !== field) return e;
    const [, part, index, ...rest] = e.path;
    return part === 'items' && typeof index === 'number' ? { ...e, path: [list, offset + index, ...rest] } : { ...e, path: [list, ...e.path.slice(1)] };
  });
  if (!page) return { ...state, errors: [...state.errors, ...moved] };
  const members = new Map(state.members);
  for (const m of tallies(page)) {
    const before = members.get(m.country);
    members.set(m.country, {
      country: m.country, count: m.count, capped: m.countCapped, shown: (before?.shown ?? 0) + m.returned, hasNextPage: m.hasNextPage, endCursor: m.endCursor,
    });
  }
  return {
    items: [...(state.items ?? []), ...page.items],
    errors: [...state.errors, ...moved],
    members,
    endCursor: member === null ? page.endCursor : null,
  };
}
