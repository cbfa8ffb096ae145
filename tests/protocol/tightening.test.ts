/**
 * A member's own tightening takes effect on its data only, and a loosening
 * keeps the member from starting, with a message that says why.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTokenVerifier, makeId } from '@enlace/platform';
import { KuzuStore } from '@enlace/store';
import { loadProtocol, memberProtocolFromEnv, startMember, type ProtocolTightening } from '@enlace/member';
import { bearer, gql, startNetwork, type TestNetwork } from '../support/network';

const network = loadProtocol(1);

/** Argentina keeps case summaries and file numbers to itself and JIT prosecutors, and nationalities to its own office. */
const AR_TIGHTENING: ProtocolTightening = {
  protocol: 1,
  rules: {
    'case.detail': { anyOf: [{ caller: 'own', roles: ['prosecutor', 'analyst'] }, { caller: 'jit', roles: ['prosecutor'] }] },
  },
  fields: {
    'Person.nationalities': { anyOf: [{ caller: 'own', roles: ['prosecutor', 'analyst'] }] },
  },
};

let net: TestNetwork;
let co: string;
let ar: string;

beforeAll(async () => {
  net = await startNetwork({ countries: ['AR', 'CO'], persons: 20, memberOptions: { AR: { protocolTightening: AR_TIGHTENING } } });
  co = await net.token({ country: 'CO', roles: ['prosecutor'] });
  ar = await net.token({ country: 'AR', roles: ['prosecutor'] });
});
afterAll(() => net?.close());

test('the member reports what it tightened', () => {
  expect(net.members.get('AR')!.protocol).toEqual({ version: 1, enforced: true, tightened: ['case.detail', 'person.profile@Person.nationalities'] });
  expect(net.members.get('CO')!.protocol.tightened).toEqual([]);
});

test.each([['gateway'], ['member']])('a tightening takes effect on the member\'s own data (%s)', async (where) => {
  const url = where === 'gateway' ? net.gateway.url : net.members.get('AR')!.url;
  const query = `{ case(id: "${makeId('AR', 'C', 1)}") { id summary reference offences } person(id: "${makeId('AR', 'P', 1)}") { familyNames nationalities sex } }`;
  const foreign = await gql(url, query, {}, bearer(co));
  expect(foreign.body.data).toEqual({
    case: { id: makeId('AR', 'C', 1), summary: null, reference: null, offences: expect.arrayContaining([expect.any(String)]) },
    person: { familyNames: expect.any(String), nationalities: null, sex: 'MALE' },
  });
  const rules = Object.fromEntries(foreign.body.errors!.map((e) => [e.path.join('.'), [e.extensions.code, e.extensions.rule]]));
  expect(rules).toEqual({
    'case.summary': ['FORBIDDEN', 'case.detail'],
    'case.reference': ['FORBIDDEN', 'case.detail'],
    'person.nationalities': ['FORBIDDEN', 'person.profile@Person.nationalities'],
  });
  // The owner's own prosecutors still see it all; a JIT prosecutor working for the JIT still sees the summary.
  const own = await gql(url, query, {}, bearer(ar));
  expect(own.body.errors).toBeUndefined();
  const jit = await gql(url, `{ case(id: "${makeId('AR', 'C', 1)}") { summary } }`, {}, bearer(co, 'Joint investigation', makeId('XS', 'J', 1)));
  expect(jit.body.data.case.summary).toEqual(expect.any(String));
});

test('other members are not affected: the network\'s rules still hold for Colombian data', async () => {
  const { body } = await gql(net.gateway.url, `{ case(id: "${makeId('CO', 'C', 1)}") { summary } person(id: "${makeId('CO', 'P', 1)}") { nationalities } }`, {}, bearer(ar));
  expect(body.errors).toBeUndefined();
  expect(body.data.case.summary).toEqual(expect.any(String));
  expect(body.data.person.nationalities).toEqual(expect.arrayContaining([expect.any(String)]));
});

describe('a loosening is refused at start', () => {
  const keys = mkdtempSync(join(tmpdir(), 'enlace-loosen-'));
  afterAll(() => rmSync(keys, { recursive: true, force: true }));

  const attempt = async (tightening: ProtocolTightening) => {
    const store = new KuzuStore({ path: ':memory:', bufferPoolBytes: 16 * 1024 * 1024, readConnections: 1 });
    try {
      await startMember({ country: 'AR', store, verifier: createTokenVerifier([]), protocolTightening: tightening });
      throw new Error('the member started');
    } catch (err) {
      return (err as Error).message;
    } finally {
      await store.close();
    }
  };

  test('identifying victims to foreign prosecutors', async () => {
    const loosened = { rules: { 'person.identity': { anyOf: [...network.rules['person.identity'].anyOf, { caller: 'foreign' as const, roles: ['prosecutor' as const], adult: true as const }] } } };
    expect(await attempt(loosened)).toMatch(
      /^Member AR cannot start: its protocol configuration would loosen rule "person.identity": its clause 8 \(.*\) grants what no clause of the network's rule grants\. A member may tighten the sharing protocol v1 for its own data, never loosen it\.$/,
    );
  });

  test('letting foreign prosecutors know of minors', async () => {
    expect(await attempt({ rules: { 'person.known': { anyOf: [{ caller: 'foreign', roles: ['prosecutor'] }] } } })).toMatch(/would loosen rule "person.known"/);
  });

  test('from the environment, as a file', async () => {
    const file = join(keys, 'tightening.json');
    writeFileSync(file, JSON.stringify({ protocol: 1, rules: { 'case.detail': { anyOf: [{ caller: 'any' }] } } }));
    const settings = memberProtocolFromEnv({ MEMBER_PROTOCOL_TIGHTENING: file, SECRETARIAT_URL: 'http://127.0.0.1:1/graphql', MEMBER_CONTACT_POINT: 'Fiscalía' });
    expect(settings.secretariatUrl).toBe('http://127.0.0.1:1/graphql');
    expect(settings.contactPoint).toBe('Fiscalía');
    expect(await attempt(settings.protocolTightening!)).toMatch(/would loosen rule "case.detail"/);
  });
});
