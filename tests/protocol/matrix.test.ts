/**
 * The protocol matrix: generated from schema/protocol/v1.json. For every
 * caller of the catalogue and a varied set of one member's records, every
 * field the protocol names is asked for, through the gateway and directly
 * from the member; each answer must be what the rule says (a value, or null
 * with FORBIDDEN naming the rule), records the caller may not know of must be
 * absent, and every rule must have been seen both granting and denying.
 */
import { makeId } from '@enlace/platform';
import { generateMember } from '@enlace/scripts/seed/generate';
import { bearer, documentPseudonym, gql, startNetwork, SEED, type TestNetwork } from '../support/network';
import { buildWorld, callers, catalogue, grants, knows, type CallerSpec, type World } from './oracle';

const COUNTRIES = ['AR', 'CO', 'PE'];
const OWNER = 'AR';
const PERSONS = 60;
const JIT = makeId('XS', 'J', 1);

let net: TestNetwork;
let world: World;
let records: { persons: string[]; cases: string[] };
/** A document held by that person alone, per person of the catalogue that has one. */
let uniqueDocuments: Map<string, { number: string; issuingCountry: string }>;
const tokens = new Map<string, string>();
/** Per rule, what the matrix saw: granted and denied. */
const seen = new Map<string, { granted: number; denied: number }>();
const tally = (rule: string, granted: boolean) => {
  const t = seen.get(rule) ?? seen.set(rule, { granted: 0, denied: 0 }).get(rule)!;
  if (granted) t.granted++;
  else t.denied++;
};

const CALLERS = callers(OWNER, 'CO', 'PE', JIT);

beforeAll(async () => {
  net = await startNetwork({ countries: COUNTRIES, persons: PERSONS });
  world = buildWorld(OWNER, COUNTRIES, PERSONS, SEED);
  records = catalogue(world);
  const documents = [...generateMember(OWNER, { persons: PERSONS, seed: SEED })].flatMap((b) => b.documents);
  const holders = new Map<string, Set<string>>();
  for (const d of documents) (holders.get(d.number) ?? holders.set(d.number, new Set()).get(d.number)!).add(d.personId);
  uniqueDocuments = new Map(documents.filter((d) => holders.get(d.number)!.size === 1).map((d) => [d.personId, d] as const));
  for (const c of CALLERS) tokens.set(c.name, await net.token({ country: c.country, roles: c.roles }));
});
afterAll(async () => {
  await net?.close();
});

const headersOf = (c: CallerSpec) => bearer(tokens.get(c.name)!, 'Protocol matrix', c.caseRef ?? 'TEST-1');

/** Subselections for fields of object type, chosen so that list contents can be checked. */
const SUBSELECTION: Record<string, string> = {
  'Person.documents': '{ type number issuingCountry }',
  'Person.involvements': '{ category case { id } }',
  'Person.cases': '{ id }',
  'Case.involved': '{ category person { id } }',
  'Case.routes': '{ id routeCode }',
  'Person.accounts': '{ id identifier holder { id } transfers { id } }',
  'Case.transfers': '{ id amount currency channel from { id } to { id } case { id } }',
  'Case.transfersPage': '{ items { id } count hasNextPage }',
};

function selection(type: 'Person' | 'Case'): string {
  return Object.keys(world.protocol.fields[type]).map((f) => `${f} ${SUBSELECTION[`${type}.${f}`] ?? ''}`.trim()).join(' ');
}

function chunks<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

type Answer = { data?: Record<string, any>; errors?: any[] }; // eslint-disable-line @typescript-eslint/no-explicit-any

