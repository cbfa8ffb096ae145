/**
 * Joint investigation teams by agreement: proposed by secretariat staff or a
 * prosecutor of a proposed member country (whose country then counts as
 * agreed), ACTIVE once a prosecutor of every member country has agreed, each
 * member attaching only its own cases; ended by a member's prosecutor or staff,
 * with effect at once (members ask the secretariat on every request). Who may
 * do what is the protocol's rules jit.propose, jit.agree, jit.end; each write
 * is validated first and runs in one store transaction.
 */
import { badInput, newId, today, validate as v } from '@enlace/platform';
import { ruleOf, type SecretariatContext } from './context';
import { ownCaseIds, requireMembers } from './input';
import * as repo from './repository';
import { SECRETARIAT_CODE } from './storeSchema';
import type { MutationResolvers } from './generated/resolvers';

const TEAM = 'JointInvestigationTeam';

const allAgreed = (j: repo.JitRecord) => j.memberCountries.every((c) => j.agreements.some((a) => a.country === c));

/** The team, re-read in the write's transaction: NOT_FOUND when the caller may not know of it. */
async function teamFor(ctx: SecretariatContext, tx: repo.Runner, id: string): Promise<repo.JitRecord> {
  const jit = await repo.jitById(tx, id);
  return ctx.authz.requireKnown(TEAM, jit, `Joint investigation team ${id}`);
}

export const jitMutations = {
  proposeJointInvestigationTeam: async (_, { input }, ctx) => {
    const { authz } = ctx;
    const memberCountries = v.countries('input.memberCountries', input.memberCountries);
    if (memberCountries.length < 2) throw badInput('input.memberCountries', 'a team joins at least two member states');
    if (memberCountries.includes(SECRETARIAT_CODE)) throw badInput('input.memberCountries', 'the secretariat is not a member state');
    const day = today();
    const proposedBy = authz.staff ? SECRETARIAT_CODE : authz.country;
    const record: repo.JitRecord = {
      id: newId(SECRETARIAT_CODE, 'J'), seq: 0,
      name: v.requiredText('input.name', input.name, 200),
      purpose: v.requiredText('input.purpose', input.purpose, 1000),
      memberCountries,
      startsOn: v.isoDate('input.startsOn', input.startsOn, { required: true }) as string,
      endsOn: v.isoDate('input.endsOn', input.endsOn),
      caseIds: [], status: 'PROPOSED', proposedBy,
      agreements: memberCountries.includes(proposedBy) ? [{ country: proposedBy, agreedOn: day }] : [],
      endedOn: null,
    };
    v.dateOrder('input.endsOn', record.startsOn, record.endsOn);
    authz.requireFor(ruleOf(ctx, 'Mutation.proposeJointInvestigationTeam'), record);
    const caseIds = input.caseIds ?? [];
    if (authz.staff && caseIds.length) throw badInput('input.caseIds', 'the secretariat proposes the team; each member attaches its own cases when it agrees');
    record.caseIds = authz.staff ? [] : ownCaseIds('input.caseIds', caseIds, authz.country);
    return ctx.store.write(async (tx) => {
      await requireMembers(tx, 'input.memberCountries', memberCountries);
      record.seq = await repo.reserveSeq(tx, 'J', 1);
      await repo.insertJits(tx, [record]);
      return record;
    });
  },

  agreeToJointInvestigationTeam: async (_, args, ctx) => {
    const { authz } = ctx;
    const caseIds = ownCaseIds('caseIds', args.caseIds, authz.country);
    return ctx.store.write(async (tx) => {
      const jit = await teamFor(ctx, tx, args.id);
      if (jit.status === 'ENDED') throw badInput('id', 'this team has ended');
      if (jit.agreements.some((a) => a.country === authz.country)) throw badInput('id', 'your member state has already agreed to this team');
      authz.requireFor(ruleOf(ctx, 'Mutation.agreeToJointInvestigationTeam'), jit);
      const agreed: repo.JitRecord = {
        ...jit,
        agreements: [...jit.agreements, { country: authz.country, agreedOn: today() }],
        caseIds: [...new Set([...jit.caseIds, ...caseIds])],
      };
      agreed.status = allAgreed(agreed) ? 'ACTIVE' : 'PROPOSED';
      await repo.updateJit(tx, agreed);
      return agreed;
    });
  },

  endJointInvestigationTeam: async (_, args, ctx) =>
    ctx.store.write(async (tx) => {
      const jit = await teamFor(ctx, tx, args.id);
      if (jit.status === 'ENDED') throw badInput('id', 'this team has already ended');
      ctx.authz.requireFor(ruleOf(ctx, 'Mutation.endJointInvestigationTeam'), jit);
      const ended: repo.JitRecord = { ...jit, status: 'ENDED', endedOn: today() };
      await repo.updateJit(tx, ended);
      return ended;
    }),
} satisfies MutationResolvers;
