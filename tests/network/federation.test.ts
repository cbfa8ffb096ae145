/**
 * The network end to end: the real gateway, member subgraphs and secretariat on
 * loopback, seeded in-memory stores, real tokens.
 */
import { makeId } from '@enlace/platform';
import { bearer, gql, startNetwork, type TestNetwork } from '../support/network';

let net: TestNetwork;
let headers: Record<string, string>;

beforeAll(async () => {
  // Each member keeps the cases of its route observations to itself: a denial from every member on one merged route.
  const ownCases = { protocolTightening: { fields: { 'RouteObservation.cases': { anyOf: [{ caller: 'own' as const }] } } } };
  net = await startNetwork({ countries: ['AR', 'CO', 'PE'], persons: 80, memberOptions: { AR: ownCases, CO: ownCases, PE: ownCases } });
  headers = bearer(await net.token({ country: 'AR' }));
});
afterAll(() => net?.close());

const ask = (query: string, variables: Record<string, unknown> = {}) => gql(net.gateway.url, query, variables, headers);
const requests = () => Object.fromEntries([...net.members].map(([c, m]) => [c, m.requests.count]));

test('a name search fans out to every member and merges the lists, each person with its cases', async () => {
  const { body } = await ask('{ persons(filter: {name: "quispe"}, first: 5) { id country familyNames cases { id country } } }');
  expect(body.errors).toBeUndefined();
  const persons = body.data.persons as Array<{ id: string; country: string; familyNames: string; cases: Array<{ id: string }> }>;
  expect(new Set(persons.map((p) => p.country))).toEqual(new Set(['AR', 'CO', 'PE']));
  for (const p of persons) {
    expect(p.id.startsWith(`${p.country}:P:`)).toBe(true);
    expect(p.familyNames).toMatch(/quispe/i);
    for (const c of p.cases) expect(c.id.startsWith(`${p.country}:C:`)).toBe(true);
  }
  expect(persons.find((p) => p.id === makeId('AR', 'P', 1))?.cases.map((c) => c.id)).toContain(makeId('AR', 'C', 1));
});

test('countries narrows the fan-out to the members named, and the others are not asked', async () => {
  const before = requests();
  const { body } = await ask('{ persons(countries: ["CO"], first: 10) { id } }');
  expect(body.errors).toBeUndefined();
  expect(body.data.persons.length).toBe(10);
  expect(body.data.persons.every((p: { id: string }) => p.id.startsWith('CO:'))).toBe(true);
  const after = requests();
  expect(after.CO).toBe(before.CO + 1);
  expect(after.AR).toBe(before.AR);
  expect(after.PE).toBe(before.PE);
});

test('a by-id field reaches only the owner', async () => {
  const before = requests();
  const { body } = await ask(`{ person(id: "${makeId('PE', 'P', 1)}") { id fullName } case(id: "${makeId('CO', 'C', 1)}") { id offences } }`);
  expect(body.errors).toBeUndefined();
  expect(body.data.person.id).toBe(makeId('PE', 'P', 1));
  expect(body.data.case.id).toBe(makeId('CO', 'C', 1));
  const after = requests();
  expect(after.PE - before.PE).toBe(1);
  expect(after.CO - before.CO).toBe(1);
  expect(after.AR).toBe(before.AR);
});

test('an unknown id answers null, not an error from every member', async () => {
  const { body } = await ask(`{ person(id: "${makeId('AR', 'P', 999999)}") { id } }`);
  expect(body.data.person).toBeNull();
});

test('a JIT returns the cases of two members with their persons', async () => {
  const { body } = await ask(`{ jointInvestigationTeam(id: "${makeId('XS', 'J', 1)}") { memberCountries cases { id country summary involved { category person { id country } } } } }`);
  expect(body.errors).toBeUndefined();
  const jit = body.data.jointInvestigationTeam;
  expect(jit.memberCountries).toEqual(['AR', 'CO']);
  expect(jit.cases.map((c: { id: string }) => c.id)).toEqual([makeId('AR', 'C', 1), makeId('CO', 'C', 1)]);
  for (const c of jit.cases) {
    expect(c.summary).toBeTruthy();
    expect(c.involved.length).toBeGreaterThan(0);
    for (const i of c.involved) expect(i.person.country).toBe(c.country);
  }
});

