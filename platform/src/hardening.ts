/**
 * The GraphQL hardening every process applies, as Apollo Server options: the size
 * limits (limits.ts), the cost limit (queryCost.ts), no batching, no persisted
 * queries, no mutation over GET (Apollo's own rule), CSRF prevention, an operation
 * the request cannot pick refused alike everywhere, and in production no
 * introspection and no "Did you mean …" suggestions, except for the configured
 * developer role; never Apollo's landing page.
 * Introspection is decided per caller, so Apollo's global switch stays on and
 * graphql-js's NoSchemaIntrospectionCustomRule runs here once the caller is known.
 */
import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { Kind, NoSchemaIntrospectionCustomRule, validate, type DocumentNode, type GraphQLFormattedError, type GraphQLSchema, type ValidationRule } from 'graphql';
import { codedError } from './errors';
import type { RequestIdentity } from './identity';
import { DEFAULT_LIMITS, queryLimitRules, type QueryLimits } from './limits';
import type { ServingMode } from './mode';
import { estimateCost, type FanOut } from './queryCost';

export interface HardeningOptions {
  mode: ServingMode;
  limits?: QueryLimits;
  /** At the gateway: how many members a root field goes to. */
  fanOut?: FanOut;
}

export interface HardenedApolloOptions<C extends BaseContext> {
  introspection: true;
  csrfPrevention: true;
  allowBatchedHttpRequests: false;
  persistedQueries: false;
  parseOptions: { maxTokens: number };
  validationRules: ValidationRule[];
  plugins: ApolloServerPlugin<C>[];
}

/** graphql-js's suggestions ("Did you mean "x", or "y"?", "Did you mean the enum value …?"). */
export function withoutSuggestions(message: string): string {
  return message.replace(/\s*Did you mean [^?]*\?/g, '');
}

/**
 * Why the request's operation cannot be picked: Apollo Server says so with 400,
 * but the gateway's executor threw it as a 500 internal error; refused here, it is
 * the same answer from every process, with the operations the document holds.
 */
function unresolvedOperation(document: DocumentNode, operationName: string | undefined) {
  const names = document.definitions.flatMap((d) => (d.kind === Kind.OPERATION_DEFINITION ? [d.name?.value ?? null] : []));
  const held = `the document holds ${names.map((n) => n ?? 'an unnamed operation').join(', ')}`;
  const message =
    !names.length ? 'The document holds no operation to run' :
    !operationName ? `Must provide operation name if query contains multiple operations: ${held}; name the one to run in operationName` :
    names.every((n) => n === null) ? `Unknown operation named "${operationName}": ${held}; leave operationName out` :
    `Unknown operation named "${operationName}": ${held}; operationName must be one of them`;
  return codedError('OPERATION_RESOLUTION_FAILURE', message, { http: { status: 400 } });
}

const rolesOf = (context: unknown) => (context as { identity?: RequestIdentity }).identity?.caller.roles ?? [];

/**
 * Whether a document asks for the schema (__schema, __type): a pure function of the document, and
 * Apollo hands the same parsed document again for the same query text (its document cache), so it is
 * walked once per document, not once per request (a full validation pass with type info each time).
 */
const asksForSchema = new WeakMap<GraphQLSchema, WeakMap<DocumentNode, boolean>>();

function introspects(schema: GraphQLSchema, document: DocumentNode): boolean {
  let bySchema = asksForSchema.get(schema);
  if (!bySchema) asksForSchema.set(schema, (bySchema = new WeakMap()));
  let known = bySchema.get(document);
  if (known === undefined) {
    known = validate(schema, document, [NoSchemaIntrospectionCustomRule]).length > 0;
    bySchema.set(document, known);
  }
  return known;
}

/** Only graphql-js's validation messages make suggestions: the protocol's thousands of denials are left as they are. */
const SUGGESTION = 'Did you mean';

export function hardening<C extends BaseContext>(options: HardeningOptions): HardenedApolloOptions<C> {
  const { mode } = options;
  const limits = options.limits ?? DEFAULT_LIMITS;
  const schemaShown = (context: C) => mode.development || (mode.developerRole !== null && rolesOf(context).includes(mode.developerRole));
  const plugin: ApolloServerPlugin<C> = {
    requestDidStart: async ({ contextValue }) => {
      const shown = schemaShown(contextValue);
      return {
        didResolveOperation: async ({ schema, document, operation, request }) => {
          if (!shown && introspects(schema, document)) {
            throw codedError('GRAPHQL_VALIDATION_FAILED', 'Introspection is off in production mode', { http: { status: 400 } });
          }
          if (!operation) throw unresolvedOperation(document, request.operationName);
          const cost = estimateCost(schema, document, operation, request.variables, options.fanOut);
          if (cost > limits.maxCost) {
            throw codedError(
              'QUERY_TOO_COMPLEX',
              `Query may return about ${Math.round(cost)} values; the limit is ${limits.maxCost}: ask for fewer (first, countries) or less nested data`,
              { http: { status: 400 } },
            );
          }
        },
        willSendResponse: async ({ response }) => {
          // What Apollo's cache-control plugin said of every answer here (no field has a cache hint): never stored.
          response.http.headers.set('cache-control', 'no-store');
          if (shown || response.body.kind !== 'single' || !response.body.singleResult.errors) return;
          const errors = response.body.singleResult.errors;
          if (!errors.some((e) => e.message.includes(SUGGESTION))) return;
          response.body.singleResult.errors = errors.map(
            (e): GraphQLFormattedError => (e.message.includes(SUGGESTION) ? { ...e, message: withoutSuggestions(e.message) } : e),
          );
        },
      };
    },
  };
  return {
    introspection: true,
    csrfPrevention: true,
    allowBatchedHttpRequests: false,
    // Automatic persisted queries are off: a hash-only request gets PERSISTED_QUERY_NOT_SUPPORTED, on which clients send the text.
    persistedQueries: false,
    parseOptions: { maxTokens: limits.maxTokens },
    validationRules: queryLimitRules(limits),
    // Apollo's landing page loads from a CDN: browsers get our offline explorer (explorer.ts) or nothing. Its cache-control
    // plugin works out a cache policy field by field (a hook on every field resolved: thousands in a list) only to answer
    // `no-store`, as no field has a hint: off, and `no-store` set above on every answer.
    plugins: [plugin, ApolloServerPluginLandingPageDisabled() as ApolloServerPlugin<C>, ApolloServerPluginCacheControlDisabled() as ApolloServerPlugin<C>],
  };
}
