/**
 * Every list filter, in random combinations (fast-check), against the oracle
 * (filterOracle.ts) over the seed data: at a member's repository on a seeded
 * Kùzu store (the full-text index, the other filters and the protocol's compiled
 * visibility in one query), and through the gateway. Both for the owner's
 * prosecutor, who may know of every record, and for a foreign prosecutor, who
 * finds only what the protocol lets it know of and read.
 */
import fc from 'fast-check';

// A fixed seed: CI is repeatable; FC_SEED=<n> explores other combinations locally.
fc.configureGlobal({ seed: Number(process.env.FC_SEED ?? 20261130) });
import { today } from '@enlace/platform';
import { KuzuStore } from '@enlace/store';
import {
  compileProtocol, listCases, listPersons, RequestAuthz, searchedFields, visibilityCondition, type CaseFilter, type PersonFilter,
} from '@enlace/member';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { parse } from 'graphql';
import { memberSdl } from '@enlace/schema';
import { seedMember } from '@enlace/scripts/seed/load';
import { bearer, gql, SEED, startNetwork, type TestNetwork } from '../support/network';
import { buildWorld, type CallerSpec, type World } from '../protocol/oracle';
import { expectedCases, expectedPersons } from './filterOracle';

const OWNER = 'AR';
const COUNTRIES = ['AR', 'CO', 'PE'];
const OWN: CallerSpec = { name: 'own prosecutor', country: OWNER, roles: ['prosecutor'] };
const FOREIGN: CallerSpec = { name: 'foreign prosecutor', country: 'PE', roles: ['prosecutor'] };
const CATEGORIES = ['SUSPECT', 'ACCUSED', 'CONVICTED', 'VICTIM', 'WITNESS', 'SMUGGLED_MIGRANT', 'CONTACT'];
const OFFENCES = ['TIP', 'SOM', 'DOCUMENT_FRAUD', 'MONEY_LAUNDERING', 'ORGANISED_CRIME', 'CORRUPTION'];
const STATUSES = ['INVESTIGATION', 'PROSECUTION', 'TRIAL', 'CLOSED'];

// ---- filters drawn from the seed's own values, written as a user might --------

const ACCENTED: Record<string, string> = { a: 'á', e: 'é', i: 'í', o: 'ó', u: 'ú', n: 'ñ' };
/** As typed: unchanged, in capitals, in lower case, or with accents the record lacks. */
const styled = (text: fc.Arbitrary<string>) =>
  fc.tuple(text, fc.constantFrom('as is', 'upper', 'lower', 'accents')).map(([t, style]) =>
    style === 'upper' ? t.toUpperCase() : style === 'lower' ? t.toLowerCase() : style === 'accents' ? t.replace(/[aeioun]/, (c) => ACCENTED[c]) : t);

const optional = <T>(a: fc.Arbitrary<T>) => fc.option(a, { nil: undefined, freq: 2 });

function personFilters(world: World): fc.Arbitrary<PersonFilter> {
  const names = [...world.persons.values()].flatMap((p) => [`${p.givenNames} ${p.familyNames}`, ...p.aliases]).map((n) => n.split(/\s+/).filter(Boolean));
  // One or two consecutive words of a name or alias, each maybe cut to its start.
  const fromSeed = fc.tuple(fc.constantFrom(...names), fc.nat(), fc.integer({ min: 1, max: 2 }), fc.integer({ min: 1, max: 6 })).map(([words, at, n, cut]) =>
    words.slice(at % words.length, (at % words.length) + n).map((w) => w.slice(0, Math.max(cut, 1))).join(' '));
  const name = fc.oneof({ arbitrary: styled(fromSeed), weight: 5 }, { arbitrary: fc.constantFrom('zzyqx', 'de la', '--', 'María José'), weight: 1 });
  const numbers = world.documents.map((d) => d.number);
  const documentNumber = fc.oneof(
    { arbitrary: fc.tuple(fc.constantFrom(...numbers), fc.constantFrom('as is', 'lower', 'dashed')).map(([n, s]) => (s === 'lower' ? n.toLowerCase() : s === 'dashed' ? n.replace(/(.{3})/, '$1-') : n)), weight: 4 },
    { arbitrary: fc.constant('NO-SUCH-99'), weight: 1 },
  );
  const nationality = styled(fc.constantFrom(...new Set([...world.persons.values()].flatMap((p) => p.nationalities)), 'XX'));
  return fc.record({
    name: optional(name), documentNumber: fc.option(documentNumber, { nil: undefined, freq: 5 }), nationality: optional(nationality), category: optional(fc.constantFrom(...CATEGORIES)),
  });
}

function caseFilters(world: World): fc.Arbitrary<CaseFilter> {
  const dates = [...new Set([...world.cases.values()].map((c) => c.openedOn))].sort();
  const places = [...new Set([...world.observations.values()].flatMap((o) => o.legs.flatMap((l) => [l.from, l.to])).flatMap((p) => [p.country, p.locality ?? '']).filter(Boolean))];
  return fc.record({
    offence: optional(fc.constantFrom(...OFFENCES)),
    status: optional(fc.constantFrom(...STATUSES)),
    openedFrom: optional(fc.constantFrom(...dates)),
    openedTo: optional(fc.constantFrom(...dates)),
    place: optional(styled(fc.constantFrom(...places, 'Atlantis'))),
  });
}

// ---- the caller's protocol, as a member computes it ---------------------------

const protocol = compileProtocol({ country: OWNER, schema: buildSubgraphSchema({ typeDefs: parse(memberSdl()) }) });
const authzFor = (caller: CallerSpec) => new RequestAuthz(protocol, { caller, hasPurpose: true, jit: null });

