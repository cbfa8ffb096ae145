/**
 * The owner's flag for partner networks on a person: the condition
 * `flaggedForPartners` of the protocol's partner clauses. Setting or clearing it
 * is the owner's prosecutors' decision (rule write.partner-flag), audited with
 * the person's id; the partner clauses still ask for an adult offender whose
 * cases' handling codes allow it, so a flag alone opens nothing more.
 */
import { notFound } from '@enlace/platform';
import type { MemberContext } from './context';
import type { MutationFlagForPartnersArgs } from './generated/resolvers';
import { setPartnerFlag } from './repository';
import { ownId, requireOwnPartnerFlagger } from './writeAccess';

export async function flagForPartners(_: unknown, args: MutationFlagForPartnersArgs, ctx: MemberContext) {
  requireOwnPartnerFlagger(ctx);
  const personId = ownId(ctx, 'personId', args.personId);
  const found = await ctx.store.write((tx) => setPartnerFlag(tx, personId, args.flagged === true));
  if (!found) throw notFound(`Person ${personId}`);
  ctx.audit.wrote([personId]);
  return ctx.data.person(personId);
}
