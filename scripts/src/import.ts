/**
 * Imports a national case-management export into a member's store.
 *
 *   npm run import -- --country AR --file cases.csv --mapping mapping.json [--dry-run] [--data-dir data] [--batch 50000]
 *
 * Every row is mapped (mapping.ts), validated with the mutations' own rules (rows.ts)
 * and upserted by national reference in batches of one transaction each (load.ts).
 * A bad row is not written; the rejected rows are reported grouped by reason, with sample lines
 * (import/report.ts). --dry-run reports everything, shows the first records as they would be
 * stored, and writes nothing anywhere: without a store it creates none (import/dryRunStore.ts).
 * A country that is not a member of the network (members.ts) is refused. Kùzu is embedded: stop
 * the member first (its store is locked while it runs); with STORE=neo4j the member may keep running.
 */
import { existsSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createStore, KuzuStore, storeConfigFromEnv, type Store } from '@enlace/store';
import { prepareMemberStore } from '@enlace/member';
import { parseFlags } from './flags';
import { openForDryRun } from './import/dryRunStore';
import { hashRow, Importer } from './import/load';
import { loadMapping, MappingError, missingColumns, repeatedColumns } from './import/mapping';
import { rejectionLines, warningLines, type RecordPreview } from './import/report';
import { isProblem, rowValidator, type ImportRow, type Problem } from './import/rows';
import { countLines, csvRows, formatOf, jsonRows, ndjsonRows, type SourceRecord } from './import/sources';
import { DEFAULT_MEMBERS, networkMembers, notAMember } from './members';
import { fmt, Progress } from './seed/progress';

/** Exit status of an import (or dry run) that ended but rejected rows; 1 is a failed import, 2 a usage error, 0 a clean import. */
export const EXIT_REJECTED_ROWS = 3;

/**
 * Rows per batch (one transaction). Kùzu checkpoints at the commit of a bulk load, rewriting every
 * storage group a batch touched, relationships' included (a batch's involvements touch persons all
 * over the table): fewer, larger batches cost much less (300,000 rows: 30 s in batches of 10,000, 20 s of 50,000).
 */
export const DEFAULT_BATCH = 50_000;

const USAGE = [
  'usage: npm run import -- --country AR --file cases.csv --mapping mapping.json [--dry-run] [--data-dir data] [--batch 50000] [--show 100]',
  'A dry run leaves nothing behind: without a store it creates none, and an existing store is only read.',
  `Only a member of the network is imported, any other country refused (exit 2): the members are ENLACE_COUNTRIES, else the countries with a store in --data-dir (Kùzu), else ${DEFAULT_MEMBERS.join(',')}.`,
].join('\n');

export interface ImportOptions {
  country: string;
  file: string;
  mappingPath: string;
  dryRun: boolean;
  batchSize: number;
  /** Told of each batch done: rows read so far. */
  onProgress?: (rows: number) => void;
  /** Told of each header's missing optional columns (once). */
  onWarning?: (message: string) => void;
}

export interface ImportReport {
  rows: number;
  imported: number;
  problems: Problem[];
  warnings: Problem[];
  counts: Importer['counts'];
  /** Valid rows by the person.key rule that keyed their person. */
  keyedBy: Record<string, number>;
  ms: number;
  /** A dry run's first records to be written, as they would be stored (empty for an import). */
  preview: RecordPreview;
}

/** Runs an import into an open store (the CLI's, or a test's running member's); a dry run only reads it. */
export async function runImport(store: Store, options: ImportOptions): Promise<ImportReport> {
  const started = Date.now();
  const mapping = loadMapping(options.mappingPath);
  const validate = rowValidator(mapping);
  const format = formatOf(options.file, mapping.format);
  const source: AsyncGenerator<SourceRecord> =
    format === 'csv'
      ? csvRows(options.file, {
          delimiter: mapping.delimiter,
          encoding: mapping.encoding,
          onNote: options.onWarning,
          onHeader: (header) => {
            const missing = missingColumns(mapping, header);
            if (missing.required.length) throw new MappingError(`${options.file}: the export lacks the column(s) ${missing.required.join(', ')}, which the mapping needs for required fields`);
            if (missing.optional.length) options.onWarning?.(`the export has no column ${missing.optional.join(', ')}: left empty`);
            for (const column of repeatedColumns(header)) options.onWarning?.(`the header names the column "${column}" more than once: the first one is read`);
          },
        })
      : format === 'ndjson' ? ndjsonRows(options.file) : jsonRows(options.file);
  // A dry run changes nothing, not even the schema: a table the store lacks reads as empty (dryRunStore.ts).
  if (!options.dryRun) await prepareMemberStore(store, options.onWarning);
  const importer = new Importer(store, options.country, options.dryRun);
  const problems: Problem[] = [];
  const notes: Problem[] = [];
  const keyedBy: Record<string, number> = {};
  let rows = 0;
  let imported = 0;
  let batch: ImportRow[] = [];
  // The store writes a batch off the main thread: the next batch is read and validated meanwhile.
  // Batches still go one after the other, each after the one before it committed.
  let writing: Promise<void> = Promise.resolve();
  const flush = async () => {
    if (!batch.length) return;
    const rowsOfBatch = batch;
    const readSoFar = rows;
    batch = [];
    await writing;
    writing = importer.batch(rowsOfBatch).then(() => {
      imported += rowsOfBatch.length;
      options.onProgress?.(readSoFar);
    });
    writing.catch(() => undefined); // its failure surfaces at the next await of `writing`
  };
  try {
    for await (const record of source) {
      rows++;
      const row = validate(record);
      if (isProblem(row)) problems.push(row);
      else {
        hashRow(row);
        batch.push(row);
        keyedBy[row.keyRule] = (keyedBy[row.keyRule] ?? 0) + 1;
        for (const note of row.notes) notes.push(note);
      }
      if (batch.length >= options.batchSize) await flush();
    }
    await flush();
    await writing;
  } finally {
    await writing.catch(() => undefined);
  }
  return { rows, imported, problems, warnings: [...notes, ...importer.warnings], keyedBy, counts: importer.counts, ms: Date.now() - started, preview: importer.preview };
}

