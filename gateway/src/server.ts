/** The gateway: @apollo/gateway on the committed supergraph, with the member fan-out data source. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { ApolloGateway } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import {
  apolloLogger, checkPurpose, currentRequest, explorerPage, GATEWAY_EXAMPLES, gatewayReadiness, hardening, identify, type QueryLimits,
  makeFormatError, observability, PRODUCTION_MODE, serveApollo,
  loadPurposeCatalogue, type DevTokenIssuer, type FanOut, type HopSigner, type Logger, type MetricsSetting, type PurposeCatalogue, type ServingMode,
  type TokenVerifier,
} from '@enlace/platform';
import { defaultPurposesPath, MEMBERS_SUBGRAPH, memberSdl, secretariatSdl, supergraphSdl } from '@enlace/schema';
import { downstreamHeaders, type GatewayContext } from './context';
import { MemberFanOutDataSource, type MemberDirectory } from './memberDataSource';
import { readMemberSchema } from './memberSchemaInfo';
import { pooledTransport } from './memberTransport';
import { SecretariatDataSource } from './secretariatDataSource';
import { purposeFirstPlugin } from './purposeFirst';
import { pointedAt, withOwnerCheck } from './ownerCheck';
import { passedDenialsPlugin } from './passedDenials';
import { withheldReferencesPlugin } from './withheldReferences';
import { consolePages } from './console';
import { pseudonymRelay } from './pseudonymRelay';
import type { SignInProvider } from './signIn';
import { trustedDocumentsPlugin, type TrustedDocuments } from './trustedDocuments';

export interface GatewayOptions {
  directory: MemberDirectory;
  secretariatUrl: string;
  verifier: TokenVerifier;
  /** The gateway's own key: it signs each fan-out's assertion (ENLACE_GATEWAY_KEY). */
  hop: HopSigner;
  port?: number;
  host?: string;
  /** Per-member timeout (MEMBER_TIMEOUT_MS, default 5000 ms); the secretariat is given the same. */
  memberTimeoutMs?: number;
  /** Most connections open to one member at a time (default 32). */
  memberConnections?: number;
  limits?: QueryLimits;
  /** Production (default) or development: introspection, suggestions, explorer (ENLACE_MODE). */
  mode?: ServingMode;
  /** Development only: the issuer the explorer's token picker mints with. */
  devTokens?: DevTokenIssuer | null;
  /** JSON lines; default: stderr at ENLACE_LOG_LEVEL. */
  logger?: Logger;
  /** /metrics and its token (ENLACE_METRICS); none: no metrics. */
  metrics?: MetricsSetting | null;
  /** Where the built console is (default console/dist): served at /console. */
  consoleDir?: string;
  /** The network's catalogue of purposes (ENLACE_PURPOSES; default schema/purposes.json): each request's purpose is checked against it. */
  purposes?: PurposeCatalogue;
  /** OpenID Connect providers the console and the explorer sign in with (ENLACE_SIGN_IN; signIn.ts). */
  signIn?: readonly SignInProvider[];
  /** Partners' trusted documents (ENLACE_TRUSTED_DOCUMENTS; trustedDocuments.ts): a partner caller runs those alone. None: not enforced. */
  trustedDocuments?: TrustedDocuments | null;
}

export interface RunningGateway {
  url: string;
  close(): Promise<void>;
}