/** Asks for every protocol field of the given records, in requests that stay under the gateway's size limit. */
async function askRecords(url: string, caller: CallerSpec, kind: 'Person' | 'Case', ids: string[]): Promise<Map<string, { value: any; errors: any[] }>> { // eslint-disable-line @typescript-eslint/no-explicit-any
  const out = new Map<string, { value: any; errors: any[] }>(); // eslint-disable-line @typescript-eslint/no-explicit-any
  const root = kind === 'Person' ? 'person' : 'case';
  for (const part of chunks(ids, 8)) {
    const query = `query { ${part.map((id, i) => `r${i}: ${root}(id: "${id}") { ...F }`).join(' ')} } fragment F on ${kind} { ${selection(kind)} }`;
    const { status, body } = (await gql(url, query, {}, headersOf(caller))) as { status: number; body: Answer };
    expect(status).toBe(200);
    part.forEach((id, i) => out.set(id, { value: body.data?.[`r${i}`] ?? null, errors: (body.errors ?? []).filter((e) => e.path?.[0] === `r${i}`) }));
  }
  return out;
}

function checkRecords(caller: CallerSpec, kind: 'Person' | 'Case', answers: Map<string, { value: any; errors: any[] }>, problems: string[]): void { // eslint-disable-line @typescript-eslint/no-explicit-any
  for (const [id, { value, errors }] of answers) {
    const target = { kind, id };
    const known = knows(world, caller, target);
    tally(world.protocol.visibility[kind], known);
    if (!known) {
      // The record is withheld as a whole; its fields' rules were not asked, but what they say still counts.
      for (const rule of Object.values(world.protocol.fields[kind])) tally(rule, grants(world, rule, caller, target));
      if (value !== null) problems.push(`${id}: should not exist for the caller, got a record`);
      if (errors.length) problems.push(`${id}: should answer a plain null, got errors ${JSON.stringify(errors.map((e) => e.extensions?.code))}`);
      continue;
    }
    if (value === null) {
      problems.push(`${id}: should be known to the caller, got null (${JSON.stringify(errors.map((e) => e.message))})`);
      continue;
    }
    for (const [field, rule] of Object.entries(world.protocol.fields[kind])) {
      const expected = grants(world, rule, caller, target);
      tally(rule, expected);
      const fieldErrors = errors.filter((e) => e.path?.length === 2 && e.path[1] === field);
      if (expected) {
        if (fieldErrors.length) problems.push(`${id}.${field} (${rule}): should be granted, got ${JSON.stringify(fieldErrors.map((e) => [e.extensions?.code, e.extensions?.rule]))}`);
      } else {
        const denial = fieldErrors.find((e) => e.extensions?.code === 'FORBIDDEN');
        if (value[field] !== null) problems.push(`${id}.${field} (${rule}): should be withheld, got a value`);
        if (!denial) problems.push(`${id}.${field} (${rule}): should be FORBIDDEN, got ${JSON.stringify(fieldErrors)}`);
        else if (denial.extensions.rule !== rule) problems.push(`${id}.${field}: denial names rule ${denial.extensions.rule}, expected ${rule}`);
      }
    }
    // Lists inside the record hold only what the caller may know of.
    const lists: Array<[string, string[] | undefined, 'Person' | 'Case']> = kind === 'Person'
      ? [
          ['cases', value.cases?.map((c: { id: string }) => c.id), 'Case'],
          ['involvements', value.involvements?.map((i: { case: { id: string } }) => i.case.id), 'Case'],
        ]
      : [['involved', value.involved?.map((i: { person: { id: string } }) => i.person.id), 'Person']];
    for (const [field, ids, listKind] of lists) {
      for (const other of ids ?? []) if (!knows(world, caller, { kind: listKind, id: other })) problems.push(`${id}.${field} lists ${other}, which the caller may not know of`);
    }
    if (kind === 'Case' && value.involved) {
      const expected = world.involvements.filter((i) => i.caseId === id && knows(world, caller, { kind: 'Person', id: i.personId })).map((i) => i.personId);
      const got = value.involved.map((i: { person: { id: string } }) => i.person.id);
      if (JSON.stringify([...got].sort()) !== JSON.stringify([...expected].sort())) problems.push(`${id}.involved: expected ${expected.join(',')}, got ${got.join(',')}`);
    }
  }
}

