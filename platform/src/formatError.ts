import type { GraphQLFormattedError } from 'graphql';
import { unwrapResolverError } from '@apollo/server/errors';
import { describeError } from './describeError';
import { errorCodeDefinition, isErrorCode } from './errorCodes';

/** Registered codes' messages are written for the client, except the masked ones; anything else is masked. */
const isClientCode = (code: unknown): boolean => isErrorCode(code) && !errorCodeDefinition(code).masked;

/**
 * Errors that leak nothing: client errors keep their message and code; anything
 * unexpected (a store failure, a bug) is logged here and answered as an internal error.
 */
export function makeFormatError(log: (message: string) => void = (m) => console.error(m)) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const code = formatted.extensions?.code;
    if (isClientCode(code)) {
      // Already a fresh object (Apollo's); copied only to drop a stack trace. A denial-heavy answer has thousands.
      if (!formatted.extensions || !('stacktrace' in formatted.extensions)) return formatted;
      const { stacktrace: _drop, ...extensions } = formatted.extensions;
      return { ...formatted, extensions };
    }
    // A subgraph's error reaches the gateway as the plain object it answered, wrapped: described, not "[object Object]".
    const original = unwrapResolverError(error);
    // The store's own client errors (StoreBusyError, StoreFaultError in @enlace/store) carry a registered code.
    const ownCode = (original as { code?: unknown } | null)?.code;
    if (isClientCode(ownCode)) {
      return { message: (original as Error).message, path: formatted.path, locations: formatted.locations, extensions: { code: ownCode } };
    }
    const service = formatted.extensions?.serviceName;
    const from = typeof service === 'string' ? ` from ${service}` : '';
    log(`internal error at ${JSON.stringify(formatted.path ?? [])}${from}: ${describeError(original, { stack: true })}`);
    return { message: 'Internal server error', path: formatted.path, locations: formatted.locations, extensions: { code: 'INTERNAL_SERVER_ERROR' } };
  };
}
