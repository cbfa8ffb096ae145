/**
 * Kùzu's bulk path (bulkLoad: COPY from a CSV file, kuzuCsv.ts): every value reads back exactly
 * as written (an empty string stays empty, null stays null, quotes, commas and newlines survive),
 * rows the file cannot carry go through the parameter path with the same result, a failed load
 * leaves nothing, and the name index follows what was loaded. Plus the pure CSV writing.
 */
import { makeId } from '@enlace/platform';
import { KuzuStore, type StoreSchema } from '@enlace/store';
import { copyFromCsvCypher, EMPTY, rowsAsCsv } from '../../store/src/kuzuCsv';
import { insertPersons, listPersons, memberStoreSchema, type PersonRecord } from '@enlace/member';

const schema: StoreSchema = {
  nodes: [{ label: 'Item', key: 'id', properties: { id: 'STRING', n: 'INT64', text: 'STRING' } }],
  rels: [{ type: 'NEXT', from: 'Item', to: 'Item', properties: { note: 'STRING' } }],
};
const TEXTS = ['', 'plain', 'a "quoted" word', 'comma, here', 'line one\nline two', 'cr\r\nlf', '  spaced  ', 'back\\slash', 'NULL', 'ñandú', '\u001fa\u001fb\u001f', '"', "it's"];

let store: KuzuStore;
beforeAll(async () => {
  store = new KuzuStore({ path: ':memory:' });
  await store.ensureSchema(schema);
  await store.ensureSchema(memberStoreSchema);
});
afterAll(() => store?.close());

const items = async (prefix: string) =>
  store.read('MATCH (i:Item) WHERE i.id STARTS WITH $prefix OPTIONAL MATCH (i)-[r:NEXT]->(j:Item) RETURN i.id AS id, i.n AS n, i.text AS text, j.id AS next, r.note AS note ORDER BY i.id', { prefix });

async function roundTrip(prefix: string, texts: ReadonlyArray<string | null>) {
  const id = (k: number) => `${prefix}${String(k).padStart(2, '0')}`;
  const written = texts.map((text, k) => ({ id: id(k), n: k % 2 ? null : k, text }));
  await store.bulkLoad(async (tx) => {
    await tx.insertNodes('Item', written);
    await tx.insertRels('NEXT', written.slice(1).map((w, k) => ({ from: id(k), to: w.id, note: w.text })));
  });
  expect(await items(prefix)).toEqual(written.map((w, k) => ({ ...w, next: k + 1 < written.length ? id(k + 1) : null, note: k + 1 < written.length ? written[k + 1].text : null })));
}

test('values read back exactly as written, empty strings and nulls apart', async () => {
  await roundTrip('a', [...TEXTS, null]);
});

test('a value holding the marker of an empty string takes the parameter path, with the same result', async () => {
  await roundTrip('b', [`x${EMPTY}y`, '', null, 'plain']);
});

test('a failed load writes nothing', async () => {
  await expect(store.bulkLoad(async (tx) => {
    await tx.insertNodes('Item', [{ id: 'c1', n: 1, text: 'kept?' }]);
    throw new Error('interrupted');
  })).rejects.toThrow('interrupted');
  expect(await items('c')).toEqual([]);
});

test('the name index finds persons loaded in bulk', async () => {
  const person = (seq: number, givenNames: string): PersonRecord => ({
    id: makeId('AR', 'P', 900 + seq), seq: 900 + seq, country: 'AR', givenNames, familyNames: 'Quispe Núñez', aliases: [],
    sex: null, dateOfBirth: null, nationalities: ['AR'], flaggedForPartners: false,
  });
  await store.bulkLoad((tx) => insertPersons(tx, [person(1, 'Rosa'), person(2, 'Verónica')]));
  expect((await listPersons(store, { name: 'veronica nunez' }, 10)).map((p) => p.givenNames)).toEqual(['Verónica']);
});

describe('rowsAsCsv', () => {
  test('quotes strings, doubles their quotes, leaves nulls empty and writes integers bare', () => {
    expect(rowsAsCsv(['a', 'b', 'c'], [{ a: 'x "y"', b: null, c: 7 }, { a: '', c: -1 }])).toBe(`"x ""y""",,7\n"${EMPTY}",,-1\n`);
  });
  test('refuses rows it cannot carry exactly', () => {
    expect(rowsAsCsv(['a'], [{ a: `${EMPTY}` }])).toBeNull();
    expect(rowsAsCsv(['a'], [{ a: 1.5 }])).toBeNull();
    expect(rowsAsCsv(['a'], [{ a: true }])).toBeNull();
  });
});

test('copyFromCsvCypher refuses a path it cannot quote', () => {
  expect(() => copyFromCsvCypher('Item', "/tmp/it's/Item.csv", ['STRING'])).toThrow(/quote or backslash/);
  expect(copyFromCsvCypher('Item', '/tmp/x/Item.csv', ['STRING', 'INT64'])).toContain("CASE WHEN c0 = $empty THEN '' ELSE c0 END, c1)");
});

test('rows loaded in bulk keep their order in storage (lists find a page among the first rows by it)', async () => {
  // Several of Kùzu's node groups (2,048 rows each), in batches, as seeding and imports load them.
  const ordered = new KuzuStore({ path: ':memory:' });
  try {
    await ordered.ensureSchema(schema);
    const batch = (b: number) => Array.from({ length: 5_000 }, (_, k) => ({ id: `o${b}-${k}`, n: b * 5_000 + k, text: 'x' }));
    for (let b = 0; b < 3; b++) await ordered.bulkLoad((tx) => tx.insertNodes('Item', batch(b)));
    const scanned = await ordered.read('MATCH (i:Item) RETURN i.n AS n', {}, { scanOrder: true });
    expect(scanned.map((r) => r.n)).toEqual(Array.from({ length: 15_000 }, (_, k) => k));
  } finally {
    await ordered.close();
  }
});
