/**
 * The store contract: what every adapter must do the same way. Runs against the
 * adapter the environment selects (STORE=kuzu by default, in memory; or
 * STORE=neo4j with NEO4J_URI and NEO4J_PASSWORD, which wipes that database
 * first and so also needs ENLACE_STORE_TEST_WIPE=yes).
 */
import { makeId } from '@enlace/platform';
import { createStore, instrument, KuzuStore, reserveSeq, storeConfigFromEnv, type Store } from '@enlace/store';
import {
  insertDocuments, insertInvolvements, insertPersons, insertCases, listPersons, memberStoreSchema, personsByIds,
  involvementsByPersonIds, involvementsByCaseIds, casesByIds, documentsByPersonIds, type CaseRecord, type PersonRecord, type StoredPerson,
} from '@enlace/member';

const config = storeConfigFromEnv(process.env, { path: ':memory:' });
let store: Store;

const person = (seq: number, extra: Partial<PersonRecord> = {}): PersonRecord => ({
  id: `AR:P:${seq}`, seq, country: 'AR', givenNames: 'Ana', familyNames: 'Pérez', aliases: [], sex: 'FEMALE',
  dateOfBirth: null, nationalities: ['AR'], flaggedForPartners: false, ...extra,
});
/** A person as read back: with the facts of the person's cases. */
const stored = (p: PersonRecord, facts: Partial<StoredPerson['facts']> = {}): StoredPerson => ({ ...p, facts: { categories: [], handling: [], caseIds: [], ...facts } });
const kase = (seq: number): CaseRecord => ({
  id: `AR:C:${seq}`, seq, country: 'AR', reference: `R-${seq}`, offences: ['TIP', 'SOM'], status: 'INVESTIGATION', openedOn: '2024-01-01',
  closedOn: null, summary: 's', handlingCode: 'H0', handlingConditions: null, sourceReliability: 'B', informationAccuracy: 2,
});

beforeAll(async () => {
  if (config.kind === 'neo4j' && process.env.ENLACE_STORE_TEST_WIPE !== 'yes') {
    throw new Error('The contract suite wipes the Neo4j database it is given: set ENLACE_STORE_TEST_WIPE=yes to agree');
  }
  store = await createStore(config);
  if (config.kind === 'neo4j') await store.write((tx) => tx.run('MATCH (n) DETACH DELETE n'));
  await store.ensureSchema(memberStoreSchema);
});
afterAll(() => store?.close());

test('ensureSchema can run again on an existing store', async () => {
  await expect(store.ensureSchema(memberStoreSchema)).resolves.toBeUndefined();
});

test('written records read back as plain values, lists decoded and nulls kept', async () => {
  await store.write((tx) => insertPersons(tx, [person(1, { aliases: ['La Tía', 'Rubia'], dateOfBirth: '1990-02-03' }), person(2)]));
  const [a, b] = (await personsByIds(store, ['AR:P:1', 'AR:P:2'])).sort((x, y) => x.seq - y.seq);
  expect(a).toEqual(stored(person(1, { aliases: ['La Tía', 'Rubia'], dateOfBirth: '1990-02-03' })));
  expect(b).toEqual(stored(person(2)));
  expect(typeof a.seq).toBe('number');
});

test('a failed transaction writes nothing', async () => {
  await expect(
    store.write(async (tx) => {
      await insertPersons(tx, [person(3)]);
      throw new Error('validation failed half-way');
    }),
  ).rejects.toThrow('half-way');
  expect(await personsByIds(store, ['AR:P:3'])).toEqual([]);
});

test('a duplicate key fails the transaction', async () => {
  await expect(store.write((tx) => insertPersons(tx, [person(4), person(1)]))).rejects.toThrow();
  expect(await personsByIds(store, ['AR:P:4'])).toEqual([]);
});

test('relationships connect nodes found by key, with their properties', async () => {
  await store.write(async (tx) => {
    await insertCases(tx, [kase(1)]);
    await insertInvolvements(tx, [{ personId: 'AR:P:1', caseId: 'AR:C:1', category: 'VICTIM' }]);
    await insertDocuments(tx, [{ id: 'AR:D:1', personId: 'AR:P:2', type: 'PASSPORT', number: 'ab-12 345', issuingCountry: 'AR' }]);
  });
  expect(await involvementsByPersonIds(store, ['AR:P:1'])).toEqual([{ personId: 'AR:P:1', caseId: 'AR:C:1', category: 'VICTIM' }]);
  expect((await listPersons(store, { documentNumber: 'AB12345' }, 10)).map((p) => p.id)).toEqual(['AR:P:2']);
});

