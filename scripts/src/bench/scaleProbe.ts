/**
 * A member's store at scale, as the member process uses it (a 256 MiB buffer
 * pool): opening it and checking its schema (what a member does at start; the
 * full-text index is built at seeding, not here), the first answer, and p50/p90
 * of a person by id (with and without the facts of the person's cases), a name
 * search and a nationality list (the first 20 each).
 *
 *   node scripts/dist/seed.js --countries AR --scale 1000000 --data-dir /tmp/s1m --fresh
 *   node scripts/dist/bench/scaleProbe.js /tmp/s1m/ar/member.kuzu 1000000
 *
 * Prints the figures and appends them to scripts/bench/results/scale-probe.md.
 */
import { appendFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeId } from '@enlace/platform';
import { KuzuStore } from '@enlace/store';
import { listPersons, personsByIds, prepareMemberStore } from '@enlace/member';
import { root } from './lib';

const NAMES = ['quispe', 'mamani', 'condor', 'rodriguez', 'gonzalez', 'ramirez', 'flores', 'vargas', 'torres', 'rojas'];
const NATIONALITIES = ['PE', 'BO', 'VE'];

async function percentiles(runs: number, work: (i: number) => Promise<unknown>): Promise<{ p50: number; p90: number }> {
  for (let i = 0; i < 5; i++) await work(i); // warm-up
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await work(i);
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  return { p50: times[Math.floor(runs / 2)], p90: times[Math.floor(runs * 0.9)] };
}

async function main(): Promise<void> {
  const [path, personsArg] = process.argv.slice(2);
  const persons = Number(personsArg);
  if (!path || !Number.isInteger(persons) || persons < 1) throw new Error('usage: node scripts/dist/bench/scaleProbe.js <member.kuzu> <persons seeded>');
  const started = performance.now();
  const store = new KuzuStore({ path, bufferPoolBytes: 256 * 1024 * 1024 });
  await prepareMemberStore(store);
  const opened = performance.now();
  await personsByIds(store, [makeId('AR', 'P', 1)]);
  const answered = performance.now();
  const someone = (i: number) => makeId('AR', 'P', 1 + ((i * 7919) % persons));
  const rows: Array<[string, { p50: number; p90: number }]> = [
    ['by id, with the facts of the person\'s cases', await percentiles(50, (i) => personsByIds(store, [someone(i)]))],
    ['by id, without them', await percentiles(50, (i) => personsByIds(store, [someone(i)], { caseFacts: false }))],
    ['name search, first 20', await percentiles(30, (i) => listPersons(store, { name: NAMES[i % NAMES.length] }, 20, undefined, { caseFacts: false }))],
    ['nationality, first 20', await percentiles(30, (i) => listPersons(store, { nationality: NATIONALITIES[i % NATIONALITIES.length] }, 20, undefined, { caseFacts: false }))],
  ];
  await store.close();
  const lines = [
    `## ${persons.toLocaleString('en')} persons (${new Date().toISOString().slice(0, 16)} UTC, Node ${process.version})`,
    '',
    `Open and check the schema: ${(opened - started).toFixed(0)} ms; first answer (a person by id): ${(answered - opened).toFixed(0)} ms.`,
    '',
    '| Read | p50, ms | p90, ms |',
    '|---|---|---|',
    ...rows.map(([label, t]) => `| ${label} | ${t.p50.toFixed(2)} | ${t.p90.toFixed(2)} |`),
    '',
  ];
  console.log(lines.join('\n'));
  appendFileSync(join(root, 'scripts', 'bench', 'results', 'scale-probe.md'), `${lines.join('\n')}\n`);
}

main().catch((err: unknown) => {
  console.error(`scale probe failed: ${(err as Error)?.message ?? String(err)}`);
  process.exit(1);
});
