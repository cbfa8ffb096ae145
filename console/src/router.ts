/**
 * Pages are addressed by the URL's fragment (#/person/AR:P:0aa79jf), so the gateway serves
 * one page and a reload or a shared link lands on the same record.
 */
import { useEffect, useState } from 'react';

export interface Route {
  /** The first segment: search, person, case, route, check, cooperation… ('' for the start page). */
  page: string;
  /** The second segment, if any (a record id, a route code, a request id, or "new"). */
  id?: string;
  query: URLSearchParams;
}

export function parseHash(hash: string): Route {
  const [path, search = ''] = hash.replace(/^#\/?/, '').split('?');
  const [page = '', id] = path.split('/').map((s) => {
    try {
      return decodeURIComponent(s);
    } catch {
      return s;
    }
  });
  return { page, id: id || undefined, query: new URLSearchParams(search) };
}

export function href(page: string, id?: string, query?: Record<string, string>): string {
  const path = `#/${page}${id ? `/${encodeURIComponent(id)}` : ''}`;
  const search = query ? new URLSearchParams(query).toString() : '';
  return search ? `${path}?${search}` : path;
}

export function useRoute(): Route {
  const [route, setRoute] = useState(() => parseHash(location.hash));
  useEffect(() => {
    const changed = () => setRoute(parseHash(location.hash));
    window.addEventListener('hashchange', changed);
    return () => window.removeEventListener('hashchange', changed);
  }, []);
  return route;
}

export const go = (target: string): void => {
  location.hash = target.replace(/^#/, '');
};
