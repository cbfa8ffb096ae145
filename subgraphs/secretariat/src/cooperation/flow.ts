/**
 * The cooperation workflow at the secretariat (issue 8): the owner's system files
 * a request for the requester; the owner's prosecutors decide (grant, part, refuse,
 * ask more); the requester answers or withdraws; either side revokes a grant, which
 * owners stop honouring within their grant cache time (MEMBER_GRANT_CACHE_SECONDS,
 * default 5 s: they ask for a caller's active grants at most that often). Who may do what
 * is the protocol's cooperation.* rules; a caller who may not know of a request
 * gets NOT_FOUND for it. Each write is validated, then runs in one store
 * transaction that re-reads the request, so no decision is lost to another.
 */
import { badInput, newId } from '@enlace/platform';
import type { Transaction } from '@enlace/store';
import { ruleOf, type SecretariatContext } from '../context';
import * as repo from '../repository';
import { SECRETARIAT_CODE } from '../storeSchema';
import { deadlineFrom } from './deadlines';
import { filingOf, grantOf, reasonText } from './input';
import {
  DEADLINE_STATES, grantHolds, OPEN_STATES, stateAt, type CooperationRecord, type EventKind, type StoredState,
} from './record';
import * as store from './repository';
import type { MutationResolvers } from '../generated/resolvers';
const REQUEST = 'CooperationRequest';

/** The request, re-read in the write's transaction: NOT_FOUND when the caller may not know of it. */
async function requestFor(ctx: SecretariatContext, tx: repo.Runner, id: string): Promise<CooperationRecord> {
  const found = await store.requestById(tx, id);
  return ctx.authz.requireKnown(REQUEST, found, `Cooperation request ${id}`);
}

/** Re-reads the request, checks the rule on it and that it is in one of `states`, then writes what `change` makes of it. */
function writeOn(
  ctx: SecretariatContext, id: string, coordinate: string, states: (r: CooperationRecord, now: Date) => string | null,
  change: (r: CooperationRecord, now: Date) => CooperationRecord,
) {
  return ctx.store.write(async (tx: Transaction) => {
    const request = await requestFor(ctx, tx, id);
    ctx.authz.requireFor(ruleOf(ctx, coordinate), request);
    const now = ctx.now();
    const refusal = states(request, now);
    if (refusal) throw badInput('id', `this request is ${stateAt(request, now)}: ${refusal}`);
    const changed = change(request, now);
    await store.updateRequest(tx, request, changed);
    return changed;
  });
}

const event = (now: Date, by: string, kind: EventKind, text: string | null) => ({ at: now.toISOString(), by, kind, text });
const only = (states: readonly StoredState[], why: string) => (r: CooperationRecord) => (states.includes(r.state) ? null : why);

const STATE_OF: Record<'GRANT' | 'PARTIAL' | 'REFUSE', StoredState> = { GRANT: 'GRANTED', PARTIAL: 'PARTLY_GRANTED', REFUSE: 'REFUSED' };

export const cooperationMutations = {
  fileCooperationRequest: async (_, { input }, ctx) => {
    const record = filingOf(input, ctx.identity.caller.onBehalfOf, ctx.now(), ctx.deadlines);
    return ctx.store.write(async (tx) => {
      // Bad input first (an owner outside the directory), then who may file for that owner.
      if (!(await repo.listMemberStates(tx)).some((m) => m.country === record.owner)) {
        throw badInput('input.owner', `${record.owner} is not a member state of the network`);
      }
      ctx.authz.requireFor(ruleOf(ctx, 'Mutation.fileCooperationRequest'), record);
      record.id = newId(SECRETARIAT_CODE, 'R');
      record.seq = await repo.reserveSeq(tx, 'R', 1);
      await store.insertRequests(tx, [record]);
      return record;
    });
  },

  decideCooperationRequest: async (_, args, ctx) => {
    const { decision } = args;
    const reason = reasonText('reason', args.reason, decision === 'REFUSE' || decision === 'ASK_MORE');
    if ((decision === 'REFUSE' || decision === 'ASK_MORE') && args.grant) throw badInput('grant', 'is given only to GRANT or PARTIAL');
    return writeOn(ctx, args.id, 'Mutation.decideCooperationRequest', only(DEADLINE_STATES, 'only a request awaiting the owner is decided'), (r, now) => {
      const by = ctx.authz.country;
      if (decision === 'ASK_MORE') {
        return { ...r, state: 'AWAITING_REQUESTER', decision, decisionReason: reason, history: [...r.history, event(now, by, 'ASK_MORE', reason)] };
      }
      const grant = decision === 'REFUSE' ? null : grantOf(args.grant, decision === 'PARTIAL', r, newId(SECRETARIAT_CODE, 'G'), now.toISOString().slice(0, 10));
      return {
        ...r, state: STATE_OF[decision], decision, decisionReason: reason, grant, decidedAt: now.toISOString(),
        history: [...r.history, event(now, by, 'DECISION', reason ? `${decision}: ${reason}` : decision)],
      };
    });
  },

  answerCooperationRequest: async (_, args, ctx) => {
    const answer = reasonText('answer', args.answer, true);
    return writeOn(ctx, args.id, 'Mutation.answerCooperationRequest', only(['AWAITING_REQUESTER'], 'only a question of the owner is answered'), (r, now) => ({
      ...r, state: 'AWAITING_OWNER', deadline: deadlineFrom(now, r.urgency, ctx.deadlines),
      history: [...r.history, event(now, r.requester.country, 'ANSWER', answer)],
    }));
  },

  withdrawCooperationRequest: async (_, args, ctx) => {
    const reason = reasonText('reason', args.reason, false);
    return writeOn(ctx, args.id, 'Mutation.withdrawCooperationRequest', only(OPEN_STATES, 'only a request not yet decided is withdrawn'), (r, now) => ({
      ...r, state: 'WITHDRAWN', history: [...r.history, event(now, r.requester.country, 'WITHDRAWN', reason)],
    }));
  },

  revokeGrant: async (_, args, ctx) => {
    const reason = reasonText('reason', args.reason, false);
    const holds = (r: CooperationRecord, now: Date) => (grantHolds(r, now) ? null : 'only a grant in force is revoked');
    return writeOn(ctx, args.id, 'Mutation.revokeGrant', holds, (r, now) => ({
      ...r, state: 'REVOKED', grant: { ...r.grant!, revokedAt: now.toISOString(), revokedBy: ctx.authz.country },
      history: [...r.history, event(now, ctx.authz.country, 'REVOKED', reason)],
    }));
  },
} satisfies MutationResolvers;
