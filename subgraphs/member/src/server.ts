/** Starts one member state's subgraph: its schema, resolvers and store, on HTTP. */
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { parse } from 'graphql';
import { identify, instrument, makeFormatError, serveApollo, type InstrumentedStore, type Store, type TokenVerifier } from '@enlace/common';
import { memberSdl } from '@enlace/schema';
import type { MemberContext } from './context';
import { createLoaders } from './loaders';
import { resolvers } from './resolvers';
import { memberStoreSchema } from './storeSchema';

export interface MemberOptions {
  country: string;
  store: Store;
  verifier: TokenVerifier;
  port?: number;
  host?: string;
}

export interface RunningMember {
  country: string;
  url: string;
  /** GraphQL requests served so far (for tests of routing). */
  readonly requests: { count: number };
  /** The store, counting its round trips. */
  store: InstrumentedStore;
  close(): Promise<void>;
}

export async function startMember(options: MemberOptions): Promise<RunningMember> {
  const store = instrument(options.store);
  await store.ensureSchema(memberStoreSchema);
  const requests = { count: 0 };
  const schema = buildSubgraphSchema({ typeDefs: parse(memberSdl()), resolvers: resolvers as never });
  const apollo = new ApolloServer<MemberContext>({
    schema,
    includeStacktraceInErrorResponses: false,
    plugins: [
      ApolloServerPluginInlineTraceDisabled(),
      {
        requestDidStart: async () => {
          requests.count++;
        },
      },
    ],
    formatError: makeFormatError((m) => console.error(`[member ${options.country}] ${m}`)),
  });
  const served = await serveApollo(apollo, {
    port: options.port ?? 0,
    host: options.host,
    health: () => ({ member: options.country, store: store.kind }),
    context: async (req) => ({
      country: options.country,
      store,
      loaders: createLoaders(store),
      identity: await identify(req, options.verifier),
    }),
  });
  return {
    country: options.country,
    url: served.url,
    requests,
    store,
    close: async () => {
      await served.close();
      await store.close();
    },
  };
}
