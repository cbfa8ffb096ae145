/**
 * The partner contract's schema (schema/partner.graphql): the gateway's API schema cut down
 * to what some partner rule of the protocol can open. A field stays when the rule guarding it
 * (the protocol's `fields`, members' or the secretariat's) has a clause a partner caller can
 * meet; a type whose visibility rule no partner clause opens goes, with every field that
 * returns it; whatever is then unreachable from Query goes too. Deprecations stay as the
 * schema writes them (@deprecated): they are how a partner hears of a change (docs/PARTNERS.md).
 *
 * A clause a partner can meet: its caller is `any` or `foreign` (a partner is never a member's
 * own caller, in a JIT, nor a party, staff or owner; nor a grantee or requester, since
 * cooperation requests are open to members' prosecutors only), and it names no roles or names `partner`.
 */
import { Supergraph } from '@apollo/federation-internals';
import { MapperKind, mapSchema, pruneSchema } from '@graphql-tools/utils';
import { getNamedType, lexicographicSortSchema, printSchema, type GraphQLSchema } from 'graphql';

interface Clause {
  caller?: string;
  roles?: string[];
}

interface Section {
  rules: Record<string, { anyOf?: Clause[] }>;
  fields: Record<string, Record<string, string>>;
  visibility?: Record<string, string>;
}

export type ProtocolDocument = Section & { version: number; secretariat?: Section };

const PARTNER_CALLERS = new Set(['any', 'foreign']);

const opensForPartners = (clause: Clause) => PARTNER_CALLERS.has(clause.caller ?? '') && (!clause.roles || clause.roles.includes('partner'));

/** "Type.field" coordinates some partner rule can open, and the types a partner may never see. */
export function partnerCoordinates(protocol: ProtocolDocument): { fields: Set<string>; hiddenTypes: Set<string> } {
  const fields = new Set<string>();
  const hiddenTypes = new Set<string>();
  for (const section of [protocol, protocol.secretariat]) {
    if (!section) continue;
    const open = (rule: string) => (section.rules[rule]?.anyOf ?? []).some(opensForPartners);
    for (const [type, byField] of Object.entries(section.fields)) {
      for (const [field, rule] of Object.entries(byField)) if (open(rule)) fields.add(`${type}.${field}`);
    }
    for (const [type, rule] of Object.entries(section.visibility ?? {})) if (!open(rule)) hiddenTypes.add(type);
  }
  return { fields, hiddenTypes };
}

/** The gateway's API schema (what clients see of the supergraph). */
export const apiSchema = (supergraphSdl: string): GraphQLSchema => Supergraph.build(supergraphSdl).apiSchema().toGraphQLJSSchema();

/** The partner schema, in SDL, sorted (a change in the supergraph's order is no change in the contract). */
export function partnerSdl(supergraphSdl: string, protocol: ProtocolDocument): string {
  const { fields, hiddenTypes } = partnerCoordinates(protocol);
  const cut = mapSchema(apiSchema(supergraphSdl), {
    [MapperKind.OBJECT_FIELD]: (config, name, typeName) => (fields.has(`${typeName}.${name}`) && !hiddenTypes.has(getNamedType(config.type).name) ? config : null),
    [MapperKind.MUTATION]: () => null,
  });
  const header = `# The partner contract of the Enlace network, protocol v${protocol.version}: generated from schema/supergraph.graphql and
# schema/protocol/v${protocol.version}.json by \`npm run partner-schema\` (do not edit; a test fails when it is stale).
# Only fields some partner rule can open; what each answers still depends on the owner's records. docs/PARTNERS.md.
`;
  return `${header}\n${printSchema(lexicographicSortSchema(pruneSchema(cut)))}\n`;
}
