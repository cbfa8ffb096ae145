/**
 * The issue's own scenarios, through the real network: tokens that must be
 * refused at the gateway and at a member; what a Colombian prosecutor sees of
 * Argentine records, with and without a JIT; that asking a member directly gives
 * the same answers; searches that would identify a victim; and
 * resolver errors that stay distinguishable from denials.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateKeyPair, importJWK, SignJWT } from 'jose';
import { AUDIENCE, makeId } from '@enlace/platform';
import { ensureDevIssuer, mintToken } from '@enlace/scripts/devIssuer';
import { ANCHORS, generateMember } from '@enlace/scripts/seed/generate';
import { bearer, gql, startNetwork, SEED, type TestNetwork } from '../support/network';

const PERSONS = 60;
let net: TestNetwork;
let co: string;
let ar: string;
const JIT = ANCHORS.jitId;
const SUSPECT = makeId('AR', 'P', 1);
const MINOR = makeId('AR', 'P', 2);
const VICTIM = makeId('AR', 'P', 3);
const WITNESS = makeId('AR', 'P', 4);

beforeAll(async () => {
  net = await startNetwork({ countries: ['AR', 'CO', 'PE'], persons: PERSONS });
  co = await net.token({ country: 'CO', roles: ['prosecutor'] });
  ar = await net.token({ country: 'AR', roles: ['prosecutor'] });
});
afterAll(() => net?.close());

const member = () => net.members.get('AR')!.url;
const both = () => [['gateway', net.gateway.url], ['member AR', member()]] as const;
type Body = { data?: any; errors?: any[] }; // eslint-disable-line @typescript-eslint/no-explicit-any
const errorsAt = (body: Body, ...path: Array<string | number>) =>
  (body.errors ?? []).filter((e) => JSON.stringify(e.path) === JSON.stringify(path));

// ---- identity ------------------------------------------------------------------------

describe('tokens are verified by the gateway and again by every member', () => {
  const query = '{ persons(countries: ["AR"], first: 1) { id } }';
  let others: string;
  beforeAll(() => {
    others = mkdtempSync(join(tmpdir(), 'enlace-other-keys-'));
  });
  afterAll(() => rmSync(others, { recursive: true, force: true }));

  const refusedEverywhere = async (token: string | null, message: RegExp) => {
    for (const [, url] of both()) {
      const headers = token === null ? { 'x-enlace-purpose': 'p', 'x-enlace-case-ref': 'c' } : bearer(token);
      const { status, body } = await gql(url, query, {}, headers);
      expect({ url, status, code: body.errors?.[0]?.extensions?.code }).toEqual({ url, status: 401, code: 'UNAUTHENTICATED' });
      expect(body.errors![0].message).toMatch(message);
      expect(body.data).toBeUndefined();
    }
  };

  test('no token', () => refusedEverywhere(null, /bearer token is required/));

  test('forged: signed with another key, claiming the trusted issuer and its key id', async () => {
    const { privateKey } = await generateKeyPair('ES256');
    const forged = await new SignJWT({ country: 'AR', roles: ['prosecutor'] })
      .setProtectedHeader({ alg: 'ES256', kid: net.issuer.privateJwk.kid })
      .setIssuer(net.issuer.issuer).setAudience(AUDIENCE).setSubject('mallory').setIssuedAt().setExpirationTime('1h')
      .sign(privateKey);
    await refusedEverywhere(forged, /signature cannot be verified/);
  });

  test('tampered: a valid token with its claims changed', async () => {
    const [h, , sig] = co.split('.');
    const claims = Buffer.from(JSON.stringify({ country: 'AR', roles: ['prosecutor'], iss: net.issuer.issuer, aud: AUDIENCE, sub: 'x', exp: Math.floor(Date.now() / 1000) + 3600 })).toString('base64url');
    await refusedEverywhere(`${h}.${claims}.${sig}`, /signature cannot be verified/);
  });

  test('unsigned (alg none)', async () => {
    const header = Buffer.from(JSON.stringify({ alg: 'none' })).toString('base64url');
    const claims = Buffer.from(JSON.stringify({ country: 'AR', roles: ['prosecutor'], iss: net.issuer.issuer, aud: AUDIENCE, sub: 'x', exp: Math.floor(Date.now() / 1000) + 3600 })).toString('base64url');
    await refusedEverywhere(`${header}.${claims}.`, /signature cannot be verified/);
  });

  test('expired', async () => {
    const key = await importJWK(net.issuer.privateJwk, 'ES256');
    const now = Math.floor(Date.now() / 1000);
    const expired = await new SignJWT({ country: 'CO', roles: ['prosecutor'] })
      .setProtectedHeader({ alg: 'ES256', kid: net.issuer.privateJwk.kid })
      .setIssuer(net.issuer.issuer).setAudience(AUDIENCE).setSubject('late').setIssuedAt(now - 7200).setExpirationTime(now - 3600)
      .sign(key);
    await refusedEverywhere(expired, /expired/);
  });

  test('from an issuer the network does not trust', async () => {
    const stranger = await ensureDevIssuer(others, 'https://issuer.elsewhere.example');
    await refusedEverywhere(await mintToken(stranger, { country: 'AR', roles: ['prosecutor'] }), /issuer is not trusted/);
  });

  test('for another audience', async () => {
    const key = await importJWK(net.issuer.privateJwk, 'ES256');
    const token = await new SignJWT({ country: 'AR', roles: ['prosecutor'] })
      .setProtectedHeader({ alg: 'ES256', kid: net.issuer.privateJwk.kid })
      .setIssuer(net.issuer.issuer).setAudience('another-system').setSubject('x').setIssuedAt().setExpirationTime('1h')
      .sign(key);
    await refusedEverywhere(token, /claim "aud"/);
  });
});

// ---- what a Colombian prosecutor sees of Argentine records ------------------------------

const PERSON = 'id country givenNames familyNames fullName aliases dateOfBirth sex ageBand minor nationalities documents { type number issuingCountry } involvements { category case { id } }';

describe.each([['gateway'], ['member AR']])('a foreign prosecutor, %s', (where) => {
  const url = () => (where === 'gateway' ? net.gateway.url : member());

  test('finds an Argentine suspect\'s name and documents, and the case summary', async () => {
    const { body } = await gql(url(), `{ person(id: "${SUSPECT}") { ${PERSON} } case(id: "${makeId('AR', 'C', 1)}") { id summary reference offences } }`, {}, bearer(co));
    expect(body.errors).toBeUndefined();
    expect(body.data.person.familyNames).toBe(ANCHORS.suspect.familyNames);
    expect(body.data.person.documents.map((d: { number: string }) => d.number)).toContain(ANCHORS.suspect.passport);
    expect(body.data.case.summary).toEqual(expect.any(String));
  });

  test('gets null and FORBIDDEN for an Argentine victim\'s name, and the rest of the record', async () => {
    const { body } = await gql(url(), `{ person(id: "${VICTIM}") { ${PERSON} } }`, {}, bearer(co));
    const p = body.data.person;
    expect(p).toMatchObject({ id: VICTIM, country: 'AR', givenNames: null, familyNames: null, fullName: null, aliases: null, dateOfBirth: null, documents: null });
    expect(p.sex).toEqual(expect.any(String));
    expect(p.ageBand).toMatch(/^ADULT/);
    expect(p.minor).toBe(false);
    expect(p.involvements).toEqual([{ category: 'VICTIM', case: { id: makeId('AR', 'C', 1) } }]);
    for (const field of ['givenNames', 'familyNames', 'fullName', 'aliases', 'dateOfBirth']) {
      expect(errorsAt(body, 'person', field).map((e) => e.extensions)).toEqual([expect.objectContaining({ code: 'FORBIDDEN', rule: 'person.identity', protocol: 1 })]);
    }
    expect(errorsAt(body, 'person', 'documents')[0].extensions).toMatchObject({ code: 'FORBIDDEN', rule: 'person.documents' });
    // The denial does not say why (that she is a victim).
    for (const e of body.errors!) expect(e.message).not.toMatch(/victim|witness|minor/i);
  });

  test('does not identify a witness either', async () => {
    const { body } = await gql(url(), `{ person(id: "${WITNESS}") { id familyNames involvements { category } } }`, {}, bearer(co));
    expect(body.data.person).toEqual({ id: WITNESS, familyNames: null, involvements: [{ category: 'WITNESS' }] });
  });

  test('cannot see Argentine minors at all: not by id, not in lists, not among a case\'s persons, not as entities', async () => {
    const { body } = await gql(url(), `{ person(id: "${MINOR}") { id } persons(countries: ["AR"], first: 500) { id minor } case(id: "${makeId('AR', 'C', 1)}") { involved { category person { id } } } }`, {}, bearer(co));
    expect(body.errors).toBeUndefined();
    expect(body.data.person).toBeNull();
    const ids = body.data.persons.map((p: { id: string }) => p.id);
    expect(ids).not.toContain(MINOR);
    expect(body.data.persons.every((p: { minor: boolean }) => p.minor === false)).toBe(true);
    expect(body.data.case.involved.map((i: { person: { id: string } }) => i.person.id).sort()).toEqual([SUSPECT, VICTIM, WITNESS]);
    // As an entity (how the gateway follows a reference from the secretariat): null.
    const entities = await gql(member(), 'query($r: [_Any!]!) { _entities(representations: $r) { ... on Person { id } } }', { r: [{ __typename: 'Person', id: MINOR }, { __typename: 'Person', id: VICTIM }] }, bearer(co));
    expect(entities.body.data._entities).toEqual([null, { id: VICTIM }]);
  });

  test('`first` counts the records the caller may know of', async () => {
    const { body } = await gql(url(), '{ persons(countries: ["AR"], first: 7) { id minor } }', {}, bearer(co));
    expect(body.data.persons).toHaveLength(7);
    expect(body.data.persons.every((p: { minor: boolean }) => p.minor === false)).toBe(true);
  });

  test('a search matches only on what the caller may read: a victim\'s name or document finds nothing abroad', async () => {
    const byName = `{ persons(countries: ["AR"], filter: {name: "${ANCHORS.victimAdultFamilyName}"}) { id } }`;
    const foreign = await gql(url(), byName, {}, bearer(co));
    expect(foreign.body.data.persons.map((p: { id: string }) => p.id)).not.toContain(VICTIM);
    const own = await gql(url(), byName, {}, bearer(ar));
    expect(own.body.data.persons.map((p: { id: string }) => p.id)).toContain(VICTIM);

    const victimDocs = (await gql(member(), `{ person(id: "${VICTIM}") { documents { number } } }`, {}, bearer(ar))).body.data.person.documents;
    for (const d of victimDocs) {
      const q = `{ persons(countries: ["AR"], filter: {documentNumber: "${d.number}"}) { id } }`;
      expect((await gql(url(), q, {}, bearer(co))).body.data.persons).toEqual([]);
      expect((await gql(url(), q, {}, bearer(ar))).body.data.persons.map((p: { id: string }) => p.id)).toContain(VICTIM);
    }
    // A suspect is found by name abroad.
    const suspect = await gql(url(), '{ persons(countries: ["AR"], filter: {name: "quispe huaman"}) { id } }', {}, bearer(co));
    expect(suspect.body.data.persons.map((p: { id: string }) => p.id)).toContain(SUSPECT);
  });

  test('resolver errors stay distinguishable from denials', async () => {
    const { body } = await gql(url(), '{ cases(filter: {openedFrom: "2022-13-45"}) { id } }', {}, bearer(co));
    const codes = new Set((body.errors ?? []).map((e) => e.extensions.code));
    expect([...codes]).toEqual(['BAD_USER_INPUT']);
    expect(body.errors![0].extensions.field).toBe('filter.openedFrom');
  });
});

describe('members of a JIT', () => {
  const jitQuery = `{ jointInvestigationTeam(id: "${JIT}") { memberCountries cases { id country summary reference sourceReliability involved { category person { id familyNames minor ageBand } } } } }`;

  test('see the JIT\'s cases in full when working for it (the case reference names the JIT); minors are known, never identified', async () => {
    const { body } = await gql(net.gateway.url, jitQuery, {}, bearer(co, 'Joint investigation Cóndor', JIT));
    const ar1 = body.data.jointInvestigationTeam.cases.find((c: { id: string }) => c.id === makeId('AR', 'C', 1));
    expect(ar1).toMatchObject({ summary: expect.any(String), reference: expect.any(String), sourceReliability: expect.any(String) });
    const persons = Object.fromEntries(ar1.involved.map((i: { person: { id: string } }) => [i.person.id, i.person]));
    expect(Object.keys(persons).sort()).toEqual([SUSPECT, MINOR, VICTIM, WITNESS].sort());
    expect(persons[VICTIM].familyNames).toMatch(new RegExp(`^${ANCHORS.victimAdultFamilyName}`));
    expect(persons[WITNESS].familyNames).toEqual(expect.any(String));
    expect(persons[MINOR]).toMatchObject({ familyNames: null, minor: true, ageBand: 'MINOR_12_17' });
    const minorName = (body.errors ?? []).filter((e) => e.extensions.code === 'FORBIDDEN');
    expect(minorName.map((e) => e.extensions.rule)).toEqual(['person.identity']);
    expect(minorName[0].path).toEqual(['jointInvestigationTeam', 'cases', 0, 'involved', expect.any(Number), 'person', 'familyNames']);
  });

  test('asking the member directly gives the same answer', async () => {
    const headers = bearer(co, 'Joint investigation Cóndor', JIT);
    const direct = await gql(member(), `{ case(id: "${makeId('AR', 'C', 1)}") { summary involved { person { id familyNames } } } }`, {}, headers);
    const viaGateway = await gql(net.gateway.url, `{ case(id: "${makeId('AR', 'C', 1)}") { summary involved { person { id familyNames } } } }`, {}, headers);
    expect(direct.body.data).toEqual(viaGateway.body.data);
    expect(direct.body.data.case.involved.find((i: { person: { id: string } }) => i.person.id === VICTIM).person.familyNames).toEqual(expect.any(String));
  });

  test('are ordinary foreign prosecutors when the request is not for the JIT', async () => {
    const { body } = await gql(net.gateway.url, jitQuery, {}, bearer(co));
    const ar1 = body.data.jointInvestigationTeam.cases.find((c: { id: string }) => c.id === makeId('AR', 'C', 1));
    const ids = ar1.involved.map((i: { person: { id: string } }) => i.person.id);
    expect(ids).not.toContain(MINOR);
    expect(ar1.involved.find((i: { person: { id: string } }) => i.person.id === VICTIM).person.familyNames).toBeNull();
  });

  test('naming a JIT one is not in grants nothing more', async () => {
    const pe = await net.token({ country: 'PE', roles: ['prosecutor'] });
    const { body } = await gql(member(), `{ person(id: "${VICTIM}") { familyNames } minor: person(id: "${MINOR}") { id } }`, {}, bearer(pe, 'Fishing', JIT));
    expect(body.data).toEqual({ person: { familyNames: null }, minor: null });
  });
});

// ---- the same answers directly and through the gateway ------------------------------------

test('a member answers a foreign prosecutor directly exactly as through the gateway', async () => {
  const query = `{ persons(countries: ["AR"], first: 40) { ${PERSON} } cases(countries: ["AR"], first: 20) { id summary handlingCode involved { category person { id familyNames } } } }`;
  const direct = await gql(member(), query, {}, bearer(co));
  const viaGateway = await gql(net.gateway.url, query, {}, bearer(co));
  expect(direct.body.data).toEqual(viaGateway.body.data);
  const shape = (b: Body) => (b.errors ?? []).map((e) => [JSON.stringify(e.path), e.extensions.code, e.extensions.rule]).sort();
  expect(shape(direct.body)).toEqual(shape(viaGateway.body));
  expect(shape(direct.body).length).toBeGreaterThan(0);
});

// hit/no-hit: tests/protocol/hits.test.ts

test('the seed data the scenarios rely on', () => {
  const first = generateMember('AR', { persons: PERSONS, seed: SEED }).next().value!;
  const byId = new Map(first.persons.map((p) => [p.id, p]));
  expect(byId.get(SUSPECT)!.familyNames).toBe(ANCHORS.suspect.familyNames);
  expect(first.involvements.filter((i) => i.caseId === makeId('AR', 'C', 1)).map((i) => [i.personId, i.category])).toEqual([
    [SUSPECT, 'SUSPECT'], [MINOR, 'VICTIM'], [VICTIM, 'VICTIM'], [WITNESS, 'WITNESS'],
  ]);
});
