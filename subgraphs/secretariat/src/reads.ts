/**
 * The secretariat's reads. Member records are returned as entity references
 * ({ id }); the gateway fetches their fields from the owners. A team or link
 * the caller may not know of is left out (null, or not in the list), exactly
 * as one that does not exist; links appear as links only once confirmed.
 */
import { validate as v, type CataloguePurpose } from '@enlace/common';
import type { SecretariatContext } from './context';
import * as repo from './repository';

type Args = Record<string, unknown>;
const personRef = (id: string) => ({ __typename: 'Person', id });
/** The most pending proposals one answer lists. */
const MAX_PENDING = 500;

/** A catalogue purpose as the schema gives it: labels as a list (a language per entry). */
const cataloguePurpose = (p: CataloguePurpose) => ({ id: p.id, labels: Object.entries(p.labels).map(([lang, text]) => ({ lang, text })) });

const knownJit = (ctx: SecretariatContext, jit: repo.JitRecord | null) => (jit && ctx.authz.knows('JointInvestigationTeam', jit) ? jit : null);
const knownLinks = (ctx: SecretariatContext, links: repo.PersonLinkRecord[]) => links.filter((l) => ctx.authz.knows('PersonLink', l));

export const readResolvers = {
  Query: {
    jointInvestigationTeams: async (_: unknown, args: Args, ctx: SecretariatContext) => {
      const country = args.country ? v.country('country', args.country) : null;
      const jits = await repo.listJits(repo.reader(ctx.store), ctx.authz.scope('JointInvestigationTeam'), {
        country, status: (args.status as repo.JitStatus | null | undefined) ?? null,
      });
      return jits.filter((j) => knownJit(ctx, j));
    },
    jointInvestigationTeam: async (_: unknown, args: Args, ctx: SecretariatContext) => knownJit(ctx, await ctx.loaders.jit.load(String(args.id))),
    personLinks: async (_: unknown, args: Args, ctx: SecretariatContext) => knownLinks(ctx, await ctx.loaders.confirmedLinksByPerson.load(String(args.personId))),
    pendingPersonLinks: async (_: unknown, __: Args, ctx: SecretariatContext) =>
      knownLinks(ctx, await repo.linksWithStatus(repo.reader(ctx.store), ctx.authz.scope('PersonLink'), 'PROPOSED', MAX_PENDING)),
    memberStates: (_: unknown, __: Args, ctx: SecretariatContext) => repo.listMemberStates(repo.reader(ctx.store)),
    purposeCatalogue: (_: unknown, __: Args, { purposes }: SecretariatContext) => ({
      purposes: purposes.purposes.map(cataloguePurpose),
      other: cataloguePurpose(purposes.other),
      otherPrefix: `${purposes.other.id}: `,
      minReasonLength: purposes.other.minReasonLength,
      acceptsFreeText: purposes.freeText === 'accept',
    }),
  },
  Person: {
    __resolveReference: (r: { id: string }) => ({ id: r.id }),
    linkedRecords: async (p: { id: string }, _: Args, ctx: SecretariatContext) =>
      knownLinks(ctx, await ctx.loaders.confirmedLinksByPerson.load(p.id)).map((l) => personRef(l.leftId === p.id ? l.rightId : l.leftId)),
  },
  JointInvestigationTeam: {
    __resolveReference: async (r: { id: string }, ctx: SecretariatContext) => knownJit(ctx, await ctx.loaders.jit.load(String(r.id))),
    cases: (j: repo.JitRecord) => j.caseIds.map((id) => ({ __typename: 'Case', id })),
  },
  PersonLink: {
    records: (l: repo.PersonLinkRecord) => [personRef(l.leftId), personRef(l.rightId)],
    basis: (l: repo.PersonLinkRecord) => ({
      criteria: l.criteria,
      proposedBy: { country: l.proposedBy, on: l.proposedOn },
      confirmedBy: l.confirmedBy && l.confirmedOn ? { country: l.confirmedBy, on: l.confirmedOn } : null,
    }),
  },
};
