/** Starts the secretariat subgraph on its own store. */
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { parse } from 'graphql';
import { identify, makeFormatError, serveApollo, type Store, type TokenVerifier } from '@enlace/common';
import { secretariatSdl } from '@enlace/schema';
import { createLoaders, resolvers, type SecretariatContext } from './resolvers';
import { secretariatStoreSchema } from './storeSchema';

export interface SecretariatOptions {
  store: Store;
  verifier: TokenVerifier;
  port?: number;
  host?: string;
}

export interface RunningSecretariat {
  url: string;
  store: Store;
  close(): Promise<void>;
}

export async function startSecretariat(options: SecretariatOptions): Promise<RunningSecretariat> {
  const { store } = options;
  await store.ensureSchema(secretariatStoreSchema);
  const apollo = new ApolloServer<SecretariatContext>({
    schema: buildSubgraphSchema({ typeDefs: parse(secretariatSdl()), resolvers: resolvers as never }),
    includeStacktraceInErrorResponses: false,
    plugins: [ApolloServerPluginInlineTraceDisabled()],
    formatError: makeFormatError((m) => console.error(`[secretariat] ${m}`)),
  });
  const served = await serveApollo(apollo, {
    port: options.port ?? 0,
    host: options.host,
    health: () => ({ service: 'secretariat', store: store.kind }),
    context: async (req) => ({ store, loaders: createLoaders(store), identity: await identify(req, options.verifier) }),
  });
  return {
    url: served.url,
    store,
    close: async () => {
      await served.close();
      await store.close();
    },
  };
}
