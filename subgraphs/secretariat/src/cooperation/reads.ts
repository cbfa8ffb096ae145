/**
 * Reading cooperation requests: the inboxes, one request, the secretariat's
 * overview and the grants an owner's system enforces. States are computed at
 * read time (OVERDUE, EXPIRED); a request the caller may not know of is left
 * out, exactly as one that does not exist. Which fields a caller sees is the
 * protocol's (cooperation.metadata, cooperation.detail), not the resolvers'.
 */
import { ruleOf, type SecretariatContext } from '../context';
import * as repo from '../repository';
import {
  grantHolds, STATES, stateAt, subjectRecordShown, type CooperationRecord, type CooperationState, type CooperationSubjectRecord,
} from './record';
import * as store from './repository';

type Args = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
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

export const cooperationReads = {
  Query: {
    cooperationRequests: async (_: unknown, { filter }: Args, ctx: SecretariatContext) => {
      const { authz } = ctx;
      const role = filter?.role as 'REQUESTER' | 'OWNER' | undefined;
      const scope = role === 'REQUESTER' ? { requester: authz.caller } : role === 'OWNER' ? { owner: authz.country } : authz.cooperationScope();
      const now = ctx.now();
      const found = await store.listRequests(repo.reader(ctx.store), {
        scope: authz.cooperationScope() ? scope : null, state: filter?.state ?? null, overdue: filter?.overdue ?? null,
        now: now.toISOString(), today: isoDay(now), limit: MAX_REQUESTS,
      });
      return found.filter((r) => known(ctx, r));
    },
    cooperationRequest: async (_: unknown, { id }: Args, ctx: SecretariatContext) => known(ctx, await store.requestById(repo.reader(ctx.store), String(id))),

    cooperationOverview: async (_: unknown, __: Args, ctx: SecretariatContext) => {
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

    cooperationGrants: async (_: unknown, __: Args, ctx: SecretariatContext) => {
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
    __resolveReference: async (ref: { id: string }, ctx: SecretariatContext) => known(ctx, await store.requestById(repo.reader(ctx.store), String(ref.id))),
    state: (r: CooperationRecord, _: Args, ctx: SecretariatContext) => stateAt(r, ctx.now()),
    overdue: (r: CooperationRecord, _: Args, ctx: SecretariatContext) => stateAt(r, ctx.now()) === 'OVERDUE',
    requesterCountry: (r: CooperationRecord) => r.requester.country,
    requester: (r: CooperationRecord) => r.requester.subject,
    subjects: (r: CooperationRecord, _: Args, ctx: SecretariatContext) => {
      const now = ctx.now();
      return r.subjects.map((s: CooperationSubjectRecord) => {
        const shown = subjectRecordShown(r, s.given, ctx.authz.caller, now);
        return {
          given: s.given, kind: s.kind,
          person: shown && s.kind === 'PERSON' ? { __typename: 'Person', id: s.recordId } : null,
          case: shown && s.kind === 'CASE' ? { __typename: 'Case', id: s.recordId } : null,
        };
      });
    },
  },
};
