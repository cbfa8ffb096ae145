/**
 * Reading cooperation requests: the inboxes, one request, the secretariat's
 * overview and the grants an owner's system enforces. States are computed at
 * read time (OVERDUE, EXPIRED); a request the caller may not know of is left
 * out, exactly as one that does not exist. Which fields a caller sees is the
 * protocol's (cooperation.metadata, cooperation.detail), not the resolvers'.
 */
import { codedError, readListPage, type ListPage, type PageSource } from '@enlace/platform';
import { ruleOf, type SecretariatContext } from '../context';
import * as repo from '../repository';
import {
  grantHolds, isRequester, STATES, stateAt, subjectRecordShown, withheldReason, type CooperationRecord, type CooperationState,
  type RecordKind, type WithheldReason,
} from './record';
import * as store from './repository';
import type { CooperationFilter, Resolvers } from '../generated/resolvers';
import { caseRef, personRef } from '../reads';

/** A page of the inbox, as cooperationRequestsPage gives it (the parent of CooperationRequestPage's fields). */
export type CooperationRequestPageValue = ListPage<CooperationRecord>;
const REQUEST = 'CooperationRequest';
/** The most requests one inbox answer lists. */
const MAX_REQUESTS = 500;
const HOUR_MS = 3_600_000;

const known = (ctx: SecretariatContext, r: CooperationRecord | null) => (r && ctx.authz.knows(REQUEST, r) ? r : null);
const isoDay = (d: Date) => d.toISOString().slice(0, 10);

