/** The secretariat's resolvers: reads (reads.ts), the agreement flows (jitFlow.ts, linkFlow.ts) and cooperation requests and their inbox's attention counts (cooperation/). */
import { attentionResolvers } from './cooperation/attention';
import { cooperationMutations } from './cooperation/flow';
import { cooperationReads } from './cooperation/reads';
import { jitMutations } from './jitFlow';
import { linkMutations } from './linkFlow';
import { readResolvers } from './reads';
import type { Resolvers } from './generated/resolvers';

export const resolvers = {
  ...readResolvers,
  ...cooperationReads,
  Query: { ...readResolvers.Query, ...cooperationReads.Query, ...attentionResolvers.Query },
  Mutation: { ...jitMutations, ...linkMutations, ...cooperationMutations, ...attentionResolvers.Mutation },
} satisfies Resolvers;
