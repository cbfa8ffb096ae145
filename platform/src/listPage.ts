/**
 * A page of a list, as the process that holds the list reads it (DESIGN.md, "Paging"):
 * the records after the cursor's position on the list's stable order, read by a keyset
 * (never an offset, so records written between two pages neither repeat nor go
 * missing), one more than asked to know whether more follow; the cursor of the next
 * page, sealed (PageCursors) for this list, filter and caller; and how many records
 * the query holds for the caller, counted only when asked for, by the list's own
 * count of what the caller may know of: a record withheld from the caller is neither
 * listed nor counted.
 */
import { badCursor, type CursorPosition, type PageCursors } from './pageCursor';
import type { CallerIdentity } from './sameCaller';
import { intBetween } from './validation';

/** Counting stops here by default: "more than 1,000" says enough, and counting reads every match. */
export const DEFAULT_COUNT_CAP = 1000;
/** The most records of one process a page holds (as `first` on the lists). */
const MAX_FIRST = 500;

/** How a process pages: its cursor key and where counting stops. */
export interface Paging {
  cursors: PageCursors;
  countCap: number;
}

/** One list's records for one query, as a page reads them. */
export interface PageSource<R, T, P extends CursorPosition> {
  /** Up to `limit` records after position `after` (null: from the start), in the list's order. */
  read(limit: number, after: P | null): Promise<R[]>;
  /** A record's position in that order. */
  position(record: R): P;
  /** Whether an opened cursor's position is one of this list's (a number for seq-ordered lists). */
  isPosition(value: CursorPosition): value is P;
  /** What of the records read the caller is given (the data layer's last check). */
  deliver(records: R[]): T[];
  /** How many records the query holds for the caller, counting at most `limit`. */
  count(limit: number): Promise<number>;
}

/** Which list, for which query, from where: a page field's arguments. */
export interface PageRequest {
  /** The list's name (persons, cases, …): a cursor is valid for its list only. */
  list: string;
  /** The arguments that choose the records (the filter): a cursor is valid for the same ones only. */
  query: unknown;
  first: unknown;
  after: unknown;
  caller: CallerIdentity;
  /** `first` when none is given. */
  defaultFirst?: number;
}

export interface ListPage<T> {
  items: T[];
  hasNextPage: boolean;
  endCursor: string | null;
  /** How many the query holds for the caller: counted once, when the answer asks for it. */
  counted(): Promise<{ count: number; capped: boolean }>;
}

export async function readListPage<R, T, P extends CursorPosition>(paging: Paging, request: PageRequest, source: PageSource<R, T, P>): Promise<ListPage<T>> {
  const first = intBetween('first', request.first, 1, MAX_FIRST, request.defaultFirst ?? 20);
  const binding = { list: request.list, query: request.query ?? {}, caller: request.caller };
  const after = request.after == null ? null : paging.cursors.open(request.after, binding);
  if (after !== null && !source.isPosition(after)) throw badCursor();
  const rows = await source.read(first + 1, after);
  const more = rows.length > first;
  const page = more ? rows.slice(0, first) : rows;
  // The position of the last record read, delivered or not: sealed, it tells the caller nothing of it.
  const endCursor = more ? paging.cursors.seal(source.position(page[page.length - 1]), binding) : null;
  let counting: Promise<{ count: number; capped: boolean }> | undefined;
  const cap = paging.countCap;
  return {
    items: source.deliver(page),
    hasNextPage: more,
    endCursor,
    counted: () => (counting ??= source.count(cap + 1).then((n) => (n > cap ? { count: cap, capped: true } : { count: n, capped: false }))),
  };
}

export const isSeq = (p: CursorPosition): p is number => typeof p === 'number' && Number.isSafeInteger(p) && p >= 0;
export const isCode = (p: CursorPosition): p is string => typeof p === 'string';
