/** Starts the secretariat subgraph on its own store, enforcing its part of the sharing protocol. */
import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import { ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { parse } from 'graphql';
import { applyMiddleware } from 'graphql-middleware';
import { identify, makeFormatError, queryLimitRule, serveApollo, type Store, type TokenVerifier } from '@enlace/common';
import { secretariatSdl } from '@enlace/schema';
import { createLoaders, type SecretariatContext } from './context';
import { coverage, loadSecretariatProtocol, SecretariatAuthz, secretariatShield, type SecretariatProtocol } from './protocol';
import { resolvers } from './resolvers';
import { openSecretariatAudit, type SecretariatAuditOptions } from './audit';
import { auditHeadResolvers } from './auditHeads';
import { secretariatStoreSchema } from './storeSchema';

export interface SecretariatOptions {
  store: Store;
  verifier: TokenVerifier;
  port?: number;
  host?: string;
  /** The protocol to enforce; by default the network's, from schema/protocol/. */
  protocol?: SecretariatProtocol;
  /** Its own audit log and the register of members' chain heads; without it, both kept in memory. */
  audit?: SecretariatAuditOptions;
}

export interface RunningSecretariat {
  url: string;
  store: Store;
  close(): Promise<void>;
}

export async function startSecretariat(options: SecretariatOptions): Promise<RunningSecretariat> {
  const log = (m: string) => console.error(`[secretariat] ${m}`);
  const { store } = options;
  const audit = await openSecretariatAudit(options.audit, log);
  const subgraph = buildSubgraphSchema({
    typeDefs: parse(secretariatSdl()),
    resolvers: { ...resolvers, Mutation: { ...resolvers.Mutation, ...auditHeadResolvers(audit.heads) } } as never,
  });
  const protocol = options.protocol ?? loadSecretariatProtocol();
  const { uncovered, unknown } = coverage(protocol, subgraph);
  if (unknown.length) throw new Error(`The sharing protocol v${protocol.version} has secretariat rules for fields the schema lacks: ${unknown.join(', ')}`);
  if (uncovered.length) log(`no sharing protocol rule for ${uncovered.join(', ')}: denied to everyone`);
  const schema = applyMiddleware(subgraph, secretariatShield(protocol, subgraph, log));

  await store.ensureSchema(secretariatStoreSchema);
  const plugins: ApolloServerPlugin<SecretariatContext>[] = [ApolloServerPluginInlineTraceDisabled(), ...audit.plugins];
  const apollo = new ApolloServer<SecretariatContext>({
    schema,
    includeStacktraceInErrorResponses: false,
    // Reachable directly, not only through the gateway: the same limits on query size.
    validationRules: [queryLimitRule()],
    plugins,
    formatError: makeFormatError(log),
  });
  const served = await serveApollo(apollo, {
    port: options.port ?? 0,
    host: options.host,
    health: () => ({ service: 'secretariat', store: store.kind, protocol: `v${protocol.version}` }),
    context: async (req) => {
      const identity = await identify(req, options.verifier);
      return { store, identity, protocol, authz: new SecretariatAuthz(protocol, identity), loaders: createLoaders(store) };
    },
  });
  return {
    url: served.url,
    store,
    close: async () => {
      await served.close();
      await audit.close();
      await store.close();
    },
  };
}
