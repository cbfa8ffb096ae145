/**
 * The protocol's `grantee` clause (cooperation grants), without the network:
 * a grant opens exactly its rules on exactly its records, for its purpose and
 * case reference, until it expires; minors' identities stay closed unless the
 * protocol data names a legal basis; the store query and the decisions agree
 * with the oracle; the member's cache of grants fails closed.
 */
import { buildSubgraphSchema } from '@apollo/subgraph';
import { parse } from 'graphql';
import { makeId, today, type RequestIdentity } from '@enlace/platform';
import { KuzuStore } from '@enlace/store';
import {
  clauseWithin, compileProtocol, holdingGrants, listPersons, loadProtocol, readClause, readProtocol, RequestAuthz, secretariatGrants, visibilityCondition,
  SecretariatUnreachable, type EffectiveProtocol, type GrantInfo, type SecretariatClient,
} from '@enlace/member';
import { memberSdl } from '@enlace/schema';
import { ANCHORS } from '@enlace/scripts/seed/generate';
import { seedMember } from '@enlace/scripts/seed/load';
import { SEED } from '../../support/network';
import { buildWorld, grants as oracleGrants, knows, type CallerSpec } from '../../protocol/oracle';

const OWNER = 'AR';
const PERSONS = 40;
const schema = buildSubgraphSchema({ typeDefs: parse(memberSdl()) });
const protocol = compileProtocol({ country: OWNER, schema });
const world = buildWorld(OWNER, ['AR', 'CO', 'PE'], PERSONS, SEED);

const ADULT_VICTIM = makeId(OWNER, 'P', ANCHORS.victimAdultSeq);
const MINOR_VICTIM = makeId(OWNER, 'P', ANCHORS.victimMinorSeq);
const WITNESS = makeId(OWNER, 'P', ANCHORS.witnessSeq);
const rule = (p: EffectiveProtocol, name: string) => p.rules.get(name)!;
const person = (id: string) => ({ id, ...storedFacts(id) });

/** The record as the data layer hands it to the protocol: date of birth, partner flag, its cases' facts. */
function storedFacts(id: string) {
  const p = world.persons.get(id)!;
  const f = world.facts.get(id)!;
  return { dateOfBirth: p.dateOfBirth, flaggedForPartners: p.flaggedForPartners, facts: { categories: [...f.categories], handling: f.handling, caseIds: f.caseIds } };
}

let n = 0;
function grant(records: string[], scope: string[], over: Partial<GrantInfo> = {}): GrantInfo {
  n++;
  return {
    id: `XS:G:test${n}`, requestId: `XS:R:test${n}`, records: new Set(records), scope: new Set(scope),
    purpose: 'Investigation of a trafficking network', caseRef: 'CO-2026-TIP-0142', legalBasis: 'DIRECT_COOPERATION', expiresOn: '2999-12-31', ...over,
  };
}

const foreign = (grants: GrantInfo[], p = protocol, roles = ['prosecutor'] as CallerSpec['roles']) =>
  new RequestAuthz(p, { caller: { country: 'CO', roles }, hasPurpose: true, jit: null, grants });
const spec = (grants: GrantInfo[]): CallerSpec => ({
  name: 'CO prosecutor with grants', country: 'CO', roles: ['prosecutor'],
  grants: grants.map((g) => ({ records: [...g.records], scope: [...g.scope], legalBasis: g.legalBasis })),
});

