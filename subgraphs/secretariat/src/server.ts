/** Starts the secretariat subgraph on its own store, enforcing its part of the sharing protocol. */
import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import { ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import { buildSubgraphSchema } from '@apollo/subgraph';
import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper';
import { parse } from 'graphql';
import {
  allReady, apolloLogger, checkPurpose, DEFAULT_COUNT_CAP, loadPurposeCatalogue, explorerPage, hardening, identify, makeFormatError, observability, PageCursors, PRODUCTION_MODE, SECRETARIAT_EXAMPLES,
  serveApollo, storeReadiness,
  type DevTokenIssuer, type Logger, type MetricsSetting, type Paging, type PurposeCatalogue, type ServingMode, type TokenVerifier,
} from '@enlace/platform';
import { instrument, type Store } from '@enlace/store';
import { defaultPurposesPath, secretariatSdl } from '@enlace/schema';
import { createLoaders, type SecretariatContext } from './context';
import { coverage, loadSecretariatProtocol, SecretariatAuthz, guardSecretariatFields, type SecretariatProtocol } from './protocol';
import { resolvers } from './resolvers';
import type { Resolvers } from './generated/resolvers';
import { openSecretariatAudit, type SecretariatAuditOptions } from './audit';
import { auditHeadResolvers } from './auditHeads';
import { prepareSecretariatStore } from './prepareStore';
import { DEFAULT_DEADLINES, type DeadlinePeriods } from './cooperation/deadlines';
import { DEFAULT_ATTENTION_POLL_SECONDS } from './cooperation/attention';
import { evaluatorReadiness, pseudonymRoutes, type PseudonymSettings } from './pseudonyms';

export interface SecretariatOptions {
  store: Store;
  verifier: TokenVerifier;
  port?: number;
  host?: string;
  /** The protocol to enforce; by default the network's, from schema/protocol/. */
  protocol?: SecretariatProtocol;
  /** Its own audit log and the register of members' chain heads; without it, both kept in memory. */
  audit?: SecretariatAuditOptions;
  /** The clock of the cooperation workflow (default: real time); tests move it. */
  now?: () => Date;
  /** Cooperation answer periods by urgency (COOPERATION_DEADLINES; default 8 h, 3 days, 14 days). */
  cooperationDeadlines?: DeadlinePeriods;
  /** The 32-byte key sealing list cursors (default: a random one, so open cursors end with the process: BAD_CURSOR, start again). */
  cursorKey?: Buffer;
  /** Where counting the inbox stops ("more than N"; default 1,000). */
  countCap?: number;
  /** How often clients should ask for cooperationAttention again (COOPERATION_ATTENTION_POLL_SECONDS; default 30 s). */
  attentionPollSeconds?: number;
  /** Production (default) or development: introspection, suggestions, explorer (ENLACE_MODE). */
  mode?: ServingMode;
  /** Development only: the issuer the explorer's token picker mints with. */
  devTokens?: DevTokenIssuer | null;
  /** JSON lines; default: stderr at ENLACE_LOG_LEVEL. */
  logger?: Logger;
  /** /metrics and its token (ENLACE_METRICS); none: no metrics. */
  metrics?: MetricsSetting | null;
  /** The network's catalogue of purposes (ENLACE_PURPOSES; default schema/purposes.json): each request's purpose is checked against it, and purposeCatalogue serves it. */
  purposes?: PurposeCatalogue;
  /** The pseudonym evaluator (POST /pseudonyms/evaluate: ENLACE_PRF_*); without it, or without its key, it answers PSEUDONYMS_UNAVAILABLE. */
  pseudonyms?: PseudonymSettings;
}

export interface RunningSecretariat {
  url: string;
  store: Store;
  close(): Promise<void>;
}

export async function startSecretariat(options: SecretariatOptions): Promise<RunningSecretariat> {
  const observed = observability({ service: 'secretariat', logger: options.logger, metrics: options.metrics, denials: true });
  const log = (m: string) => observed.logger.warn(m);
  const { store } = options;
  // Requests' statements timed when metrics are on (probes and start-up use the store itself).
  const timedStore = observed.metrics ? instrument(store, observed.metrics.storeObserver()) : store;
  const now = options.now ?? (() => new Date());
  const deadlines = options.cooperationDeadlines ?? DEFAULT_DEADLINES;
  const attentionPollSeconds = options.attentionPollSeconds ?? DEFAULT_ATTENTION_POLL_SECONDS;
  const purposes = options.purposes ?? loadPurposeCatalogue(defaultPurposesPath);
  const paging: Paging = { cursors: options.cursorKey ? new PageCursors(options.cursorKey) : PageCursors.random(), countCap: options.countCap ?? DEFAULT_COUNT_CAP };
  // Before anything is served: a broken audit log, or one behind the head its register holds, stops the secretariat here.
  const audit = await openSecretariatAudit(options.audit, log);
  const headResolvers = auditHeadResolvers(audit.heads);
  const secretariatResolvers: Resolvers = {
    ...resolvers, Query: { ...resolvers.Query, ...headResolvers.Query }, Mutation: { ...resolvers.Mutation, ...headResolvers.Mutation },
  };
  const subgraph = buildSubgraphSchema([{ typeDefs: parse(secretariatSdl()), resolvers: subgraphResolverMap(secretariatResolvers) }]);
  const protocol = options.protocol ?? loadSecretariatProtocol();
  const { uncovered, unknown } = coverage(protocol, subgraph);
  if (unknown.length) throw new Error(`The sharing protocol v${protocol.version} has secretariat rules for fields the schema lacks: ${unknown.join(', ')}`);
  if (uncovered.length) log(`no sharing protocol rule for ${uncovered.join(', ')}: denied to everyone`);
  const schema = guardSecretariatFields(protocol, subgraph, log);

  await prepareSecretariatStore(store, log);
  const plugins: ApolloServerPlugin<SecretariatContext>[] = [ApolloServerPluginInlineTraceDisabled(), ...audit.plugins];
  const mode = options.mode ?? PRODUCTION_MODE;
  // Reachable directly, not only through the gateway: the same limits and the same production mode.
  const hardened = hardening<SecretariatContext>({ mode });
  const apollo = new ApolloServer<SecretariatContext>({
    schema,
    includeStacktraceInErrorResponses: false,
    logger: apolloLogger(observed.logger),
    ...hardened,
    plugins: [...hardened.plugins, ...plugins, observed.plugin],
    formatError: makeFormatError((m) => observed.logger.error(m)),
  });
  const served = await serveApollo(apollo, {
    port: options.port ?? 0,
    host: options.host,
    health: () => ({ service: 'secretariat', store: store.kind, protocol: `v${protocol.version}` }),
    ready: async () => allReady(await storeReadiness(store), audit.readiness(), evaluatorReadiness(options.pseudonyms)),
    pages: pseudonymRoutes({ settings: options.pseudonyms ?? { key: null }, verifier: options.verifier, audit, logger: observed.logger, now }),
    explorer: mode.explorer
      ? () => explorerPage({ title: 'Enlace secretariat', examples: SECRETARIAT_EXAMPLES, devIdentities: mode.development ? options.devTokens?.identities : undefined, schema: mode.development ? subgraph : undefined, purposes })
      : undefined,
    devTokens: mode.development ? options.devTokens : null,
    observed,
    context: async (req) => {
      const identity = await identify(req, options.verifier);
      checkPurpose(purposes, identity.purpose);
      return {
        store: timedStore, identity, protocol, authz: new SecretariatAuthz(protocol, identity), loaders: createLoaders(timedStore), now, deadlines, paging,
        attentionPollSeconds, purposes,
      };
    },
  });
  let closing: Promise<void> | undefined;
  return {
    url: served.url,
    store,
    // Once: a second close (a test that stopped the secretariat early) finds it closed.
    close: () =>
      (closing ??= (async () => {
        await served.close();
        await audit.close();
        await store.close();
      })()),
  };
}

/**
 * The generated resolver map as @apollo/subgraph takes it. Its GraphQLResolverMap types field
 * resolvers alone, so an entity's __resolveReference(reference, context, info) does not fit it;
 * everything else the generated types have already checked.
 */
const subgraphResolverMap = (map: Resolvers): GraphQLResolverMap<SecretariatContext> => map as GraphQLResolverMap<SecretariatContext>;