async function listsOf(url: string, caller: CallerSpec): Promise<{ persons: string[]; cases: string[] }> {
  const { body } = (await gql(url, `{ persons(countries: ["${OWNER}"], first: 500) { id } cases(countries: ["${OWNER}"], first: 500) { id } }`, {}, headersOf(caller))) as { body: Answer };
  expect(body.errors).toBeUndefined();
  return { persons: body.data!.persons.map((p: { id: string }) => p.id).sort(), cases: body.data!.cases.map((c: { id: string }) => c.id).sort() };
}

const endpoints: Array<[string, () => string]> = [
  ['through the gateway', () => net.gateway.url],
  ['directly from the member', () => net.members.get(OWNER)!.url],
];

describe.each(endpoints)('%s', (_where, url) => {
  test.each(CALLERS.map((c) => [c.name, c] as const))('%s: every field of the owner\'s records is answered as the protocol says', async (_name, caller) => {
    const problems: string[] = [];
    checkRecords(caller, 'Person', await askRecords(url(), caller, 'Person', records.persons), problems);
    checkRecords(caller, 'Case', await askRecords(url(), caller, 'Case', records.cases), problems);
    expect(problems).toEqual([]);
  });

  test.each(CALLERS.map((c) => [c.name, c] as const))('%s: hit/no-hit reports exactly the persons person.hit grants', async (_name, caller) => {
    const problems: string[] = [];
    for (const id of records.persons) {
      const doc = uniqueDocuments.get(id);
      if (!doc) continue;
      const expected = grants(world, 'person.hit', caller, { kind: 'Person', id });
      tally('person.hit', expected);
      const { body } = (await gql(url(), `{ documentHits(pseudonym: "${documentPseudonym(net, doc.issuingCountry, doc.number)}") { country hit reference } }`, {}, headersOf(caller))) as { body: Answer };
      const mine = body.data?.documentHits?.find((h: { country: string }) => h.country === OWNER);
      if (!mine || mine.hit !== expected || (mine.reference !== null) !== expected) problems.push(`${id}: expected hit ${expected}, got ${JSON.stringify(mine ?? body.errors)}`);
    }
    expect(problems).toEqual([]);
  });

  test.each(CALLERS.map((c) => [c.name, c] as const))('%s: lists hold exactly the records the caller may know of', async (_name, caller) => {
    const lists = await listsOf(url(), caller);
    expect(lists.persons).toEqual([...world.persons.keys()].filter((id) => knows(world, caller, { kind: 'Person', id })).sort());
    expect(lists.cases).toEqual([...world.cases.keys()].filter((id) => knows(world, caller, { kind: 'Case', id })).sort());
  });
});

test('the catalogue is varied enough: every rule of the protocol that looks at a record or a caller was seen granting and denying', () => {
  const conditional = Object.entries(world.protocol.rules).filter(([, r]) => r.subject).map(([name]) => name);
  for (const name of conditional) {
    expect({ name, ...seen.get(name) }).toEqual({ name, granted: expect.any(Number), denied: expect.any(Number) });
    expect(seen.get(name)!.granted).toBeGreaterThan(0);
    expect(seen.get(name)!.denied).toBeGreaterThan(0);
  }
});

// ---- the rules on root fields, both ways --------------------------------------------

const OWN = () => CALLERS[0];
const noPurpose = (c: CallerSpec) => ({ authorization: `Bearer ${tokens.get(c.name)}` });

