/**
 * No stubs. When another subgraph (the secretariat) points at a member record
 * (`{ id }`) and the owner answers null for it (the caller may not know of it,
 * or it does not exist), the query planner would still show the reference with
 * every other field null: `{"id":"AR:C:…","status":null}` tells the caller that
 * the record exists. The member data source notes such references; before the
 * response leaves, every object standing for one becomes null (the fields that
 * hold member references from other subgraphs are nullable for this reason).
 */
import type { ApolloServerPlugin } from '@apollo/server';

/** Where the member data source notes withheld references, per request. */
const WITHHELD = Symbol.for('enlace.gateway.withheldReferences');
type WithWithheld = { [WITHHELD]?: Set<string> };

/** The request's set of withheld references, made on first use. */
export function withheldOf(context: object): Set<string> {
  const c = context as WithWithheld;
  return (c[WITHHELD] ??= new Set());
}

function prune(value: unknown, withheld: ReadonlySet<string>): unknown {
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) value[i] = prune(value[i], withheld);
    return value;
  }
  if (value === null || typeof value !== 'object') return value;
  const o = value as Record<string, unknown>;
  if (typeof o.id === 'string' && withheld.has(o.id)) return null;
  for (const key of Object.keys(o)) o[key] = prune(o[key], withheld);
  return o;
}

export function withheldReferencesPlugin<C extends object>(): ApolloServerPlugin<C> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ contextValue, response }) {
          const withheld = (contextValue as WithWithheld)[WITHHELD];
          if (!withheld?.size || response.body.kind !== 'single') return;
          const data = response.body.singleResult.data;
          if (data) prune(data, withheld);
        },
      };
    },
  };
}
