/**
 * What calls for a caller's attention in the cooperation inbox (issue 20): the requests addressed
 * to its member state that await its decision and reached it since the caller last opened the
 * inbox ("new": filed, or answered by the requester, after that), and those past their deadline
 * ("overdue"). Counted over the requests the caller may know of (cooperation.known), exactly as
 * the inbox lists them, so a count never tells of a request the caller could not open.
 *
 * When a caller last opened its inbox is kept here, per caller (issuer, subject and country, as
 * sameCaller matches them), not in the browser: the same prosecutor at the office and on a laptop,
 * or in two tabs, sees one count, and opening the inbox anywhere clears it everywhere.
 */
import type { SecretariatContext } from '../context';
import * as repo from '../repository';
import { stateAt, type CooperationRecord } from './record';
import * as store from './repository';
import type { CooperationAttention, Resolvers } from '../generated/resolvers';

/** How often a client should ask again, by default (COOPERATION_ATTENTION_POLL_SECONDS). */
export const DEFAULT_ATTENTION_POLL_SECONDS = 30;

/** When a request awaiting its owner came to the owner: its filing, or the requester's latest answer. */
export function reachedOwnerAt(r: Pick<CooperationRecord, 'filedAt' | 'history'>): string {
  const turns = r.history.filter((e) => e.kind === 'FILED' || e.kind === 'ANSWER').map((e) => e.at);
  return turns.reduce((latest, at) => (at > latest ? at : latest), r.filedAt);
}

/** Whether the caller can be an owner's side at all: else no request awaits it, and the store is not asked. */
function mayKnowAsOwner(ctx: SecretariatContext): boolean {
  const scope = ctx.authz.cooperationScope();
  return !!scope && ('all' in scope || !!scope.owner);
}

async function attentionOf(ctx: SecretariatContext): Promise<CooperationAttention> {
  const run = repo.reader(ctx.store);
  const cap = ctx.paging.countCap;
  const [seenAt, awaiting] = await Promise.all([
    store.inboxSeenAt(run, ctx.authz.caller),
    mayKnowAsOwner(ctx) ? store.awaitingOwner(run, ctx.authz.country, cap) : Promise.resolve([]),
  ]);
  const now = ctx.now();
  const known = awaiting.filter((r) => ctx.authz.knows('CooperationRequest', r));
  return {
    newCount: known.filter((r) => seenAt === null || reachedOwnerAt(r) > seenAt).length,
    overdueCount: known.filter((r) => stateAt(r, now) === 'OVERDUE').length,
    countCapped: awaiting.length >= cap,
    seenAt,
    pollSeconds: ctx.attentionPollSeconds,
  };
}

export const attentionResolvers = {
  Query: {
    cooperationAttention: (_, __, ctx) => attentionOf(ctx),
  },
  Mutation: {
    markCooperationInboxSeen: async (_, __, ctx) => {
      const at = ctx.now().toISOString();
      await ctx.store.write((tx) => store.markInboxSeen(tx, ctx.authz.caller, at));
      return attentionOf(ctx);
    },
  },
} satisfies Resolvers;

/** COOPERATION_ATTENTION_POLL_SECONDS: a whole number of seconds from 1 to 3600 (default 30). */
export function parsePollSeconds(value: string | undefined, name = 'COOPERATION_ATTENTION_POLL_SECONDS'): number {
  if (!value?.trim()) return DEFAULT_ATTENTION_POLL_SECONDS;
  const seconds = Number(value.trim());
  if (!Number.isInteger(seconds) || seconds < 1 || seconds > 3600) throw new Error(`${name} must be a whole number of seconds from 1 to 3600, got "${value}"`);
  return seconds;
}