describe.each(endpoints)('root fields %s', (where, url) => {
  const protectedReads: Array<[string, string, string]> = [
    ['record.query', 'persons', '{ persons(countries: ["AR"], first: 2) { id } }'],
    ['record.query', 'person', `{ person(id: "${makeId('AR', 'P', 1)}") { id } }`],
    ['record.query', 'cases', '{ cases(countries: ["AR"], first: 2) { id } }'],
    ['record.query', 'case', `{ case(id: "${makeId('AR', 'C', 1)}") { id } }`],
    ['hit-no-hit', 'documentHits', '{ documentHits(pseudonym: "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA") { country hit } }'],
  ];

  test.each(protectedReads)('%s (%s): granted with a purpose and a case reference, PURPOSE_REQUIRED without', async (rule, field, query) => {
    for (const caller of CALLERS) {
      const granted = await gql(url(), query, {}, headersOf(caller));
      expect(granted.body.errors).toBeUndefined();
      // Granted; a by-id read of a record the caller may not know of answers null like a missing record.
      const byId = /\(id: "(\w\w:\w:\w+)"\)/.exec(query);
      const present = !byId || knows(world, caller, { kind: field === 'person' ? 'Person' : 'Case', id: byId[1] });
      expect({ caller: caller.name, present: granted.body.data[field] !== null }).toEqual({ caller: caller.name, present });
      tally(rule, true);
    }
    const refused = await gql(url(), query, {}, noPurpose(OWN()));
    // The gateway refuses the request once, before any member is asked (no data); a member, the field.
    const atGateway = where.includes('gateway');
    const error = refused.body.errors?.find((e) => (atGateway ? !e.path : e.path?.[0] === field));
    expect(error?.extensions).toMatchObject({ code: 'PURPOSE_REQUIRED', rule });
    if (atGateway) expect([refused.body.data, refused.body.errors?.length]).toEqual([undefined, 1]);
    else expect(refused.body.data?.[field] ?? null).toBeNull();
    // A purpose without a case reference is not enough.
    const half = await gql(url(), query, {}, { ...noPurpose(OWN()), 'x-enlace-purpose': 'Investigation' });
    expect(half.body.errors?.find((e) => (atGateway ? !e.path : e.path?.[0] === field))?.extensions.code).toBe('PURPOSE_REQUIRED');
    tally(rule, false);
  });

  test('RouteObservation.cases (record.query) leads from public routes to records: it needs a purpose, and lists only cases the caller may know of', async () => {
    const query = `{ route(code: "RT-0001") { code observations { country modusOperandi cases { id } } } }`;
    const refused = await gql(url(), query, {}, noPurpose(OWN()));
    if (where.includes('gateway')) {
      // Refused once, as a whole, before any member is asked.
      expect([refused.body.data, refused.body.errors?.map((e) => e.extensions)]).toEqual([undefined, [expect.objectContaining({ code: 'PURPOSE_REQUIRED', rule: 'record.query' })]]);
    } else {
      const observations = refused.body.data.route.observations;
      expect(observations.length).toBeGreaterThan(0);
      expect(observations.every((o: { cases: unknown; modusOperandi: string }) => o.cases === null && o.modusOperandi)).toBe(true);
      expect(refused.body.errors.every((e: { extensions: { code: string } }) => e.extensions.code === 'PURPOSE_REQUIRED')).toBe(true);
    }
    for (const caller of CALLERS) {
      const { body } = await gql(url(), query, {}, headersOf(caller));
      expect(body.errors).toBeUndefined();
      const mine = body.data.route.observations.filter((o: { country: string }) => o.country === OWNER);
      for (const o of mine) for (const c of o.cases) expect(knows(world, caller, { kind: 'Case', id: c.id })).toBe(true);
    }
  });

  test('public: routes, modus operandi, places and legs for every caller, without a purpose', async () => {
    const query = '{ routes(countries: ["AR"], first: 5) { code observations { id country routeCode origin { country locality } transit { country } destination { country } legs { sequence from { country } to { country } mode } modusOperandi activeFrom activeTo } } route(code: "RT-0002") { code } }';
    for (const caller of CALLERS) {
      const { body } = await gql(url(), query, {}, noPurpose(caller));
      expect(body.errors).toBeUndefined();
      expect(body.data.routes.length).toBeGreaterThan(0);
      expect(body.data.route.code).toBe('RT-0002');
      tally('public', true);
      tally('nested', true);
    }
  });
});

