/**
 * The protocol's record conditions compiled into the store query
 * (protocol/src/member/cypher.ts): what the compiler writes, tested
 * without a database; then, on a seeded store, that a list asks the store for
 * exactly the records the oracle says each caller may know of.
 */
import { makeId, today } from '@enlace/platform';
import { KuzuStore, listToken } from '@enlace/store';
import {
  adultBornBy, compileProtocol, holdingJit, listCases, listPersons, RequestAuthz, visibilityCondition, type AuthzRequest, type JitInfo,
} from '@enlace/member';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { parse } from 'graphql';
import { memberSdl } from '@enlace/schema';
import { generateSecretariat } from '@enlace/scripts/seed/generate';
import { seedMember } from '@enlace/scripts/seed/load';
import { SEED } from '../../support/network';
import { buildWorld, callers, knows, type CallerSpec } from '../../protocol/oracle';

const OWNER = 'AR';
const PERSONS = 80;
const protocol = compileProtocol({ country: OWNER, schema: buildSubgraphSchema({ typeDefs: parse(memberSdl()) }) });
const seededJit = generateSecretariat(['AR', 'CO', 'PE'], SEED).jits[0];
const JIT: JitInfo = { ...seededJit, caseIds: new Set(seededJit.caseIds) };

function authzFor(caller: CallerSpec, purpose = true): RequestAuthz {
  const own = caller.country === OWNER;
  const jit = !own && caller.caseRef === JIT.id ? holdingJit(JIT, caller.country, OWNER) : null;
  const spec: AuthzRequest = { caller, hasPurpose: purpose, jit };
  return new RequestAuthz(protocol, spec);
}

const all = callers(OWNER, 'CO', 'PE', JIT.id);
const named = (name: string) => all.find((c) => c.name === name)!;
const DAY = '2026-11-30';

describe('the compiler, without a database', () => {
  test('the owner\'s prosecutor may know of every record: no condition', () => {
    expect(visibilityCondition(authzFor(named('own prosecutor')), 'Person', [], DAY)).toEqual({ kind: 'all' });
    expect(visibilityCondition(authzFor(named('own prosecutor')), 'Case', [], DAY)).toEqual({ kind: 'all' });
  });

  test('without a purpose, or with no clause for the caller, nothing is read at all', () => {
    expect(visibilityCondition(authzFor(named('own prosecutor'), false), 'Person', [], DAY)).toEqual({ kind: 'none' });
    expect(visibilityCondition(authzFor(named('secretariat')), 'Person', [], DAY)).toEqual({ kind: 'none' });
    expect(visibilityCondition(authzFor(named('partner')), 'Case', [], DAY)).toEqual({ kind: 'none' });
  });

  test('a foreign prosecutor: known adults only, the date a parameter', () => {
    expect(visibilityCondition(authzFor(named('foreign analyst')), 'Person', [], DAY)).toEqual({
      kind: 'where',
      condition: '(((p.dateOfBirth IS NOT NULL AND p.dateOfBirth <= $authz0)))',
      params: { authz0: '2008-11-30' },
    });
  });

  test('a search on names also needs the names to be readable: both rules, each an OR of its clauses', () => {
    const v = visibilityCondition(authzFor(named('foreign analyst')), 'Person', ['Person.givenNames'], DAY);
    // person.identity has no clause for a foreign analyst: nothing matches a name search.
    expect(v).toEqual({ kind: 'none' });
    const prosecutor = visibilityCondition(authzFor(named('foreign prosecutor naming a JIT it is not in')), 'Person', ['Person.givenNames'], DAY);
    expect(prosecutor.kind).toBe('where');
    if (prosecutor.kind !== 'where') return;
    // The person's cases' facts are tests on the person's own columns (no subquery): in some case, in none as another
    // category (VICTIM, WITNESS, SMUGGLED_MIGRANT, CONTACT), in none with another handling code (H3).
    expect(prosecutor.condition).toContain(
      "p.caseCategories <> '' AND NOT p.caseCategories CONTAINS $authz1 AND NOT p.caseCategories CONTAINS $authz2 AND NOT p.caseCategories CONTAINS $authz3 " +
        'AND NOT p.caseCategories CONTAINS $authz4 AND p.caseHandling IS NOT NULL AND NOT p.caseHandling CONTAINS $authz5',
    );
    expect(prosecutor.condition).not.toContain('EXISTS');
    expect(prosecutor.params).toEqual({
      authz0: '2008-11-30', authz1: listToken('VICTIM'), authz2: listToken('WITNESS'), authz3: listToken('SMUGGLED_MIGRANT'), authz4: listToken('CONTACT'), authz5: listToken('H3'),
    });
  });

  test('partners: flagged adult offenders whose cases are all H0 or H1', () => {
    const v = visibilityCondition(authzFor(named('partner')), 'Person', [], DAY);
    expect(v.kind === 'where' && v.condition).toContain('p.flaggedForPartners = 1');
  });

  test('working for a JIT: the JIT\'s cases, named as a parameter', () => {
    const v = visibilityCondition(authzFor(named('JIT prosecutor')), 'Case', [], DAY);
    // case.known grants foreign prosecutors every case, so the JIT adds nothing here…
    expect(v).toEqual({ kind: 'all' });
    // …while a person's identity for a JIT analyst needs the JIT's cases.
    const identity = visibilityCondition(authzFor(named('JIT analyst')), 'Person', ['Person.givenNames'], DAY);
    expect(identity.kind === 'where' && identity.params).toMatchObject({ authz0: [...JIT.caseIds].sort() });
  });

  test("persons are read with their cases' facts only for callers whose rules look at them", () => {
    expect(authzFor(named('own prosecutor')).needsCaseFacts()).toBe(false);
    expect(authzFor(named('own analyst')).needsCaseFacts()).toBe(true); // identity: suspects, accused, convicted only
    expect(authzFor(named('foreign prosecutor naming a JIT it is not in')).needsCaseFacts()).toBe(true);
    expect(authzFor(named('own prosecutor'), false).needsCaseFacts()).toBe(false); // no purpose: nothing protected is read
    // The categories and handling codes are columns of the person; the ids of its cases, one more query, only for a JIT's clause.
    expect(authzFor(named('foreign prosecutor naming a JIT it is not in')).needsCaseIds()).toBe(false);
    expect(authzFor(named('own analyst')).needsCaseIds()).toBe(false);
    expect(authzFor(named('JIT analyst')).needsCaseIds()).toBe(true);
    expect(authzFor(named('JIT analyst')).needsCaseFacts()).toBe(true);
  });

  test('adulthood on a day: 18 years before it, as an ISO date', () => {
    expect(adultBornBy('2026-02-28')).toBe('2008-02-28');
    expect(adultBornBy('2024-02-29')).toBe('2006-02-29'); // compares as a string: born 2006-02-28 is an adult, 2006-03-01 not
  });
});

