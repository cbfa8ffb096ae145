/**
 * Name search through the name index (member/src/nameIndex.ts), on the adapter the environment
 * selects (as contract.test.ts: Kùzu in memory by default, or STORE=neo4j with
 * ENLACE_STORE_TEST_WIPE=yes). Every search runs twice: from the table's first rows (how a
 * small store answers) and through the index alone (`firstRows: 0`, how a large one does),
 * and both must agree. Renames and erasures are found at once, in the same transaction; a
 * failed one changes nothing; a store from before the index is indexed once at start.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { makeId } from '@enlace/platform';
import { createStore, KuzuStore, storeConfigFromEnv, type Store } from '@enlace/store';
import { erasePerson, insertPersons, listPersons, memberStoreSchema, personSearchText, prepareMemberStore, updatePersons, type PersonRecord } from '@enlace/member';

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

/** The seqs found for `name`, the same from the first rows and through the index alone. */
async function found(name: string, on: Store = store): Promise<number[]> {
  const viaIndex = (await listPersons(on, { name }, 50, undefined, { firstRows: 0 })).map((p) => p.seq);
  const viaFirstRows = (await listPersons(on, { name }, 50)).map((p) => p.seq);
  expect(viaFirstRows).toEqual(viaIndex);
  return viaIndex;
}

beforeAll(async () => {
  if (config.kind === 'neo4j' && process.env.ENLACE_STORE_TEST_WIPE !== 'yes') {
    throw new Error('This suite wipes the Neo4j database it is given: set ENLACE_STORE_TEST_WIPE=yes to agree');
  }
  store = await createStore(config);
  if (config.kind === 'neo4j') await store.write((tx) => tx.run('MATCH (n) DETACH DELETE n'));
  await prepareMemberStore(store);
  // Both ways of writing: a bulk load (COPY on Kùzu) and a transaction of several rows.
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
});

test('a rename is found at once by its new words and no longer by its old ones, again and again', async () => {
  // Kùzu's own full-text index lost words written after an update (docs/kuzu/README.md): renames in a row, then a new person.
  for (const [i, family] of ['Villca', 'Condori', 'Huanca'].entries()) {
    await store.write((tx) => updatePersons(tx, [person(3, 'Pedro', family, [`Alias${'abc'[i]}`])]));
    expect(await found(family)).toEqual([3]);
    expect(await found(`alias${'abc'[i]}`)).toEqual([3]);
  }
  expect(await found('quispena')).toEqual([]);
  expect(await found('villca')).toEqual([]);
  expect(await found('quisp')).toEqual([1]);
  await store.write((tx) => insertPersons(tx, [person(5, 'Rosa', 'Velasco Torres')]));
  expect(await found('velas')).toEqual([5]);
  expect(await found('torr')).toEqual([5]);
});

test('an erased person is found no more, and others with the same words still are', async () => {
  await store.write((tx) => insertPersons(tx, [person(6, 'Rosa', 'Velasco')]));
  expect(await found('velasco')).toEqual([5, 6]);
  await store.write((tx) => erasePerson(tx, makeId('AR', 'P', 6)));
  expect(await found('velasco')).toEqual([5]);
  expect(await found('rosa')).toEqual([5]);
});

test('a rename that fails half-way changes neither the person nor the index', async () => {
  await expect(store.write(async (tx) => {
    await updatePersons(tx, [person(4, 'Ana', 'Zárate')]);
    throw new Error('validation failed half-way');
  })).rejects.toThrow('half-way');
  expect(await found('perez')).toEqual([4]);
  expect(await found('zarate')).toEqual([]);
});

(config.kind === 'kuzu' ? describe : describe.skip)('a Kùzu store from before the name index', () => {
  let dir: string;
  beforeAll(() => (dir = mkdtempSync(join(tmpdir(), 'enlace-names-'))));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test('its full-text index is dropped and its persons are indexed once, at the first start', async () => {
    const path = join(dir, 'member.kuzu');
    let file = new KuzuStore({ path, bufferPoolBytes: 64 * 1024 * 1024, log: () => undefined });
    // As an earlier version left it: the tables, persons without index entries, Kùzu's own full-text index.
    await file.ensureSchema(memberStoreSchema);
    await file.write((tx) => tx.insertNodes('Person', PERSONS.map((p) => ({ ...p, aliases: p.aliases.join('|'), nationalities: 'AR', searchText: personSearchText(p), flaggedForPartners: 0 }))));
    await file.write(async (tx) => {
      await tx.run('CREATE NODE TABLE NoStopWords(word STRING, PRIMARY KEY(word))');
    });
    await (file as unknown as { writer: { exec(c: string): Promise<void> } }).writer.exec(
      "CALL CREATE_FTS_INDEX('Person', 'person_search', ['searchText'], stemmer := 'none', stopWords := 'NoStopWords')",
    );
    await file.close();

    const log: string[] = [];
    file = new KuzuStore({ path, bufferPoolBytes: 64 * 1024 * 1024, log: (m) => log.push(m) });
    await prepareMemberStore(file, (m) => log.push(m));
    expect(await file.read('CALL SHOW_INDEXES() RETURN index_name AS name')).toEqual([]);
    expect(log.join('\n')).toMatch(/dropped the full-text index person_search/);
    expect(await found('quisp', file)).toEqual([1, 3]);
    await file.close();

    // Indexed once: a second start neither indexes again nor finds anyone twice.
    file = new KuzuStore({ path, bufferPoolBytes: 64 * 1024 * 1024, log: () => undefined });
    const again: string[] = [];
    await prepareMemberStore(file, (m) => again.push(m));
    expect(again).toEqual([]);
    expect(await found('m', file)).toEqual([1, 2]);
    await file.close();
  });
});
