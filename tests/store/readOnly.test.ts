/** The Kùzu adapter's read-only mode (an import's dry run): reads, refuses every write, changes no byte, and refuses a store a crash left mid-checkpoint. */
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KuzuStore } from '@enlace/store';

const SCHEMA = { nodes: [{ label: 'Item', key: 'id', properties: { id: 'STRING', name: 'STRING' } }], rels: [] };
let dir: string;
let path: string;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'enlace-readonly-'));
  path = join(dir, 'store.kuzu');
  const store = new KuzuStore({ path, bufferPoolBytes: 64 * 1024 ** 2, readConnections: 1 });
  await store.ensureSchema(SCHEMA);
  await store.write((tx) => tx.insertNodes('Item', [{ id: 'a', name: 'Ana' }]));
  await store.close();
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const fingerprint = () => Object.fromEntries(readdirSync(dir).sort().map((f) => [f, createHash('sha256').update(readFileSync(join(dir, f))).digest('hex')]));

test('reads what the store holds, refuses writes, and leaves every file as it was', async () => {
  const before = fingerprint();
  const store = new KuzuStore({ path, bufferPoolBytes: 64 * 1024 ** 2, readConnections: 1, readOnly: true });
  expect(await store.read('MATCH (i:Item) RETURN i.name AS name')).toEqual([{ name: 'Ana' }]);
  await expect(store.write((tx) => tx.insertNodes('Item', [{ id: 'b', name: 'Beto' }]))).rejects.toThrow(/reading only/);
  await expect(store.ensureSchema(SCHEMA)).rejects.toThrow(/reading only/);
  await store.close();
  expect(fingerprint()).toEqual(before);
});

test('a store a crash left mid-checkpoint is refused, not recovered, and no folder is made for a missing one', () => {
  writeFileSync(`${path}.checkpoint.json`, JSON.stringify({ kind: 'checkpoint', at: new Date().toISOString(), walBytes: 0 }));
  try {
    expect(() => new KuzuStore({ path, readOnly: true })).toThrow(/interrupted in a checkpoint and must recover first/);
    expect(existsSync(`${path}.checkpoint.json`)).toBe(true);
  } finally {
    rmSync(`${path}.checkpoint.json`);
  }
  expect(() => new KuzuStore({ path: join(dir, 'none', 'store.kuzu'), readOnly: true })).toThrow();
  expect(existsSync(join(dir, 'none'))).toBe(false);
});