test('linkedRecords hops from a member record to the linked record of another member', async () => {
  const { body } = await ask(`{ person(id: "${makeId('AR', 'P', 1)}") { id familyNames linkedRecords { id country familyNames documents { number } } } }`);
  expect(body.errors).toBeUndefined();
  const linked = body.data.person.linkedRecords;
  expect(linked.map((p: { id: string }) => p.id)).toContain(makeId('CO', 'P', 1));
  expect(linked.find((p: { id: string }) => p.id === makeId('CO', 'P', 1)).familyNames).toBe(body.data.person.familyNames);
});

test('a route code observed by several members merges their observations', async () => {
  const { body } = await ask('{ route(code: "RT-0001") { code observations { id country routeCode origin { country } legs { mode } } } }');
  expect(body.errors).toBeUndefined();
  const observations = body.data.route.observations as Array<{ id: string; country: string; routeCode: string }>;
  expect(new Set(observations.map((o) => o.country))).toEqual(new Set(['AR', 'CO', 'PE']));
  for (const o of observations) {
    expect(o.routeCode).toBe('RT-0001');
    expect(o.id.startsWith(`${o.country}:R:`)).toBe(true);
  }
});

test("a merged route's denials point at the observation of the member that denied, not at another member's", async () => {
  // Asked by a PE prosecutor, AR and CO each deny RouteObservation.cases on their own observations (tightened above).
  const pe = bearer(await net.token({ country: 'PE', roles: ['prosecutor'] }));
  const { body } = await gql(net.gateway.url, '{ route(code: "RT-0001") { observations { country cases { id } } } }', {}, pe);
  const all = body.data.route.observations as Array<{ country: string; cases: unknown }>;
  expect(new Set(all.map((o) => o.country))).toEqual(new Set(['AR', 'CO', 'PE']));
  const observations = all.filter((o) => o.country !== 'PE');
  expect(body.errors).toHaveLength(observations.length);
  for (const e of body.errors as Array<{ path: Array<string | number>; extensions: { code: string; country: string } }>) {
    expect(e.path).toEqual(['route', 'observations', expect.any(Number), 'cases']);
    expect(e.extensions.code).toBe('FORBIDDEN');
    expect(all[e.path[2] as number].country).toBe(e.extensions.country);
  }
  expect(new Set(body.errors.map((e: { path: unknown[] }) => e.path[2])).size).toBe(observations.length);
});

test('countries naming a code that is malformed or not a member is BAD_USER_INPUT naming it, and nobody is asked', async () => {
  const before = requests();
  const malformed = await ask('{ persons(countries: ["AR", "Argentina"]) { id } }');
  expect(malformed.body.errors).toEqual([expect.objectContaining({ path: ['persons'], extensions: expect.objectContaining({ code: 'BAD_USER_INPUT', field: 'countries[1]' }) })]);
  expect(malformed.body.errors[0].message).toContain('"Argentina"');
  const stranger = await ask('query($c: [String!]) { cases(countries: $c) { id } }', { c: ['co', 'BR'] });
  expect(stranger.body.errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'countries[1]' });
  expect(stranger.body.errors[0].message).toMatch(/"BR" is not a member state/);
  expect(requests()).toEqual(before);
});

test('route lists merge the same code from several members into one route', async () => {
  const { body } = await ask('{ routes(first: 100) { code observations { country } } }');
  expect(body.errors).toBeUndefined();
  const codes = body.data.routes.map((r: { code: string }) => r.code);
  expect(new Set(codes).size).toBe(codes.length);
  const rt1 = body.data.routes.find((r: { code: string }) => r.code === 'RT-0001');
  expect(new Set(rt1.observations.map((o: { country: string }) => o.country))).toEqual(new Set(['AR', 'CO', 'PE']));
});

