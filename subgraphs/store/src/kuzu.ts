/**
 * Embedded adapter on Kùzu (npm `kuzu`): one database file per member, no server.
 * Kept thin so that swapping in its fork (npm `lbug`, same API) is this one file.
 *
 * Kùzu runs one write transaction at a time and every in-flight query holds
 * buffer-pool memory, so reads go through a few connections that each run one
 * query at a time, fed by a queue, and writes through one connection.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { availableParallelism, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
// eslint-disable-next-line @typescript-eslint/no-require-imports
import kuzu = require('kuzu');
import { completeRows, distinctKeys, lookupOneCypher, lookupScanCypher, SchemaIndex, unwindCreateNodes, unwindCreateRels, type FullTextIndex, type FullTextMatch, type KeyLookup, type Params, type ReadOptions, type RelRow, type PropertyType, type Row, type Store, type StoreSchema, type Transaction } from './port';
import { copyFromCsvCypher, EMPTY, rowsAsCsv } from './kuzuCsv';

export interface KuzuOptions {
  /** A file path, or ':memory:'. */
  path: string;
  /** Buffer pool in bytes; Kùzu's default reserves most of the machine. */
  bufferPoolBytes?: number;
  readConnections?: number;
  /**
   * The most address space the database may map (a power of two). Kùzu reserves
   * 8 TiB per database by default, so a process (a test worker, the bench)
   * opening a dozen stores runs out of address space ("Mmap … failed"); an
   * in-memory store gets 4 GiB unless told otherwise.
   */
  maxDbBytes?: number;
  /** Below this many table rows per key asked, a lookup scans once (default 1,500; 0: always one equality per key). */
  scanRowsPerKey?: number;
}

const IN_MEMORY_MAX_DB_BYTES = 4 * 1024 ** 3;
/** Below this many rows per key asked, a lookup scans the table once instead of one equality per key. */
const SCAN_ROWS_PER_KEY = 1500;

type Connection = InstanceType<typeof kuzu.Connection>;
type Prepared = Awaited<ReturnType<Connection['prepare']>>;

/** One connection, its prepared statements, and a queue so it runs one query at a time. */
class Lane {
  private readonly prepared = new Map<string, Prepared>();
  private tail: Promise<unknown> = Promise.resolve();
  pending = 0;

  constructor(readonly conn: Connection) {}

  /** Runs `work` after everything queued before it on this lane. */
  enqueue<T>(work: () => Promise<T>): Promise<T> {
    this.pending++;
    const run = this.tail.then(work, work);
    this.tail = run.then(
      () => undefined,
      () => undefined,
    );
    return run.finally(() => {
      this.pending--;
    });
  }

  /**
   * Runs `work` with Kùzu on one thread, then gives it `threads` again. Kùzu hands a table's
   * node groups to its threads as they come: on one, rows are read (and appended) in storage
   * (and file) order, the same on every run.
   */
  async oneThread<T>(threads: number, work: () => Promise<T>): Promise<T> {
    this.conn.setMaxNumThreadForExec(1);
    try {
      return await work();
    } finally {
      this.conn.setMaxNumThreadForExec(threads);
    }
  }

  /** A statement that cannot be prepared (Kùzu's CREATE_FTS_INDEX runs several statements). */
  async exec(cypher: string): Promise<void> {
    const result = await this.conn.query(cypher);
    for (const r of Array.isArray(result) ? result : [result]) r.close();
  }

  async query(cypher: string, params: Params = {}): Promise<Row[]> {
    checkParams(params);
    let statement = this.prepared.get(cypher);
    if (!statement) {
      statement = await this.conn.prepare(cypher);
      if (!statement.isSuccess()) throw new Error(statement.getErrorMessage());
      this.prepared.set(cypher, statement);
    }
    const result = await this.conn.execute(statement, params as Record<string, kuzu.KuzuValue>);
    const results = Array.isArray(result) ? result : [result];
    try {
      // The result is already materialised: reading it synchronously spares a thread-pool round trip per row
      // (getAll's), which was most of the time of reading a 10,000-row result.
      const rows = results[results.length - 1].getAllSync();
      return rows.map(toPlainRow);
    } finally {
      for (const r of results) r.close();
    }
  }
}

/** Kùzu crashes the process on an empty list parameter it cannot type; refuse it instead. */
function checkParams(params: Params): void {
  for (const [name, value] of Object.entries(params)) {
    if (Array.isArray(value) && value.length === 0) {
      throw new Error(`Store parameter $${name} is an empty list; the repository must not send it`);
    }
  }
}

function toPlainRow(row: Record<string, unknown>): Row {
  const out: Row = {};
  for (const [k, v] of Object.entries(row)) out[k] = typeof v === 'bigint' ? Number(v) : v;
  return out;
}