test('filters, ordering and limits behave the same', async () => {
  expect((await listPersons(store, { name: 'rubia' }, 10)).map((p) => p.id)).toEqual(['AR:P:1']);
  expect((await listPersons(store, { name: 'PEREZ' }, 10)).map((p) => p.id)).toEqual(['AR:P:1', 'AR:P:2']);
  expect((await listPersons(store, {}, 1)).map((p) => p.id)).toEqual(['AR:P:1']);
  expect((await listPersons(store, { category: 'VICTIM' }, 10)).map((p) => p.id)).toEqual(['AR:P:1']);
  expect(await listPersons(store, { nationality: 'CO' }, 10)).toEqual([]);
  // A filter inside a subquery together with others (Kùzu 0.11 used to lose the subquery's parameter).
  expect((await listPersons(store, { category: 'VICTIM', nationality: 'AR', name: 'perez' }, 10)).map((p) => p.id)).toEqual(['AR:P:1']);
  // A person comes with the facts of the person's cases, which the sharing protocol looks at.
  expect((await listPersons(store, { name: 'rubia' }, 10))[0].facts).toEqual({ categories: ['VICTIM'], handling: ['H0'], caseIds: ['AR:C:1'] });
});

// Only an embedded store knows every write made to it (a Neo4j server's committedWrites is null: nothing is kept).
(config.kind === 'kuzu' ? test : test.skip)("committed writes are counted, and what a list relies on of the table's first rows is read again only after one", async () => {
  const counted = instrument(store); // a store object of its own: nothing kept for it yet
  const before = counted.committedWrites!;
  await counted.write((tx) => tx.run('MATCH (p:Person) RETURN count(p) AS n')); // wrote nothing: rolled back
  expect(counted.committedWrites).toBe(before);
  await counted.write((tx) => insertPersons(tx, [person(60, { familyNames: 'Zambrano' })]));
  expect(counted.committedWrites).toBe(before + 1);

  const search = async (firstRows: number) => {
    const start = counted.stats.queries;
    const ids = (await listPersons(counted, { name: 'zambrano' }, 5, undefined, { caseFacts: false, firstRows })).map((p) => p.id);
    return { ids, reads: counted.stats.queries - start };
  };
  // Each window of first rows tried is three reads (its page, the lowest seq after it and whether it is
  // stored in seq order); then its page alone.
  // 20,000 rows: one window, the whole table. 10: a window of 1 row (person 1, then more rows), then of 10.
  for (const [firstRows, windows] of [[20_000, 1], [10, 2]]) {
    const first = await search(firstRows);
    expect(first).toEqual({ ids: ['AR:P:60'], reads: 3 * windows });
    expect(await search(firstRows)).toEqual({ ids: ['AR:P:60'], reads: windows });
  }
  await counted.write((tx) => insertPersons(tx, [person(61, { familyNames: 'Zambrano' })]));
  expect(await search(10)).toEqual({ ids: ['AR:P:60', 'AR:P:61'], reads: 6 });
  expect(await search(10)).toEqual({ ids: ['AR:P:60', 'AR:P:61'], reads: 2 });
});

// Persons are stored in seq order as they are written, and a page read in that order is not sorted;
// rows stored out of it (here: written out of turn) are sorted by seq again.
test('a page among the first rows is in seq order however its rows are stored', async () => {
  await store.write((tx) => insertPersons(tx, [person(73, { familyNames: 'Yupanqui' }), person(71, { familyNames: 'Yupanqui' })]));
  await store.write((tx) => insertPersons(tx, [person(72, { familyNames: 'Yupanqui' })]));
  for (const firstRows of [20_000, 0]) {
    expect((await listPersons(store, { name: 'yupanqui' }, 1, undefined, { firstRows })).map((p) => p.seq)).toEqual([71]);
    expect((await listPersons(store, { name: 'yupanqui' }, 2, undefined, { firstRows })).map((p) => p.seq)).toEqual([71, 72]);
    expect((await listPersons(store, { name: 'yupanqui' }, 5, undefined, { firstRows })).map((p) => p.seq)).toEqual([71, 72, 73]);
  }
});

// A subquery (the category filter, a JIT's case ids) is a join, whose output need not keep the scan's order.
(config.kind === 'kuzu' ? test : test.skip)('a page is read unsorted with column tests alone', async () => {
  const own = new KuzuStore({ path: ':memory:', bufferPoolBytes: 64 * 1024 * 1024 }); // stored in seq order, unlike the shared one
  try {
    await own.ensureSchema(memberStoreSchema);
    const pages: string[] = [];
    const traced: Store = Object.create(own, {
      read: { value: (cypher: string, ...rest: [never, never]) => (cypher.endsWith('LIMIT $first') && pages.push(cypher), own.read(cypher, ...rest)) },
    });
    await traced.write((tx) => insertPersons(tx, [person(1, { familyNames: 'Xicará' }), person(2, { familyNames: 'Xicará' })]));
    expect((await listPersons(traced, { name: 'xicara' }, 1)).map((p) => p.seq)).toEqual([1]);
    expect((await listPersons(traced, { name: 'xicara', category: 'VICTIM' }, 1)).map((p) => p.seq)).toEqual([]);
    expect(pages.map((c) => c.includes('ORDER BY seq'))).toEqual([false, true]);
  } finally {
    await own.close();
  }
});