test('filters: offence, status, opening dates and places', async () => {
  const som = await ask('{ cases(filter: {offence: SOM}, first: 20) { id offences } }');
  expect(som.body.data.cases.length).toBeGreaterThan(0);
  for (const c of som.body.data.cases) expect(c.offences).toContain('SOM');

  const dated = await ask('{ cases(filter: {openedFrom: "2022-01-01", openedTo: "2023-12-31"}, first: 50) { openedOn } }');
  for (const c of dated.body.data.cases) expect(c.openedOn >= '2022-01-01' && c.openedOn <= '2023-12-31').toBe(true);

  const route = await ask('{ route(code: "RT-0001") { observations { legs { from { country } to { country } } } } }');
  const place = route.body.data.route.observations[0].legs[0].from.country as string;
  const byPlace = await ask('query($p: String) { routes(filter: {place: $p}, first: 100) { code } }', { p: place.toLowerCase() });
  expect(byPlace.body.data.routes.map((r: { code: string }) => r.code)).toContain('RT-0001');

  const bad = await ask('{ cases(filter: {openedFrom: "2022-13-45"}) { id } }');
  expect(bad.body.errors[0].extensions.code).toBe('BAD_USER_INPUT');
  expect(bad.body.errors[0].extensions.field).toBe('filter.openedFrom');
});

test('a document number matches on normalised values', async () => {
  const { body: first } = await ask(`{ person(id: "${makeId('AR', 'P', 1)}") { documents { number } } }`);
  const number = first.data.person.documents[0].number as string;
  const messy = ` ${number.toLowerCase().replace(/(.)(.)/, '$1 - $2')} `;
  const { body } = await ask('query($n: String) { persons(filter: {documentNumber: $n}, countries: ["AR"]) { id } }', { n: messy });
  expect(body.data.persons.map((p: { id: string }) => p.id)).toContain(makeId('AR', 'P', 1));
});

test('store round trips for a nested query do not grow with the number of records', async () => {
  const query = 'query($n: Int) { persons(countries: ["AR"], first: $n) { id documents { number } involvements { category case { id involved { person { id fullName } } routes { id } } } } }';
  const count = async (n: number) => {
    const before = net.members.get('AR')!.store.stats.queries;
    const { body } = await ask(query, { n });
    expect(body.errors).toBeUndefined();
    expect(body.data.persons.length).toBe(n);
    return net.members.get('AR')!.store.stats.queries - before;
  };
  const few = await count(3);
  const many = await count(60);
  // A short page may take one lookup more than a long one: its cases' other persons are not among those it listed.
  expect(many).toBeLessThanOrEqual(few);
  expect(few).toBeLessThanOrEqual(8);
});

test("an own caller's involvements are read without reading their cases (it knows every case of its own member)", async () => {
  const queries = async (fields: string) => {
    const before = net.members.get('AR')!.store.stats.queries;
    const { body } = await ask(`{ persons(countries: ["AR"], first: 20) { id ${fields} } }`);
    expect(body.errors).toBeUndefined();
    return { queries: net.members.get('AR')!.store.stats.queries - before, persons: body.data.persons as Array<{ involvements?: unknown[] }> };
  };
  const bare = await queries('');
  const involved = await queries('involvements { category }');
  expect(involved.persons.some((p) => p.involvements!.length > 0)).toBe(true);
  expect(involved.queries).toBe(bare.queries + 1); // the involvements alone
});

