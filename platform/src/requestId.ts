/**
 * The request id that lets one query be followed through every process's log.
 * The gateway takes it from the caller (`x-request-id`, or the trace id of a W3C
 * `traceparent`) or makes one, and forwards it to members and the secretariat in
 * both headers; they take it the same way. It lives in an AsyncLocalStorage for
 * the request's duration, so every log line written while serving it carries it
 * without being handed a logger.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { randomBytes, randomUUID } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';

export const REQUEST_ID_HEADER = 'x-request-id';
export const TRACEPARENT_HEADER = 'traceparent';

/** What the HTTP layer and the GraphQL plugin learn about one request, for its log line and metrics. */
export interface RequestScope {
  readonly id: string;
  /** The operation's name, once GraphQL has resolved it (null: anonymous). */
  operation?: string | null;
  /** `ok`, or the code of the answer's first error. */
  outcome?: string;
}

const scopes = new AsyncLocalStorage<RequestScope>();

/** The request being served here, if any. */
export const currentRequest = (): RequestScope | undefined => scopes.getStore();

export const inRequestScope = <T>(scope: RequestScope, work: () => T): T => scopes.run(scope, work);

// Letters, digits and a few separators: an id ends up in JSON logs and headers, never anything else.
const REQUEST_ID = /^[A-Za-z0-9][A-Za-z0-9._:-]{7,63}$/;
const TRACEPARENT = /^[0-9a-f]{2}-([0-9a-f]{32})-[0-9a-f]{16}-[0-9a-f]{2}$/;
const INVALID_TRACE_ID = '0'.repeat(32);

/** The trace id of a well-formed W3C traceparent (version ff and the all-zero id are invalid), else null. */
export function traceIdOf(traceparent: string | undefined): string | null {
  const value = traceparent?.trim().toLowerCase() ?? '';
  const match = TRACEPARENT.exec(value);
  return match && !value.startsWith('ff-') && match[1] !== INVALID_TRACE_ID ? match[1] : null;
}

const single = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);

/**
 * The incoming `x-request-id` if well formed, else the `traceparent`'s trace id, else `fallback`'s
 * (the trace id of the span in progress, when tracing), else a random UUID.
 */
export function requestIdFrom(headers: IncomingHttpHeaders, fallback?: () => string | undefined): string {
  const given = single(headers[REQUEST_ID_HEADER])?.trim();
  if (given && REQUEST_ID.test(given)) return given;
  return traceIdOf(single(headers[TRACEPARENT_HEADER])) ?? fallback?.() ?? randomUUID();
}

/**
 * The headers that carry a request id to the next process: `x-request-id`, and a
 * `traceparent` whose trace id is the id (as 32 hex digits) when it can be one, so
 * a tracer downstream joins the same trace. Not sent while tracing runs here: the
 * HTTP instrumentation then propagates the real span.
 */
export function requestIdHeaders(id: string, tracing: boolean): Record<string, string> {
  const headers: Record<string, string> = { [REQUEST_ID_HEADER]: id };
  const traceId = id.replace(/-/g, '').toLowerCase();
  if (!tracing && /^[0-9a-f]{32}$/.test(traceId) && traceId !== INVALID_TRACE_ID) {
    headers[TRACEPARENT_HEADER] = `00-${traceId}-${randomBytes(8).toString('hex')}-01`;
  }
  return headers;
}
