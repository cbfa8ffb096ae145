/** Which selections the gateway makes the owner confirm (gateway/src/ownerCheck.ts). Pure: the schemas' SDL and the supergraph's API schema. */
import { readFileSync } from 'node:fs';
import { parse, print } from 'graphql';
import { Supergraph } from '@apollo/federation-internals';
import { memberSdl, secretariatSdl, supergraphPath } from '@enlace/schema';
import { ownerCheckedDocument, pointedAt } from '@enlace/gateway/dist/ownerCheck';

const api = Supergraph.build(readFileSync(supergraphPath, 'utf8')).apiSchema().toGraphQLJSSchema();
const pointed = pointedAt(memberSdl(), secretariatSdl());
const checked = (query: string) => print(ownerCheckedDocument(parse(query), api, pointed)).replace(/\s+/g, ' ');

test('the secretariat\'s fields that give member records are known, not its own records', () => {
  expect([...pointed.fields].sort()).toEqual(['CooperationSubject.case', 'CooperationSubject.person', 'JointInvestigationTeam.cases', 'Person.linkedRecords', 'PersonLink.records']);
});

test('a member record given by the secretariat is confirmed by its owner, in fragments too; a member\'s own answer is left as asked', () => {
  expect(checked('{ person(id: "AR:P:1") { id linkedRecords { id } } }')).toBe('{ person(id: "AR:P:1") { id linkedRecords { id _enlaceOwnerRef: id _enlaceOwnerCountry: country } } }');
  expect(checked('query { personLinks(personId: "x") { records { ...R } } } fragment R on Person { __typename }'))
    .toContain('records { ...R _enlaceOwnerRef: id _enlaceOwnerCountry: country }');
  const own = '{ persons(first: 5) { id fullName cases { id } } }';
  expect(checked(own)).toBe(print(parse(own)).replace(/\s+/g, ' '));
});
