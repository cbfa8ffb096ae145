/**
 * The partner contract's schema (schema/partner.graphql, scripts/src/partner/schema.ts): generated
 * from the supergraph and the protocol, current in the repository, holding only fields some partner
 * rule can open, following the protocol both ways, and keeping the schema's deprecations.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildSchema, isObjectType, type GraphQLSchema } from 'graphql';
import { protocolPath, schemaDir } from '@enlace/schema';
import { partnerCoordinates, partnerSdl, type ProtocolDocument } from '@enlace/scripts/partner/schema';
import { currentPartnerSdl, PARTNER_SCHEMA_FILE } from '@enlace/scripts/partnerSchema';

const supergraph = readFileSync(join(schemaDir, 'supergraph.graphql'), 'utf8');
const protocol = (): ProtocolDocument => JSON.parse(readFileSync(protocolPath(), 'utf8'));
const fieldsOf = (schema: GraphQLSchema, type: string) => {
  const t = schema.getType(type);
  return t && isObjectType(t) ? Object.keys(t.getFields()) : [];
};

test('schema/partner.graphql is current (run `npm run partner-schema` after changing the schema or the protocol)', () => {
  expect(readFileSync(PARTNER_SCHEMA_FILE, 'utf8')).toBe(currentPartnerSdl());
});

test('it holds what partner rules open and nothing else', () => {
  const schema = buildSchema(readFileSync(PARTNER_SCHEMA_FILE, 'utf8'));
  expect(fieldsOf(schema, 'Query')).toEqual(expect.arrayContaining(['persons', 'personsPage', 'routes', 'route', 'documentHits', 'accountHits', 'statistics']));
  // Audit logs, cases (case.known opens for no partner), JITs and links are no partner's business; nor is any write.
  for (const field of ['auditLog', 'foreignAccess', 'case', 'cases', 'jointInvestigationTeams', 'personLinks', 'cooperationGrants']) expect(fieldsOf(schema, 'Query')).not.toContain(field);
  expect(schema.getMutationType()).toBeUndefined();
  expect(schema.getType('Case')).toBeUndefined();
  expect(fieldsOf(schema, 'Person')).toEqual(expect.arrayContaining(['id', 'country', 'fullName', 'documents', 'nationalities']));
  for (const field of ['involvements', 'cases', 'flaggedForPartners', 'accounts']) expect(fieldsOf(schema, 'Person')).not.toContain(field);
  // Every object field left is one some partner rule opens.
  const { fields } = partnerCoordinates(protocol());
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('__')) continue;
    for (const field of Object.keys(type.getFields())) expect(fields).toContain(`${type.name}.${field}`);
  }
});

test('it follows the protocol both ways: a partner clause removed takes fields out, one added brings them in', () => {
  const closed = protocol();
  closed.rules['person.identity'].anyOf = (closed.rules['person.identity'].anyOf ?? []).filter((c) => !c.roles?.includes('partner'));
  const withoutIdentity = buildSchema(partnerSdl(supergraph, closed));
  expect(fieldsOf(withoutIdentity, 'Person')).not.toContain('fullName');
  expect(fieldsOf(withoutIdentity, 'Person')).toContain('documents');
  const opened = protocol();
  opened.rules['audit.read'].anyOf = [...(opened.rules['audit.read'].anyOf ?? []), { caller: 'foreign', roles: ['partner'] }];
  expect(fieldsOf(buildSchema(partnerSdl(supergraph, opened)), 'Query')).toContain('auditLog');
});

test('a deprecation in the schema reaches the partner contract, with its reason', () => {
  const deprecated = supergraph.replace(/(type Route\b[^{]*\{[^}]*?\n\s+code: ID!)/, '$1 @deprecated(reason: "Use observations.routeCode; removed in protocol v2")');
  expect(deprecated).not.toBe(supergraph);
  expect(partnerSdl(deprecated, protocol())).toContain('code: ID! @deprecated(reason: "Use observations.routeCode; removed in protocol v2")');
});
