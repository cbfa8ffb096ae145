/**
 * The Kùzu adapter commits only what writes: Kùzu logs even an empty commit, and a log not empty
 * makes the next bulk load checkpoint first, copying the whole store file under the guard. So a
 * transaction that wrote nothing is rolled back (the log stays empty), a bulk load that copied
 * nothing commits as any write, and one that copied checkpoints in its commit (the log empties).
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KuzuStore } from '@enlace/store';
import { mayWrite } from '@enlace/store/dist/kuzu';

const SCHEMA = { nodes: [{ label: 'Item', key: 'id', properties: { id: 'STRING', n: 'INT64' } }], rels: [] };
let dir: string;
let store: KuzuStore;
let path: string;
const walBytes = () => {
  try {
    return statSync(`${path}.wal`).size;
  } catch {
    return 0;
  }
};
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'enlace-empty-tx-'));
  path = join(dir, 'store.kuzu');
  store = new KuzuStore({ path, bufferPoolBytes: 64 * 1024 ** 2, readConnections: 1 });
  await store.ensureSchema(SCHEMA);
  await store.bulkLoad((tx) => tx.insertNodes('Item', Array.from({ length: 50 }, (_, i) => ({ id: `i${i}`, n: i }))));
});
afterAll(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

test('a bulk load that copied rows checkpointed in its commit: the log is empty', async () => {
  expect(walBytes()).toBe(0);
  expect(await store.read('MATCH (i:Item) RETURN count(i) AS n')).toEqual([{ n: 50 }]);
});

test('a write or a bulk load that only read leaves the log empty, and still answers', async () => {
  expect(await store.write((tx) => tx.run('MATCH (i:Item) RETURN count(i) AS n'))).toEqual([{ n: 50 }]);
  expect(await store.bulkLoad(async (tx) => {
    await tx.insertNodes('Item', []);
    return tx.run('MATCH (i:Item {id: "i7"}) RETURN i.n AS n');
  })).toEqual([{ n: 7 }]);
  expect(walBytes()).toBe(0);
});

test('a bulk load that only updated commits as a write: kept, in the log, no guard copy left behind', async () => {
  await store.bulkLoad((tx) => tx.run('MATCH (i:Item {id: "i7"}) SET i.n = 70'));
  expect(await store.read('MATCH (i:Item {id: "i7"}) RETURN i.n AS n')).toEqual([{ n: 70 }]);
  expect(walBytes()).toBeGreaterThan(0);
  expect(() => statSync(`${path}.before-checkpoint`)).toThrow();
});

test('statements that may write are told from reads by their clauses (a write is never taken for a read)', () => {
  for (const write of ['CREATE (:Item {id: "x"})', 'MATCH (i) SET i.n = 1', 'MATCH (i) DETACH DELETE i', 'MERGE (i:Item {id: "y"})', 'COPY Item FROM "f.csv"', 'CALL CREATE_FTS_INDEX("a","b",["c"])', 'match (i) remove i.n', 'ALTER TABLE Item ADD x INT64']) {
    expect(mayWrite(write)).toBe(true);
  }
  for (const read of ['MATCH (i:Item) RETURN i.id', 'UNWIND $ids AS id MATCH (p:Person {id: id}) RETURN p.settlement AS s', 'MATCH (r:NationalReference) RETURN r.key']) {
    expect(mayWrite(read)).toBe(false);
  }
});
