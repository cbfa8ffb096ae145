/** Starts one member state's subgraph: its schema, resolvers and store, on HTTP. */
import './protocol/nodeCompat';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { parse } from 'graphql';
import { applyMiddleware } from 'graphql-middleware';
import { identify, instrument, makeFormatError, serveApollo, type InstrumentedStore, type Store, type TokenVerifier } from '@enlace/common';
import { memberSdl } from '@enlace/schema';
import type { MemberContext } from './context';
import { createLoaders } from './loaders';
import { resolvers } from './resolvers';
import { memberStoreSchema } from './storeSchema';
import {
  attachAuthz, compileProtocol, defaultContactPoint, documentHitsResolver, protocolShield, RequestAuthz, secretariatJits, UNENFORCED,
  type ProtocolTightening,
} from './protocol';

export interface MemberOptions {
  country: string;
  store: Store;
  verifier: TokenVerifier;
  port?: number;
  host?: string;
  /** This member's tightening of the sharing protocol for its own data; a loosening is refused at start. */
  protocolTightening?: ProtocolTightening;
  /** The secretariat subgraph, asked for the JIT a request names (without it, no JIT clause of the protocol holds). */
  secretariatUrl?: string;
  /** Whom foreign callers should ask about this member's records (hit/no-hit answers). */
  contactPoint?: string;
  /**
   * Benchmarks only: `false` serves without the sharing protocol, to measure what
   * it costs; 'shield-only' enforces it with graphql-shield alone, without the
   * synchronous read of decisions already made. No configuration reads it;
   * main.ts never sets it.
   */
  enforceProtocol?: boolean | 'shield-only';
}

export interface RunningMember {
  country: string;
  url: string;
  /** GraphQL requests served so far (for tests of routing). */
  readonly requests: { count: number };
  /** The store, counting its round trips. */
  store: InstrumentedStore;
  /** The sharing protocol version enforced, with whether this member tightened it. */
  protocol: { version: number; tightened: string[]; enforced: boolean };
  close(): Promise<void>;
}

export async function startMember(options: MemberOptions): Promise<RunningMember> {
  const log = (m: string) => console.error(`[member ${options.country}] ${m}`);
  const contactPoint = options.contactPoint ?? defaultContactPoint(options.country);
  const subgraph = buildSubgraphSchema({
    typeDefs: parse(memberSdl()),
    resolvers: { ...resolvers, Query: { ...resolvers.Query, documentHits: documentHitsResolver(contactPoint) } } as never,
  });
  // The protocol first: a member whose configuration would loosen it does not start.
  const protocol = compileProtocol({ country: options.country, schema: subgraph, tightening: options.protocolTightening });
  if (protocol.uncovered.length) log(`no sharing protocol rule for ${protocol.uncovered.join(', ')}: denied to everyone`);
  const enforced = options.enforceProtocol !== false;
  const schema = enforced
    ? applyMiddleware(subgraph, protocolShield(protocol, subgraph, { log, fastPath: options.enforceProtocol !== 'shield-only' }))
    : subgraph;
  const jits = options.secretariatUrl ? secretariatJits(options.secretariatUrl, { log }) : null;

  const store = instrument(options.store);
  await store.ensureSchema(memberStoreSchema);
  const requests = { count: 0 };
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
    formatError: makeFormatError(log),
  });
  const served = await serveApollo(apollo, {
    port: options.port ?? 0,
    host: options.host,
    health: () => ({ member: options.country, store: store.kind, protocol: `v${protocol.version}` }),
    context: async (req) => {
      const ctx: MemberContext = {
        country: options.country,
        store,
        loaders: createLoaders(store),
        identity: await identify(req, options.verifier),
      };
      attachAuthz(ctx, enforced ? new RequestAuthz(protocol, ctx, jits) : UNENFORCED);
      return ctx;
    },
  });
  return {
    country: options.country,
    url: served.url,
    requests,
    store,
    protocol: { version: protocol.version, tightened: [...new Set([...protocol.rules.values(), ...protocol.fieldRules.values()].filter((r) => r.tightened).map((r) => r.name))], enforced },
    close: async () => {
      await served.close();
      await store.close();
    },
  };
}