test('sequences hand out consecutive numbers inside transactions', async () => {
  const first = await store.write((tx) => reserveSeq(tx, 'T', 3));
  const next = await store.write((tx) => reserveSeq(tx, 'T', 1));
  expect(next).toBe(first + 3);
});

test('reads of unknown keys answer empty, never fail', async () => {
  expect(await personsByIds(store, ['AR:P:999'])).toEqual([]);
  expect(await personsByIds(store, [])).toEqual([]);
});

test('bulk loading fresh records reads back like written ones', async () => {
  await store.bulkLoad(async (tx) => {
    await insertPersons(tx, [person(10), person(11, { aliases: ['Chino'] })]);
    await insertCases(tx, [kase(10)]);
    await insertInvolvements(tx, [{ personId: 'AR:P:11', caseId: 'AR:C:10', category: 'SUSPECT' }]);
  });
  expect((await personsByIds(store, ['AR:P:11']))[0]).toEqual(stored(person(11, { aliases: ['Chino'] }), { categories: ['SUSPECT'], handling: ['H0'], caseIds: ['AR:C:10'] }));
  expect(await involvementsByPersonIds(store, ['AR:P:11'])).toEqual([{ personId: 'AR:P:11', caseId: 'AR:C:10', category: 'SUSPECT' }]);
});

