/**
 * The structured modus operandi through the real network: seeded on cases and
 * route observations, filterable on both (the answers are the generator's own
 * records that match), recorded with new cases and observations, and held to
 * its vocabulary.
 */
import { makeId } from '@enlace/platform';
import { modusOperandiFields } from '@enlace/member';
import { ANCHORS, generateMember } from '@enlace/scripts/seed/generate';
import { bearer, gql, startNetwork, SEED, type TestNetwork } from '../support/network';

const COUNTRIES = ['AR', 'CO', 'PE'];
const PERSONS = 60;
let net: TestNetwork;
let token: string;

beforeAll(async () => {
  net = await startNetwork({ countries: COUNTRIES, persons: PERSONS });
  token = await net.token({ country: 'AR', roles: ['prosecutor'] });
});
afterAll(() => net?.close());

const seeded = new Map(COUNTRIES.map((c) => [c, [...generateMember(c, { persons: PERSONS, seed: SEED })].flatMap((b) => [b])[0]] as const));
const ask = (query: string, variables: Record<string, unknown> = {}) => gql(net.gateway.url, query, variables, bearer(token));
const CODED = 'recruitment transport documentFraud payment exploitation';

test('every dimension is seeded with several values, and the anchors\' cases are coded as documented', async () => {
  const cases = seeded.get('AR')!.cases;
  for (const f of ['recruitment', 'transport', 'payment', 'exploitation'] as const) expect(new Set(cases.map((c) => c[f]).filter(Boolean)).size).toBeGreaterThan(1);
  const { body } = await ask(`{ a: case(id: "${makeId('AR', 'C', 1)}") { ${CODED} } b: case(id: "${makeId('AR', 'C', 2)}") { ${CODED} } }`);
  expect(body.errors).toBeUndefined();
  expect(body.data).toEqual({ a: ANCHORS.modusOperandi[1], b: ANCHORS.modusOperandi[2] });
});

test.each<[string, Record<string, string>]>([
  ['exploitation', { exploitation: 'LABOUR' }],
  ['exploitation and recruitment', { exploitation: 'LABOUR', recruitment: 'INTIMATE_PARTNER' }],
  ['payment and transport', { payment: 'UPFRONT', transport: 'LAND' }],
])('cases(filter) by %s: exactly the owner\'s matching cases', async (_name, filter) => {
  const { body } = await ask('query($f: CaseFilter) { cases(filter: $f, countries: ["AR"], first: 500) { id exploitation } }', { f: filter });
  expect(body.errors).toBeUndefined();
  const expected = seeded.get('AR')!.cases.filter((c) => Object.entries(filter).every(([k, v]) => (c as unknown as Record<string, unknown>)[k] === v)).map((c) => c.id).sort();
  expect(expected.length).toBeGreaterThan(0);
  expect(body.data.cases.map((c: { id: string }) => c.id).sort()).toEqual(expected);
});

test('routes(filter: { exploitation: LABOUR }): the route codes some member observed with it', async () => {
  const { body } = await ask('{ routes(filter: { exploitation: LABOUR }, first: 500) { code observations { country exploitation } } }');
  expect(body.errors).toBeUndefined();
  const expected = [...new Set([...seeded.values()].flatMap((b) => b.observations.filter((o) => o.exploitation === 'LABOUR').map((o) => o.routeCode)))].sort();
  expect(expected.length).toBeGreaterThan(0);
  expect(body.data.routes.map((r: { code: string }) => r.code).sort()).toEqual(expected);
  for (const r of body.data.routes) expect(r.observations.some((o: { exploitation: string }) => o.exploitation === 'LABOUR')).toBe(true);
});

test('a search by modus operandi matches only what the caller may read: partners, who see no cases, get none', async () => {
  const partner = await net.token({ country: 'XP', roles: ['partner'] });
  const { body } = await gql(net.gateway.url, '{ cases(filter: { exploitation: LABOUR }, countries: ["AR"]) { id } }', {}, bearer(partner));
  expect(body.errors).toBeUndefined();
  expect(body.data.cases).toEqual([]);
});

test('recorded with a new case and a new route observation, and found by the filters', async () => {
  const observation = await ask(`mutation { recordRouteObservation(input: { routeCode: "RT-0777", legs: [{ from: { country: "BO", locality: "Yacuiba" }, to: { country: "AR", locality: "Salta" }, mode: LAND }],
    recruitment: JOB_ADVERT, transport: LAND, documentFraud: IMPOSTOR, payment: DEBT_BONDAGE, exploitation: FORCED_CRIMINALITY }) { id ${CODED} } }`);
  expect(observation.body.errors).toBeUndefined();
  expect(observation.body.data.recordRouteObservation).toMatchObject({ documentFraud: 'IMPOSTOR', exploitation: 'FORCED_CRIMINALITY' });
  const created = await ask(`mutation($o: [ID!]) { createCase(input: { reference: "FIS-MO-1", offences: [TIP], status: INVESTIGATION, openedOn: "2025-02-01", summary: "Forced criminality.",
    handlingCode: H0, routeObservationIds: $o, recruitment: INTIMATE_PARTNER, exploitation: FORCED_MARRIAGE }) { id ${CODED} } }`, { o: [observation.body.data.recordRouteObservation.id] });
  expect(created.body.errors).toBeUndefined();
  expect(created.body.data.createCase).toMatchObject({ recruitment: 'INTIMATE_PARTNER', exploitation: 'FORCED_MARRIAGE', payment: null });
  const found = await ask('{ cases(filter: { exploitation: FORCED_MARRIAGE, recruitment: INTIMATE_PARTNER }, countries: ["AR"], first: 500) { id } routes(filter: { documentFraud: IMPOSTOR, exploitation: FORCED_CRIMINALITY }, first: 500) { code } }');
  expect(found.body.data.cases.map((c: { id: string }) => c.id)).toContain(created.body.data.createCase.id);
  expect(found.body.data.routes.map((r: { code: string }) => r.code)).toContain('RT-0777');
});

test('outside GraphQL (imports), a value outside the vocabulary is BAD_USER_INPUT naming the field', () => {
  expect(modusOperandiFields({ exploitation: 'LABOUR', payment: null })).toEqual({ recruitment: null, transport: null, documentFraud: null, payment: null, exploitation: 'LABOUR' });
  expect(() => modusOperandiFields({ recruitment: 'CARRIER_PIGEON' }, 'row')).toThrow(expect.objectContaining({ extensions: expect.objectContaining({ code: 'BAD_USER_INPUT', field: 'row.recruitment' }) }));
});
