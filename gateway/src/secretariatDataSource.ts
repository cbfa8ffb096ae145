/**
 * The data source for the secretariat subgraph: Apollo's RemoteGraphQLDataSource
 * with the caller's headers and a timeout. When the secretariat is down, too slow
 * or answers garbage, its fields are null with SECRETARIAT_UNAVAILABLE and a
 * `reason` (`timeout`, `unreachable`, `bad-answer`), as a member's are with
 * MEMBER_UNAVAILABLE (memberTransport.ts), instead of a masked internal error;
 * the members' part of the answer stands.
 */
import { RemoteGraphQLDataSource, type GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import { getOperationAST, GraphQLError, Kind, parse, type FieldNode, type GraphQLFormattedError } from 'graphql';
import type { GatewayContext } from './context';
import type { UnavailableReason } from './memberMerging';
import { responseKey } from './memberRouting';

type GatewayGraphQLResponse = Awaited<ReturnType<RemoteGraphQLDataSource['process']>>;
type FetcherResponse = NonNullable<Parameters<RemoteGraphQLDataSource['didEncounterError']>[2]>;

export interface SecretariatDataSourceOptions {
  url: string;
  /** For one request, until its whole answer is read. */
  timeoutMs: number;
  /** Headers to send (the caller's token, purpose, case reference, request id). */
  headersFor: (context: GatewayContext) => Record<string, string>;
  /** Told of every request the secretariat could not answer (logs). */
  onUnavailable?: (failure: SecretariatFailure) => void;
}

/** Why the secretariat's answer cannot be used: words safe to show, and which kind of failure. */
export class SecretariatFailure extends Error {
  constructor(
    readonly why: string,
    readonly reason: UnavailableReason,
  ) {
    super(`The secretariat is unavailable: ${why}`);
  }
}

export class SecretariatDataSource extends RemoteGraphQLDataSource<GatewayContext> {
  private readonly settings: SecretariatDataSourceOptions;

  constructor(settings: SecretariatDataSourceOptions) {
    super({ url: settings.url });
    this.settings = settings;
    const fetch = this.fetcher;
    // The signal also ends reading the body: the timeout covers the whole answer.
    this.fetcher = (url, init) => fetch(url, { ...init, signal: AbortSignal.timeout(settings.timeoutMs) });
  }

  override willSendRequest(options: GraphQLDataSourceProcessOptions<GatewayContext>): void {
    // Only an incoming operation has the gateway's context (as in memberDataSource.ts); nothing else is sent here.
    if (!('incomingRequestContext' in options)) return;
    for (const [k, v] of Object.entries(this.settings.headersFor(options.context))) options.request.http?.headers.set(k, v);
  }

  override async process(options: GraphQLDataSourceProcessOptions<GatewayContext>): Promise<GatewayGraphQLResponse> {
    try {
      return await super.process(options);
    } catch (err) {
      if (!(err instanceof SecretariatFailure)) throw err;
      this.settings.onUnavailable?.(err);
      return { errors: unavailableAt(options.request.query ?? '', options.request.operationName, err) };
    }
  }

  /** Every failure of a request passes here (Apollo rethrows what this throws): the ones that are the secretariat's become a SecretariatFailure. */
  override didEncounterError(error: Error, _request: unknown, response?: FetcherResponse): void {
    throw failureOf(error, response, this.settings.timeoutMs) ?? error;
  }
}

function failureOf(error: Error, response: FetcherResponse | undefined, timeoutMs: number): SecretariatFailure | null {
  if (error.name === 'AbortError' || error.name === 'TimeoutError') return new SecretariatFailure(`no answer within ${timeoutMs} ms`, 'timeout');
  if (error.name === 'FetchError' && (error as { type?: string }).type === 'system') return new SecretariatFailure('cannot be reached', 'unreachable');
  if (!response) return null; // not the secretariat's doing (a bug here): an internal error, logged
  if (error instanceof GraphQLError) {
    // An HTTP error status (errorFromResponse): a GraphQL refusal says why, shortened; anything else is garbage.
    const body = (error.extensions.response as { body?: { errors?: Array<{ message?: unknown }> } } | undefined)?.body;
    const refusal = response.status < 500 && typeof body === 'object' ? body?.errors?.[0]?.message : undefined;
    if (typeof refusal === 'string') return new SecretariatFailure(`refused the request: ${refusal.slice(0, 200)}`, 'bad-answer');
    return new SecretariatFailure(`answered HTTP ${response.status} without data`, 'bad-answer');
  }
  return new SecretariatFailure(`answered HTTP ${response.status} with a body that is not JSON`, 'bad-answer');
}

/** The error where the secretariat's part goes: on each root field asked, or on the first entity of an `_entities` fetch (as a member's). */
function unavailableAt(query: string, operationName: string | undefined, failure: SecretariatFailure): GraphQLFormattedError[] {
  const error = (path?: string[] | [string, number]): GraphQLFormattedError => ({
    message: failure.message,
    path,
    extensions: { code: 'SECRETARIAT_UNAVAILABLE', reason: failure.reason },
  });
  let fields: FieldNode[] = [];
  try {
    const op = getOperationAST(parse(query), operationName);
    fields = (op?.selectionSet.selections ?? []).filter((s): s is FieldNode => s.kind === Kind.FIELD && s.name.value !== '__typename');
  } catch {
    // The planner's own query: it parses. Were it not to, the error still goes out, without a place.
  }
  if (!fields.length) return [error()];
  if (fields.some((f) => f.name.value === '_entities')) return [error(['_entities', 0])];
  return fields.map((f) => error([responseKey(f)]));
}