/** Counts the runs whose answer was not empty: a property over empty answers only would prove little. */
class Tally {
  runs = 0;
  found = 0;
  add(ids: string[]): void {
    this.runs++;
    if (ids.length) this.found++;
  }
}

const RUNS = { repository: 120, gateway: 30 };

describe('at a member\'s repository, on a seeded Kùzu store', () => {
  const PERSONS = 120;
  const world = buildWorld(OWNER, COUNTRIES, PERSONS, SEED);
  let store: KuzuStore;

  beforeAll(async () => {
    store = new KuzuStore({ path: ':memory:', bufferPoolBytes: 64 * 1024 * 1024, readConnections: 1 });
    await seedMember(store, OWNER, { persons: PERSONS, seed: SEED });
  });
  afterAll(() => store?.close());

  test.each([[OWN.name, OWN], [FOREIGN.name, FOREIGN]] as const)('persons, for the %s', async (_name, caller) => {
    const tally = new Tally();
    await fc.assert(fc.asyncProperty(personFilters(world), async (filter) => {
      const visibility = visibilityCondition(authzFor(caller), 'Person', searchedFields('Person', filter), today());
      const found = (await listPersons(store, filter, 500, visibility)).map((p) => p.id);
      expect(found).toEqual(expectedPersons(world, caller, filter));
      tally.add(found);
    }), { numRuns: RUNS.repository });
    expect(tally.found).toBeGreaterThan(tally.runs / 10);
  });

  // A page is first looked for among the table's first rows (20,000 by default: the whole store here);
  // with 40 of them and short pages, both that page and the whole query it falls back to are exercised.
  test.each([[OWN.name, OWN], [FOREIGN.name, FOREIGN]] as const)('persons, short pages looked for among the first rows first, for the %s', async (_name, caller) => {
    const tally = new Tally();
    await fc.assert(fc.asyncProperty(personFilters(world), fc.integer({ min: 1, max: 12 }), async (filter, first) => {
      const visibility = visibilityCondition(authzFor(caller), 'Person', searchedFields('Person', filter), today());
      const found = (await listPersons(store, filter, first, visibility, { caseFacts: true, firstRows: 40 })).map((p) => p.id);
      expect(found).toEqual(expectedPersons(world, caller, filter).slice(0, first));
      tally.add(found);
    }), { numRuns: RUNS.repository });
    expect(tally.found).toBeGreaterThan(tally.runs / 10);
  });

  test.each([[OWN.name, OWN], [FOREIGN.name, FOREIGN]] as const)('cases, for the %s', async (_name, caller) => {
    const tally = new Tally();
    await fc.assert(fc.asyncProperty(caseFilters(world), async (filter) => {
      const visibility = visibilityCondition(authzFor(caller), 'Case', searchedFields('Case', filter), today());
      const found = (await listCases(store, filter, 500, visibility)).map((c) => c.id);
      expect(found).toEqual(expectedCases(world, caller, filter));
      tally.add(found);
    }), { numRuns: RUNS.repository });
    expect(tally.found).toBeGreaterThan(tally.runs / 10);
  });

  test('a name is matched by the start of its words, whatever the case and accents', async () => {
    const p = [...world.persons.values()].find((x) => /[áéíóúñ]/i.test(x.familyNames)) ?? [...world.persons.values()][0];
    const family = p.familyNames.split(' ')[0];
    const plain = family.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase();
    for (const asked of [plain, family.toUpperCase(), plain.slice(0, 3), `${p.givenNames.split(' ')[0]} ${plain}`]) {
      expect((await listPersons(store, { name: asked }, 500)).map((x) => x.id)).toContain(p.id);
    }
    // Not the middle of a word: words are matched from their start.
    expect(await listPersons(store, { name: 'zzyqx' }, 500)).toEqual([]);
  });
});

describe('through the gateway', () => {
  const PERSONS = 60; // the test network's default
  const world = buildWorld(OWNER, COUNTRIES, PERSONS, SEED);
  let net: TestNetwork;

  beforeAll(async () => {
    net = await startNetwork({ countries: COUNTRIES, persons: PERSONS, seed: SEED });
  }, 60_000);
  afterAll(() => net?.close());

  const ids = (body: { data?: Record<string, Array<{ id: string }> | null>; errors?: unknown[] }, field: string) => {
    expect(body.errors).toBeUndefined();
    return (body.data?.[field] ?? []).map((r) => r.id);
  };

  test.each([[OWN.name, OWN], [FOREIGN.name, FOREIGN]] as const)('persons and cases, for the %s', async (_name, caller) => {
    const headers = bearer(await net.token({ country: caller.country, roles: caller.roles }));
    const persons = new Tally();
    await fc.assert(fc.asyncProperty(personFilters(world), async (filter) => {
      const { body } = await gql(net.gateway.url, 'query ($f: PersonFilter) { persons(filter: $f, countries: ["AR"], first: 500) { id } }', { f: filter }, headers);
      const found = ids(body, 'persons');
      expect(found).toEqual(expectedPersons(world, caller, filter));
      persons.add(found);
    }), { numRuns: RUNS.gateway });
    const cases = new Tally();
    await fc.assert(fc.asyncProperty(caseFilters(world), async (filter) => {
      const { body } = await gql(net.gateway.url, 'query ($f: CaseFilter) { cases(filter: $f, countries: ["AR"], first: 500) { id } }', { f: filter }, headers);
      const found = ids(body, 'cases');
      expect(found).toEqual(expectedCases(world, caller, filter));
      cases.add(found);
    }), { numRuns: RUNS.gateway });
    expect(persons.found + cases.found).toBeGreaterThan(0);
  }, 60_000);
});
