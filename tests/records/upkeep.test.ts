/**
 * Changing and erasing records over HTTP, under the protocol, both ways: the owner's
 * prosecutors (and, for changes, analysts) may; a foreign prosecutor and the
 * owner's auditor may not, and nothing changes. Erased records are gone from
 * lists, by id, from name search and from the store; the audit log keeps the id,
 * not the data. The retention flag is read by the owner's prosecutors only.
 */
import type { Store } from '@enlace/store';
import { bearer, gql, startNetwork, type TestNetwork } from '../support/network';

let net: TestNetwork;
let store: Store;
const headers = new Map<string, Record<string, string>>();

beforeAll(async () => {
  net = await startNetwork({ countries: ['AR', 'CO'], persons: 20, memberOptions: { AR: { retentionYears: 5 } } });
  store = net.members.get('AR')!.store;
  for (const [name, country, role] of [['prosecutor', 'AR', 'prosecutor'], ['analyst', 'AR', 'analyst'], ['auditor', 'AR', 'auditor'], ['foreign', 'CO', 'prosecutor']] as const) {
    headers.set(name, bearer(await net.token({ country, roles: [role] })));
  }
});
afterAll(() => net?.close());

type Who = 'prosecutor' | 'analyst' | 'auditor' | 'foreign';
/** Own callers through the gateway; the foreign prosecutor straight at AR (through the gateway a mutation goes to the caller's own member). */
const ask = (who: Who, query: string, variables: Record<string, unknown> = {}) =>
  gql(who === 'foreign' ? net.members.get('AR')!.url : net.gateway.url, query, variables, headers.get(who)!);
const viaGateway = (who: Who, query: string, variables: Record<string, unknown> = {}) => gql(net.gateway.url, query, variables, headers.get(who)!);

async function createPerson(familyNames: string): Promise<string> {
  const { body } = await ask('prosecutor', 'mutation($i: PersonInput!) { createPerson(input: $i) { id } }', {
    i: { givenNames: 'Zoraida', familyNames, dateOfBirth: '1980-02-29', nationalities: ['PY'], documents: [{ type: 'PASSPORT', number: `PY-${familyNames}`, issuingCountry: 'PY' }] },
  });
  expect(body.errors).toBeUndefined();
  return body.data.createPerson.id;
}

async function createCase(personId: string, reference: string): Promise<string> {
  const { body } = await ask('prosecutor', 'mutation($i: CaseInput!) { createCase(input: $i) { id } }', {
    i: { reference, offences: ['TIP'], status: 'INVESTIGATION', openedOn: '2014-05-02', summary: 'Captación por redes sociales.', handlingCode: 'H1', involved: [{ personId, category: 'SUSPECT' }] },
  });
  expect(body.errors).toBeUndefined();
  return body.data.createCase.id;
}

const CASE = 'query($id: ID!) { case(id: $id) { status closedOn handlingCode handlingConditions } }';
const UPDATE_CASE = 'mutation($id: ID!, $i: CaseUpdateInput!) { updateCase(caseId: $id, input: $i) { id status closedOn handlingCode handlingConditions } }';
const names = async (name: string) => (await ask('prosecutor', 'query($n: String!) { persons(filter: {name: $n}, countries: ["AR"]) { id } }', { n: name })).body.data.persons.map((p: { id: string }) => p.id);
const nodes = async (id: string) => Number((await store.read('MATCH (n) WHERE n.id = $id RETURN count(n) AS n', { id }))[0].n);

