/**
 * Name search through the store's full-text index, on the adapter the
 * environment selects (as contract.test.ts: Kùzu in memory by default, or
 * STORE=neo4j with ENLACE_STORE_TEST_WIPE=yes): records written after the index
 * was built are found, words match from their start whatever the case and
 * accents, and every word asked must be found. On Kùzu, the index survives a
 * restart and is not rebuilt.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { makeId } from '@enlace/common';
import { createStore, KuzuStore, storeConfigFromEnv, type Store } from '@enlace/store';
import { insertPersons, listPersons, memberStoreSchema, PERSON_SEARCH_INDEX, type PersonRecord } from '@enlace/member';

const config = storeConfigFromEnv(process.env, { path: ':memory:' });
let store: Store;

const person = (seq: number, givenNames: string, familyNames: string, aliases: string[] = []): PersonRecord => ({
  id: makeId('AR', 'P', seq), seq, country: 'AR', givenNames, familyNames, aliases, sex: null,
  dateOfBirth: null, nationalities: ['AR'], flaggedForPartners: false,
});
const PERSONS = [
  person(1, 'Juan Carlos', 'Quíspe Mamani', ['El Flaco']),
  person(2, 'María', 'Mendoza Morales'),
  person(3, 'Pedro', 'Quispeña'),
  person(4, 'Ana', 'Pérez'),
];
const found = async (name: string) => (await listPersons(store, { name }, 50)).map((p) => p.seq);

beforeAll(async () => {
  if (config.kind === 'neo4j' && process.env.ENLACE_STORE_TEST_WIPE !== 'yes') {
    throw new Error('This suite wipes the Neo4j database it is given: set ENLACE_STORE_TEST_WIPE=yes to agree');
  }
  store = await createStore(config);
  if (config.kind === 'neo4j') await store.write((tx) => tx.run('MATCH (n) DETACH DELETE n'));
  await store.ensureSchema(memberStoreSchema);
  // Both ways of writing, after the index exists: a bulk load (COPY on Kùzu) and a transaction of several rows.
  await store.bulkLoad((tx) => insertPersons(tx, PERSONS.slice(0, 2)));
  await store.write((tx) => insertPersons(tx, PERSONS.slice(2)));
});
afterAll(() => store?.close());

test('a family name, a given name or an alias, whatever the case and accents', async () => {
  expect(await found('mamani')).toEqual([1]);
  expect(await found('QUÍSPE')).toEqual([1, 3]); // Quispeña starts with it too
  expect(await found('quispena')).toEqual([3]);
  expect(await found('carlos')).toEqual([1]);
  expect(await found('flaco')).toEqual([1]);
  expect(await found('perez')).toEqual([4]);
});

test('words match from their start, not in their middle', async () => {
  expect(await found('quisp')).toEqual([1, 3]);
  expect(await found('pe')).toEqual([3, 4]); // Pedro, Pérez
  expect(await found('ispe')).toEqual([]);
});

test('several words: each must start a word of the names or aliases, in any order', async () => {
  expect(await found('juan quispe')).toEqual([1]);
  expect(await found('mamani juan')).toEqual([1]);
  expect(await found('pedro quisp')).toEqual([3]);
  expect(await found('juan pérez')).toEqual([]);
});

test('a prefix starting two words of one person finds that person once', async () => {
  expect(await found('m')).toEqual([1, 2]);
  expect(await found('mo m')).toEqual([2]);
});

test('a name with nothing searchable in it finds no one', async () => {
  expect(await found('--')).toEqual([]);
  expect(() => store.matchFullText(PERSON_SEARCH_INDEX, 'p', ['quis*'])).toThrow(/a-z/);
});

(config.kind === 'kuzu' ? test : test.skip)('on Kùzu the index is kept in the file: a restart finds it and does not rebuild it', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'enlace-fts-'));
  try {
    const path = join(dir, 'member.kuzu');
    let file = new KuzuStore({ path, bufferPoolBytes: 64 * 1024 * 1024 });
    await file.ensureSchema(memberStoreSchema);
    await file.bulkLoad((tx) => insertPersons(tx, PERSONS));
    await file.close();
    file = new KuzuStore({ path, bufferPoolBytes: 64 * 1024 * 1024 });
    await file.ensureSchema(memberStoreSchema); // would fail if it tried to create the existing index again
    expect((await listPersons(file, { name: 'mamani' }, 50)).map((p) => p.seq)).toEqual([1]);
    const indexes = await file.read('CALL SHOW_INDEXES() RETURN index_name AS name');
    expect(indexes.map((r) => r.name)).toEqual([PERSON_SEARCH_INDEX]);
    await file.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