describe('lookup: reads from nodes found by primary key', () => {
  // Records of their own (makeId), apart from those above.
  const P = (n: number) => makeId('AR', 'P', 500 + n);
  const C = (n: number) => makeId('AR', 'C', 500 + n);
  const ids = (rows: Array<Record<string, unknown>>) => rows.map((r) => String(r.id)).sort();
  const DOCUMENTS: Array<[number, string]> = [[501, 'Z'], [502, 'A'], [503, 'M']];
  const personIds = (keys: string[]) => store.lookup({ label: 'Person', as: 'p', keys, then: 'RETURN p.id AS id' });

  beforeAll(async () => {
    await store.write(async (tx) => {
      await insertPersons(tx, [1, 2, 3].map((n) => person(500 + n, { id: P(n) })));
      await insertCases(tx, [1, 2].map((n) => ({ ...kase(500 + n), id: C(n), handlingCode: `H${n}` })));
      await insertInvolvements(tx, [
        { personId: P(1), caseId: C(2), category: 'SUSPECT' },
        { personId: P(1), caseId: C(1), category: 'VICTIM' },
        { personId: P(2), caseId: C(1), category: 'WITNESS' },
      ]);
      await insertDocuments(tx, DOCUMENTS.map(([n, number]) => ({ id: makeId('AR', 'D', n), personId: P(1), type: 'PASSPORT', number, issuingCountry: 'AR' })));
    });
  });

  test('finds what exists, skips what does not, gives a repeated key once, in any key order', async () => {
    expect(ids(await personIds([P(3), makeId('AR', 'P', 999_999), P(1), P(3)]))).toEqual([P(1), P(3)].sort());
    expect(ids(await personIds([P(1), P(3)]))).toEqual(ids(await personIds([P(3), P(1)])));
    expect(await personIds([makeId('AR', 'P', 999_999)])).toEqual([]);
  });

  test('no keys: no rows and no round trip', async () => {
    const counted = instrument(store);
    expect(await counted.lookup({ label: 'Person', as: 'p', keys: [], then: 'RETURN p.id AS id' })).toEqual([]);
    expect(counted.stats.queries).toBe(0);
    await counted.lookup({ label: 'Person', as: 'p', keys: [P(1), P(2), P(3)], then: 'RETURN p.id AS id' });
    expect(counted.stats.queries).toBe(1); // one batch, one round trip through the port
  });

  test('goes on from the matched node: traversals with their own parameters, per-key aggregation and order', async () => {
    const victims = await store.lookup({
      label: 'Person', as: 'p', keys: [P(1), P(2)], params: { category: 'VICTIM' },
      then: 'MATCH (p)-[i:INVOLVED]->(c:`Case`) WHERE i.category = $category RETURN p.id AS id, c.id AS caseId',
    });
    expect(victims).toEqual([{ id: P(1), caseId: C(1) }]);
    const counts = await store.lookup({ label: 'Case', as: 'c', keys: [C(1), C(2)], then: 'MATCH (p:Person)-[:INVOLVED]->(c) RETURN c.id AS id, count(p) AS n' });
    expect(counts.sort((a, b) => String(a.id).localeCompare(String(b.id)))).toEqual([{ id: C(1), n: 2 }, { id: C(2), n: 1 }].sort((a, b) => a.id.localeCompare(b.id)));
    const documents = await store.lookup({ label: 'Person', as: 'p', keys: [P(1)], then: 'MATCH (p)-[:HOLDS]->(d:Document) RETURN d.number AS number ORDER BY number' });
    expect(documents.map((d) => d.number)).toEqual(['A', 'M', 'Z']);
  });

  // Kùzu plans a lookup by the table's size (one scan on a small table, else one equality per key): both plans answer alike.
  (config.kind === 'kuzu' ? test : test.skip)('Kùzu: one equality per key answers as the single scan does', async () => {
    const equalities = new KuzuStore({ path: ':memory:', bufferPoolBytes: 64 * 1024 * 1024, readConnections: 2, scanRowsPerKey: 0 });
    try {
      await equalities.ensureSchema(memberStoreSchema);
      await equalities.write(async (tx) => {
        await insertPersons(tx, [1, 2, 3].map((n) => person(500 + n, { id: P(n) })));
        await insertCases(tx, [1, 2].map((n) => ({ ...kase(500 + n), id: C(n), handlingCode: `H${n}` })));
        await insertInvolvements(tx, [
          { personId: P(1), caseId: C(2), category: 'SUSPECT' }, { personId: P(1), caseId: C(1), category: 'VICTIM' }, { personId: P(2), caseId: C(1), category: 'WITNESS' },
        ]);
      });
      const asked = { label: 'Person', as: 'p', keys: [P(3), makeId('AR', 'P', 999_999), P(1), P(3), P(2)], then: 'MATCH (p)-[i:INVOLVED]->(c:`Case`) RETURN p.id AS id, c.id AS caseId, i.category AS category' };
      const sorted = (rows: Array<Record<string, unknown>>) => rows.map((r) => JSON.stringify(r)).sort();
      expect(sorted(await equalities.lookup(asked))).toEqual(sorted(await store.lookup(asked)));
      expect(sorted(await equalities.lookup(asked))).toHaveLength(3);
      expect(ids(await equalities.lookup({ label: 'Person', as: 'p', keys: [P(1), P(1), P(3)], then: 'RETURN p.id AS id' }))).toEqual([P(1), P(3)].sort());
    } finally {
      await equalities.close();
    }
  });

  test('an undeclared table is an error, not an empty answer', async () => {
    await expect(store.lookup({ label: 'Nope', as: 'n', keys: ['x'], then: 'RETURN n.id AS id' })).rejects.toThrow(/Nope/);
  });

  test('what the repository builds on it: persons with or without their cases’ facts, cases, involvements, documents', async () => {
    const [one, two, three] = [P(1), P(2), P(3)];
    const withFacts = await personsByIds(store, [three, one, two, one]);
    const byId = new Map(withFacts.map((p) => [p.id, p]));
    expect(withFacts).toHaveLength(3);
    const facts1 = byId.get(one)!.facts!;
    expect([...facts1.caseIds].sort()).toEqual([C(1), C(2)].sort());
    // Categories and handling codes from the person's columns (each once, sorted), kept by insertInvolvements.
    expect(facts1.categories).toEqual(['SUSPECT', 'VICTIM']);
    expect(facts1.handling).toEqual(['H1', 'H2']);
    // Without the case ids: one query fewer, the columns still read.
    expect((await personsByIds(store, [one], { caseFacts: true, caseIds: false }))[0].facts).toEqual({ categories: ['SUSPECT', 'VICTIM'], handling: ['H1', 'H2'], caseIds: [] });
    expect(byId.get(three)).toEqual(stored(person(503, { id: three })));
    const plain = await personsByIds(store, [one], { caseFacts: false });
    expect(plain).toEqual([person(501, { id: one })]);
    expect('facts' in plain[0]).toBe(false);
    expect((await casesByIds(store, [C(2), makeId('AR', 'C', 999_999), C(2)])).map((c) => c.id)).toEqual([C(2)]);
    // Each key's rows keep the order the repository asks for (cases by seq, documents by id).
    expect(await involvementsByPersonIds(store, [one])).toEqual([
      { personId: one, caseId: C(1), category: 'VICTIM' },
      { personId: one, caseId: C(2), category: 'SUSPECT' },
    ]);
    expect((await involvementsByCaseIds(store, [C(1)])).map((i) => i.personId)).toEqual([one, two]);
    const byDocumentId = [...DOCUMENTS].sort(([a], [b]) => makeId('AR', 'D', a).localeCompare(makeId('AR', 'D', b))).map(([, number]) => number);
    expect((await documentsByPersonIds(store, [one, two])).map((d) => d.number)).toEqual(byDocumentId);
  });
});
