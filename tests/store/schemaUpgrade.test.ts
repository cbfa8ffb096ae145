/** A store made by an earlier version gets the columns a newer schema declares: added at open (null in older rows), bulk loads and writes line up with them. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KuzuStore } from '@enlace/store';

const OLD = { nodes: [{ label: 'Item', key: 'id', properties: { id: 'STRING', name: 'STRING' } }], rels: [{ type: 'LINKS', from: 'Item', to: 'Item', properties: { kind: 'STRING' } }] };
const NEW = {
  nodes: [{ label: 'Item', key: 'id', properties: { id: 'STRING', name: 'STRING', year: 'INT64' as const } }],
  rels: [{ type: 'LINKS', from: 'Item', to: 'Item', properties: { kind: 'STRING', weight: 'INT64' as const } }],
};
let dir: string;
beforeAll(() => (dir = mkdtempSync(join(tmpdir(), 'enlace-upgrade-'))));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

test('new columns are added to an older table, older rows read null, and a bulk load writes the new column in its place', async () => {
  const path = join(dir, 'store.kuzu');
  const old = new KuzuStore({ path, bufferPoolBytes: 64 * 1024 ** 2, readConnections: 1 });
  await old.ensureSchema(OLD);
  await old.write(async (tx) => {
    await tx.insertNodes('Item', [{ id: 'a', name: 'Ana' }, { id: 'b', name: 'Beto' }]);
    await tx.insertRels('LINKS', [{ from: 'a', to: 'b', kind: 'x' }]);
  });
  await old.close();

  const logged: string[] = [];
  const store = new KuzuStore({ path, bufferPoolBytes: 64 * 1024 ** 2, readConnections: 1, log: (m: string) => logged.push(m) });
  await store.ensureSchema(NEW);
  expect(logged.filter((m) => /added the column/.test(m))).toEqual([
    'store: added the column year to Item (a table made by an earlier version)',
    'store: added the column weight to LINKS (a table made by an earlier version)',
  ]);
  const rows = Array.from({ length: 300 }, (_, i) => ({ id: `n${i}`, name: `N${i}`, year: 1900 + i }));
  await store.bulkLoad((tx) => tx.insertNodes('Item', rows));
  expect(await store.read('MATCH (i:Item) WHERE i.id IN ["a", "n7"] RETURN i.id AS id, i.name AS name, i.year AS year ORDER BY id')).toEqual([
    { id: 'a', name: 'Ana', year: null },
    { id: 'n7', name: 'N7', year: 1907 },
  ]);
  expect(await store.read('MATCH (:Item)-[l:LINKS]->(:Item) RETURN l.kind AS kind, l.weight AS weight')).toEqual([{ kind: 'x', weight: null }]);
  await store.ensureSchema(NEW); // again: nothing to add
  expect(logged.filter((m) => /added the column/.test(m))).toHaveLength(2);
  await store.close();
});