describe('a grant opens exactly its rules on exactly its records', () => {
  test('an adult victim: identity withheld from a foreign prosecutor until a grant of person.identity on that record', () => {
    const identity = rule(protocol, 'person.identity');
    expect(foreign([]).allows(identity, person(ADULT_VICTIM))).toBe(false);
    const g = grant([ADULT_VICTIM], ['person.identity']);
    const authz = foreign([g]);
    expect(authz.allows(identity, person(ADULT_VICTIM))).toBe(true);
    expect(authz.grantUsed(identity, person(ADULT_VICTIM))).toBe(g.id);
    // Not another record, not another rule.
    expect(authz.allows(identity, person(WITNESS))).toBe(false);
    expect(authz.allows(rule(protocol, 'person.documents'), person(ADULT_VICTIM))).toBe(false);
    // The oracle says the same.
    expect(oracleGrants(world, 'person.identity', spec([g]), { kind: 'Person', id: ADULT_VICTIM })).toBe(true);
    expect(oracleGrants(world, 'person.documents', spec([g]), { kind: 'Person', id: ADULT_VICTIM })).toBe(false);
  });

  test('what the protocol gives without a grant is not logged as given under one', () => {
    const profile = rule(protocol, 'person.profile');
    const authz = foreign([grant([ADULT_VICTIM], ['person.profile'])]);
    expect(authz.allows(profile, person(ADULT_VICTIM))).toBe(true); // a foreign prosecutor reads an adult's profile anyway
    expect(authz.grantUsed(profile, person(ADULT_VICTIM))).toBeUndefined();
  });

  test("a minor's identity stays closed under a grant; the grant still makes the record known and opens what it names", () => {
    const g = grant([MINOR_VICTIM], ['person.identity', 'person.profile']);
    const authz = foreign([g]);
    expect(foreign([]).knows('Person', person(MINOR_VICTIM) as never)).toBe(false);
    expect(authz.knows('Person', person(MINOR_VICTIM) as never)).toBe(true);
    expect(authz.allows(rule(protocol, 'person.identity'), person(MINOR_VICTIM))).toBe(false);
    expect(authz.allows(rule(protocol, 'person.profile'), person(MINOR_VICTIM))).toBe(true);
    expect(authz.allows(rule(protocol, 'person.involvements'), person(MINOR_VICTIM))).toBe(false);
  });

  test('the protocol data may open minors for a named legal basis, and then only under it', () => {
    const doc = loadProtocol();
    const raw = JSON.parse(JSON.stringify(doc));
    raw.rules['person.identity'].anyOf.push({ caller: 'grantee', legalBasis: ['JIT_AGREEMENT'] });
    const widened = compileProtocol({ country: OWNER, schema, document: readProtocol(raw) });
    const identity = rule(widened, 'person.identity');
    expect(foreign([grant([MINOR_VICTIM], ['person.identity'], { legalBasis: 'JIT_AGREEMENT' })], widened).allows(identity, person(MINOR_VICTIM))).toBe(true);
    expect(foreign([grant([MINOR_VICTIM], ['person.identity'], { legalBasis: 'MUTUAL_LEGAL_ASSISTANCE' })], widened).allows(identity, person(MINOR_VICTIM))).toBe(false);
  });

  test('the owner\'s own callers never hold grants', () => {
    const authz = new RequestAuthz(protocol, { caller: { country: OWNER, roles: ['analyst'] }, hasPurpose: true, jit: null, grants: [grant([ADULT_VICTIM], ['person.identity'])] });
    expect(authz.grants).toEqual([]);
    expect(authz.allows(rule(protocol, 'person.identity'), person(ADULT_VICTIM))).toBe(false); // an own analyst reads offenders' identities only
  });

  test('only for the purpose and case reference it was given for, and through its last day', () => {
    const g = grant([ADULT_VICTIM], ['person.identity'], { expiresOn: '2026-12-01' });
    const asked = { purpose: 'Investigation of a trafficking network', caseRef: 'CO-2026-TIP-0142' };
    expect(holdingGrants([g], asked, '2026-12-01')).toEqual([g]);
    expect(holdingGrants([g], asked, '2026-12-02')).toEqual([]);
    expect(holdingGrants([g], { ...asked, caseRef: 'CO-2026-TIP-9999' }, '2026-11-30')).toEqual([]);
    expect(holdingGrants([g], { ...asked, purpose: 'Something else' }, '2026-11-30')).toEqual([]);
  });
});

describe('the protocol reader and tightening', () => {
  test('legalBasis is a grantee condition only, and names known bases', () => {
    expect(() => readClause('c', { caller: 'foreign', legalBasis: ['JIT_AGREEMENT'] }, 'Person')).toThrow(/applies to grantees only/);
    expect(() => readClause('c', { caller: 'grantee', legalBasis: ['TREATY'] }, 'Person')).toThrow(/legalBasis must be a non-empty list/);
    expect(() => readClause('c', { caller: 'grantee' }, undefined)).toThrow(/has no subject/);
  });

  test('a grantee clause is within a foreign one; a narrower legal basis within a wider one, not the other way', () => {
    expect(clauseWithin({ caller: 'grantee', adult: true }, { caller: 'foreign' })).toBe(true);
    expect(clauseWithin({ caller: 'grantee', legalBasis: ['JIT_AGREEMENT'] }, { caller: 'grantee' })).toBe(true);
    expect(clauseWithin({ caller: 'grantee' }, { caller: 'grantee', legalBasis: ['JIT_AGREEMENT'] })).toBe(false);
    expect(clauseWithin({ caller: 'grantee' }, { caller: 'grantee', adult: true })).toBe(false);
  });

  test('the rules a grant can open are the ones with a grantee clause', () => {
    expect([...protocol.grantable.keys()].sort()).toEqual(
      ['case.assessment', 'case.detail', 'case.involved', 'case.known', 'case.metadata', 'case.routes',
        'finance.accounts', 'finance.transfers', 'person.documents', 'person.identity', 'person.involvements', 'person.known', 'person.profile'],
    );
  });
});