describe('updateCase (write.own-member)', () => {
  test('the owner\'s prosecutor closes a case and sets its handling; an analyst may too', async () => {
    const id = await createCase(await createPerson('Ybarra'), 'FIS-UPD-1');
    const { body } = await ask('prosecutor', UPDATE_CASE, { id, i: { status: 'CLOSED', closedOn: '2019-06-30', handlingCode: 'H3', handlingConditions: 'Consultar antes de usar.' } });
    expect(body.errors).toBeUndefined();
    expect(body.data.updateCase).toEqual({ id, status: 'CLOSED', closedOn: '2019-06-30', handlingCode: 'H3', handlingConditions: 'Consultar antes de usar.' });
    const analyst = await ask('analyst', UPDATE_CASE, { id, i: { status: 'TRIAL', handlingCode: 'H1', handlingConditions: null } });
    expect(analyst.body.errors).toBeUndefined();
    // Reopening clears the closing date.
    expect(analyst.body.data.updateCase).toEqual({ id, status: 'TRIAL', closedOn: null, handlingCode: 'H1', handlingConditions: null });
  });

  test('bad input is BAD_USER_INPUT naming the field, and changes nothing', async () => {
    const id = await createCase(await createPerson('Zárate'), 'FIS-UPD-2');
    const before = (await ask('prosecutor', CASE, { id })).body.data.case;
    for (const [input, field] of [
      [{ handlingCode: 'H3' }, 'input.handlingConditions'],
      [{ status: 'CLOSED', closedOn: '2010-01-01' }, 'input.closedOn'],
      [{ closedOn: '2020-01-01' }, 'input.closedOn'],
      [{ status: 'CLOSED', closedOn: '2099-01-01' }, 'input.closedOn'],
    ] as const) {
      const { body } = await ask('prosecutor', UPDATE_CASE, { id, i: input });
      expect({ input, ext: body.errors?.[0]?.extensions }).toMatchObject({ input, ext: { code: 'BAD_USER_INPUT', field } });
    }
    expect((await ask('prosecutor', CASE, { id })).body.data.case).toEqual(before);
  });

  test('the owner\'s auditor and a foreign prosecutor may not: FORBIDDEN naming the rule, nothing changes', async () => {
    const id = await createCase(await createPerson('Urquiza'), 'FIS-UPD-3');
    const before = (await ask('prosecutor', CASE, { id })).body.data.case;
    for (const who of ['auditor', 'foreign'] as const) {
      const { body } = await ask(who, UPDATE_CASE, { id, i: { status: 'TRIAL' } });
      expect(body.data?.updateCase ?? null).toBeNull();
      expect(body.errors[0].extensions).toMatchObject({ code: 'FORBIDDEN', rule: 'write.own-member' });
    }
    expect((await ask('prosecutor', CASE, { id })).body.data.case).toEqual(before);
  });
});

describe('updateCase: the coded modus operandi (write.own-member)', () => {
  const MO = 'recruitment transport documentFraud payment exploitation';
  const READ = `query($id: ID!) { case(id: $id) { ${MO} } }`;
  const UPDATE = `mutation($id: ID!, $i: CaseUpdateInput!) { updateCase(caseId: $id, input: $i) { id ${MO} } }`;

  test('the owner\'s prosecutor classifies a case, changes one code and clears another; the others keep their value; audited; found by the new code', async () => {
    const id = await createCase(await createPerson('Mansilla'), 'FIS-UPD-MO-1');
    const set = await viaGateway('prosecutor', UPDATE, { id, i: { recruitment: 'SOCIAL_MEDIA', transport: 'LAND', documentFraud: 'FORGED', payment: 'DEBT_BONDAGE', exploitation: 'LABOUR' } });
    expect(set.body.errors).toBeUndefined();
    expect(set.body.data.updateCase).toEqual({ id, recruitment: 'SOCIAL_MEDIA', transport: 'LAND', documentFraud: 'FORGED', payment: 'DEBT_BONDAGE', exploitation: 'LABOUR' });
    const changed = await viaGateway('analyst', UPDATE, { id, i: { exploitation: 'DOMESTIC_SERVITUDE', payment: null, status: 'TRIAL' } });
    expect(changed.body.errors).toBeUndefined();
    expect((await ask('prosecutor', READ, { id })).body.data.case).toEqual({ recruitment: 'SOCIAL_MEDIA', transport: 'LAND', documentFraud: 'FORGED', payment: null, exploitation: 'DOMESTIC_SERVITUDE' });
    const found = await ask('prosecutor', '{ cases(filter: { exploitation: DOMESTIC_SERVITUDE }, countries: ["AR"], first: 500) { id } }');
    expect(found.body.data.cases.map((c: { id: string }) => c.id)).toContain(id);
    // Audited: the creation and both changes wrote the case.
    const audit = await viaGateway('auditor', 'query($r: ID!) { auditLog(countries: ["AR"], filter: {record: $r}) { wrote } }', { r: id });
    expect(audit.body.errors).toBeUndefined();
    expect(audit.body.data.auditLog.filter((e: { wrote: string[] }) => e.wrote.includes(id))).toHaveLength(3);
  });

  test('a value outside the vocabulary is refused naming the field, and changes nothing', async () => {
    const id = await createCase(await createPerson('Ocampo'), 'FIS-UPD-MO-2');
    const { body } = await ask('prosecutor', 'mutation($id: ID!) { updateCase(caseId: $id, input: { exploitation: PIRACY }) { id } }', { id });
    expect(body.errors[0].extensions.code).toMatch(/GRAPHQL_VALIDATION_FAILED|BAD_USER_INPUT/);
    expect((await ask('prosecutor', READ, { id })).body.data.case).toEqual({ recruitment: null, transport: null, documentFraud: null, payment: null, exploitation: null });
  });

  test('the owner\'s auditor and a foreign prosecutor may not: FORBIDDEN naming the rule, nothing changes', async () => {
    const id = await createCase(await createPerson('Pringles'), 'FIS-UPD-MO-3');
    for (const who of ['auditor', 'foreign'] as const) {
      const { body } = await ask(who, UPDATE, { id, i: { recruitment: 'ONLINE' } });
      expect(body.data?.updateCase ?? null).toBeNull();
      expect(body.errors[0].extensions).toMatchObject({ code: 'FORBIDDEN', rule: 'write.own-member' });
    }
    expect((await ask('prosecutor', READ, { id })).body.data.case.recruitment).toBeNull();
  });
});

