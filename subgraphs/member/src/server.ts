/** Starts one member state's subgraph: its schema, resolvers and store, on HTTP. */
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import { buildSubgraphSchema } from '@apollo/subgraph';
import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper';
import { parse } from 'graphql';
import {
  allReady, apolloLogger, auditReadiness, checkPurpose, explorerPage, hardening, identify, loadPurposeCatalogue, makeFormatError, MEMBER_EXAMPLES, observability, operatorVerifier, DEFAULT_COUNT_CAP, PageCursors, PRODUCTION_MODE, serveApollo,
  storeReadiness,
  type DevTokenIssuer, type Logger, type Paging, type Metrics, type MetricsSetting, type PurposeCatalogue, type ServiceIdentity, type ServingMode, type TokenVerifier,
} from '@enlace/platform';
import { instrument, type InstrumentedStore, type Store } from '@enlace/store';
import { auditQueries, NO_MEMBER_AUDIT, openMemberAudit, type MemberAuditOptions } from './audit';
import { defaultPurposesPath, memberSdl } from '@enlace/schema';
import type { MemberContext } from './context';
import { MemberData } from './data';
import { requestCooperationResolver } from './cooperation';
import { resolvers } from './resolvers';
import type { Resolvers } from './generated/resolvers';
import { listPageQueries } from './listPages';
import { memberPageResolvers } from './paging';
import { secretariatClient } from './secretariatClient';
import { prepareMemberStore } from './nameIndex';
import { ImportSessions, operatorImportRoutes } from './operator';
import { pseudonymClient, type PseudonymClient } from './pseudonymClient';
import { PseudonymIndexer, type PseudonymIndexStatus } from './pseudonymIndex';
import {
  accountHitsResolver, nameHitsResolver, compileProtocol, requestAuthz, DEFAULT_HIT_BUDGET, defaultContactPoint, documentHitsResolver, HitBudget, HitReferences, replayHitBudget, guardMemberFields, secretariatGrants,
  secretariatJits, type ProtocolTightening, type TestProtocol,
} from './protocol';

export interface MemberOptions {
  country: string;
  store: Store;
  verifier: TokenVerifier;
  port?: number;
  host?: string;
  /** This member's tightening of the sharing protocol for its own data; a loosening is refused at start. */
  protocolTightening?: ProtocolTightening;
  /** TESTS ONLY (ENLACE_TEST_PROTOCOL_FILE, development mode): a protocol document enforced instead of the network's. */
  testProtocol?: TestProtocol;
  /** The secretariat subgraph, asked for the JIT a request names (without it, no JIT clause of the protocol holds). */
  secretariatUrl?: string;
  /**
   * How the member pseudonymises its records' identifiers for hit/no-hit (its pseudonym index). Default: the
   * secretariat's evaluator, blinded, with the service identity (when both are given); null: no index (hit/no-hit finds nothing).
   */
  pseudonyms?: PseudonymClient | null;
  /** How often the pseudonym index asks the evaluator which keys it holds (ms; default 10 min): a rotation is taken up within it. */
  pseudonymKeyCheckMs?: number;
  /** Whom foreign callers should ask about this member's records (hit/no-hit answers). */
  contactPoint?: string;
  /**
   * This member's own service identity, for its calls to the secretariat (without it, no JIT clause holds);
   * its key also vouches for the member's operator (POST /operator/import: without it, that path is closed).
   */
  service?: ServiceIdentity;
  /** The 32-byte key sealing hit/no-hit references (without it, a random one: references then last as long as the process); list cursors are sealed with a key derived from it. */
  hitReferenceKey?: Buffer;
  /** Where counting a list's records stops ("more than N"; default 1,000). */
  countCap?: number;
  /** Distinct document numbers one caller may test per hour (hit/no-hit). */
  hitBudgetPerHour?: number;
  /** How long a caller's cooperation grants, as the secretariat gave them, are kept (seconds; 0: asked on every request). */
  grantCacheSeconds?: number;
  /** Years a closed case is kept after its closing date (MEMBER_RETENTION_YEARS); none: no retention date. */
  retentionYears?: number | null;
  /** The audit log (file, head interval); without it, kept in memory. */
  audit?: MemberAuditOptions;
  /** Production (default) or development: introspection, suggestions, explorer (ENLACE_MODE). */
  mode?: ServingMode;
  /** Development only: the issuer the explorer's token picker mints with. */
  devTokens?: DevTokenIssuer | null;
  /** JSON lines; default: stderr at ENLACE_LOG_LEVEL. */
  logger?: Logger;
  /** /metrics and its token (ENLACE_METRICS); none: no metrics. */
  metrics?: MetricsSetting | null;
  /** The network's catalogue of purposes (ENLACE_PURPOSES; default schema/purposes.json): each request's purpose is checked against it. */
  purposes?: PurposeCatalogue;
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
  /** The audit log's file (null: kept in memory; undefined: not logging, benchmarks only). */
  auditPath: string | null | undefined;
  /** The pseudonym index: its state, and a promise that resolves once every person is indexed (null: no index). */
  pseudonymIndex: { status(): PseudonymIndexStatus; settled(): Promise<void> } | null;
  close(): Promise<void>;
}

