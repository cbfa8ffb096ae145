/**
 * Name search at a member's store, side by side on one seeded Kùzu store: the
 * name index (the repository's listPersons) against a substring scan
 * (`searchText CONTAINS`). Also times opening the store and preparing it
 * (prepareMemberStore: tables, and the name index of a store from before it).
 *
 *   node scripts/dist/seed.js --countries AR --scale 100000 --data-dir /tmp/s100k --fresh
 *   node scripts/dist/bench/nameSearch.js /tmp/s100k/ar/member.kuzu [queries=200]
 *
 * Writes scripts/bench/results/name-search.json.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { KuzuStore, normaliseText } from '@enlace/store';
import { listPersons, prepareMemberStore, searchWords } from '@enlace/member';
import { root, summarise } from './lib';

const SCAN = 'MATCH (p:Person) WHERE p.searchText CONTAINS $name WITH DISTINCT p ORDER BY p.seq LIMIT $first RETURN p.id AS id';

async function timed<T>(work: () => Promise<T>): Promise<[number, T]> {
  const t = performance.now();
  const result = await work();
  return [performance.now() - t, result];
}

async function main(): Promise<void> {
  const [path, n = '200'] = process.argv.slice(2);
  if (!path) throw new Error('usage: node scripts/dist/bench/nameSearch.js <member.kuzu> [queries]');
  const [openMs, store] = await timed(async () => new KuzuStore({ path, bufferPoolBytes: 512 * 1024 * 1024, readConnections: 1 }));
  const [ensureSchemaMs] = await timed(() => prepareMemberStore(store, (m) => console.error(m)));
  const persons = Number((await store.read('MATCH (p:Person) RETURN count(p) AS n'))[0].n);
  // Family names of persons spread over the store: what a user types.
  const sample = await store.read('MATCH (p:Person) WHERE p.seq % $step = 0 RETURN p.familyNames AS name LIMIT $n', { step: Math.max(1, Math.floor(persons / Number(n))), n: Number(n) });
  const names = sample.map((r) => searchWords(String(r.name))[0]).filter(Boolean);
  const [, first] = await timed(() => listPersons(store, { name: names[0] }, 50, undefined, { caseFacts: false })); // warm
  const index: number[] = [];
  const scan: number[] = [];
  let differing = 0;
  for (const name of names) {
    const [a, viaIndex] = await timed(() => listPersons(store, { name }, 50, undefined, { caseFacts: false }));
    const [b, viaScan] = await timed(() => store.read(SCAN, { name: normaliseText(name), first: 50 }));
    index.push(a);
    scan.push(b);
    // The index matches word starts, the scan any substring: the pages may differ (the scan finds "ana" in "Mariana").
    if (viaIndex.map((p) => p.id).join() !== viaScan.map((r) => r.id).join()) differing++;
  }
  await store.close();
  const round = (s: ReturnType<typeof summarise>) => Object.fromEntries(Object.entries(s).map(([k, v]) => [k, k === 'n' ? v : Number(v.toFixed(2))]));
  const result = {
    when: new Date().toISOString(), persons, queries: names.length, openMs: +openMs.toFixed(1), ensureSchemaMs: +ensureSchemaMs.toFixed(1),
    warmFirstHits: first.length, nameIndexMs: round(summarise(index)), substringScanMs: round(summarise(scan)), pagesDiffering: differing,
  };
  console.log(JSON.stringify(result, null, 2));
  writeFileSync(join(root, 'scripts', 'bench', 'results', 'name-search.json'), `${JSON.stringify(result, null, 2)}\n`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