test('federation\'s own fields answer at the member: _service for anyone, _entities (record.entities) with each record as the protocol says', async () => {
  const member = net.members.get(OWNER)!.url;
  const sdl = await gql(member, '{ _service { sdl } }', {}, noPurpose(CALLERS[9]));
  expect(sdl.body.errors).toBeUndefined();
  expect(sdl.body.data._service.sdl).toContain('type Person');
  tally('federation', true);

  const query = 'query($r: [_Any!]!) { _entities(representations: $r) { ... on Person { id sex } ... on Case { id status } } }';
  const representations = [...records.persons.map((id) => ({ __typename: 'Person', id })), ...records.cases.map((id) => ({ __typename: 'Case', id }))];
  for (const caller of CALLERS) {
    const { body } = await gql(member, query, { r: representations }, headersOf(caller));
    const entities = body.data._entities as Array<{ id: string } | null>;
    representations.forEach((rep, i) => {
      const known = knows(world, caller, { kind: rep.__typename as 'Person' | 'Case', id: rep.id });
      expect({ rep: rep.id, caller: caller.name, present: entities[i] !== null }).toEqual({ rep: rep.id, caller: caller.name, present: known });
    });
  }
  tally('record.entities', true);
  // _entities is non-null: it answers, and each record in it needs a purpose.
  const refused = await gql(member, query, { r: representations.slice(0, 2) }, noPurpose(OWN()));
  expect(refused.body.data._entities).toEqual([null, null]);
  expect(refused.body.errors.map((e: { path: unknown[]; extensions: unknown }) => [e.path, e.extensions])).toEqual([
    [['_entities', 0], { code: 'PURPOSE_REQUIRED', rule: 'person.known', protocol: 1 }],
    [['_entities', 1], { code: 'PURPOSE_REQUIRED', rule: 'person.known', protocol: 1 }],
  ]);
});

// ---- writes ---------------------------------------------------------------------------

describe('write.own-member', () => {
  const create = 'mutation($n: String!) { createPerson(input: {givenNames: "Prueba", familyNames: $n}) { id country } }';

  test('the owner\'s prosecutors and analysts record data, through the gateway and directly', async () => {
    for (const caller of CALLERS.filter((c) => c.country === OWNER && c.roles.some((r) => r === 'prosecutor' || r === 'analyst'))) {
      for (const url of [net.gateway.url, net.members.get(OWNER)!.url]) {
        const { body } = await gql(url, create, { n: `Matriz ${caller.name}` }, headersOf(caller));
        expect(body.errors).toBeUndefined();
        expect(body.data.createPerson.country).toBe(OWNER);
        tally('write.own-member', true);
      }
    }
  });

  test('nobody else writes the owner\'s data: FORBIDDEN naming the rule, and nothing is written', async () => {
    const member = net.members.get(OWNER)!.url;
    const before = await gql(member, '{ persons(filter: {name: "Intruso"}) { id } }', {}, headersOf(OWN()));
    for (const caller of CALLERS.filter((c) => !(c.country === OWNER && c.roles.some((r) => r === 'prosecutor' || r === 'analyst')))) {
      const { body } = await gql(member, create, { n: 'Intruso' }, headersOf(caller));
      expect(body.data.createPerson).toBeNull();
      expect(body.errors[0].extensions).toMatchObject({ code: 'FORBIDDEN', rule: 'write.own-member' });
      tally('write.own-member', false);
    }
    // Through the gateway a mutation goes to the caller's own member: the owner's auditor is refused there.
    const auditor = CALLERS.find((c) => c.name === 'own auditor')!;
    const viaGateway = await gql(net.gateway.url, create, { n: 'Intruso' }, headersOf(auditor));
    expect(viaGateway.body.errors[0].extensions).toMatchObject({ code: 'FORBIDDEN', rule: 'write.own-member' });
    const after = await gql(member, '{ persons(filter: {name: "Intruso"}) { id } }', {}, headersOf(OWN()));
    expect(after.body.data.persons).toEqual(before.body.data.persons);
    // Writing needs a purpose too.
    const noReason = await gql(member, create, { n: 'Intruso' }, noPurpose(OWN()));
    expect(noReason.body.errors[0].extensions).toMatchObject({ code: 'PURPOSE_REQUIRED', rule: 'write.own-member' });
  });
});

