/**
 * A member's withheld fields, passed through as the member wrote them. Each withheld field is an
 * error (FORBIDDEN, its path, the rule and the owner): a list of a thousand foreign persons holds
 * thousands. @apollo/gateway's query-plan executor would wrap each in a GraphQLError of its own
 * and Apollo Server format it back into the same plain object; for a root fetch (whose paths are
 * the answer's own) that work changes nothing but `serviceName`, which is added here. So the member
 * data source sets such a fetch's errors aside and this plugin puts them in the answer, first,
 * where the executor would have put the root fetch's errors, before the other plugins see them.
 *
 * Only a root fetch whose errors are all denials at a path is set aside: anything else (a member
 * unavailable, a page's own errors) goes through the executor as before, with the denials beside it,
 * so that the answer's errors keep their order.
 */
import type { ApolloServerPlugin } from '@apollo/server';
import type { GraphQLFormattedError } from 'graphql';
import { MEMBERS_SUBGRAPH } from '@enlace/schema';

const PASSED = Symbol.for('enlace.gateway.passedDenials');
type WithPassed = { [PASSED]?: GraphQLFormattedError[] };

const isDenial = (e: GraphQLFormattedError): boolean => e.extensions?.code === 'FORBIDDEN' && Array.isArray(e.path) && e.path.length > 0;

/**
 * A root fetch's errors: set aside for the answer when every one is a denial at a path (the errors
 * left for the executor: none); otherwise all left to the executor as they are.
 */
export function passDenials(context: object, errors: GraphQLFormattedError[] | undefined): GraphQLFormattedError[] | undefined {
  if (!errors?.length || !errors.every(isDenial)) return errors;
  const passed = ((context as WithPassed)[PASSED] ??= []);
  // The shape the executor and Apollo's formatting give a member's error: its message, path and extensions, plus the
  // service. Made in place: these objects were parsed from the member's answer for this request alone, and a
  // thousand denials are two thousand objects fewer to make and collect.
  for (const e of errors as Array<{ -readonly [K in keyof GraphQLFormattedError]: GraphQLFormattedError[K] }>) {
    e.locations = undefined; // the member's sub-operation's, not the caller's query's: left out, as the executor does
    (e.extensions as Record<string, unknown>).serviceName = MEMBERS_SUBGRAPH;
    passed.push(e);
  }
  return undefined;
}

export function passedDenialsPlugin<C extends object>(): ApolloServerPlugin<C> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ contextValue, response }) {
          const passed = (contextValue as WithPassed)[PASSED];
          if (!passed?.length || response.body.kind !== 'single') return;
          const result = response.body.singleResult;
          result.errors = result.errors?.length ? [...passed, ...result.errors] : passed;
        },
      };
    },
  };
}