describe('updatePerson (write.own-member)', () => {
  const UPDATE = 'mutation($id: ID!, $i: PersonUpdateInput!) { updatePerson(personId: $id, input: $i) { id fullName nationalities documents { type number issuingCountry } } }';

  test('a rename and new documents: found by the new name only, the old documents gone', async () => {
    const id = await createPerson('Echeverría');
    expect(await names('zoraida echeverria')).toEqual([id]);
    const { body } = await ask('prosecutor', UPDATE, { id, i: { familyNames: 'Ochoa', documents: [{ type: 'NATIONAL_ID', number: '4.555.666', issuingCountry: 'PY' }] } });
    expect(body.errors).toBeUndefined();
    expect(body.data.updatePerson).toEqual({ id, fullName: 'Zoraida Ochoa', nationalities: ['PY'], documents: [{ type: 'NATIONAL_ID', number: '4.555.666', issuingCountry: 'PY' }] });
    expect(await names('zoraida ochoa')).toEqual([id]);
    expect(await names('echeverria')).toEqual([]);
    // Persons written after the rename are found by prefix too (the index was rebuilt, not left half-maintained).
    const later = await createPerson('Irigoyen');
    expect(await names('irigo')).toEqual([later]);
    const bad = await ask('prosecutor', UPDATE, { id, i: { nationalities: ['Paraguay'] } });
    expect(bad.body.errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.nationalities[0]' });
    const empty = await ask('prosecutor', UPDATE, { id, i: { givenNames: ' ' } });
    expect(empty.body.errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.givenNames' });
  });

  test('the owner\'s auditor and a foreign prosecutor may not', async () => {
    const id = await createPerson('Lascano');
    for (const who of ['auditor', 'foreign'] as const) {
      const { body } = await ask(who, UPDATE, { id, i: { familyNames: 'Otro' } });
      expect(body.errors[0].extensions).toMatchObject({ code: 'FORBIDDEN', rule: 'write.own-member' });
    }
    expect(await names('lascano')).toEqual([id]);
  });
});

describe('dates: an empty or blank text is refused wherever a date is expected (BAD_USER_INPUT naming the field); null still clears', () => {
  const UPDATE = 'mutation($id: ID!, $i: PersonUpdateInput!) { updatePerson(personId: $id, input: $i) { id dateOfBirth } }';
  const DATE_OF_BIRTH = 'query($id: ID!) { person(id: $id) { dateOfBirth } }';
  const refusal = (field: string) => [expect.objectContaining({ message: expect.stringMatching(new RegExp(`^${field.replace(/[.[\]]/g, '\\$&')}: must be a date as YYYY-MM-DD, not an empty text`)), extensions: expect.objectContaining({ code: 'BAD_USER_INPUT', field }) })];

  test('updatePerson(input: {dateOfBirth: ""}) keeps the date of birth; null clears it, as the API says', async () => {
    const id = await createPerson('Quiroga');
    for (const blank of ['', '   ']) {
      const { body } = await ask('prosecutor', UPDATE, { id, i: { dateOfBirth: blank } });
      expect(body.data.updatePerson).toBeNull();
      expect(body.errors).toEqual(refusal('input.dateOfBirth'));
      expect((await ask('prosecutor', DATE_OF_BIRTH, { id })).body.data.person.dateOfBirth).toBe('1980-02-29');
    }
    const cleared = await ask('prosecutor', UPDATE, { id, i: { dateOfBirth: null } });
    expect(cleared.body.errors).toBeUndefined();
    expect(cleared.body.data.updatePerson).toEqual({ id, dateOfBirth: null });
  });

  test('every other date the member takes, in mutations and in filters', async () => {
    const kase = await createCase(await createPerson('Villalba'), 'FIS-DATE-1');
    const leg = { from: { country: 'BO' }, to: { country: 'AR' }, mode: 'LAND' };
    const cases: Array<[string, Record<string, unknown>, string]> = [
      ['mutation($i: PersonInput!) { createPerson(input: $i) { id } }', { i: { givenNames: 'Ana', familyNames: 'Benítez', dateOfBirth: '' } }, 'input.dateOfBirth'],
      ['mutation($i: CaseInput!) { createCase(input: $i) { id } }', { i: { reference: 'FIS-DATE-2', offences: ['TIP'], status: 'INVESTIGATION', openedOn: ' ', summary: 'Sin fecha.', handlingCode: 'H1' } }, 'input.openedOn'],
      [UPDATE_CASE, { id: kase, i: { status: 'CLOSED', closedOn: '' } }, 'input.closedOn'],
      ['mutation($id: ID!, $d: String) { setCaseStatus(caseId: $id, status: CLOSED, closedOn: $d) { id } }', { id: kase, d: '' }, 'closedOn'],
      ['mutation($i: RouteObservationInput!) { recordRouteObservation(input: $i) { id } }', { i: { routeCode: 'RT-0001', legs: [leg], activeFrom: '' } }, 'input.activeFrom'],
      ['mutation($i: RouteObservationInput!) { recordRouteObservation(input: $i) { id } }', { i: { routeCode: 'RT-0001', legs: [leg], activeTo: '\t' } }, 'input.activeTo'],
      ['{ cases(filter: { openedFrom: "" }, countries: ["AR"]) { id } }', {}, 'filter.openedFrom'],
      ['{ routes(filter: { activeTo: " " }, countries: ["AR"]) { code } }', {}, 'filter.activeTo'],
    ];
    for (const [query, variables, field] of cases) {
      const { body } = await ask('prosecutor', query, variables);
      expect({ field, errors: body.errors }).toEqual({ field, errors: refusal(field) });
    }
    expect((await ask('prosecutor', CASE, { id: kase })).body.data.case.status).toBe('INVESTIGATION');
  });
});

describe('erasure (write.erase: the owner\'s prosecutors only)', () => {
  const ERASE_PERSON = 'mutation($id: ID!) { erasePerson(personId: $id) { id documents involvements } }';
  const ERASE_CASE = 'mutation($id: ID!) { eraseCase(caseId: $id) { id documents involvements } }';

  test('an analyst, the auditor and a foreign prosecutor may not erase: FORBIDDEN naming the rule, nothing erased', async () => {
    const person = await createPerson('Garmendia');
    const kase = await createCase(person, 'FIS-ERA-0');
    for (const who of ['analyst', 'auditor', 'foreign'] as const) {
      for (const [query, id] of [[ERASE_PERSON, person], [ERASE_CASE, kase]]) {
        const { body } = await ask(who, query, { id });
        expect({ who, ext: body.errors?.[0]?.extensions }).toMatchObject({ who, ext: { code: 'FORBIDDEN', rule: 'write.erase' } });
      }
    }
    expect(await nodes(person)).toBe(1);
    expect(await nodes(kase)).toBe(1);
  });

  test('a person is erased with its documents and involvements: gone by id, from lists, from name search and from the store', async () => {
    const person = await createPerson('Arrieta');
    const kase = await createCase(person, 'FIS-ERA-1');
    const { body } = await ask('prosecutor', ERASE_PERSON, { id: person });
    expect(body.errors).toBeUndefined();
    expect(body.data.erasePerson).toEqual({ id: person, documents: 1, involvements: 1 });
    expect((await ask('prosecutor', 'query($id: ID!) { person(id: $id) { id } }', { id: person })).body.data.person).toBeNull();
    expect(await names('arrieta')).toEqual([]);
    const listed = (await ask('prosecutor', '{ persons(countries: ["AR"], first: 500) { id } }')).body.data.persons.map((p: { id: string }) => p.id);
    expect(listed).not.toContain(person);
    expect((await ask('prosecutor', 'query($id: ID!) { case(id: $id) { involved { person { id } } } }', { id: kase })).body.data.case.involved).toEqual([]);
    expect(await nodes(person)).toBe(0);
    expect(await store.read('MATCH (d:Document) WHERE d.number = $n RETURN d.id', { n: 'PY-Arrieta' })).toEqual([]);
    expect(await store.read('MATCH (p:Person) WHERE p.searchText CONTAINS $w RETURN p.id', { w: 'arrieta' })).toEqual([]);
    // The audit log keeps that the request wrote (erased) the id, not the data.
    const audit = await viaGateway('auditor', 'query($r: ID!) { auditLog(countries: ["AR"], filter: {record: $r}) { operation { type } wrote } }', { r: person });
    const entries = audit.body.data.auditLog as Array<{ operation: { type: string }; wrote: string[] }>;
    expect(entries.filter((e) => e.operation.type === 'mutation').length).toBe(2); // created, erased
    expect(JSON.stringify(audit.body)).not.toMatch(/Arrieta|Zoraida/);
    // Erasing it again: there is nothing to erase.
    expect((await ask('prosecutor', ERASE_PERSON, { id: person })).body.errors[0].extensions.code).toBe('NOT_FOUND');
  });

  test('a case is erased with its involvements; its persons stay', async () => {
    const person = await createPerson('Basualdo');
    const kase = await createCase(person, 'FIS-ERA-2');
    const { body } = await ask('prosecutor', ERASE_CASE, { id: kase });
    expect(body.data.eraseCase).toEqual({ id: kase, documents: 0, involvements: 1 });
    expect((await ask('prosecutor', 'query($id: ID!) { case(id: $id) { id } }', { id: kase })).body.data.case).toBeNull();
    const cases = (await ask('prosecutor', '{ cases(countries: ["AR"], first: 500) { id } }')).body.data.cases.map((c: { id: string }) => c.id);
    expect(cases).not.toContain(kase);
    const still = await ask('prosecutor', 'query($id: ID!) { person(id: $id) { id cases { id } } }', { id: person });
    expect(still.body.data.person).toEqual({ id: person, cases: [] });
    expect(await nodes(kase)).toBe(0);
  });
});

describe('retention (case.retention: the owner\'s prosecutors; MEMBER_RETENTION_YEARS=5 here)', () => {
  const RETENTION = 'query($id: ID!) { case(id: $id) { retentionEndsOn pastRetention } }';

  test('a case closed more than five years ago is past retention; an open case has no retention date', async () => {
    const closed = await createCase(await createPerson('Ledesma'), 'FIS-RET-1');
    await ask('prosecutor', UPDATE_CASE, { id: closed, i: { status: 'CLOSED', closedOn: '2016-02-29' } });
    expect((await ask('prosecutor', RETENTION, { id: closed })).body.data.case).toEqual({ retentionEndsOn: '2021-02-28', pastRetention: true });
    const open = await createCase(await createPerson('Medina'), 'FIS-RET-2');
    expect((await ask('prosecutor', RETENTION, { id: open })).body.data.case).toEqual({ retentionEndsOn: null, pastRetention: false });
  });

  test('the analyst, the auditor and a foreign prosecutor are not told: FORBIDDEN naming the rule', async () => {
    const id = await createCase(await createPerson('Peralta'), 'FIS-RET-3');
    for (const who of ['analyst', 'auditor', 'foreign'] as const) {
      const { body } = await viaGateway(who, RETENTION, { id });
      expect(body.data.case).toEqual({ retentionEndsOn: null, pastRetention: null });
      expect(body.errors.map((e: { extensions: { code: string; rule: string } }) => [e.extensions.code, e.extensions.rule])).toEqual([
        ['FORBIDDEN', 'case.retention'], ['FORBIDDEN', 'case.retention'],
      ]);
    }
  });
});
