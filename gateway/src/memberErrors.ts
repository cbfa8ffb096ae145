/**
 * The members' errors as handed to @apollo/gateway's query-plan executor, which
 * wraps each in a new GraphQLError of its own (`downstreamServiceError`, by
 * mapping this list). A new Error captures a stack trace, here one of the
 * executor's own frames that says nothing about the member's error; with one
 * per withheld field (thousands in a list of foreign persons), capturing them
 * cost about a tenth of such a request's CPU (scripts/bench/results/authz.md).
 * So mapping this list captures none. @apollo/gateway has no hook for it: if it
 * stopped calling `map`, the errors would only cost their stack traces again.
 */
import type { GraphQLFormattedError } from 'graphql';

class MemberErrors extends Array<GraphQLFormattedError> {
  // What map, filter, slice… make is a plain array: only this list's own map is stackless.
  static override get [Symbol.species]() {
    return Array;
  }

  override map<U>(fn: (error: GraphQLFormattedError, index: number, all: GraphQLFormattedError[]) => U, thisArg?: unknown): U[] {
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    try {
      return super.map(fn, thisArg);
    } finally {
      Error.stackTraceLimit = limit;
    }
  }
}

/** The errors of a sub-request's answer, for the executor: undefined when there are none. */
export function memberErrors(errors: readonly GraphQLFormattedError[]): GraphQLFormattedError[] | undefined {
  if (!errors.length) return undefined;
  const list = new MemberErrors();
  for (const e of errors) list.push(e);
  return list;
}
