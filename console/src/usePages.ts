/**
 * A list read a page at a time (the API's page fields: personsPage, auditLogPage, …):
 * the first page when the query or its variables change, then more on request, for
 * every member holding more (the page's endCursor) or for one member (its own
 * endCursor). Pages accumulate; each page's errors are moved to where its items
 * went in the accumulated list (`[list, index, …]`), so withheld markers still
 * find their field. Each member's count is the latest it gave.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { gql, type GqlError } from './graphql';
import { appended, EMPTY_PAGES as EMPTY, type MemberTally, type PageAnswer, type PageState as State } from './pageState';
import { useSession } from './session';

export interface Pages<T> {
  loading: boolean;
  /** A next page is being read. */
  loadingMore: boolean;
  /** The gateway could not be reached at all. */
  failure: string | null;
  /** Null until the first page came (or when the page field itself was refused). */
  items: T[] | null;
  errors: GqlError[];
  members: MemberTally[];
  hasNextPage: boolean;
  /** The next page of every member holding more, or of `country` alone. */
  loadMore(country?: string): void;
  reload(): void;
}

/**
 * `query` selects `field` with `$after: String` among its variables and, in the page,
 * `items` and `members { country count countCapped returned hasNextPage endCursor } hasNextPage endCursor`
 * (or, for a list of one process, `count countCapped` in place of `members`).
 * `list` is the name errors are moved under (`persons` for the search page's withheld markers).
 */
export function usePages<T>(query: string, field: string, list: string, variables: Record<string, unknown> = {}, skip = false): Pages<T> {
  const { credentials } = useSession();
  const [state, setState] = useState<State<T>>(EMPTY);
  const [loading, setLoading] = useState(!skip);
  const [loadingMore, setLoadingMore] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const [round, setRound] = useState(0);
  const key = JSON.stringify(variables);
  // A page asked for under an older query or round is dropped when it comes.
  const generation = useRef(0);

  const { token, purpose, caseRef } = credentials;
  // On the credentials' values, not the object: switching the language must not start the list again.
  const read = useCallback(
    (after: string | null) => gql<Record<string, PageAnswer<T> | null>>({ token, purpose, caseRef }, query, { ...(JSON.parse(key) as Record<string, unknown>), after }),
    [token, purpose, caseRef, query, key],
  );

  useEffect(() => {
    if (skip) return;
    const mine = ++generation.current;
    setLoading(true);
    setFailure(null);
    setState(EMPTY);
    read(null)
      .then((result) => mine === generation.current && setState(appended<T>(EMPTY, result.data?.[field] ?? null, result.errors, field, list)))
      .catch((err: unknown) => mine === generation.current && setFailure(String((err as Error)?.message ?? err)))
      .finally(() => mine === generation.current && setLoading(false));
  }, [read, skip, round, field, list]);

  const loadMore = useCallback((country?: string) => {
    // One request for every member holding more while the page-wide cursor holds; else one per member, each from its own place.
    const asks: Array<[string | null, string]> = country
      ? [[country, state.members.get(country)?.endCursor ?? '']]
      : state.endCursor
        ? [[null, state.endCursor]]
        : [...state.members.values()].filter((m) => m.endCursor).map((m) => [m.country, m.endCursor!]);
    const wanted = asks.filter(([, after]) => after);
    if (!wanted.length) return;
    const mine = generation.current;
    setLoadingMore(true);
    Promise.all(wanted.map(async ([scope, after]) => {
      const result = await read(after);
      if (mine === generation.current) setState((s) => appended(s, result.data?.[field] ?? null, result.errors, field, list, scope));
    }))
      .catch((err: unknown) => mine === generation.current && setFailure(String((err as Error)?.message ?? err)))
      .finally(() => mine === generation.current && setLoadingMore(false));
  }, [state, read, field, list]);

  const reload = useCallback(() => setRound((r) => r + 1), []);
  const members = [...state.members.values()];
  return {
    loading, loadingMore, failure, items: state.items, errors: state.errors, members,
    hasNextPage: state.endCursor !== null || members.some((m) => m.endCursor !== null), loadMore, reload,
  };
}

