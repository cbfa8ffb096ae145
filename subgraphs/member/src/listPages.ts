/**
 * The page fields beside the lists (personsPage beside persons, …): the same
 * filters, checked the same way, read a page at a time (paging.ts).
 */
import { validate as v, type PageRequest } from '@enlace/platform';
import type { MemberContext } from './context';
import { emptyPage, readPage } from './paging';
import { asked } from './resolvers';
import type { QueryResolvers } from './generated/resolvers';

const request = (list: string, filter: object, args: { first: number; after?: string | null }, ctx: MemberContext): PageRequest => ({
  list, query: filter, first: args.first, after: args.after, caller: ctx.identity.caller,
});

export const listPageQueries = {
  personsPage: (_, args, ctx) => {
    if (!asked(ctx, args)) return emptyPage();
    const filter = args.filter ?? {};
    return readPage(ctx.country, ctx.paging, request('persons', filter, args, ctx), ctx.data.personPages(filter));
  },
  casesPage: (_, args, ctx) => {
    if (!asked(ctx, args)) return emptyPage();
    const filter = args.filter ?? {};
    v.isoDate('filter.openedFrom', filter.openedFrom);
    v.isoDate('filter.openedTo', filter.openedTo);
    return readPage(ctx.country, ctx.paging, request('cases', filter, args, ctx), ctx.data.casePages(filter));
  },
  routesPage: (_, args, ctx) => {
    if (!asked(ctx, args)) return emptyPage();
    const filter = args.filter ?? {};
    v.isoDate('filter.activeFrom', filter.activeFrom);
    v.isoDate('filter.activeTo', filter.activeTo);
    return readPage(ctx.country, ctx.paging, request('routes', filter, args, ctx), ctx.data.routePages(filter));
  },
} satisfies QueryResolvers;
