/** Which members a root field or an entity reference goes to: pure routing, no servers. */
import { makeId } from '@enlace/platform';
import { parse, type FieldNode, type OperationDefinitionNode } from 'graphql';
import { MemberRouting } from '../../../gateway/src/memberRouting';

const routing = new MemberRouting(['AR', 'CO', 'PE'], new Map([['Route', 'code']]));

function fieldsOf(query: string): { operation: string; fields: FieldNode[] } {
  const op = parse(query).definitions[0] as OperationDefinitionNode;
  return { operation: op.operation, fields: op.selectionSet.selections as FieldNode[] };
}

function plan(query: string, variables: Record<string, unknown> = {}, caller = 'AR') {
  const { operation, fields } = fieldsOf(query);
  return routing.rootFields(operation, fields, variables, caller);
}

const groups = (p: ReturnType<typeof plan>) => p.groups.map((g) => ({ countries: g.countries, fields: g.fields.map((f) => f.alias?.value ?? f.name.value) }));

test('a list fans out to every member, in directory order', () => {
  expect(groups(plan('{ persons { id } }'))).toEqual([{ countries: ['AR', 'CO', 'PE'], fields: ['persons'] }]);
});

test('countries narrows the fan-out, in directory order, whatever the case and order given', () => {
  expect(groups(plan('{ persons(countries: ["pe", "AR", "AR"]) { id } }'))).toEqual([{ countries: ['AR', 'PE'], fields: ['persons'] }]);
  expect(groups(plan('query($c: [String!]) { cases(countries: $c) { id } }', { c: ['CO'] }))).toEqual([{ countries: ['CO'], fields: ['cases'] }]);
});

test('an absent countries variable means every member', () => {
  expect(groups(plan('query($c: [String!]) { cases(countries: $c) { id } }'))[0].countries).toEqual(['AR', 'CO', 'PE']);
});

test('an empty countries list asks nobody', () => {
  const p = plan('{ persons(countries: []) { id } }');
  expect(p.groups).toEqual([]);
  expect(p.unrouted.map((u) => [u.field.name.value, u.error])).toEqual([['persons', undefined]]);
});

test('a malformed country code is BAD_USER_INPUT naming it, and that field goes nowhere', () => {
  const p = plan('{ persons(countries: ["AR", "ARG"]) { id } other: cases { id } }');
  expect(groups(p)).toEqual([{ countries: ['AR', 'CO', 'PE'], fields: ['other'] }]);
  expect(p.unrouted).toHaveLength(1);
  const { error } = p.unrouted[0];
  expect(error).toMatchObject({ path: ['persons'], extensions: { code: 'BAD_USER_INPUT', field: 'countries[1]' } });
  expect(error!.message).toContain('"ARG"');
  expect(error!.message).toMatch(/ISO 3166-1 alpha-2/);
});

test('a well-formed code that is not a member is BAD_USER_INPUT naming it, not silently dropped', () => {
  const p = plan('query($c: [String!]) { persons(countries: $c) { id } }', { c: ['co', 'BR'] });
  expect(p.groups).toEqual([]);
  const { error } = p.unrouted[0];
  expect(error).toMatchObject({ path: ['persons'], extensions: { code: 'BAD_USER_INPUT', field: 'countries[1]' } });
  expect(error!.message).toMatch(/"BR" is not a member state/);
});

test('a by-id field goes to the owner named by the id, and fields for the same owner travel together', () => {
  const p = plan(`{ a: person(id: "${makeId('PE', 'P', 3)}") { id } b: case(id: "${makeId('CO', 'C', 1)}") { id } c: case(id: "${makeId('PE', 'C', 2)}") { id } }`);
  expect(groups(p)).toEqual([{ countries: ['PE'], fields: ['a', 'c'] }, { countries: ['CO'], fields: ['b'] }]);
});

test('an id of a country outside the directory is NOT_FOUND; a string that is no id goes nowhere, without an error', () => {
  const p = plan(`{ a: person(id: "${makeId('BR', 'P', 1)}") { id } b: person(id: "nonsense") { id } }`);
  expect(p.groups).toEqual([]);
  expect(p.unrouted.map((u) => u.error?.extensions?.code)).toEqual(['NOT_FOUND', undefined]);
});

test("a mutation goes to the caller's own member; a caller with no member is NOT_FOUND", () => {
  expect(groups(plan('mutation { createPerson(input: {}) { id } }', {}, 'CO'))).toEqual([{ countries: ['CO'], fields: ['createPerson'] }]);
  const p = plan('mutation { createPerson(input: {}) { id } }', {}, 'XS');
  expect(p.unrouted[0].error).toMatchObject({ path: ['createPerson'], extensions: { code: 'NOT_FOUND' } });
});

test('a mutation whose input names an owner (a cooperation request) goes to that owner; an unknown or malformed one is BAD_USER_INPUT naming input.owner', () => {
  const q = 'mutation($i: CooperationRequestInput!) { requestCooperation(input: $i) { id } }';
  expect(groups(plan(q, { i: { owner: 'ar' } }, 'CO'))).toEqual([{ countries: ['AR'], fields: ['requestCooperation'] }]);
  expect(groups(plan('mutation { requestCooperation(input: { owner: "PE" }) { id } }', {}, 'CO'))[0].countries).toEqual(['PE']);
  for (const owner of ['BR', 'ARG', 42]) {
    const p = plan(q, { i: { owner } }, 'CO');
    expect(p.groups).toEqual([]);
    expect(p.unrouted[0].error).toMatchObject({ path: ['requestCooperation'], extensions: { code: 'BAD_USER_INPUT', field: 'input.owner' } });
  }
});

test('a route by code (a global key) fans out to every member', () => {
  expect(groups(plan('{ route(code: "RT-0001") { code } }'))[0].countries).toEqual(['AR', 'CO', 'PE']);
});

test('entity references go to their owners, global keys to every member, unowned ones are NOT_FOUND', () => {
  const reps = [
    { __typename: 'Person', id: makeId('CO', 'P', 1) },
    { __typename: 'Route', code: 'RT-0001' },
    { __typename: 'Case', id: makeId('AR', 'C', 4) },
    { __typename: 'Person', id: makeId('BR', 'P', 1) },
    { __typename: 'Person', id: makeId('CO', 'P', 2) },
  ];
  const { batches, errors } = routing.entities(reps);
  expect(Object.fromEntries(batches)).toEqual({ CO: [0, 1, 4], AR: [1, 2], PE: [1] });
  expect(errors).toEqual([expect.objectContaining({ path: ['_entities', 3], extensions: { code: 'NOT_FOUND' } })]);
});
