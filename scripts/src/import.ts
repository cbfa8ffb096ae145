/**
 * Imports a national case-management export into a member's store.
 *
 *   npm run import -- --country AR --file cases.csv --mapping mapping.json [--dry-run] [--data-dir data] [--batch 50000]
 *
 * Every row is mapped (mapping.ts), validated with the mutations' own rules (rows.ts)
 * and upserted by national reference in batches of one transaction each (@enlace/member's Importer).
 * A bad row is not written; the rejected rows are reported grouped by reason, with sample lines
 * (import/report.ts). --dry-run reports everything, shows the first records as they would be
 * stored, and writes nothing anywhere: without a store it creates none (import/dryRunStore.ts).
 * A country that is not a member of the network (members.ts) is refused.
 *
 * Kùzu is embedded: a running member holds its store, so the import then goes through the member
 * itself (import/remote.ts: its operator path, under the member's own service key, audited), found
 * by --member <url> or by npm start's <data-dir>/pids.json (import/runningMember.ts). A member that
 * is not running: the command opens its store as before.
 */
import { existsSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { signingKeyFromFile } from '@enlace/platform';
import { createStore, KuzuStore, storeConfigFromEnv, type Store, type StoreConfig } from '@enlace/store';
import { detachedProblem, type ImportCounts } from '@enlace/member';
import { parseFlags } from './flags';
import { openForDryRun } from './import/dryRunStore';
import { loadMapping, MappingError, missingColumns, repeatedColumns } from './import/mapping';
import { ImportStopped, memberCountry, memberTarget, type MemberEndpoint } from './import/remote';
import { RecordPreview, rejectionLines, warningLines } from './import/report';
import { isProblem, rowValidator, type ImportRow, type Problem } from './import/rows';
import { memberInPids, operatorKeyPath } from './import/runningMember';
import { storeTarget, type ImportTarget } from './import/target';
import { countLines, csvRows, formatOf, jsonRows, ndjsonRows, MalformedQuote, type SourceRecord } from './import/sources';
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

/** Rows per batch through a running member: each batch holds the member's write path while it is written, and is one audit entry naming what it wrote. */
export const DEFAULT_REMOTE_BATCH = 10_000;

const root = resolve(__dirname, '..', '..');

const USAGE = [
  'usage: npm run import -- --country AR --file cases.csv --mapping mapping.json [--dry-run] [--data-dir data] [--batch 50000] [--show 100] [--member URL] [--operator-key PATH]',
  'A dry run leaves nothing behind: without a store it creates none, and an existing store is only read.',
  'A running member (--member URL, or npm start\'s member <CC> in <data-dir>/pids.json) takes the import itself, while it serves: through its operator path,',
  `in batches of ${DEFAULT_REMOTE_BATCH} rows unless --batch says otherwise, under tokens signed with its service key (--operator-key, else MEMBER_SERVICE_KEY, else npm start's .dev-keys/service-<cc>/private.jwk.json).`,
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
  counts: ImportCounts;
  /** Valid rows by the person.key rule that keyed their person. */
  keyedBy: Record<string, number>;
  ms: number;
  /** A dry run's first records to be written, as they would be stored (empty for an import). */
  preview: RecordPreview;
}

const isStore = (into: Store | MemberEndpoint): into is Store => 'read' in into;

/**
 * Runs an import into an open store (the CLI's, or a test's running member's), or through a running
 * member's operator path (remote.ts); a dry run only reads.
 */
export async function runImport(into: Store | MemberEndpoint, options: ImportOptions): Promise<ImportReport> {
  const started = Date.now();
  const mapping = loadMapping(options.mappingPath);
  const validate = rowValidator(mapping);
  const format = formatOf(options.file, mapping.format);
  const source: AsyncGenerator<SourceRecord[]> =
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
  const preview = new RecordPreview();
  const targetOptions = { country: options.country, dryRun: options.dryRun, onPlan: (plan: Parameters<RecordPreview['add']>[0]) => preview.add(plan), onWarning: options.onWarning };
  const target: ImportTarget = isStore(into) ? await storeTarget(into, targetOptions) : memberTarget(into, targetOptions);
  const problems: Problem[] = [];
  const notes: Problem[] = [];
  const written: Problem[] = [];
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
    writing = target.batch(rowsOfBatch).then((warnings) => {
      for (const w of warnings) written.push(detachedProblem(w));
      imported += rowsOfBatch.length;
      options.onProgress?.(readSoFar);
    });
    writing.catch(() => undefined); // its failure surfaces at the next await of `writing`
  };
  try {
    for await (const chunk of source) {
      for (const record of chunk) {
        rows++;
        const row = validate(record);
        // Kept to the report: detached from the export's text (a cell is a slice of a 1 MiB chunk).
        if (isProblem(row)) problems.push(detachedProblem(row));
        else {
          target.prepareRow?.(row);
          batch.push(row);
          keyedBy[row.keyRule] = (keyedBy[row.keyRule] ?? 0) + 1;
          for (const note of row.notes) notes.push(detachedProblem(note));
        }
        if (batch.length >= options.batchSize) await flush();
      }
    }
    await flush();
    await writing;
  } finally {
    await writing.catch(() => undefined);
  }
  const counts = await target.finish();
  return { rows, imported, problems, warnings: [...notes, ...written], keyedBy, counts, ms: Date.now() - started, preview };
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
    part('accounts', c.accounts), part('transfers', c.transfers), part('route observations', c.routeObservations),
  ].join('\n');
}