/** An empty table given to Kùzu as the stop-word list: it has no option for none. */
const NO_STOP_WORDS = 'NoStopWords';

export class KuzuStore implements Store {
  readonly kind = 'kuzu';
  readonly stableScanOrder = true;
  private readonly db: InstanceType<typeof kuzu.Database>;
  private readonly readers: Lane[];
  private readonly writer: Lane;
  private closed = false;
  private readonly tables = new SchemaIndex();
  private readonly tableRows = new Map<string, { rows: Promise<number>; at: number }>();
  /** Declared full-text index → the Kùzu index that serves it (rebuilds get fresh names: see createFullText). */
  private readonly fullTextNames = new Map<string, string>();
  private readonly scanRowsPerKey: number;
  /** Where bulk loads write their CSV files (made at the first, removed at close). */
  private copyDir: string | undefined;
  /** Threads per query (Kùzu's default: one per core), restored after a read in scan order. */
  private readonly threads = Math.max(1, availableParallelism());

  constructor(options: KuzuOptions) {
    if (options.path !== ':memory:') mkdirSync(dirname(options.path), { recursive: true });
    const maxDbBytes = options.maxDbBytes ?? (options.path === ':memory:' ? IN_MEMORY_MAX_DB_BYTES : 0); // 0: Kùzu's default
    this.db = new kuzu.Database(options.path, options.bufferPoolBytes ?? 256 * 1024 * 1024, true, false, maxDbBytes);
    this.scanRowsPerKey = options.scanRowsPerKey ?? SCAN_ROWS_PER_KEY;
    const n = Math.max(1, options.readConnections ?? 4);
    this.readers = Array.from({ length: n }, () => new Lane(new kuzu.Connection(this.db)));
    this.writer = new Lane(new kuzu.Connection(this.db));
  }

  async ensureSchema(schema: StoreSchema): Promise<void> {
    this.tables.add(schema);
    await this.writer.enqueue(async () => {
      for (const node of schema.nodes) {
        const columns = Object.entries(node.properties).map(([name, type]) => `${name} ${type}`);
        await this.writer.query(
          `CREATE NODE TABLE IF NOT EXISTS \`${node.label}\`(${columns.join(', ')}, PRIMARY KEY(${node.key}))`,
        );
      }
      for (const rel of schema.rels) {
        const columns = Object.entries(rel.properties ?? {}).map(([name, type]) => `, ${name} ${type}`);
        await this.writer.query(
          `CREATE REL TABLE IF NOT EXISTS \`${rel.type}\`(FROM \`${rel.from}\` TO \`${rel.to}\`${columns.join('')})`,
        );
      }
      await this.ensureFullText(schema.fullText ?? []);
    });
  }

  /**
   * Full-text indexes persist in the database file and follow later inserts
   * (COPY included), so one is built only when missing: at seeding, or once on a
   * store seeded before it existed. No stemming and no stop words: names are not
   * English prose, and "de", "la" or "will" must stay searchable.
   */
  private async ensureFullText(indexes: readonly FullTextIndex[]): Promise<void> {
    if (!indexes.length) return;
    await this.writer.query(`CREATE NODE TABLE IF NOT EXISTS \`${NO_STOP_WORDS}\`(word STRING, PRIMARY KEY(word))`);
    const existing = await this.writer.query('CALL SHOW_INDEXES() RETURN table_name AS label, index_name AS name');
    for (const index of indexes) {
      const found = existing.find((r) => r.label === index.label && (r.name === index.name || String(r.name).startsWith(`${index.name}_r`)));
      this.fullTextNames.set(index.name, found ? String(found.name) : await this.createFullText(index));
    }
  }

  /**
   * Builds a Kùzu index for a declared one and returns its name. Kùzu 0.11's DROP_FTS_INDEX
   * leaves a catalog entry behind ("…_stopwords already exists"), so a name once dropped
   * cannot be used again: a rebuild takes the declared name plus a fresh suffix.
   */
  private async createFullText(index: FullTextIndex, fresh = false): Promise<string> {
    const properties = index.properties.map((p) => `'${p}'`).join(', ');
    const create = (name: string) => this.writer.exec(`CALL CREATE_FTS_INDEX('${index.label}', '${name}', [${properties}], stemmer := 'none', stopWords := '${NO_STOP_WORDS}')`);
    if (!fresh) {
      try {
        await create(index.name);
        return index.name;
      } catch (err) {
        if (!/already exists/.test(String(err))) throw err;
      }
    }
    const name = `${index.name}_r${Date.now().toString(36)}`;
    await create(name);
    return name;
  }