describe('write.erase', () => {
  const create = 'mutation { createPerson(input: {givenNames: "Borrable", familyNames: "Matriz"}) { id } }';
  const erase = 'mutation($id: ID!) { erasePerson(personId: $id) { id } }';

  test('the owner\'s prosecutors erase; everyone else FORBIDDEN naming the rule, and the record stays', async () => {
    const member = net.members.get(OWNER)!.url;
    for (const caller of CALLERS) {
      const id = (await gql(member, create, {}, headersOf(OWN()))).body.data.createPerson.id as string;
      const { body } = await gql(member, erase, { id }, headersOf(caller));
      const may = caller.country === OWNER && (caller.roles as string[]).includes('prosecutor');
      if (may) expect({ caller: caller.name, erased: body.data?.erasePerson }).toEqual({ caller: caller.name, erased: { id } });
      else expect({ caller: caller.name, ...body.errors?.[0]?.extensions }).toMatchObject({ caller: caller.name, code: 'FORBIDDEN', rule: 'write.erase' });
      const still = await gql(member, 'query($id: ID!) { person(id: $id) { id } }', { id }, headersOf(OWN()));
      expect({ caller: caller.name, kept: still.body.data.person !== null }).toEqual({ caller: caller.name, kept: !may });
      tally('write.erase', may);
    }
  });
});

describe('write.partner-flag', () => {
  const create = 'mutation { createPerson(input: {givenNames: "Bandera", familyNames: "Matriz"}) { id } }';
  const flag = 'mutation($id: ID!) { flagForPartners(personId: $id, flagged: true) { id flaggedForPartners } }';

  test('the owner\'s prosecutors flag a person for partners; everyone else FORBIDDEN naming the rule, and the flag stays unset', async () => {
    const member = net.members.get(OWNER)!.url;
    for (const caller of CALLERS) {
      const id = (await gql(member, create, {}, headersOf(OWN()))).body.data.createPerson.id as string;
      const { body } = await gql(member, flag, { id }, headersOf(caller));
      const may = caller.country === OWNER && (caller.roles as string[]).includes('prosecutor');
      if (may) expect({ caller: caller.name, flagged: body.data?.flagForPartners }).toEqual({ caller: caller.name, flagged: { id, flaggedForPartners: true } });
      else expect({ caller: caller.name, ...body.errors?.[0]?.extensions }).toMatchObject({ caller: caller.name, code: 'FORBIDDEN', rule: 'write.partner-flag' });
      const now = await gql(member, 'query($id: ID!) { person(id: $id) { flaggedForPartners } }', { id }, headersOf(OWN()));
      expect({ caller: caller.name, flagged: now.body.data.person.flaggedForPartners }).toEqual({ caller: caller.name, flagged: may });
      tally('write.partner-flag', may);
    }
  });
});

describe('cooperation.request', () => {
  // A subject nobody holds: a caller the rule lets through gets as far as the owner's check of its subjects (tests/cooperation/ has the rest).
  const file = `mutation { requestCooperation(input: { owner: "${OWNER}", subjects: ["nothing"], scope: ["person.identity"], purpose: "p", caseRef: "c",
    legalBasis: DIRECT_COOPERATION, urgency: NORMAL, reason: "r" }) { id } }`;
  const mayFile = (c: CallerSpec) => c.country !== OWNER && (c.roles as string[]).includes('prosecutor');

  test('foreign prosecutors may ask the owner; everyone else FORBIDDEN naming the rule', async () => {
    const member = net.members.get(OWNER)!.url;
    for (const caller of CALLERS) {
      const { body } = await gql(member, file, {}, headersOf(caller));
      expect(body.data?.requestCooperation ?? null).toBeNull();
      const expected = mayFile(caller) ? { code: 'BAD_USER_INPUT', field: 'input.subjects[0]' } : { code: 'FORBIDDEN', rule: 'cooperation.request' };
      expect({ caller: caller.name, ...body.errors?.[0]?.extensions }).toMatchObject({ caller: caller.name, ...expected });
      tally('cooperation.request', mayFile(caller));
    }
  });
});

// ---- the audit log (tests/audit/ has the rest) -------------------------------------------