/**
 * Parts of a member a benchmark may leave out, to measure what each costs. Not among the
 * options: only startMemberForBenchmark (forBenchmarks.ts) passes anything but AS_IN_PRODUCTION.
 */
export interface BenchmarkSwitches {
  /** 'enforced' as in production; 'off': no protocol. */
  protocol: 'enforced' | 'off';
  /** false: no audit log at all, not even in memory. */
  auditLog: boolean;
}

const AS_IN_PRODUCTION: BenchmarkSwitches = { protocol: 'enforced', auditLog: true };

export function startMember(options: MemberOptions): Promise<RunningMember> {
  return startMemberWith(options, AS_IN_PRODUCTION);
}

export async function startMemberWith(options: MemberOptions, switches: BenchmarkSwitches): Promise<RunningMember> {
  const observed = observability({ service: `member ${options.country}`, logger: options.logger, metrics: options.metrics, denials: true });
  const log = (m: string) => observed.logger.warn(m);
  const hitReferenceKey = options.hitReferenceKey ?? HitReferences.randomKey();
  const paging: Paging = { cursors: PageCursors.derivedFrom(hitReferenceKey), countCap: options.countCap ?? DEFAULT_COUNT_CAP };
  const purposes = options.purposes ?? loadPurposeCatalogue(defaultPurposesPath);
  const hits = {
    contactPoint: options.contactPoint ?? defaultContactPoint(options.country),
    references: new HitReferences(hitReferenceKey),
    budget: new HitBudget(options.hitBudgetPerHour ?? DEFAULT_HIT_BUDGET),
  };
  // The secretariat, asked on the member's own account: the JIT a request names, the grants a caller holds, filings.
  const secretariat = options.secretariatUrl ? secretariatClient(options.secretariatUrl, { service: options.service }) : null;
  const memberResolvers: Resolvers = {
    ...resolvers,
    ...memberPageResolvers,
    Query: { ...resolvers.Query, ...listPageQueries, documentHits: countingHits(documentHitsResolver(hits), observed.metrics),
      accountHits: countingHits(accountHitsResolver(hits), observed.metrics), nameHits: countingHits(nameHitsResolver(hits), observed.metrics),
      ...auditQueries(() => audit.log) },
    Mutation: { ...resolvers.Mutation, requestCooperation: requestCooperationResolver({ references: hits.references, secretariat }) },
  };
  const subgraph = buildSubgraphSchema([{ typeDefs: parse(memberSdl()), resolvers: subgraphResolverMap(memberResolvers) }]);
  // The protocol first: a member whose configuration would loosen it does not start.
  const protocol = compileProtocol({ country: options.country, schema: subgraph, tightening: options.protocolTightening, document: options.testProtocol?.document });
  if (options.testProtocol) log(`enforcing the test copy of the protocol in ${options.testProtocol.source}, not the network's (ENLACE_TEST_PROTOCOL_FILE, tests only)`);
  if (protocol.uncovered.length) log(`no sharing protocol rule for ${protocol.uncovered.join(', ')}: denied to everyone`);
  const enforced = switches.protocol !== 'off';
  const schema = enforced ? guardMemberFields(protocol, subgraph, log) : subgraph;
  const sources = {
    jits: secretariat ? secretariatJits(secretariat, { log }) : null,
    grants: secretariat ? secretariatGrants(secretariat, { log, cacheSeconds: options.grantCacheSeconds }) : null,
  };

  // Before anything is served: a broken audit log, or one behind the head the secretariat holds, stops the member here.
  const audit = switches.auditLog ? await openMemberAudit(options.country, options.audit, { log, secretariat: options.service ? secretariat : null }) : NO_MEMBER_AUDIT;
  // Each caller's hit budget as the last hour of the log left it: a restart gives no one a fresh budget.
  if (audit.log) replayHitBudget(hits.budget, audit.log);
  const instrumented = instrument(options.store, observed.metrics?.storeObserver());
  await prepareMemberStore(instrumented, log);
  // The pseudonym index follows every write (pseudonymIndex/): the indexer writes through the store itself, not this one.
  const pseudonyms = options.pseudonyms !== undefined ? options.pseudonyms
    : options.secretariatUrl && options.service ? pseudonymClient(options.secretariatUrl, { service: options.service }) : null;
  const indexer = pseudonyms ? new PseudonymIndexer(instrumented, { client: pseudonyms, logger: observed.logger, keyCheckMs: options.pseudonymKeyCheckMs }) : null;
  const store: typeof instrumented = !indexer ? instrumented : {
    ...instrumented,
    write: async (work) => {
      const done = await instrumented.write(work);
      indexer.kick();
      return done;
    },
    bulkLoad: async (work) => {
      const done = await instrumented.bulkLoad(work);
      indexer.kick();
      return done;
    },
  };
  indexer?.kick(0);
  const requests = { count: 0 };
  // Imports while serving (npm run import beside npm start): the member's own operator, through its write path.
  const imports = new ImportSessions(store, options.country);
  const operatorImports = operatorImportRoutes({
    country: options.country, sessions: imports, audit: { log: audit.log, trouble: audit.trouble }, logger: observed.logger,
    verify: options.service ? operatorVerifier(options.country, options.service.publicKey) : null,
  });
  const mode = options.mode ?? PRODUCTION_MODE;
  // Reachable directly, not only through the gateway: the same limits and the same production mode.
  const hardened = hardening<MemberContext>({ mode });
  const apollo = new ApolloServer<MemberContext>({
    schema,
    includeStacktraceInErrorResponses: false,
    logger: apolloLogger(observed.logger),
    ...hardened,
    plugins: [
      ...hardened.plugins,
      ApolloServerPluginInlineTraceDisabled(),
      {
        requestDidStart: async () => {
          requests.count++;
        },
      },
      ...audit.plugins,
      observed.plugin,
    ],
    formatError: makeFormatError((m) => observed.logger.error(m)),
  });
  const served = await serveApollo(apollo, {
    port: options.port ?? 0,
    host: options.host,
    health: () => ({
      member: options.country, store: store.kind, protocol: `v${protocol.version}${options.testProtocol ? ` (test copy: ${options.testProtocol.source})` : ''}`,
      pseudonymIndex: indexer ? indexer.status() : { state: 'none', reason: 'no pseudonym index: this member has no secretariat URL or service identity, so hit/no-hit finds none of its records' },
    }),
    // The store itself, not the counting wrapper: probes are not requests' round trips.
    ready: async () => allReady(await storeReadiness(options.store), auditReadiness(audit.trouble)),
    explorer: mode.explorer
      ? () => explorerPage({ title: `Enlace member ${options.country}`, examples: MEMBER_EXAMPLES, devIdentities: mode.development ? options.devTokens?.identities : undefined, schema: mode.development ? subgraph : undefined, purposes })
      : undefined,
    devTokens: mode.development ? options.devTokens : null,
    pages: operatorImports,
    observed,
    context: async (req, rawBody) => {
      // A foreign caller needs the gateway's assertion for this member over this very body.
      const identity = await identify(req, options.verifier, { member: options.country, body: rawBody });
      checkPurpose(purposes, identity.purpose);
      const authz = enforced ? await requestAuthz(protocol, options.country, identity, sources) : null;
      const ctx: MemberContext = {
        country: options.country,
        store,
        identity,
        authz,
        data: new MemberData(store, options.country, authz),
        audit: audit.collector(),
        retentionYears: options.retentionYears ?? null,
        paging,
      };
      return ctx;
    },
  });
  let closing: Promise<void> | undefined;
  return {
    country: options.country,
    url: served.url,
    requests,
    store,
    protocol: { version: protocol.version, tightened: [...new Set([...protocol.rules.values(), ...protocol.fieldRules.values()].filter((r) => r.tightened).map((r) => r.name))], enforced },
    auditPath: audit.path,
    pseudonymIndex: indexer,
    // Once: a second close (a test that stopped a member early) finds it closed.
    close: () =>
      (closing ??= (async () => {
        await served.close();
        await indexer?.close();
        imports.close();
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
const subgraphResolverMap = (map: Resolvers): GraphQLResolverMap<MemberContext> => map as GraphQLResolverMap<MemberContext>;

/** Counts hit/no-hit answers (the resolver answers one DocumentHit per lookup). */
function countingHits<A extends unknown[], H extends { hit: boolean }>(
  resolve: (...args: A) => Promise<H[]>,
  metrics: Metrics | null,
): (...args: A) => Promise<H[]> {
  if (!metrics) return resolve;
  return async (...args) => {
    const answer = await resolve(...args);
    for (const a of answer) metrics.hitLookup(a.hit);
    return answer;
  };
}
