/**
 * Reading a member's audit log through GraphQL: `auditLog` for the member's own
 * auditors, `foreignAccess` for its own prosecutors (who abroad read which of
 * the member's records, and which lookups hit them; nothing else of what those
 * callers did). The protocol's field guard decides who may ask (rules audit.read and
 * audit.foreign-access); the resolvers check again, so that a member started
 * without the protocol (benchmarks) still serves its log to no one else.
 */
import {
  AUDIT_DECISIONS, badInput, countEntries, isSeq, matchesAuditFilter, readPage, validate as v, type PageSource,
  type AuditEntry, type AuditFilter, type AuditRecord, type ChainLog, type Role,
} from '@enlace/platform';
import type { MemberContext } from '../context';
import { asked, first } from '../resolvers';
import { emptyPage, readPage as readMemberPage } from '../paging';
import { PROTOCOL_VERSION } from '../protocol/model';
import type { AuditFilter as AuditFilterInput, QueryAuditLogArgs, QueryResolvers } from '../generated/resolvers';
import { forbidden } from '../protocol/request';

const ISO_TIME = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})?)?$/;

function requireOwn(ctx: MemberContext, role: Role, rule: string): void {
  const { caller } = ctx.identity;
  if (caller.country !== ctx.country || !caller.roles.includes(role)) {
    throw forbidden({ name: rule }, PROTOCOL_VERSION);
  }
}

function time(field: string, value: unknown): string | null {
  if (value == null) return null;
  if (typeof value !== 'string' || !ISO_TIME.test(value) || Number.isNaN(Date.parse(value))) throw badInput(field, 'must be an ISO 8601 date or time');
  return new Date(value).toISOString();
}

function readFilter(raw: AuditFilterInput | null | undefined): AuditFilter {
  const f = raw ?? {};
  const decision = f.decision;
  if (decision != null && !AUDIT_DECISIONS.includes(decision)) throw badInput('filter.decision', `must be one of ${AUDIT_DECISIONS.join(', ')}`);
  return {
    from: time('filter.from', f.from),
    to: time('filter.to', f.to),
    callerCountry: f.callerCountry == null ? null : v.country('filter.callerCountry', f.callerCountry),
    subject: v.text('filter.subject', f.subject, { required: false }),
    record: v.text('filter.record', f.record, { max: 40, required: false }),
    grant: v.text('filter.grant', f.grant, { max: 40, required: false }),
    decision: decision ?? null,
  };
}

function page(args: Pick<QueryAuditLogArgs, 'first' | 'after'>): { first: number; after: number | null } {
  const count = first(args);
  if (args.after == null) return { first: count, after: null };
  const after = Number(args.after);
  if (!/^\d{1,15}$/.test(String(args.after)) || !Number.isSafeInteger(after)) throw badInput('after', 'must be the cursor of an entry (its seq)');
  return { first: count, after };
}

const asGraphQL = (e: AuditEntry) => ({ ...e, country: e.service });

/** Only what a foreign caller's request read or hit of this member's records. */
function foreignAccessOf(e: AuditEntry, own: string, filter: AuditFilter) {
  if (!e.caller || e.caller.country === own) return null;
  if (!e.delivered.length && !e.hits?.length) return null;
  if (!matchesAuditFilter(e, filter)) return null;
  return {
    country: e.service, seq: e.seq, at: e.at, caller: e.caller, purpose: e.purpose, caseRef: e.caseRef,
    operationName: e.operation.name, decision: e.decision, delivered: e.delivered, hits: e.hits?.length ? e.hits : null,
  };
}

/** The resolvers, reading the log `logOf` gives (opened after the schema is built; null when not logging). */
export function auditQueries(logOf: () => ChainLog<AuditRecord> | null) {
  const read = <R>(args: Pick<QueryAuditLogArgs, 'first' | 'after'>, keep: (e: AuditEntry) => R | null) => {
    const log = logOf();
    return log ? readPage(log, page(args), keep) : Promise.resolve([]);
  };
  /**
   * A page of the log, newest first: the position is an entry's seq, and the next page holds
   * older entries (entries written meanwhile are newer: they neither shift nor repeat a page).
   */
  const pages = <R extends { seq: number }>(keep: (e: AuditEntry) => R | null): PageSource<R, R, number> => ({
    read: async (limit, after) => {
      const log = logOf();
      return log ? readPage(log, { first: limit, after }, keep) : [];
    },
    position: (r) => r.seq,
    isPosition: isSeq,
    deliver: (records) => records,
    count: async (limit) => {
      const log = logOf();
      return log ? countEntries(log, keep, limit) : 0;
    },
  });
  const pageRequest = (list: string, filter: AuditFilter, args: Pick<QueryAuditLogArgs, 'first' | 'after'>, ctx: MemberContext) => ({
    list, query: filter, first: args.first, defaultFirst: 50, after: args.after, caller: ctx.identity.caller,
  });
  return {
    auditLogPage: (_, args, ctx) => {
      if (!asked(ctx, args)) return emptyPage();
      requireOwn(ctx, 'auditor', 'audit.read');
      const filter = readFilter(args.filter);
      return readMemberPage(ctx.country, ctx.paging, pageRequest('auditLog', filter, args, ctx), pages((e) => (matchesAuditFilter(e, filter) ? asGraphQL(e) : null)));
    },
    foreignAccessPage: (_, args, ctx) => {
      if (!asked(ctx, args)) return emptyPage();
      requireOwn(ctx, 'prosecutor', 'audit.foreign-access');
      const filter = readFilter(args.filter);
      return readMemberPage(ctx.country, ctx.paging, pageRequest('foreignAccess', filter, args, ctx), pages((e) => foreignAccessOf(e, ctx.country, filter)));
    },
    auditLog: (_, args, ctx) => {
      if (!asked(ctx, args)) return [];
      requireOwn(ctx, 'auditor', 'audit.read');
      const filter = readFilter(args.filter);
      return read(args, (e) => (matchesAuditFilter(e, filter) ? asGraphQL(e) : null));
    },
    foreignAccess: (_, args, ctx) => {
      if (!asked(ctx, args)) return [];
      requireOwn(ctx, 'prosecutor', 'audit.foreign-access');
      const filter = readFilter(args.filter);
      return read(args, (e) => foreignAccessOf(e, ctx.country, filter));
    },
  } satisfies QueryResolvers;
}
