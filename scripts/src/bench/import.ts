/**
 * Import speed into the embedded store: a synthetic export in the sample's layout
 * (scripts/import-examples: one row per person in a case, Spanish columns, two date
 * formats) of each size asked, imported into a fresh Kùzu store with the sample's
 * mapping, then imported again (every row unchanged). The first run's time includes
 * rebuilding the name index at the end; file generation is not timed.
 *
 *   node scripts/dist/bench/import.js [--rows 100000,1000000] [--dir /tmp/enlace-import-bench]
 *
 * Prints the figures and writes scripts/bench/results/import.md.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { constants, PerformanceObserver } from 'node:perf_hooks';
import { KuzuStore } from '@enlace/store';
import { parseFlags } from '../flags';
import { DEFAULT_BATCH, runImport, type ImportReport } from '../import';
import { fmt } from '../seed/progress';
import { writeExport } from './importExport';
import { root } from './lib';

const flags = parseFlags(process.argv.slice(2), {
  rows: { default: '100000,1000000', pattern: /^\d+(,\d+)*$/, hint: 'export sizes in rows, comma-separated' },
  dir: { default: '/tmp/enlace-import-bench', pattern: /\S/, hint: 'where the exports and stores go (deleted first)' },
});

/** An import's report with the CPU time the process spent on it (main thread and Kùzu's threads), and its memory. */
type Timed = ImportReport & { cpuMs: number; peakRssMb: number; peakHeapMb: number; peakLiveMb: number };
interface Run { rows: number; first: Timed; again: Timed }

async function measure(rows: number): Promise<Run> {
  const dir = join(flags.dir, String(rows));
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const file = join(dir, 'export.csv');
  await writeExport(file, rows);
  const mappingPath = join(root, 'scripts', 'import-examples', 'mapeo-ar.json');
  const run = async (): Promise<Timed> => {
    const store = new KuzuStore({ path: join(dir, 'member.kuzu'), bufferPoolBytes: 2048 * 1024 * 1024, readConnections: 1 });
    // The resident set (Node's heap and Kùzu's buffer pool and threads) and the heap, sampled: their peaks over this run.
    // The heap sampled any time holds garbage not yet collected; sampled just after each full collection V8 chose to
    // run, it is what the import holds (live), without forcing collections that would slow the timed run.
    const peak = { rss: 0, heap: 0, live: 0 };
    const sample = () => {
      const m = process.memoryUsage();
      peak.rss = Math.max(peak.rss, m.rss);
      peak.heap = Math.max(peak.heap, m.heapUsed);
    };
    const sampler = setInterval(sample, 100);
    const collections = new PerformanceObserver((list) => {
      if (list.getEntries().some((e) => ((e as PerformanceEntry & { detail?: { kind?: number } }).detail)?.kind === constants.NODE_PERFORMANCE_GC_MAJOR)) {
        peak.live = Math.max(peak.live, process.memoryUsage().heapUsed);
      }
    });
    collections.observe({ entryTypes: ['gc'] });
    try {
      const cpu = process.cpuUsage();
      const report = await runImport(store, { country: 'AR', file, mappingPath, dryRun: false, batchSize: DEFAULT_BATCH, onProgress: (n) => process.stderr.write(`\r${fmt(n)} rows`) });
      const used = process.cpuUsage(cpu);
      sample();
      const mb = (bytes: number) => Math.round(bytes / 2 ** 20);
      return { ...report, cpuMs: (used.user + used.system) / 1000, peakRssMb: mb(peak.rss), peakHeapMb: mb(peak.heap), peakLiveMb: mb(peak.live) };
    } finally {
      clearInterval(sampler);
      collections.disconnect();
      await store.close();
      process.stderr.write('\n');
    }
  };
  const first = await run();
  const again = await run();
  rmSync(dir, { recursive: true, force: true });
  return { rows, first, again };
}

const rate = (r: ImportReport) => Math.round(r.rows / (r.ms / 1000));

async function main(): Promise<void> {
  // The machine's load beside the figures: on a shared 2-core machine it moves them a lot.
  const loadBefore = loadavg()[0];
  const runs: Run[] = [];
  for (const rows of flags.rows.split(',').map(Number)) {
    const run = await measure(rows);
    runs.push(run);
    console.log(`${fmt(rows)} rows: ${(run.first.ms / 1000).toFixed(1)} s (${fmt(rate(run.first))} rows/s, CPU ${(run.first.cpuMs / 1000).toFixed(1)} s), ` +
      `again ${(run.again.ms / 1000).toFixed(1)} s (${fmt(rate(run.again))} rows/s, CPU ${(run.again.cpuMs / 1000).toFixed(1)} s); ` +
      `peak RSS ${run.first.peakRssMb} / ${run.again.peakRssMb} MiB, heap ${run.first.peakHeapMb} / ${run.again.peakHeapMb} MiB, live heap ${run.first.peakLiveMb} / ${run.again.peakLiveMb} MiB; load ${loadavg()[0].toFixed(1)}`);
  }
  const lines = [
    '# Import speed into the embedded store (Kùzu)',
    '',
    `Command: \`node scripts/dist/bench/import.js --rows ${flags.rows}\` (after \`npm run build\`), on ${cpus().length} cores (${cpus()[0]?.model ?? 'unknown CPU'}), Node ${process.version}, ${new Date().toISOString().slice(0, 10)}, load average ${loadBefore.toFixed(1)} before and ${loadavg()[0].toFixed(1)} after.`,
    'A synthetic export in the layout of `scripts/import-examples/causas-ar.csv` (one row per person in a case; about 0.4 persons and 0.3 cases per row),',
    `imported with \`mapeo-ar.json\` in batches of ${fmt(DEFAULT_BATCH)} rows (one transaction each) into a fresh store; then the same export again (every record unchanged).`,
    'Both runs keep the name index in the same transactions as the persons. Goal (issues 11 and 19): at least 20,000 rows per second, re-imports faster, memory measured and bounded.',
    'CPU: the process\'s user and system time over the import (Node\'s main thread and Kùzu\'s threads), the figure least moved by other work on the machine.',
    'Memory: the peak resident set (Node\'s heap, Kùzu\'s buffer pool of 2 GiB at most and its threads) and the peak V8 heap, sampled every 100 ms (garbage included);',
    'the live heap: the V8 heap just after each full collection V8 ran (what the import holds; — when V8 ran none: the heap stayed small); the second run\'s in the same process.',
    '',
    '| rows | first import | rows/s | CPU | peak RSS, heap, live heap | persons, cases, involvements, documents written | second import (unchanged) | rows/s | CPU | peak RSS, heap, live heap |',
    '| ---: | ---: | ---: | ---: | ---: | --- | ---: | ---: | ---: | ---: |',
    ...runs.map((r) => {
      const c = r.first.counts;
      const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
      const mem = (t: Timed) => `${t.peakRssMb}, ${t.peakHeapMb}, ${t.peakLiveMb || '—'} MiB`;
      return `| ${fmt(r.rows)} | ${s(r.first.ms)} | ${fmt(rate(r.first))} | ${s(r.first.cpuMs)} | ${mem(r.first)} | ${fmt(c.persons.created)}, ${fmt(c.cases.created)}, ${fmt(c.involvements.created)}, ${fmt(c.documents)} | ${s(r.again.ms)} | ${fmt(rate(r.again))} | ${s(r.again.cpuMs)} | ${mem(r.again)} |`;
    }),
    '',
  ];
  writeFileSync(join(root, 'scripts', 'bench', 'results', 'import.md'), lines.join('\n'));
}

main().catch((err: unknown) => {
  console.error(`bench import: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
