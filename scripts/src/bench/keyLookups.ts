/**
 * Reads by primary key on Kùzu, the candidates side by side, to choose how the
 * store port's `lookup` runs there and to show that by-id cost does not grow with
 * the store. Opens stores made by seed.js (one member each, any sizes), in this
 * process, with the member's settings (4 read connections):
 *
 *   node scripts/dist/bench/keyLookups.js --stores /tmp/s1k,/tmp/s100k [--country AR] [--out FILE]
 *
 * Candidates, for batches of 1, 10 and 100 random existing person ids:
 * - `IN`: `MATCH (p:Person) WHERE p.id IN $ids` (the reads before issue 9);
 * - `UNWIND`: `UNWIND $ids AS k MATCH (p:Person {id: k})`;
 * - `UNION ALL`: one equality per id in one statement;
 * - `concurrent =`: one equality per id, concurrently over the read connections
 *   (`store.lookup`, the one chosen).
 * Then the member's by-id reads as the repository builds them on `lookup`.
 */
import { writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { cpus } from 'node:os';
import { makeId } from '@enlace/platform';
import { KuzuStore, type Row } from '@enlace/store';
import { casesByIds, documentsByPersonIds, involvementsByPersonIds, memberStoreSchema, personsByIds } from '@enlace/member';
import { parseFlags } from '../flags';
import { ms, root, summarise, type Summary } from './lib';

const flags = parseFlags(process.argv.slice(2), {
  stores: { default: '', pattern: /^[^,]+(,[^,]+)*$/, hint: 'comma-separated data dirs made by seed.js (<dir>/<cc>/member.kuzu)' },
  country: { default: 'AR', pattern: /^[A-Z]{2}$/, hint: 'the seeded member' },
  out: { default: join(root, 'scripts/bench/results/keyLookups.md'), pattern: /./, hint: 'the results file (markdown)' },
}, 'usage: node scripts/dist/bench/keyLookups.js --stores DIR[,DIR…] [--country AR] [--out FILE]');
if (!flags.stores) {
  console.error('--stores is required (see --help)');
  process.exit(2);
}

const BATCHES = [1, 10, 100];
const PERSON = 'RETURN p.id AS id, p.seq AS seq, p.givenNames AS givenNames, p.familyNames AS familyNames';

interface Candidate {
  name: string;
  run: (store: KuzuStore, ids: string[]) => Promise<Row[] | unknown[]>;
  /** Which ids it is given (persons unless said). */
  kind?: 'P' | 'C';
  /** Whether it returns one row per id (checked, so a broken candidate cannot look fast). */
  rowPerId?: boolean;
}

const candidates: Candidate[] = [
  { name: '`IN $ids` (before)', rowPerId: true, run: (s, ids) => s.read(`MATCH (p:Person) WHERE p.id IN $ids ${PERSON}`, { ids }) },
  { name: '`UNWIND $ids … {id: k}`', rowPerId: true, run: (s, ids) => s.read(`UNWIND $ids AS k MATCH (p:Person {id: k}) ${PERSON}`, { ids }) },
  {
    name: '`UNION ALL` of equalities', rowPerId: true,
    run: (s, ids) => s.read(ids.map((_, i) => `MATCH (p:Person) WHERE p.id = $k${i} ${PERSON}`).join(' UNION ALL '), Object.fromEntries(ids.map((id, i) => [`k${i}`, id]))),
  },
  { name: 'concurrent equalities (`lookup`)', rowPerId: true, run: (s, ids) => s.lookup({ label: 'Person', as: 'p', keys: ids, then: PERSON }) },
  { name: 'personsByIds, no facts', rowPerId: true, run: (s, ids) => personsByIds(s, ids, { caseFacts: false }) },
  { name: 'personsByIds with cases’ facts', rowPerId: true, run: (s, ids) => personsByIds(s, ids, { caseFacts: true }) },
  { name: 'documentsByPersonIds', run: (s, ids) => documentsByPersonIds(s, ids) },
  { name: 'involvementsByPersonIds', run: (s, ids) => involvementsByPersonIds(s, ids) },
  { name: 'casesByIds', rowPerId: true, kind: 'C', run: (s, ids) => casesByIds(s, ids) },
];

interface Measured {
  persons: number;
  /** candidate → batch → summary */
  figures: Map<string, Map<number, Summary>>;
}

async function measure(dir: string): Promise<Measured> {
  const store = new KuzuStore({ path: join(dir, flags.country.toLowerCase(), 'member.kuzu'), bufferPoolBytes: 512 * 1024 * 1024, readConnections: 4 });
  try {
    // The tables only (no full-text index build here): lookup needs to know each table's key.
    await store.ensureSchema(memberStoreSchema);
    const persons = Number((await store.read('MATCH (p:Person) RETURN count(p) AS n'))[0].n);
    const cases = Number((await store.read('MATCH (c:`Case`) RETURN count(c) AS n'))[0].n);
    const randomIds = (n: number, kind: 'P' | 'C') => {
      const ids = new Set<string>();
      while (ids.size < n) ids.add(makeId(flags.country, kind, 1 + Math.floor(Math.random() * (kind === 'P' ? persons : cases))));
      return [...ids];
    };
    const figures = new Map<string, Map<number, Summary>>();
    for (const c of candidates) {
      const byBatch = new Map<number, Summary>();
      for (const batch of BATCHES) {
        const rounds = batch === 100 ? 10 : 30;
        await c.run(store, randomIds(batch, c.kind ?? 'P')); // prepare the statement, warm the pages
        const times: number[] = [];
        for (let i = 0; i < rounds; i++) {
          const ids = randomIds(batch, c.kind ?? 'P');
          const t = performance.now();
          const rows = await c.run(store, ids);
          times.push(performance.now() - t);
          if (c.rowPerId && rows.length !== ids.length) throw new Error(`${c.name}: ${rows.length} rows for ${ids.length} ids`);
        }
        byBatch.set(batch, summarise(times));
      }
      figures.set(c.name, byBatch);
      console.error(`  ${persons.toLocaleString('en-US')} persons: ${c.name} ${BATCHES.map((b) => `${b}: ${ms(byBatch.get(b)!.p50, 2)}`).join(', ')} ms`);
    }
    return { persons, figures };
  } finally {
    await store.close();
  }
}

function table(results: Measured[]): string {
  const header = ['Read', ...results.flatMap((r) => BATCHES.map((b) => `${r.persons.toLocaleString('en-US')} persons, ${b} id${b > 1 ? 's' : ''}`))];
  const lines = [`| ${header.join(' | ')} |`, `|${header.map((_, i) => (i ? '---:' : '---')).join('|')}|`];
  for (const c of candidates) {
    const cells = results.flatMap((r) => BATCHES.map((b) => {
      const s = r.figures.get(c.name)!.get(b)!;
      return `${ms(s.p50, 2)} / ${ms(s.p99, 2)}`;
    }));
    lines.push(`| ${c.name} | ${cells.join(' | ')} |`);
  }
  return lines.join('\n');
}

async function main(): Promise<void> {
  const results: Measured[] = [];
  for (const dir of flags.stores.split(',')) results.push(await measure(dir));
  const command = `node scripts/dist/bench/keyLookups.js ${process.argv.slice(2).join(' ')}`;
  const text = `# Reads by primary key on Kùzu

Generated by \`${command}\` on ${new Date().toISOString().slice(0, 10)}
(Node ${process.version}, ${cpus()[0]?.model.trim() ?? 'unknown CPU'} × ${cpus().length}; Kùzu in this process, 4 read connections, 512 MiB buffer pool;
stores seeded by \`node scripts/dist/seed.js --countries ${flags.country} --scale N\`).

p50 / p99 in ms of one call with a batch of random existing person ids (30 calls; 10 for batches of 100), after one warm-up call.
The first four rows are the candidates for the store port's \`lookup\`; the rest are the member's by-id reads built on it
(\`casesByIds\` with as many case ids).

${table(results)}
`;
  writeFileSync(flags.out, text);
  console.log(text);
  console.error(`wrote ${relative(process.cwd(), flags.out)}`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