describe.each<[string, string, string]>([
  ['audit.read', 'auditLog', 'auditor'],
  ['audit.foreign-access', 'foreignAccess', 'prosecutor'],
])('%s (%s)', (rule, field, role) => {
  const query = `{ ${field}(countries: ["${OWNER}"], first: 1) { seq } }`;
  const mayRead = (c: CallerSpec) => c.country === OWNER && (c.roles as string[]).includes(role);

  test(`the owner's own ${role}s only, with a purpose; everyone else FORBIDDEN naming the rule`, async () => {
    const member = net.members.get(OWNER)!.url;
    for (const caller of CALLERS) {
      const { body } = await gql(member, query, {}, headersOf(caller));
      if (mayRead(caller)) {
        expect(body.errors).toBeUndefined();
        expect(Array.isArray(body.data[field])).toBe(true);
      } else {
        expect(body.data?.[field] ?? null).toBeNull();
        expect({ caller: caller.name, ...body.errors?.[0]?.extensions }).toMatchObject({ caller: caller.name, code: 'FORBIDDEN', rule });
      }
      tally(rule, mayRead(caller));
    }
    const refused = await gql(member, query, {}, noPurpose(CALLERS.find(mayRead)!));
    expect(refused.body.errors?.[0]?.extensions).toMatchObject({ code: 'PURPOSE_REQUIRED', rule });
  });
});

// ---- statistics (tests/statistics/ has the rest) ----------------------------------------

describe('statistics.published (Query.statistics) and statistics.own (StatisticsCell.exact)', () => {
  const query = `{ statistics(groupBy: [OFFENCE], countries: ["${OWNER}"]) { country cases suppressed exact { cases } } }`;
  const mayRead = (c: CallerSpec) => (c.roles as string[]).some((r) => ['prosecutor', 'analyst', 'secretariat', 'partner'].includes(r));
  const mayReadExact = (c: CallerSpec) => c.country === OWNER && (c.roles as string[]).some((r) => r === 'prosecutor' || r === 'analyst');

  test.each(endpoints)('%s: published cells for prosecutors, analysts, the secretariat and partners; exact counts for the owner\'s own; FORBIDDEN naming the rule otherwise', async (_where, url) => {
    for (const caller of CALLERS) {
      const { body } = await gql(url(), query, {}, headersOf(caller));
      const errors = (body.errors ?? []) as Array<{ path?: unknown[]; extensions: Record<string, unknown> }>;
      if (!mayRead(caller)) {
        expect(body.data?.statistics ?? null).toEqual(url() === net.gateway.url ? [] : null);
        expect({ caller: caller.name, ...errors[0]?.extensions }).toMatchObject({ caller: caller.name, code: 'FORBIDDEN', rule: 'statistics.published' });
      } else {
        const cells = body.data.statistics as Array<{ country: string; exact: unknown }>;
        expect(cells.length).toBeGreaterThan(0);
        expect(cells.every((c) => c.country === OWNER)).toBe(true);
        const exact = mayReadExact(caller);
        expect({ caller: caller.name, exact: cells.every((c) => c.exact !== null) }).toEqual({ caller: caller.name, exact });
        if (exact) expect(errors).toEqual([]);
        else expect(errors.every((e) => e.extensions.code === 'FORBIDDEN' && e.extensions.rule === 'statistics.own')).toBe(true);
        tally('statistics.own', exact);
      }
      tally('statistics.published', mayRead(caller));
    }
    const refused = await gql(url(), query, {}, noPurpose(OWN()));
    expect(refused.body.errors?.[0]?.extensions).toMatchObject({ code: 'PURPOSE_REQUIRED', rule: 'statistics.published' });
  });
});

test('every rule of the protocol was exercised, and each rule that can deny was seen denying', () => {
  for (const [name, rule] of Object.entries(world.protocol.rules)) {
    const t = seen.get(name);
    expect({ name, granted: (t?.granted ?? 0) > 0 }).toEqual({ name, granted: true });
    const canDeny = rule.purpose || rule.anyOf.every((c) => c.caller !== 'any' || c.roles);
    if (canDeny) expect({ name, denied: (t?.denied ?? 0) > 0 }).toEqual({ name, denied: true });
  }
});
