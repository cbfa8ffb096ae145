/** A GraphQL read for a page: loading, the partial result (data and errors), or why it failed altogether. */
import { useCallback, useEffect, useState } from 'react';
import { gql, type GqlResult } from './graphql';
import { useSession } from './session';

export interface Read<T> {
  loading: boolean;
  result: GqlResult<T> | null;
  /** The gateway could not be reached at all. */
  failure: string | null;
  reload(): void;
}

/** Runs `query` whenever it or its variables change; `skip` leaves it unrun (a form not yet sent). */
export function useGql<T>(query: string, variables: Record<string, unknown> = {}, skip = false): Read<T> {
  const { credentials } = useSession();
  const [state, setState] = useState<Omit<Read<T>, 'reload'>>({ loading: !skip, result: null, failure: null });
  const [round, setRound] = useState(0);
  const key = JSON.stringify(variables);
  useEffect(() => {
    if (skip) return;
    let current = true;
    setState((s) => ({ ...s, loading: true, failure: null }));
    gql<T>(credentials, query, JSON.parse(key) as Record<string, unknown>)
      .then((result) => current && setState({ loading: false, result, failure: null }))
      .catch((err: unknown) => current && setState({ loading: false, result: null, failure: String((err as Error)?.message ?? err) }));
    return () => {
      current = false;
    };
  }, [query, key, skip, round, credentials.token, credentials.purpose, credentials.caseRef]);
  const reload = useCallback(() => setRound((r) => r + 1), []);
  return { ...state, reload };
}
