/**
 * A protected read without a purpose and a case reference is refused once, here,
 * before it is planned. Otherwise every member would refuse it on its own (one
 * PURPOSE_REQUIRED per member and per field, beside an answer of nulls), which
 * says the same thing three times and nothing useful in its status. Members and
 * the secretariat stay the authority and still refuse whoever asks them directly:
 * the gateway reads the same protocol data (schema/protocol) and only says it
 * sooner, for the fields whose rule asks for a purpose whoever the caller is.
 *
 * A refusal before execution is a request error (no `data`): status 200 as
 * `application/json`, 400 as `application/graphql-response+json`, as GraphQL over
 * HTTP says of each.
 */
import { readFileSync } from 'node:fs';
import type { ApolloServerPlugin } from '@apollo/server';
import {
  getNamedType, isInterfaceType, isObjectType, Kind, type FragmentDefinitionNode, type GraphQLNamedType, type GraphQLSchema, type OperationDefinitionNode,
  type SelectionSetNode,
} from 'graphql';
import { codedError, PURPOSE_REQUIRED_MESSAGE, type RequestIdentity } from '@enlace/platform';
import { PROTOCOL_VERSION, protocolPath } from '@enlace/schema';

interface RuleSection {
  rules: Record<string, { purpose: boolean }>;
  fields: Record<string, Record<string, string>>;
}

/** "Type.field" → the rule that asks for a purpose, from the members' and the secretariat's sections of the protocol. */
export function purposeRules(doc: RuleSection & { secretariat?: RuleSection }): ReadonlyMap<string, string> {
  const found = new Map<string, string>();
  for (const section of [doc, doc.secretariat]) {
    if (!section) continue;
    for (const [type, fields] of Object.entries(section.fields)) {
      for (const [field, rule] of Object.entries(fields)) if (section.rules[rule]?.purpose) found.set(`${type}.${field}`, rule);
    }
  }
  return found;
}

export interface AskedRead {
  coordinate: string;
  rule: string;
}

/** The first field of the operation (fragments followed) whose rule asks for a purpose, or null. */
export function firstProtectedRead(
  schema: GraphQLSchema,
  operation: OperationDefinitionNode,
  fragments: ReadonlyMap<string, FragmentDefinitionNode>,
  rules: ReadonlyMap<string, string>,
): AskedRead | null {
  const root = schema.getRootType(operation.operation);
  const seen = new Set<string>();
  const walk = (set: SelectionSetNode, type: GraphQLNamedType | null | undefined): AskedRead | null => {
    if (!type) return null;
    for (const selection of set.selections) {
      let found: AskedRead | null = null;
      if (selection.kind === Kind.FIELD) {
        const name = selection.name.value;
        if (name.startsWith('__') || !(isObjectType(type) || isInterfaceType(type))) continue;
        // A field of an interface is protected when it is on any type that implements it.
        const owners = isObjectType(type) ? [type] : schema.getPossibleTypes(type);
        const hit = owners.map((t) => `${t.name}.${name}`).find((c) => rules.has(c));
        if (hit) return { coordinate: hit, rule: rules.get(hit)! };
        const field = type.getFields()[name];
        if (field && selection.selectionSet) found = walk(selection.selectionSet, getNamedType(field.type));
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        found = walk(selection.selectionSet, selection.typeCondition ? schema.getType(selection.typeCondition.name.value) : type);
      } else {
        const fragment = fragments.get(selection.name.value);
        if (!fragment || seen.has(fragment.name.value)) continue;
        seen.add(fragment.name.value);
        found = walk(fragment.selectionSet, schema.getType(fragment.typeCondition.name.value));
      }
      if (found) return found;
    }
    return null;
  };
  return walk(operation.selectionSet, root);
}

/** Whether the answer goes out as application/graphql-response+json: by q, then the more specific range, then order, as Apollo Server negotiates. */
export function prefersGraphQLResponseJson(accept: string | undefined): boolean {
  if (!accept) return false;
  const ranked = accept.split(',').map((part, order) => {
    const [type, ...params] = part.trim().toLowerCase().split(';').map((s) => s.trim());
    const q = Number(params.find((p) => p.startsWith('q='))?.slice(2) ?? 1);
    return { type, q: Number.isFinite(q) ? q : 0, order };
  });
  // Of the ranges a type matches, the most specific decides (RFC 9110, 12.5.1): exact 2, `type/*` 1, `*/*` 0.
  const quality = (mediaType: string) => {
    const specificity = (range: string) => (range === mediaType ? 2 : range === `${mediaType.split('/')[0]}/*` ? 1 : range === '*/*' ? 0 : -1);
    const best = ranked.filter((r) => specificity(r.type) >= 0).sort((a, b) => specificity(b.type) - specificity(a.type))[0];
    return best ? { q: best.q, specific: specificity(best.type), order: best.order } : { q: 0, specific: -1, order: Infinity };
  };
  const json = quality('application/json');
  const graphqlJson = quality('application/graphql-response+json');
  if (graphqlJson.q <= 0) return false;
  if (graphqlJson.q !== json.q) return graphqlJson.q > json.q;
  if (graphqlJson.specific !== json.specific) return graphqlJson.specific > json.specific;
  return graphqlJson.order < json.order;
}

export function purposeFirstPlugin<C extends { identity?: RequestIdentity }>(): ApolloServerPlugin<C> {
  const rules = purposeRules(JSON.parse(readFileSync(protocolPath(), 'utf8')) as RuleSection & { secretariat?: RuleSection });
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ contextValue, operation, document, schema, request }) {
          const identity = contextValue.identity;
          if (!operation || !identity || (identity.purpose && identity.caseRef)) return;
          const fragments = new Map(document.definitions.flatMap((d) => (d.kind === Kind.FRAGMENT_DEFINITION ? [[d.name.value, d] as const] : [])));
          const asked = firstProtectedRead(schema, operation, fragments, rules);
          if (!asked) return;
          const status = prefersGraphQLResponseJson(request.http?.headers.get('accept')) ? 400 : 200;
          throw codedError('PURPOSE_REQUIRED', `${PURPOSE_REQUIRED_MESSAGE} (${asked.coordinate} is read under rule ${asked.rule})`, {
            rule: asked.rule, protocol: PROTOCOL_VERSION, http: { status },
          });
        },
      };
    },
  };
}
