/**
 * A page of one of this member's lists, in the shape every member answers and the
 * gateway merges (DESIGN.md, "Paging"): the page common/listPage.ts reads, with this
 * member's entry in `members` (its count, its own cursor).
 */
import { readListPage, type CursorPosition, type PageRequest, type PageSource, type Paging } from '@enlace/platform';
import type { MemberPageResolvers } from './generated/resolvers';

export interface MemberPageValue {
  country: string;
  returned: number;
  hasNextPage: boolean;
  endCursor: string | null;
  counted(): Promise<{ count: number; capped: boolean }>;
}

export interface PageValue<T> {
  items: T[];
  members: MemberPageValue[];
  hasNextPage: boolean;
  endCursor: string | null;
}

export async function readPage<R, T, P extends CursorPosition>(country: string, paging: Paging, request: PageRequest, source: PageSource<R, T, P>): Promise<PageValue<T>> {
  const page = await readListPage(paging, request, source);
  const member: MemberPageValue = { country, returned: page.items.length, hasNextPage: page.hasNextPage, endCursor: page.endCursor, counted: page.counted };
  return { items: page.items, members: [member], hasNextPage: page.hasNextPage, endCursor: page.endCursor };
}

/** A page of a list this member is not asked about (its `countries` leaves it out). */
export const emptyPage = <T>(): PageValue<T> => ({ items: [], members: [], hasNextPage: false, endCursor: null });

export const memberPageResolvers = {
  MemberPage: {
    count: async (m) => (await m.counted()).count,
    countCapped: async (m) => (await m.counted()).capped,
  } satisfies MemberPageResolvers,
};
