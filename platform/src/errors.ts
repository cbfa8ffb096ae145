/**
 * Building client errors: every one carries a code from the registry
 * (errorCodes.ts), so a code that is not documented cannot be sent through here.
 */
import { GraphQLError, responsePathAsArray, type GraphQLResolveInfo } from 'graphql';
import type { ErrorCode } from './errorCodes';

/** Where an error belongs: given, graphql-js uses the error as it is instead of wrapping it in another. */
export interface ErrorLocation {
  nodes: GraphQLResolveInfo['fieldNodes'];
  path: ReadonlyArray<string | number>;
}

/** Where a field is in the answer: what an error about it is located with (made only when there is one). */
export type FieldPosition = Pick<GraphQLResolveInfo, 'fieldNodes' | 'path'>;

export function locationOf(info: FieldPosition | undefined): ErrorLocation | undefined {
  return info ? { nodes: info.fieldNodes, path: responsePathAsArray(info.path) } : undefined;
}

/**
 * An error with a registered code and further extensions. No stack trace is
 * captured: it is never shown, and a list of a thousand records may carry
 * thousands of denials.
 */
export function codedError(
  code: ErrorCode,
  message: string,
  extensions: Readonly<Record<string, unknown>> & { code?: never } = {},
  at?: ErrorLocation,
): GraphQLError {
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    return new GraphQLError(message, { extensions: { code, ...extensions }, nodes: at?.nodes, path: at?.path });
  } finally {
    Error.stackTraceLimit = limit;
  }
}

/** Bad input: names the offending field, so a client can point at it. */
export function badInput(field: string, message: string): GraphQLError {
  return codedError('BAD_USER_INPUT', `${field}: ${message}`, { field });
}

export function notFound(what: string): GraphQLError {
  return codedError('NOT_FOUND', `${what} not found`);
}

/** PURPOSE_REQUIRED's message, the same from a member, the secretariat (the protocol engine's denial) and the gateway (asked before any member). */
export const PURPOSE_REQUIRED_MESSAGE = 'This read is protected: state the purpose (header x-enlace-purpose) and the case reference (header x-enlace-case-ref) of the request';
