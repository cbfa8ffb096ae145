/**
 * A page of one of this member's lists (DESIGN.md, "Paging"): the records after
 * the cursor's position on the list's stable order, read by a keyset (never an
 * offset, so records written between two pages neither repeat nor go missing),
 * one more than asked to know whether more follow; the cursor of the next page,
 * sealed by this member (PageCursors) for this list, filter and caller; and how
 * many records the query holds for the caller, counted only when asked for, on
 * the same query as the page, so with the same protocol conditions: a record
 * the caller may not know of is neither listed nor counted.
 */
import { badCursor, validate as v, type CallerIdentity, type CursorPosition, type PageCursors } from '@enlace/common';

/** Counting stops here by default: "more than 1,000" says enough, and counting reads every match. */
export const DEFAULT_COUNT_CAP = 1000;
/** The most records of one member a page holds (as `first` on the lists). */
const MAX_FIRST = 500;

/** How this member pages: its cursor key and where counting stops. */
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
  /** What of the records read the caller is given (the guarded data layer's last check). */
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
}

export interface MemberPageValue {
  country: string;
  returned: number;
  hasNextPage: boolean;
  endCursor: string | null;
  /** Counted once, when the answer asks for the count. */
  counted(): Promise<{ count: number; capped: boolean }>;
}

export interface PageValue<T> {
  items: T[];
  members: MemberPageValue[];
  hasNextPage: boolean;
  endCursor: string | null;
}

/** A page's `first`: 20 by default, at most 500. */
export const pageSize = (first: unknown, fallback = 20): number => v.intBetween('first', first, 1, MAX_FIRST, fallback);

export async function readPage<R, T, P extends CursorPosition>(
  country: string,
  paging: Paging,
  request: PageRequest,
  source: PageSource<R, T, P>,
): Promise<PageValue<T>> {
  const first = pageSize(request.first);
  const binding = { list: request.list, query: request.query ?? {}, caller: request.caller };
  const after = request.after == null ? null : paging.cursors.open(request.after, binding);
  if (after !== null && !source.isPosition(after)) throw badCursor();
  const rows = await source.read(first + 1, after);
  const more = rows.length > first;
  const page = more ? rows.slice(0, first) : rows;
  const items = source.deliver(page);
  // The position of the last record read, delivered or not: sealed, it tells the caller nothing of it.
  const endCursor = more ? paging.cursors.seal(source.position(page[page.length - 1]), binding) : null;
  let counting: Promise<{ count: number; capped: boolean }> | undefined;
  const cap = paging.countCap;
  const member: MemberPageValue = {
    country,
    returned: items.length,
    hasNextPage: more,
    endCursor,
    counted: () => (counting ??= source.count(cap + 1).then((n) => (n > cap ? { count: cap, capped: true } : { count: n, capped: false }))),
  };
  return { items, members: [member], hasNextPage: more, endCursor };
}

/** A page of a list this member is not asked about (its `countries` leaves it out). */
export const emptyPage = <T>(): PageValue<T> => ({ items: [], members: [], hasNextPage: false, endCursor: null });

export const memberPageResolvers = {
  MemberPage: {
    count: async (m: MemberPageValue) => (await m.counted()).count,
    countCapped: async (m: MemberPageValue) => (await m.counted()).capped,
  },
};

export const isSeq = (p: CursorPosition): p is number => typeof p === 'number' && Number.isSafeInteger(p) && p >= 0;
export const isCode = (p: CursorPosition): p is string => typeof p === 'string';
