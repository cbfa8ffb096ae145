/** The secretariat's resolvers: reads (reads.ts) and the agreement flows (jitFlow.ts, linkFlow.ts). */
import { jitMutations } from './jitFlow';
import { linkMutations } from './linkFlow';
import { readResolvers } from './reads';

export const resolvers = {
  ...readResolvers,
  Mutation: { ...jitMutations, ...linkMutations },
};
