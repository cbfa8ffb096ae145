/**
 * Saved searches, per user, kept in this browser (localStorage): a name and the search's address
 * (#/search?kind=persons&name=Quispe&go=1), so opening one runs the search again, as of now. Kept
 * under the caller's issuer, country and subject (the same caller only with all three), never sent.
 */
export interface SavedSearch {
  name: string;
  /** The search page's address, as the router makes it. */
  target: string;
}

export interface Owner {
  issuer: string;
  country: string;
  subject: string;
}

const PREFIX = 'enlace:saved-searches:';
/** More than this many is a list nobody reads: the oldest go. */
export const MAX_SAVED = 50;

export const storageKey = (owner: Owner): string => `${PREFIX}${JSON.stringify([owner.issuer, owner.country, owner.subject])}`;

export function readSaved(storage: Pick<Storage, 'getItem'>, owner: Owner): SavedSearch[] {
  try {
    const kept = JSON.parse(storage.getItem(storageKey(owner)) ?? '[]') as unknown;
    return Array.isArray(kept) ? kept.filter((s): s is SavedSearch => typeof s?.name === 'string' && typeof s?.target === 'string' && s.target.startsWith('#/search?')) : [];
  } catch {
    return [];
  }
}

/** The list with `search` added first (replacing one of the same name), at most MAX_SAVED. */
export const withSaved = (list: readonly SavedSearch[], search: SavedSearch): SavedSearch[] =>
  [search, ...list.filter((s) => s.name !== search.name)].slice(0, MAX_SAVED);

export const withoutSaved = (list: readonly SavedSearch[], name: string): SavedSearch[] => list.filter((s) => s.name !== name);

export function writeSaved(storage: Pick<Storage, 'setItem'>, owner: Owner, list: readonly SavedSearch[]): void {
  storage.setItem(storageKey(owner), JSON.stringify(list));
}
