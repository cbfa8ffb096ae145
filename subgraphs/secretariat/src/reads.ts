/**
 * The secretariat's reads. Member records are returned as entity references
 * ({ id }); the gateway fetches their fields from the owners. A team or link
 * the caller may not know of is left out (null, or not in the list), exactly
 * as one that does not exist; links appear as links only once confirmed.
 */
import { validate as v, type CataloguePurpose } from '@enlace/platform';
import type { SecretariatContext } from './context';
import * as repo from './repository';
import type { Case, LinkDecision, Person, Resolvers } from './generated/resolvers';

/** A link's basis as PersonLink.basis gives it (the parent of LinkBasis's fields): the criteria as the store keeps them. */
export interface LinkBasisValue {
  criteria: string[];
  proposedBy: LinkDecision;
  confirmedBy: LinkDecision | null;
}

/** Entity references: the gateway fetches their fields from the owners. */
export const personRef = (id: string): Person => ({ __typename: 'Person', id });
export const caseRef = (id: string): Case => ({ __typename: 'Case', id });
/** The most pending proposals one answer lists. */
const MAX_PENDING = 500;

/** A catalogue purpose as the schema gives it: labels as a list (a language per entry). */
const cataloguePurpose = (p: CataloguePurpose) => ({ id: p.id, labels: Object.entries(p.labels).map(([lang, text]) => ({ lang, text })) });

const knownJit = (ctx: SecretariatContext, jit: repo.JitRecord | null) => (jit && ctx.authz.knows('JointInvestigationTeam', jit) ? jit : null);
const knownLinks = (ctx: SecretariatContext, links: repo.PersonLinkRecord[]) => links.filter((l) => ctx.authz.knows('PersonLink', l));

export const readResolvers = {
  Query: {
    jointInvestigationTeams: async (_, args, ctx) => {
      const country = args.country ? v.country('country', args.country) : null;
      const jits = await repo.listJits(repo.reader(ctx.store), ctx.authz.scope('JointInvestigationTeam'), { country, status: args.status ?? null });
      return jits.filter((j) => knownJit(ctx, j));
    },
    jointInvestigationTeam: async (_, args, ctx) => knownJit(ctx, await ctx.loaders.jit.load(args.id)),
    personLinks: async (_, args, ctx) => knownLinks(ctx, await ctx.loaders.confirmedLinksByPerson.load(args.personId)),
    pendingPersonLinks: async (_, __, ctx) =>
      knownLinks(ctx, await repo.linksWithStatus(repo.reader(ctx.store), ctx.authz.scope('PersonLink'), 'PROPOSED', MAX_PENDING)),
    memberStates: (_, __, ctx) => repo.listMemberStates(repo.reader(ctx.store)),
    purposeCatalogue: (_, __, { purposes }) => ({
      purposes: purposes.purposes.map(cataloguePurpose),
      other: cataloguePurpose(purposes.other),
      otherPrefix: `${purposes.other.id}: `,
      minReasonLength: purposes.other.minReasonLength,
      acceptsFreeText: purposes.freeText === 'accept',
    }),
  },
  Person: {
    __resolveReference: (r) => ({ id: r.id }),
    linkedRecords: async (p, _, ctx) =>
      knownLinks(ctx, await ctx.loaders.confirmedLinksByPerson.load(p.id)).map((l) => personRef(l.leftId === p.id ? l.rightId : l.leftId)),
  },
  JointInvestigationTeam: {
    __resolveReference: async (r, ctx) => knownJit(ctx, await ctx.loaders.jit.load(r.id)),
    cases: (j) => j.caseIds.map(caseRef),
  },
  PersonLink: {
    records: (l) => [personRef(l.leftId), personRef(l.rightId)],
    basis: (l) => ({
      criteria: l.criteria,
      proposedBy: { country: l.proposedBy, on: l.proposedOn },
      confirmedBy: l.confirmedBy && l.confirmedOn ? { country: l.confirmedBy, on: l.confirmedOn } : null,
    }),
  },
} satisfies Resolvers;