async function main(): Promise<void> {
  const flags = parseFlags(process.argv.slice(2), {
    country: { default: '', pattern: /^[A-Z]{2}$/, hint: 'the member country whose store is loaded, like AR; any other is refused', check: (v) => (v === 'XS' ? "XS is the secretariat's code, not a member" : undefined) },
    file: { default: '', pattern: /\S/, hint: 'the export: .csv, .json (an array) or .ndjson' },
    mapping: { default: '', pattern: /\S/, hint: 'the mapping file (see scripts/import-examples/)' },
    'dry-run': { default: 'no', hint: 'validate, report everything and show the first records as they would be stored; writes nothing, creates no file or folder' },
    'data-dir': { default: 'data', pattern: /\S/, hint: 'folder of the stores, <data-dir>/<cc>/member.kuzu (STORE=neo4j: NEO4J_* instead)' },
    batch: { default: '', pattern: /^\d+$/, hint: `rows per transaction, 1 to 100000 (default ${DEFAULT_BATCH}; through a running member ${DEFAULT_REMOTE_BATCH})`, check: (v) => (Number(v) < 1 || Number(v) > 100_000 ? 'needs 1 to 100000' : undefined) },
    member: { default: '', pattern: /^https?:\/\/\S+$/, hint: 'the running member to import through (its URL, as npm start prints it); default: the one npm start runs, from <data-dir>/pids.json' },
    'operator-key': { default: '', pattern: /\S/, hint: "the member's service key (private JWK) that signs the operator's tokens; default MEMBER_SERVICE_KEY, else npm start's" },
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
  const running = flags.member ? { url: flags.member, from: '--member' } : withFrom(memberInPids(flags['data-dir'], flags.country));
  const member = running ? await memberEndpoint(running.url, flags.country, flags['operator-key']) : null;
  if (running) console.error(`import: member ${flags.country} is running (${running.from}): importing through it at ${new URL(running.url).origin}`);
  const path = join(flags['data-dir'], flags.country.toLowerCase(), 'member.kuzu');
  const config = storeConfigFromEnv(process.env, { path });
  // Through a running member, the command opens no store (the member holds it).
  const store: Store | null = member ? null : dryRun ? await openToCheck(config) : await openToWrite(config);
  const format = formatOf(flags.file, loadMapping(flags.mapping).format);
  const total = format === 'json' ? statSync(flags.file).size : Math.max(1, (await countLines(flags.file)) - (format === 'csv' ? 1 : 0));
  const progress = new Progress(`${dryRun ? 'checking' : 'importing'} ${flags.country}`, total, { unit: format === 'json' ? 'bytes' : 'rows' });
  let report: ImportReport;
  try {
    report = await runImport(member ?? store!, {
      country: flags.country, file: flags.file, mappingPath: flags.mapping, dryRun, batchSize: Number(flags.batch || (member ? DEFAULT_REMOTE_BATCH : DEFAULT_BATCH)),
      onProgress: (rows) => { if (format !== 'json') progress.update(rows); },
      onWarning: (message) => console.error(`import: warning: ${message}`),
    });
  } finally {
    await store?.close();
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

/** The store a dry run reads, opened so that it writes nothing (dryRunStore.ts). */
async function openToCheck(config: StoreConfig): Promise<Store> {
  if (config.kind === 'kuzu' && !existsSync(config.path)) console.error(`import: no store at ${resolve(config.path)} yet: every record would be new (none is created)`);
  return openForDryRun(config);
}

async function openToWrite(config: StoreConfig): Promise<Store> {
  try {
    // A 2 GiB buffer pool, as seeding: rebuilding the name index over a large store needs it.
    return config.kind === 'kuzu' ? new KuzuStore({ path: config.path, bufferPoolBytes: 2048 * 1024 * 1024, readConnections: 1 }) : await createStore(config);
  } catch (err) {
    const where = config.kind === 'kuzu' ? ` at ${resolve(config.path)}` : '';
    throw new MappingError(`cannot open the store${where} (is its member running? give its URL with --member): ${(err as Error).message}`);
  }
}

const withFrom = (found: { url: string } | null) => (found ? { url: found.url, from: "npm start's pids.json" } : null);

/** The running member to import through: its country checked, the operator key read. */
async function memberEndpoint(url: string, country: string, keyFlag: string): Promise<MemberEndpoint> {
  const serving = await memberCountry(url);
  if (serving !== country) throw new ImportStopped(`${new URL(url).origin} is member ${serving}, not ${country}`);
  const key = operatorKeyPath(keyFlag, process.env, root, country);
  if (!existsSync(key.path)) throw new ImportStopped(`no operator key at ${resolve(key.path)} (${key.from}): give member ${country}'s service key with --operator-key or MEMBER_SERVICE_KEY`);
  return { url, key: await signingKeyFromFile(key.path, key.from) };
}

if (require.main === module) {
  main().catch((err: unknown) => {
    console.error(err instanceof MappingError || err instanceof ImportStopped || err instanceof MalformedQuote ? `import: ${err.message}` : `import: failed: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  });
}
