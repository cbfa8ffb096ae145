/**
 * Secretariat resolvers: JITs, confirmed links and the member directory. Member
 * records are returned as entity references ({ id }); the gateway fetches their
 * fields from the owners.
 */
import DataLoader from 'dataloader';
import { GraphQLError } from 'graphql';
import { badInput, makeId, ownerOf, validate as v, type RequestIdentity, type Store } from '@enlace/common';
import * as repo from './repository';
import { SECRETARIAT_CODE } from './storeSchema';

export interface SecretariatContext {
  store: Store;
  identity: RequestIdentity;
  loaders: ReturnType<typeof createLoaders>;
}

export function createLoaders(store: Store) {
  return {
    jit: new DataLoader<string, repo.JitRecord | null>(async (ids) => {
      const found = new Map((await repo.jitsByIds(store, ids)).map((j) => [j.id, j] as const));
      return ids.map((id) => found.get(id) ?? null);
    }),
    linksByPerson: new DataLoader<string, repo.PersonLinkRecord[]>(async (ids) => {
      const links = await repo.linksByPersonIds(store, ids);
      return ids.map((id) => links.filter((l) => l.leftId === id || l.rightId === id));
    }),
  };
}

type Args = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const ref = (id: string) => ({ __typename: 'Person', id });

function requireSecretariat(ctx: SecretariatContext): void {
  if (!ctx.identity.caller.roles.includes('secretariat')) {
    throw new GraphQLError('Only the technical secretariat may record this', { extensions: { code: 'FORBIDDEN', rule: 'write.secretariat' } });
  }
}

function memberRecordId(field: string, value: unknown): string {
  if (!ownerOf(value) || ownerOf(value) === SECRETARIAT_CODE) throw badInput(field, 'must be the id of a member record, such as AR:C:12');
  return String(value);
}

export const resolvers = {
  Query: {
    jointInvestigationTeams: (_: unknown, args: Args, ctx: SecretariatContext) =>
      repo.listJits(ctx.store, args.country ? String(args.country).toUpperCase() : null),
    jointInvestigationTeam: (_: unknown, args: Args, ctx: SecretariatContext) => ctx.loaders.jit.load(String(args.id)),
    personLinks: (_: unknown, args: Args, ctx: SecretariatContext) => ctx.loaders.linksByPerson.load(String(args.personId)),
    memberStates: (_: unknown, __: Args, ctx: SecretariatContext) => repo.listMemberStates(ctx.store),
  },
  Person: {
    __resolveReference: (r: { id: string }) => ({ id: r.id }),
    linkedRecords: async (p: { id: string }, _: Args, ctx: SecretariatContext) =>
      (await ctx.loaders.linksByPerson.load(p.id)).map((l) => ref(l.leftId === p.id ? l.rightId : l.leftId)),
  },
  JointInvestigationTeam: {
    __resolveReference: (r: { id: string }, ctx: SecretariatContext) => ctx.loaders.jit.load(r.id),
    cases: (j: repo.JitRecord) => j.caseIds.map((id) => ({ __typename: 'Case', id })),
  },
  PersonLink: {
    records: (l: repo.PersonLinkRecord) => [ref(l.leftId), ref(l.rightId)],
  },
  Mutation: {
    createJointInvestigationTeam: async (_: unknown, { input }: Args, ctx: SecretariatContext) => {
      requireSecretariat(ctx);
      const caseIds = [...new Set((input.caseIds as unknown[]).map((id, i) => memberRecordId(`input.caseIds[${i}]`, id)))];
      const memberCountries = v.countries('input.memberCountries', input.memberCountries);
      if (memberCountries.length < 2) throw badInput('input.memberCountries', 'a JIT joins at least two member states');
      caseIds.forEach((id, i) => {
        if (!memberCountries.includes(ownerOf(id)!)) throw badInput(`input.caseIds[${i}]`, 'must be a case of a member of the JIT');
      });
      const fields = {
        name: v.requiredText('input.name', input.name, 200), purpose: v.requiredText('input.purpose', input.purpose, 1000),
        memberCountries, startsOn: v.isoDate('input.startsOn', input.startsOn, { required: true }) as string,
        endsOn: v.isoDate('input.endsOn', input.endsOn), caseIds,
      };
      v.dateOrder('input.endsOn', fields.startsOn, fields.endsOn);
      return ctx.store.write(async (tx) => {
        const seq = await repo.reserveSeq(tx, 'J', 1);
        const record = { id: makeId(SECRETARIAT_CODE, 'J', seq), seq, ...fields };
        await repo.insertJits(tx, [record]);
        return record;
      });
    },
    confirmPersonLink: async (_: unknown, { input }: Args, ctx: SecretariatContext) => {
      requireSecretariat(ctx);
      const leftId = memberRecordId('input.leftId', input.leftId);
      const rightId = memberRecordId('input.rightId', input.rightId);
      if (ownerOf(leftId) === ownerOf(rightId)) throw badInput('input.rightId', 'a link joins records of two different members');
      const fields = { leftId, rightId, basis: v.requiredText('input.basis', input.basis, 1000), confirmedOn: v.isoDate('input.confirmedOn', input.confirmedOn, { required: true, notFuture: true }) as string };
      return ctx.store.write(async (tx) => {
        if (await repo.linkExists(tx, leftId, rightId)) throw badInput('input.rightId', 'these records are already linked');
        const seq = await repo.reserveSeq(tx, 'L', 1);
        const record = { id: makeId(SECRETARIAT_CODE, 'L', seq), seq, ...fields };
        await repo.insertLinks(tx, [record]);
        return record;
      });
    },
  },
};