describe('on a seeded store, a list with grants returns exactly what the oracle says', () => {
  let store: KuzuStore;
  beforeAll(async () => {
    store = new KuzuStore({ path: ':memory:', bufferPoolBytes: 64 * 1024 * 1024, readConnections: 1 });
    await seedMember(store, OWNER, { persons: PERSONS, seed: SEED });
  });
  afterAll(() => store?.close());

  test('a grant on a minor makes that one record known to its grantee, and a name search matches only granted identities', async () => {
    const grants = [grant([MINOR_VICTIM], ['person.profile']), grant([ADULT_VICTIM], ['person.identity'])];
    const authz = foreign(grants);
    const found = await listPersons(store, {}, 500, visibilityCondition(authz, 'Person', [], today()));
    const expected = [...world.persons.values()].filter((p) => knows(world, spec(grants), { kind: 'Person', id: p.id })).map((p) => p.id);
    expect(found.map((p) => p.id)).toEqual(expected);
    expect(expected).toContain(MINOR_VICTIM);
    expect(found.every((p) => authz.knows('Person', p))).toBe(true);

    // Searching by name needs person.identity: the granted adult victim matches; without the grant nobody but offenders would.
    const byName = visibilityCondition(authz, 'Person', ['Person.givenNames'], today());
    expect(byName.kind === 'where' && byName.condition).toContain('p.id IN $');
    const named = await listPersons(store, {}, 500, byName);
    expect(named.map((p) => p.id)).toContain(ADULT_VICTIM);
    expect(named.map((p) => p.id)).not.toContain(MINOR_VICTIM);
  });
});

describe("the member's cache of grants", () => {
  const identity = (subject = 'prosecutor@co'): RequestIdentity => ({
    caller: { subject, issuer: 'https://issuer.test', country: 'CO', roles: ['prosecutor'] } as RequestIdentity['caller'],
    purpose: 'p', caseRef: 'c', token: 't',
  });
  const answer = { data: { cooperationGrants: [{ id: 'XS:G:1', requestId: 'XS:R:1', records: [ADULT_VICTIM], scope: ['person.identity'], purpose: 'p', caseRef: 'c', legalBasis: 'DIRECT_COOPERATION', expiresOn: '2999-01-01' }] } };

  function fakeSecretariat(behaviour: () => unknown) {
    const calls: string[] = [];
    const client: SecretariatClient = {
      ask: async (id) => {
        calls.push(id.caller.subject);
        return behaviour() as never;
      },
    };
    return { client, calls };
  }

  const none = { data: { cooperationGrants: [] } };

  test('keeps "no grants" per caller within the cache time, asks again after it; 0 asks every time', async () => {
    let t = 0;
    const { client, calls } = fakeSecretariat(() => none);
    const source = secretariatGrants(client, { cacheSeconds: 5, now: () => t, log: () => {} });
    expect(await source.get(identity())).toEqual([]);
    await source.get(identity());
    await source.get(identity('analyst@co'));
    expect(calls).toEqual(['prosecutor@co', 'analyst@co']);
    t = 5000;
    await source.get(identity());
    expect(calls).toHaveLength(3);
    const uncached = fakeSecretariat(() => answer);
    const every = secretariatGrants(uncached.client, { cacheSeconds: 0, log: () => {} });
    await every.get(identity());
    await every.get(identity());
    expect(uncached.calls).toHaveLength(2);
  });

  test('a caller holding grants is asked about on every request, so a revocation shows at once', async () => {
    let revoked = false;
    const { client, calls } = fakeSecretariat(() => (revoked ? none : answer));
    const source = secretariatGrants(client, { cacheSeconds: 60, now: () => 0, log: () => {} });
    expect((await source.get(identity()))[0].id).toBe('XS:G:1');
    expect((await source.get(identity()))[0].id).toBe('XS:G:1');
    revoked = true;
    expect(await source.get(identity())).toEqual([]);
    expect(calls).toHaveLength(3);
    // Once the caller holds none, that answer is kept again.
    await source.get(identity());
    expect(calls).toHaveLength(3);
  });

  test('fails closed: no grant when the secretariat is down or refuses, and the failure is not kept', async () => {
    let down = true;
    const logs: string[] = [];
    const { client, calls } = fakeSecretariat(() => {
      if (down) throw new SecretariatUnreachable('the secretariat cannot be asked (ECONNREFUSED)');
      return answer;
    });
    const source = secretariatGrants(client, { cacheSeconds: 60, log: (m) => logs.push(m) });
    expect(await source.get(identity())).toEqual([]);
    expect(logs[0]).toMatch(/no grant holds/);
    down = false;
    expect(await source.get(identity())).toHaveLength(1); // asked again at once
    expect(calls).toHaveLength(2);
    const refusing = secretariatGrants(fakeSecretariat(() => ({ errors: [{ message: 'Forbidden' }] })).client, { log: () => {} });
    expect(await refusing.get(identity())).toEqual([]);
  });
});
