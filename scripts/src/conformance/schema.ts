/**
 * "The schema composes with the network's": a member's or the secretariat's SDL (its `_service`,
 * which answers in production mode too) composed with the network's other SDL must give exactly
 * the committed supergraph; the gateway, which hides its schema, must accept every root field of
 * that supergraph.
 */
import { composeServices } from '@apollo/composition';
import { buildASTSchema, getNamedType, isEnumType, isInputObjectType, isLeafType, isListType, isNonNullType, isScalarType, parse, type GraphQLInputType } from 'graphql';
import {
  memberSdl, secretariatSdl, supergraphSdl, MEMBERS_PLACEHOLDER_URL, MEMBERS_SUBGRAPH, SECRETARIAT_PLACEHOLDER_URL, SECRETARIAT_SUBGRAPH,
} from '@enlace/schema';
import { codesOf, post, type Caller } from './client';

/** Problems composing `served` in place of the network's own SDL of that subgraph (none: it gives the committed supergraph). */
export function compositionProblems(served: string, as: 'members' | 'secretariat'): string[] {
  let result;
  try {
    result = composeServices([
      { name: MEMBERS_SUBGRAPH, url: MEMBERS_PLACEHOLDER_URL, typeDefs: parse(as === 'members' ? served : memberSdl()) },
      { name: SECRETARIAT_SUBGRAPH, url: SECRETARIAT_PLACEHOLDER_URL, typeDefs: parse(as === 'secretariat' ? served : secretariatSdl()) },
    ]);
  } catch (err) {
    return [`its SDL does not parse: ${(err as Error).message}`];
  }
  if (result.errors) return result.errors.slice(0, 5).map((e) => `does not compose: ${e.message}`);
  if (result.supergraphSdl === supergraphSdl()) return [];
  const got = result.supergraphSdl.split('\n');
  const want = supergraphSdl().split('\n');
  const at = got.findIndex((line, i) => line !== want[i]);
  return [`composes, but into another supergraph than the network's (schema/supergraph.graphql): line ${at + 1} is "${got[at]?.trim()}", expected "${want[at]?.trim()}"`];
}

export async function servedSdl(url: string, caller: Caller): Promise<string> {
  const a = await post(url, '{ _service { sdl } }', {}, { caller, noPurpose: true });
  const sdl = a.body?.data?._service?.sdl;
  if (typeof sdl !== 'string') throw new Error(`_service { sdl } answered ${a.status} ${codesOf(a).join(',')}`);
  return sdl;
}

/** A literal for a required argument, or null when the suite cannot make one. */
function literal(type: GraphQLInputType): string | null {
  const t = isNonNullType(type) ? type.ofType : type;
  if (isListType(t)) {
    const item = literal(t.ofType as GraphQLInputType);
    return item === null ? null : `[${item}]`;
  }
  if (isEnumType(t)) return t.getValues()[0].name;
  if (isScalarType(t)) return t.name === 'Int' ? '1' : t.name === 'Float' ? '1.0' : t.name === 'Boolean' ? 'false' : '"XS:J:0conform"';
  if (isInputObjectType(t)) {
    const fields = Object.values(t.getFields()).filter((f) => isNonNullType(f.type));
    const parts = fields.map((f) => [f.name, literal(f.type)] as const);
    return parts.some(([, v]) => v === null) ? null : `{ ${parts.map(([n, v]) => `${n}: ${v}`).join(', ')} }`;
  }
  return null;
}

/** Every root query field of the network's supergraph, as the gateway must accept it (answered or refused by a rule, never unknown). */
export async function gatewayRootFieldProblems(url: string, caller: Caller): Promise<string[]> {
  const schema = buildASTSchema(parse(supergraphSdl()), { assumeValidSDL: true });
  const problems: string[] = [];
  const fields = Object.values(schema.getQueryType()!.getFields()).filter((f) => !f.name.startsWith('_'));
  for (const field of fields) {
    const args = field.args.filter((a) => isNonNullType(a.type)).map((a) => [a.name, literal(a.type)] as const);
    if (args.some(([, v]) => v === null)) {
      problems.push(`${field.name}: the suite cannot make its required arguments`);
      continue;
    }
    const selection = isLeafType(getNamedType(field.type)) ? '' : ' { __typename }';
    const query = `{ ${field.name}${args.length ? `(${args.map(([n, v]) => `${n}: ${v}`).join(', ')})` : ''}${selection} }`;
    const a = await post(url, query, {}, { caller });
    const invalid = (a.body?.errors ?? []).filter((e) => e.extensions?.code === 'GRAPHQL_VALIDATION_FAILED' || /Cannot query field|Unknown argument/.test(e.message));
    if (invalid.length) problems.push(`${field.name}: ${invalid[0].message}`);
  }
  if (!fields.length) problems.push('the supergraph has no root field to ask');
  return problems;
}