  /** Waits until every read queued so far has run (none can still name an index about to be dropped). */
  private async drainReads(): Promise<void> {
    await Promise.all(this.readers.map((lane) => lane.enqueue(async () => undefined)));
  }

  async rebuildFullText(): Promise<void> {
    this.assertOpen();
    await this.writer.enqueue(async () => {
      for (const index of this.tables.fullTextIndexes()) {
        const old = this.fullTextNames.get(index.name);
        const name = await this.createFullText(index, old !== undefined);
        this.fullTextNames.set(index.name, name); // searches from now on use the new index
        if (old === undefined) continue;
        await this.drainReads();
        await this.writer.exec(`CALL DROP_FTS_INDEX('${index.label}', '${old}')`);
      }
    });
  }

  async suspendFullText(): Promise<void> {
    this.assertOpen();
    await this.writer.enqueue(async () => {
      await this.drainReads();
      for (const index of this.tables.fullTextIndexes()) {
        const old = this.fullTextNames.get(index.name);
        if (old === undefined) continue;
        this.fullTextNames.delete(index.name);
        await this.writer.exec(`CALL DROP_FTS_INDEX('${index.label}', '${old}')`);
      }
    });
  }

  /**
   * The index answers one word as a prefix (`w*`); the other words are checked on
   * the indexed text of what it found. Kùzu 0.11's `conjunctive := true` drops a
   * node in which a prefix matches two different words (Mendoza Morales for `m*`),
   * so it is not used. The longest word goes to the index: likely the fewest hits.
   */
  matchFullText(index: string, variable: string, words: readonly string[]): FullTextMatch {
    const declared = this.tables.fullTextIndex(index, words);
    const [first, ...rest] = [...new Set(words)].sort((a, b) => b.length - a.length);
    const param = `fullText_${variable}`;
    const params: Params = { [param]: `${first}*` };
    // A word of the text starts with w: the text starts with it, or holds it after a space.
    const conditions = rest.map((w, i) => {
      params[`${param}${i}`] = w;
      params[`${param}${i}s`] = ` ${w}`;
      return `(${declared.properties.map((p) => `${variable}.${p} STARTS WITH $${param}${i} OR ${variable}.${p} CONTAINS $${param}${i}s`).join(' OR ')})`;
    });
    const built = this.fullTextNames.get(declared.name);
    if (!built) throw new Error(`Full-text index ${declared.name} is not built (suspended for a load, or ensureSchema not called)`);
    return {
      cypher: `CALL QUERY_FTS_INDEX('${declared.label}', '${built}', $${param}) WITH node AS ${variable}`,
      condition: conditions.length ? conditions.join(' AND ') : null,
      params,
    };
  }

  read(cypher: string, params?: Params, options?: ReadOptions): Promise<Row[]> {
    this.assertOpen();
    // The least busy lane: queries spread over the connections, never piling up in Kùzu.
    const lane = this.readers.reduce((a, b) => (b.pending < a.pending ? b : a));
    if (!options?.scanOrder) return lane.enqueue(() => lane.query(cypher, params));
    // With one thread, `WITH n LIMIT k` is the table's first k rows in storage order, the same on every run.
    return lane.enqueue(() => lane.oneThread(this.threads, () => lane.query(cypher, params)));
  }

  /**
   * One primary-key equality per key, spread over the read lanes: Kùzu answers an
   * equality from the key's hash index (~0.2 ms) but `IN $ids` and `UNWIND $ids …
   * MATCH {id: k}` with a scan that grows with the table, and a UNION ALL of
   * equalities needs a statement per batch size (scripts/src/bench/keyLookups.ts).
   */
  async lookup(query: KeyLookup): Promise<Row[]> {
    const keys = distinctKeys(query.keys);
    if (!keys.length) return [];
    const node = this.tables.node(query.label);
    // Cost model (measured: a scan ~0.15 ms per 1,000 rows, an equality ~0.25 ms each): one
    // `IN` scan wins while the table holds fewer than ~1,500 rows per key asked (small stores).
    if (this.scanRowsPerKey > 0 && (await this.rowsOf(node.label)) < this.scanRowsPerKey * keys.length) {
      return this.read(lookupScanCypher(node, query), { ...query.params, lookupKeys: keys });
    }
    const cypher = lookupOneCypher(node, query);
    const rows = await Promise.all(keys.map((lookupKey) => this.read(cypher, { ...query.params, lookupKey })));
    return rows.flat();
  }

