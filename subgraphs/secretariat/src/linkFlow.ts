/**
 * Person links by agreement: a prosecutor of one owner proposes that its record
 * and another member's are the same person, naming the criteria that matched
 * (never the values); a prosecutor of the other owner confirms; only then is it
 * shown as a link. Rules link.propose and link.confirm; each write is validated
 * first and runs in one store transaction.
 */
import { badInput, newId, ownerOf, today } from '@enlace/platform';
import { ruleOf } from './context';
import { criteriaOf, memberRecordId, requireMembers } from './input';
import * as repo from './repository';
import { SECRETARIAT_CODE } from './storeSchema';
import type { MutationResolvers } from './generated/resolvers';

export const linkMutations = {
  proposePersonLink: async (_, { input }, ctx) => {
    const { authz } = ctx;
    const recordId = memberRecordId('input.recordId', input.recordId, 'P');
    const otherRecordId = memberRecordId('input.otherRecordId', input.otherRecordId, 'P');
    const other = ownerOf(otherRecordId)!;
    if (other === ownerOf(recordId)) throw badInput('input.otherRecordId', 'a link joins records of two different member states');
    const record: repo.PersonLinkRecord = {
      id: newId(SECRETARIAT_CODE, 'L'), seq: 0, leftId: recordId, rightId: otherRecordId,
      criteria: criteriaOf('input.criteria', input.criteria), status: 'PROPOSED',
      proposedBy: authz.country, proposedOn: today(), confirmedBy: null, confirmedOn: null,
    };
    authz.requireFor(ruleOf(ctx, 'Mutation.proposePersonLink'), record);
    if (ownerOf(recordId) !== authz.country) throw badInput('input.recordId', `must be a record of your own member state (${authz.country})`);
    return ctx.store.write(async (tx) => {
      await requireMembers(tx, 'input.otherRecordId', [other]);
      if (await repo.linkBetween(tx, recordId, otherRecordId)) throw badInput('input.otherRecordId', 'these records are already linked, or a link between them is proposed');
      record.seq = await repo.reserveSeq(tx, 'L', 1);
      await repo.insertLinks(tx, [record]);
      return record;
    });
  },

  confirmPersonLink: async (_, args, ctx) =>
    ctx.store.write(async (tx) => {
      const found = await repo.linkById(tx, args.id);
      const link = ctx.authz.requireKnown('PersonLink', found, `Person link ${args.id}`);
      if (link.status === 'CONFIRMED') throw badInput('id', 'this link is already confirmed');
      ctx.authz.requireFor(ruleOf(ctx, 'Mutation.confirmPersonLink'), link);
      const confirmed: repo.PersonLinkRecord = { ...link, status: 'CONFIRMED', confirmedBy: ctx.authz.country, confirmedOn: today() };
      await repo.confirmLink(tx, link.id, ctx.authz.country, confirmed.confirmedOn!);
      return confirmed;
    }),
} satisfies MutationResolvers;
