/**
 * No stubs. When another subgraph (the secretariat) points at a member record
 * (`{ id }`) and the owner answers null for it (the caller may not know of it,
 * or it does not exist), the query planner would still show the reference with
 * every other field null: `{"id":"AR:C:…","status":null}` tells the caller that
 * the record exists. The member data source notes such references; before the
 * response leaves, every object standing for one becomes null (the fields that
 * hold member references from other subgraphs are nullable for this reason).
 * An object is matched by the id the owner check asks under its own alias
 * (ownerCheck.ts: the owner is asked even when the caller asked only the id),
 * and that check's aliases are removed from every answer.
 */
import type { ApolloServerPlugin } from '@apollo/server';
import { OWNER_ALIASES, OWNER_REF, ownerChecked } from './ownerCheck';

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
  const id = o[OWNER_REF] ?? o.id;
  if (typeof id === 'string' && withheld.has(id)) return null;
  for (const key of Object.keys(o)) {
    if (OWNER_ALIASES.has(key)) delete o[key];
    else o[key] = prune(o[key], withheld);
  }
  return o;
}

/**
 * The gateway's notes on values it completed (a withheld record's non-null owner country, asked by
 * the check, came back null): about the check, not the caller's query, so left out.
 */
function dropCheckNotes(extensions: Record<string, unknown> | undefined): void {
  const notes = extensions?.valueCompletion;
  if (!extensions || !Array.isArray(notes)) return;
  const kept = notes.filter((n: { path?: unknown[] }) => !n.path?.some((p) => typeof p === 'string' && OWNER_ALIASES.has(p)));
  if (kept.length) extensions.valueCompletion = kept;
  else delete extensions.valueCompletion;
}

export function withheldReferencesPlugin<C extends object>(): ApolloServerPlugin<C> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ contextValue, response }) {
          const withheld = (contextValue as WithWithheld)[WITHHELD];
          // Walked only when there is something to remove: most answers hold neither withheld references nor the check's aliases.
          if (response.body.kind !== 'single' || (!withheld?.size && !ownerChecked(contextValue))) return;
          const result = response.body.singleResult;
          if (result.data) prune(result.data, withheld ?? new Set());
          dropCheckNotes(result.extensions);
          if (result.extensions && !Object.keys(result.extensions).length) delete (result as { extensions?: unknown }).extensions;
        },
      };
    },
  };
}
