import type { GraphQLFormattedError } from 'graphql';
import { unwrapResolverError } from '@apollo/server/errors';

/** Codes whose messages are written for the client; anything else is masked. */
const CLIENT_CODES = new Set([
  'BAD_USER_INPUT', 'FORBIDDEN', 'NOT_FOUND', 'UNAUTHENTICATED', 'GRAPHQL_VALIDATION_FAILED', 'GRAPHQL_PARSE_FAILED',
  'BAD_REQUEST', 'PERSISTED_QUERY_NOT_FOUND', 'PERSISTED_QUERY_NOT_SUPPORTED', 'OPERATION_RESOLUTION_FAILURE',
  'MEMBER_UNAVAILABLE', 'FOREIGN_RECORD', 'PURPOSE_REQUIRED', 'QUERY_TOO_COMPLEX', 'RATE_LIMITED',
]);

/**
 * Errors that leak nothing: client errors keep their message and code; anything
 * unexpected (a store failure, a bug) is logged here and answered as an internal error.
 */
export function makeFormatError(log: (message: string) => void = (m) => console.error(m)) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const code = formatted.extensions?.code;
    if (typeof code === 'string' && CLIENT_CODES.has(code)) {
      const { stacktrace: _drop, ...extensions } = formatted.extensions ?? {};
      return { ...formatted, extensions };
    }
    const original = unwrapResolverError(error);
    log(`internal error at ${JSON.stringify(formatted.path ?? [])}: ${(original as Error)?.stack ?? String(original)}`);
    return { message: 'Internal server error', path: formatted.path, locations: formatted.locations, extensions: { code: 'INTERNAL_SERVER_ERROR' } };
  };
}