/** The middle value (the mean of the two middle ones for an even count), or null for none. */
export function median(values: readonly number[]): number | null {
  if (!values.length) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Counts by computed state, in the enum's order, leaving out states with none. */
function countsByState(requests: readonly CooperationRecord[], now: Date) {
  const counts = new Map<CooperationState, number>();
  for (const r of requests) counts.set(stateAt(r, now), (counts.get(stateAt(r, now)) ?? 0) + 1);
  return STATES.filter((s) => counts.has(s)).map((state) => ({ state, count: counts.get(state)! }));
}

/** Where a request stands in the inboxes' order: its deadline, then its filing (seq). */
type InboxPosition = [deadline: string, seq: number];
const isInboxPosition = (p: unknown): p is InboxPosition =>
  Array.isArray(p) && p.length === 2 && typeof p[0] === 'string' && typeof p[1] === 'number' && Number.isSafeInteger(p[1]);
/** Counting reads the requests in batches of this many. */
const COUNT_BATCH = 500;

/** The requests a filter selects for the caller (its inbox), as a page reads them. */
function inbox(ctx: SecretariatContext, filter: CooperationFilter | null | undefined): PageSource<CooperationRecord, CooperationRecord, InboxPosition> {
  const { authz } = ctx;
  const role = filter?.role;
  const scope = role === 'REQUESTER' ? { requester: authz.caller } : role === 'OWNER' ? { owner: authz.country } : authz.cooperationScope();
  const now = ctx.now();
  const read = (limit: number, after: InboxPosition | null) => store.listRequests(repo.reader(ctx.store), {
    scope: authz.cooperationScope() ? scope : null, state: filter?.state ?? null, overdue: filter?.overdue ?? null,
    now: now.toISOString(), today: isoDay(now), limit, after: after && { deadline: after[0], seq: after[1] },
  });
  return {
    read,
    position: (r) => [r.deadline, r.seq],
    isPosition: isInboxPosition,
    deliver: (found) => found.filter((r) => known(ctx, r)),
    // A party clause is decided on each request (not in the store): counted as delivered, batch by batch.
    count: async (limit) => {
      let n = 0;
      let after: InboxPosition | null = null;
      for (;;) {
        const batch = await read(COUNT_BATCH, after);
        n += batch.filter((r) => known(ctx, r)).length;
        if (n >= limit || batch.length < COUNT_BATCH) return n;
        const last = batch[batch.length - 1];
        after = [last.deadline, last.seq];
      }
    },
  };
}

export const cooperationReads = {
  CooperationRequestPage: {
    count: async (p) => (await p.counted()).count,
    countCapped: async (p) => (await p.counted()).capped,
  },
  Query: {
    cooperationRequestsPage: (_, args, ctx) =>
      readListPage(ctx.paging, { list: 'cooperationRequests', query: args.filter ?? {}, first: args.first, defaultFirst: 50, after: args.after, caller: ctx.identity.caller }, inbox(ctx, args.filter)),
    cooperationRequests: async (_, { filter }, ctx) => {
      const { authz } = ctx;
      const role = filter?.role;
      const scope = role === 'REQUESTER' ? { requester: authz.caller } : role === 'OWNER' ? { owner: authz.country } : authz.cooperationScope();
      const now = ctx.now();
      const found = await store.listRequests(repo.reader(ctx.store), {
        scope: authz.cooperationScope() ? scope : null, state: filter?.state ?? null, overdue: filter?.overdue ?? null,
        now: now.toISOString(), today: isoDay(now), limit: MAX_REQUESTS,
      });
      return found.filter((r) => known(ctx, r));
    },
    cooperationRequest: async (_, { id }, ctx) => known(ctx, await store.requestById(repo.reader(ctx.store), id)),

    cooperationOverview: async (_, __, ctx) => {
      const run = repo.reader(ctx.store);
      const [all, directory] = await Promise.all([store.allRequests(run), repo.listMemberStates(run)]);
      const now = ctx.now();
      // Every member, and any partner that has filed: each with its requests on either side.
      const countries = [...new Set([...directory.map((m) => m.country), ...all.flatMap((r) => [r.owner, r.requester.country])])];
      return {
        members: countries.map((country) => ({
          country,
          asOwner: countsByState(all.filter((r) => r.owner === country), now),
          asRequester: countsByState(all.filter((r) => r.requester.country === country), now),
        })),
        medianHoursToDecision: median(all.filter((r) => r.decidedAt).map((r) => (Date.parse(r.decidedAt!) - Date.parse(r.filedAt)) / HOUR_MS)),
        overdue: all.filter((r) => stateAt(r, now) === 'OVERDUE' && known(ctx, r)),
      };
    },

    cooperationGrants: async (_, __, ctx) => {
      const obo = ctx.identity.caller.onBehalfOf;
      if (!obo) return [];
      const now = ctx.now();
      const rule = ruleOf(ctx, 'Query.cooperationGrants');
      const granted = await store.grantedRequests(repo.reader(ctx.store), ctx.authz.country, obo, isoDay(now));
      return granted
        .filter((r) => ctx.authz.allows(rule, r) && grantHolds(r, now))
        .map((r) => {
          const grant = r.grant!;
          return {
            id: grant.id, requestId: r.id, scope: grant.scope, purpose: r.purpose, caseRef: r.caseRef, legalBasis: r.legalBasis, expiresOn: grant.expiresOn,
            records: r.subjects.filter((s) => grant.subjects.includes(s.given)).map((s) => s.recordId),
          };
        });
    },
  },

  CooperationRequest: {
    __resolveReference: async (ref, ctx) => known(ctx, await store.requestById(repo.reader(ctx.store), ref.id)),
    state: (r, _, ctx) => stateAt(r, ctx.now()),
    overdue: (r, _, ctx) => stateAt(r, ctx.now()) === 'OVERDUE',
    requesterCountry: (r) => r.requester.country,
    requester: (r) => r.requester.subject,
    subjects: (r, _, ctx): Subject[] => {
      const now = ctx.now();
      return r.subjects.map((s) => {
        const shown = subjectRecordShown(r, s.given, ctx.authz.caller, now);
        // The requester, who reads its request's state and grant anyway, is told why its subject stays closed.
        const withheld = !shown && isRequester(r, ctx.authz.caller) ? { reason: withheldReason(r, s.given, now), grant: r.grant?.id ?? null } : null;
        return { given: s.given, kind: s.kind, recordId: shown ? s.recordId : null, withheld };
      });
    },
  },

  CooperationSubject: {
    person: (s) => {
      const id = shownRecordId(s, 'PERSON');
      return id ? personRef(id) : null;
    },
    case: (s) => {
      const id = shownRecordId(s, 'CASE');
      return id ? caseRef(id) : null;
    },
  },
} satisfies Resolvers;

export interface Subject {
  given: string;
  kind: RecordKind;
  /** Set when the caller is pointed at the owner's record. */
  recordId: string | null;
  withheld: { reason: WithheldReason; grant: string | null } | null;
}

const WITHHELD_BECAUSE: Record<WithheldReason, string> = {
  undecided: 'the owner has not granted it (yet)',
  refused: 'the owner refused the request',
  withdrawn: 'the request was withdrawn',
  revoked: 'the grant was revoked',
  expired: 'the grant has expired',
  'not-granted': 'the grant leaves this subject out',
};

/** The owner's record the subject points the caller at, when of this kind, or null; for the requester, null with SUBJECT_WITHHELD saying why. */
function shownRecordId(s: Subject, kind: RecordKind): string | null {
  if (s.kind !== kind) return null;
  if (s.recordId) return s.recordId;
  if (s.withheld) {
    throw codedError('SUBJECT_WITHHELD', `Withheld from you: ${WITHHELD_BECAUSE[s.withheld.reason]}`, { reason: s.withheld.reason, grant: s.withheld.grant });
  }
  return null;
}