describe('mutations', () => {
  const countPersons = async () => (await net.members.get('AR')!.store.read('MATCH (p:Person) RETURN count(p) AS n'))[0].n;

  test('a valid person and case are recorded in the caller’s own member state', async () => {
    const person = await ask(
      'mutation($i: PersonInput!) { createPerson(input: $i) { id country fullName aliases documents { number issuingCountry } } }',
      { i: { givenNames: 'Rosa', familyNames: 'Mamani', aliases: ['La Rubia'], dateOfBirth: '1990-05-01', nationalities: ['BO'], documents: [{ type: 'PASSPORT', number: 'BO-77 12', issuingCountry: 'BO' }] } },
    );
    expect(person.body.errors).toBeUndefined();
    const id = person.body.data.createPerson.id as string;
    expect(id).toMatch(/^AR:P:[0-9a-z]{12}$/); // random, not sequential
    const created = await ask(
      'mutation($i: CaseInput!) { createCase(input: $i) { id offences involved { category person { id } } } }',
      { i: { reference: 'FIS-2026-1', offences: ['TIP'], status: 'INVESTIGATION', openedOn: '2026-01-10', summary: 'Recruitment by false job offers.', handlingCode: 'H1', involved: [{ personId: id, category: 'SUSPECT' }] } },
    );
    expect(created.body.errors).toBeUndefined();
    expect(created.body.data.createCase.involved).toEqual([{ category: 'SUSPECT', person: { id } }]);
    const found = await ask('query($id: ID!) { person(id: $id) { fullName cases { id } } }', { id });
    expect(found.body.data.person.cases).toEqual([{ id: created.body.data.createCase.id }]);
  });

  test.each([
    ['input.familyNames', { givenNames: 'Ana', familyNames: '  ' }],
    ['input.dateOfBirth', { givenNames: 'Ana', familyNames: 'Díaz', dateOfBirth: '2031-02-30' }],
    ['input.nationalities[1]', { givenNames: 'Ana', familyNames: 'Díaz', nationalities: ['AR', 'Argentina'] }],
    ['input.documents[0].issuingCountry', { givenNames: 'Ana', familyNames: 'Díaz', documents: [{ type: 'PASSPORT', number: 'X1', issuingCountry: '??' }] }],
  ])('bad input (%s) is refused with BAD_USER_INPUT naming the field, and nothing is written', async (field, input) => {
    const before = await countPersons();
    const { body } = await ask('mutation($i: PersonInput!) { createPerson(input: $i) { id } }', { i: input });
    expect(body.data.createPerson).toBeNull();
    expect(body.errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
    expect(await countPersons()).toBe(before);
  });

  test('a case naming a person that does not exist writes nothing at all', async () => {
    const casesBefore = (await net.members.get('AR')!.store.read('MATCH (c:`Case`) RETURN count(c) AS n'))[0].n;
    const { body } = await ask('mutation($i: CaseInput!) { createCase(input: $i) { id } }', {
      i: { reference: 'X', offences: ['SOM'], status: 'INVESTIGATION', openedOn: '2025-01-01', summary: 'x', handlingCode: 'H0', involved: [{ personId: makeId('AR', 'P', 1), category: 'SUSPECT' }, { personId: makeId('AR', 'P', 987654), category: 'VICTIM' }] },
    });
    expect(body.errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.involved[1].personId' });
    expect((await net.members.get('AR')!.store.read('MATCH (c:`Case`) RETURN count(c) AS n'))[0].n).toBe(casesBefore);
  });

  test('a member never records another member’s records', async () => {
    const { body } = await ask(`mutation { addInvolvement(caseId: "${makeId('CO', 'C', 1)}", input: {personId: "${makeId('CO', 'P', 1)}", category: WITNESS}) { id } }`);
    expect(body.errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'caseId' });
  });
});

test('requests without a valid token are refused at the gateway', async () => {
  const res = await gql(net.gateway.url, '{ persons { id } }');
  expect(res.status).toBe(401);
  expect(res.body.errors?.[0].extensions.code).toBe('UNAUTHENTICATED');
  const health = await fetch(net.gateway.url.replace(/graphql$/, 'health'));
  expect(health.status).toBe(200);
});

test('query size is limited at the gateway', async () => {
  const deep = '{ persons(first: 1) { cases { involved { case { involved { case { involved { case { involved { case { involved { person { id } } } } } } } } } } } } }';
  const { body } = await ask(deep);
  expect(body.errors[0].message).toMatch(/^Query depth limit of 10 exceeded, found \d+\.$/);
  expect(body.data).toBeUndefined();
});

// The secretariat's records and their agreement flows: tests/secretariat/.