export async function startGateway(options: GatewayOptions): Promise<RunningGateway> {
  process.env.APOLLO_TELEMETRY_DISABLED = 'true';
  const memberSchema = readMemberSchema(memberSdl());
  // Minting is for development alone, whatever else is configured.
  const devTokens = options.mode?.development ? options.devTokens ?? null : null;
  const observed = observability({ service: 'gateway', logger: options.logger, metrics: options.metrics });
  const { logger, metrics } = observed;
  const timeoutMs = options.memberTimeoutMs ?? 5000;
  const transport = pooledTransport(options.directory, { timeoutMs, connections: options.memberConnections });
  const gateway = new ApolloGateway({
    supergraphSdl: supergraphSdl(),
    logger: apolloLogger(logger),
    buildService: ({ name }) => {
      if (name === MEMBERS_SUBGRAPH) {
        return new MemberFanOutDataSource({
          directory: options.directory,
          schema: memberSchema,
          transport,
          headersFor: downstreamHeaders,
          hop: options.hop,
          onMemberCall: ({ country, seconds, unavailable, timedOut }) => {
            metrics?.memberCall(country, seconds, timedOut ? 'timeout' : unavailable ? 'unavailable' : null);
            if (unavailable) logger.warn({ member: country, reason: unavailable }, 'member unavailable');
          },
        });
      }
      return new SecretariatDataSource({
        url: options.secretariatUrl,
        timeoutMs,
        headersFor: downstreamHeaders,
        onUnavailable: ({ why, reason }) => logger.warn({ reason: why, kind: reason }, 'secretariat unavailable'),
      });
    },
  });
  // A root list or page asked of every member costs once per member (or per country it names).
  const fanOut: FanOut = (field, args) => {
    const name = `Query.${field.name}`;
    if (!memberSchema.listRootFields.has(name) && !memberSchema.pagedRootFields.has(name)) return 1;
    return Array.isArray(args.countries) ? args.countries.length : options.directory.size;
  };
  const mode = options.mode ?? PRODUCTION_MODE;
  const purposes = options.purposes ?? loadPurposeCatalogue(defaultPurposesPath);
  const hardened = hardening<GatewayContext>({ mode, limits: options.limits, fanOut });
  const apollo = new ApolloServer<GatewayContext>({
    gateway: withOwnerCheck(gateway, pointedAt(memberSdl(), secretariatSdl())),
    includeStacktraceInErrorResponses: false,
    logger: apolloLogger(logger),
    ...hardened,
    // Trusted documents first: a partner's operation is settled before anything reads it. Then passedDenials, whose
    // willSendResponse puts the members' denials back into the answer before the other plugins see it.
    plugins: [
      ...(options.trustedDocuments ? [trustedDocumentsPlugin<GatewayContext>(options.trustedDocuments)] : []),
      passedDenialsPlugin<GatewayContext>(), ...hardened.plugins, purposeFirstPlugin<GatewayContext>(), withheldReferencesPlugin(), observed.plugin,
    ],
    formatError: makeFormatError((m) => logger.error(m)),
  });
  const served = await serveApollo(apollo, {
    port: options.port ?? 0,
    host: options.host,
    health: () => ({ service: 'gateway', members: [...options.directory.keys()] }),
    ready: () => gatewayReadiness(options.directory, Math.min(timeoutMs, 2000)),
    explorer: mode.explorer
      // Rendered on first use, once the gateway has its API schema: shown before a token is given where introspection is open (development).
      ? () => explorerPage({
        title: 'Enlace gateway', examples: GATEWAY_EXAMPLES, devIdentities: devTokens?.identities, schema: mode.development ? gateway.schema : undefined, purposes,
        signIn: options.signIn?.map((p) => p.name),
      })
      : undefined,
    devTokens,
    pages: firstOf(
      pseudonymRelay({ secretariatUrl: options.secretariatUrl, verifier: options.verifier }),
      consolePages({ dir: options.consoleDir, devIdentities: devTokens?.identities, signIn: options.signIn, verifier: options.verifier }),
    ),
    observed,
    context: async (req) => {
      const identity = await identify(req, options.verifier);
      checkPurpose(purposes, identity.purpose); // refused here, once, rather than by every member asked
      return { identity, requestId: currentRequest()?.id };
    },
  });
  return {
    url: served.url,
    close: async () => {
      await served.close();
      await transport.close();
    },
  };
}

type Pages = (req: IncomingMessage, res: ServerResponse, path: string) => Promise<boolean>;

/** Pages served by the first handler that takes the request. */
function firstOf(...handlers: Pages[]): Pages {
  return async (req, res, path) => {
    for (const handle of handlers) if (await handle(req, res, path)) return true;
    return false;
  };
}