  /**
   * The rows of a node table, counted at most once a minute (only the lookup's plan depends
   * on it); lookups arriving while it is counted share that one count.
   */
  private rowsOf(label: string): Promise<number> {
    const now = Date.now();
    const known = this.tableRows.get(label);
    if (known && now - known.at < 60_000) return known.rows;
    const rows = this.read(`MATCH (n:\`${label}\`) RETURN count(n) AS n`).then((r) => Number(r[0]?.n ?? 0));
    this.tableRows.set(label, { rows, at: now });
    rows.catch(() => this.tableRows.delete(label)); // a failed count is asked again next time
    return rows;
  }

  write<T>(work: (tx: Transaction) => Promise<T>): Promise<T> {
    return this.transaction(work, (lane) => ({
      insertNodes: async (label, rows) => {
        if (!rows.length) return;
        const cypher = unwindCreateNodes(this.tables.node(label));
        const complete = completeRows(this.nodeColumns(label), rows);
        // Kùzu 0.11 gives every node of one multi-row CREATE the first row's words in a full-text
        // index (COPY indexes correctly): indexed tables get one statement per row.
        if (this.tables.hasFullText(label)) for (const row of complete) await lane.query(cypher, { rows: [row] });
        else await lane.query(cypher, { rows: complete });
      },
      insertRels: async (type, rows) => {
        if (rows.length) await lane.query(unwindCreateRels(this.tables.rel(type)), { rows: completeRows(this.relColumns(type), rows) });
      },
    }));
  }

  bulkLoad<T>(work: (tx: Transaction) => Promise<T>): Promise<T> {
    return this.transaction(work, (lane) => ({
      insertNodes: (label, rows) => this.copyNodes(lane, label, rows),
      insertRels: (type, rows) => this.copyRels(lane, type, rows),
    }));
  }

  private transaction<T>(work: (tx: Transaction) => Promise<T>, inserts: (lane: Lane) => Omit<Transaction, 'run'>): Promise<T> {
    this.assertOpen();
    const w = this.writer;
    return w.enqueue(async () => {
      await w.query('BEGIN TRANSACTION');
      try {
        const result = await work({ run: (cypher, params) => w.query(cypher, params), ...inserts(w) });
        await w.query('COMMIT');
        return result;
      } catch (err) {
        await w.query('ROLLBACK').catch(() => undefined);
        throw err;
      }
    });
  }

  /** Kùzu's COPY: flat cost per batch, where UNWIND-MATCH-CREATE scans the table per batch. */
  private copyNodes(lane: Lane, label: string, rows: readonly Row[]): Promise<void> {
    return this.copy(lane, label, this.nodeColumns(label), Object.values(this.tables.node(label).properties), rows);
  }

  private copyRels(lane: Lane, type: string, rows: readonly RelRow[]): Promise<void> {
    return this.copy(lane, type, this.relColumns(type), ['STRING', 'STRING', ...Object.values(this.tables.rel(type).properties ?? {})], rows);
  }

  /**
   * From a CSV file (kuzuCsv.ts: the fastest path measured), else from the rows as a parameter.
   * One file per table, rewritten by each copy: the writer runs one at a time, and the statement
   * stays the same, so it is prepared once.
   */
  private async copy(lane: Lane, table: string, columns: string[], types: PropertyType[], rows: readonly Row[]): Promise<void> {
    if (!rows.length) return;
    const csv = rowsAsCsv(columns, rows);
    if (csv !== null) {
      this.copyDir ??= mkdtempSync(join(tmpdir(), 'enlace-kuzu-copy-'));
      const file = join(this.copyDir, `${table}.csv`);
      await writeFile(file, csv);
      // On one thread, so that rows keep the file's order in storage: lists count on storage order following
      // seq (a page of a frequent name is found among the table's first rows: member/src/repository.ts).
      await lane.oneThread(this.threads, () => lane.query(copyFromCsvCypher(table, file, types), { empty: EMPTY }));
      return;
    }
    await lane.query(`COPY \`${table}\` FROM (UNWIND $rows AS r RETURN ${columns.map((c) => `r.${c}`).join(', ')})`, {
      rows: completeRows(columns, rows),
    });
  }

  /** A table's columns in declared order: COPY matches them by position. */
  private nodeColumns(label: string): string[] {
    return Object.keys(this.tables.node(label).properties);
  }

  private relColumns(type: string): string[] {
    return ['from', 'to', ...Object.keys(this.tables.rel(type).properties ?? {})];
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    // Wait for queued work, then close connections before the database (results are closed per query).
    const lanes = [...this.readers, this.writer];
    await Promise.all(lanes.map((l) => l.enqueue(async () => undefined)));
    for (const lane of lanes) await lane.conn.close();
    await this.db.close();
    if (this.copyDir) rmSync(this.copyDir, { recursive: true, force: true });
  }

  private assertOpen(): void {
    if (this.closed) throw new Error('Store is closed');
  }
}
