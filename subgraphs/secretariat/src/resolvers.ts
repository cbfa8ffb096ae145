/** The secretariat's resolvers: reads (reads.ts), the agreement flows (jitFlow.ts, linkFlow.ts) and cooperation requests (cooperation/). */
import { cooperationMutations } from './cooperation/flow';
import { cooperationReads } from './cooperation/reads';
import { jitMutations } from './jitFlow';
import { linkMutations } from './linkFlow';
import { readResolvers } from './reads';

export const resolvers = {
  ...readResolvers,
  ...cooperationReads,
  Query: { ...readResolvers.Query, ...cooperationReads.Query },
  Mutation: { ...jitMutations, ...linkMutations, ...cooperationMutations },
};