export function summary(report: ImportReport, dryRun: boolean): string {
  const c = report.counts;
  const verb = dryRun ? 'would be' : '';
  const part = (name: string, n: { created: number; updated: number; unchanged: number }) =>
    `${name}: ${fmt(n.created)} ${verb} created, ${fmt(n.updated)} ${verb} updated, ${fmt(n.unchanged)} unchanged`.replace(/ {2,}/g, ' ');
  return [
    `${fmt(report.rows)} rows read, ${fmt(report.imported)} valid, ${fmt(report.problems.length)} rejected, ${fmt(c.duplicateRows)} repeating an involvement already read`,
    `rows keyed by ${Object.entries(report.keyedBy).map(([rule, n]) => `${rule} ${fmt(n)}`).join(', ') || 'no rule'}`,
    part('persons', c.persons), part('cases', c.cases), part('involvements', c.involvements),
    `${fmt(c.documents)} identity documents ${dryRun ? 'would be ' : ''}written`,
  ].join('\n');
}

async function main(): Promise<void> {
  const flags = parseFlags(process.argv.slice(2), {
    country: { default: '', pattern: /^[A-Z]{2}$/, hint: 'the member country whose store is loaded, like AR; any other is refused', check: (v) => (v === 'XS' ? "XS is the secretariat's code, not a member" : undefined) },
    file: { default: '', pattern: /\S/, hint: 'the export: .csv, .json (an array) or .ndjson' },
    mapping: { default: '', pattern: /\S/, hint: 'the mapping file (see scripts/import-examples/)' },
    'dry-run': { default: 'no', hint: 'validate, report everything and show the first records as they would be stored; writes nothing, creates no file or folder' },
    'data-dir': { default: 'data', pattern: /\S/, hint: 'folder of the stores, <data-dir>/<cc>/member.kuzu (STORE=neo4j: NEO4J_* instead)' },
    batch: { default: String(DEFAULT_BATCH), pattern: /^\d+$/, hint: 'rows per transaction, 1 to 100000', check: (v) => (Number(v) < 1 || Number(v) > 100_000 ? 'needs 1 to 100000' : undefined) },
    show: { default: '100', pattern: /^\d+$/, hint: 'how many reasons for rejected rows (each with up to 3 sample lines) and warnings to list (all are counted)' },
  }, USAGE);
  for (const name of ['country', 'file', 'mapping'] as const) {
    if (!flags[name]) {
      console.error(`import: --${name} is required\n${USAGE}`);
      process.exit(2);
    }
  }
  // Before anything is opened: a store made for a country outside the network would be seeded by no one and served by no member.
  const members = networkMembers(flags['data-dir']);
  if (!members.countries.includes(flags.country)) {
    console.error(`import: ${notAMember(flags.country, members)}`);
    process.exit(2);
  }
  if (!existsSync(flags.file)) throw new MappingError(`no file ${resolve(flags.file)}`);
  const dryRun = flags['dry-run'] === 'yes';
  const path = join(flags['data-dir'], flags.country.toLowerCase(), 'member.kuzu');
  const config = storeConfigFromEnv(process.env, { path });
  if (config.kind === 'kuzu' && dryRun && !existsSync(config.path)) console.error(`import: no store at ${resolve(config.path)} yet: every record would be new (none is created)`);
  let store: Store;
  if (dryRun) store = await openForDryRun(config);
  else {
    try {
      // A 2 GiB buffer pool, as seeding: rebuilding the name index over a large store needs it.
      store = config.kind === 'kuzu' ? new KuzuStore({ path: config.path, bufferPoolBytes: 2048 * 1024 * 1024, readConnections: 1 }) : await createStore(config);
    } catch (err) {
      throw new MappingError(`cannot open the store at ${resolve(path)} (is the member running on it? stop it first): ${(err as Error).message}`);
    }
  }
  const format = formatOf(flags.file, loadMapping(flags.mapping).format);
  const total = format === 'json' ? statSync(flags.file).size : Math.max(1, (await countLines(flags.file)) - (format === 'csv' ? 1 : 0));
  const progress = new Progress(`${dryRun ? 'checking' : 'importing'} ${flags.country}`, total, { unit: format === 'json' ? 'bytes' : 'rows' });
  let report: ImportReport;
  try {
    report = await runImport(store, {
      country: flags.country, file: flags.file, mappingPath: flags.mapping, dryRun, batchSize: Number(flags.batch),
      onProgress: (rows) => { if (format !== 'json') progress.update(rows); },
      onWarning: (message) => console.error(`import: warning: ${message}`),
    });
  } finally {
    await store.close();
  }
  progress.done(`${fmt(Math.round(report.rows / Math.max(report.ms / 1000, 0.001)))} rows/s`);
  const show = Number(flags.show);
  for (const line of rejectionLines(report.problems, show)) console.log(line);
  for (const line of warningLines(report.warnings, show)) console.log(line);
  console.log(summary(report, dryRun));
  if (dryRun) {
    for (const line of report.preview.lines()) console.log(line);
    console.log('dry run: nothing was written');
  }
  // Scripts that run imports must notice rejected rows (the valid ones were still imported).
  if (report.problems.length) process.exitCode = EXIT_REJECTED_ROWS;
}

if (require.main === module) {
  main().catch((err: unknown) => {
    console.error(err instanceof MappingError ? `import: ${err.message}` : `import: failed: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  });
}