describe('on a seeded store, a list returns exactly what the oracle says each caller may know of', () => {
  let store: KuzuStore;
  const world = buildWorld(OWNER, ['AR', 'CO', 'PE'], PERSONS, SEED);

  beforeAll(async () => {
    store = new KuzuStore({ path: ':memory:', bufferPoolBytes: 64 * 1024 * 1024, readConnections: 1 });
    await seedMember(store, OWNER, { persons: PERSONS, seed: SEED });
  });
  afterAll(() => store?.close());

  test.each(all.map((c) => [c.name, c] as const))('%s', async (_name, caller) => {
    const authz = authzFor(caller);
    const persons = await listPersons(store, {}, 500, visibilityCondition(authz, 'Person', [], today()));
    const expected = [...world.persons.values()].filter((p) => knows(world, caller, { kind: 'Person', id: p.id })).map((p) => p.id);
    expect(persons.map((p) => p.id)).toEqual(expected);
    if (caller.name === 'partner') {
      // Flagged persons only (P:1 and the few others the seed flags), and not every one of them: the other conditions still hold.
      expect(expected).toContain(makeId(OWNER, 'P', 1));
      expect(expected.every((id) => world.persons.get(id)!.flaggedForPartners)).toBe(true);
      expect(expected.length).toBeLessThan([...world.persons.values()].filter((p) => p.flaggedForPartners).length);
    }
    // The request's own decisions agree with the store on every record it returned.
    expect(persons.every((p) => authz.knows('Person', p))).toBe(true);

    const cases = await listCases(store, {}, 500, visibilityCondition(authz, 'Case', [], today()));
    const expectedCases = [...world.cases.values()].filter((c) => knows(world, caller, { kind: 'Case', id: c.id })).map((c) => c.id);
    expect(cases.map((c) => c.id)).toEqual(expectedCases);
  });

  test('a filter and the protocol in one query (category with nationality used to fail on Kùzu)', async () => {
    const caller = named('foreign prosecutor naming a JIT it is not in');
    const visibility = visibilityCondition(authzFor(caller), 'Person', ['Person.nationalities', 'Person.involvements'], today());
    const found = await listPersons(store, { category: 'SUSPECT', nationality: 'PE' }, 500, visibility);
    const expected = [...world.persons.values()].filter(
      (p) => p.nationalities.includes('PE') && world.facts.get(p.id)!.categories.has('SUSPECT') && knows(world, caller, { kind: 'Person', id: p.id }),
    );
    expect(found.map((p) => p.id)).toEqual(expected.map((p) => p.id));
    expect(found.length).toBeGreaterThan(0);
  });
});

describe('the protocol reader', () => {
  test('refuses a condition the member\'s records do not carry', () => {
    const schema = buildSubgraphSchema({ typeDefs: parse(memberSdl()) });
    expect(() => compileProtocol({ country: OWNER, schema, carried: { Person: ['adult', 'categories', 'handling'], Case: ['handling'] } }))
      .toThrow(/person\.known"\.anyOf\[3\] has the condition "flaggedForPartners", which Person records of this member do not carry/);
    expect(() => compileProtocol({ country: OWNER, schema })).not.toThrow();
  });
});
