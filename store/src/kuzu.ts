/**
 * Embedded adapter on Kùzu (npm `kuzu`): one database file per member, no server.
 * Kept thin so that swapping in its fork (npm `lbug`, same API) is its name here and in kuzuLane.ts.
 *
 * Kùzu runs one write transaction at a time and every in-flight query holds
 * buffer-pool memory, so reads go through a few connections that each run one
 * query at a time, fed by a queue, and writes through one connection behind the
 * bounded write queue (writeQueue.ts). Checkpoints are the adapter's, with reads
 * paused and the file's copy kept until each ends (kuzuCheckpoints.ts). The Kùzu
 * faults this works around are reproduced in docs/kuzu/.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { availableParallelism, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
// eslint-disable-next-line @typescript-eslint/no-require-imports
import kuzu = require('kuzu');
import {
  completeRows, createOneRelCypher, distinctKeys, FEW_ROWS, lookupOneCypher, lookupScanCypher, SchemaIndex, unwindCreateNodes, unwindCreateRels,
  type KeyLookup, type Params, type ReadOptions, type RelRow, type PropertyType, type Row, type Store, type StoreHealth, type StoreSchema, type Transaction,
} from './port';
import { copyFromCsvCypher, EMPTY, rowsAsCsv } from './kuzuCsv';
import { Lane } from './kuzuLane';
import { StoreFaultError } from './errors';
import { DEFAULT_CHECKPOINT_BYTES, DEFAULT_CHECKPOINT_WRITES, KuzuCheckpoints } from './kuzuCheckpoints';
import { DEFAULT_WRITE_QUEUE, DEFAULT_WRITE_WAIT_MS, WriteQueue } from './writeQueue';

export interface KuzuOptions {
  /** A file path, or ':memory:'. */
  path: string;
  /** Buffer pool in bytes (default 512 MiB; KUZU_BUFFER_POOL_MB); Kùzu's own default reserves most of the machine. */
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
  /** Writes that may wait behind the running one before a write is refused as busy (default 64; STORE_WRITE_QUEUE). */
  writeQueue?: number;
  /** The longest a write waits for its turn before it is refused as busy (default 1000 ms; STORE_WRITE_WAIT_MS). */
  writeWaitMs?: number;
  /** Checkpoint once the write-ahead log holds this many bytes (default 16 MiB; KUZU_CHECKPOINT_MB). */
  checkpointBytes?: number;
  /** Checkpoint after this many write transactions at most (default 200; KUZU_CHECKPOINT_WRITES). */
  checkpointWrites?: number;
  /** Where the store reports faults and upkeep (default: stderr). */
  log?: (message: string) => void;
  /**
   * For reading only (an import's dry run): Kùzu's read-only mode, which replays the log in memory and
   * never into the file; no folder made, no checkpoint, every write refused. A store whose checkpoint
   * a crash cut short is refused: only a read-write open recovers it.
   */
  readOnly?: boolean;
}

/**
 * Enough for the seeded and imported stores measured (1,000,000 persons serve in 512 MiB): Kùzu
 * evicts data pages as it needs, but a transaction's changes and a checkpoint must fit.
 */
export const DEFAULT_BUFFER_POOL_BYTES = 512 * 1024 ** 2;

const IN_MEMORY_MAX_DB_BYTES = 4 * 1024 ** 3;
/** Below this many rows per key asked, a lookup scans the table once instead of one equality per key. */
const SCAN_ROWS_PER_KEY = 1500;

/**
 * Kùzu errors after which the database cannot serve until the process starts again (it then
 * replays its write-ahead log): the buffer pool exhausted, a failed checkpoint, an I/O fault.
 */
const FATAL_FAULT = /buffer pool is full|Buffer manager exception|IO exception|Checkpoint exception|checkpoint failed|No space left on device/i;

/** Tables a store made before Enlace kept its own name index (an empty stop-word list for Kùzu's full-text indexes). */
const LEGACY_TABLES = ['NoStopWords'];

export class KuzuStore implements Store {
  readonly kind = 'kuzu';
  readonly stableScanOrder = true;
  /**
   * Counted once each commit (or schema change) has ended, whether it succeeded or not: a read begun
   * before then may have seen the data before it, and counting one too many only costs a read again.
   */
  private commits = 0;
  private readonly db: InstanceType<typeof kuzu.Database>;
  private readonly readers: Lane[];
  /** The one write connection; its work is ordered by `writes`, never by the lane's own queue. */
  private readonly writer: Lane;
  private readonly writes: WriteQueue;
  private closed = false;
  private readonly tables = new SchemaIndex();
  private readonly tableRows = new Map<string, { rows: Promise<number>; at: number }>();
  private readonly scanRowsPerKey: number;
  /** When to checkpoint, and the guard around each (none in memory: nothing to checkpoint). */
  private readonly checkpoints: KuzuCheckpoints | null;
  /** Set by a fault the database cannot serve through (FATAL_FAULT); /ready then answers 503. */
  private fault: string | null = null;
  private readonly log: (message: string) => void;
  /** Where bulk loads write their CSV files (made at the first, removed at close). */
  private copyDir: string | undefined;
  /** Threads per query (Kùzu's default: one per core), restored after a read in scan order. */
  private readonly threads = Math.max(1, availableParallelism());
  private readonly readOnly: boolean;

  constructor(options: KuzuOptions) {
    const inMemory = options.path === ':memory:';
    this.readOnly = options.readOnly ?? false;
    if (!inMemory && !this.readOnly) mkdirSync(dirname(options.path), { recursive: true });
    const maxDbBytes = options.maxDbBytes ?? (inMemory ? IN_MEMORY_MAX_DB_BYTES : 0); // 0: Kùzu's default
    this.log = options.log ?? ((m) => console.error(m));
    const bounds = { bytes: options.checkpointBytes ?? DEFAULT_CHECKPOINT_BYTES, writes: options.checkpointWrites ?? DEFAULT_CHECKPOINT_WRITES };
    const checkpoints = inMemory ? null : new KuzuCheckpoints(options.path, bounds, this.log);
    if (this.readOnly && checkpoints?.interrupted()) {
      throw new Error(`the store ${options.path} was interrupted in a checkpoint and must recover first: open it read-write once (start its member)`);
    }
    this.checkpoints = this.readOnly ? null : checkpoints;
    // Before Kùzu replays its log: a checkpoint a crash cut short may have left the file damaged.
    this.checkpoints?.recover();
    // No automatic checkpoints: Kùzu's waits for every open read to end while holding the lock
    // that reads need to end, so a write committed beside reads stalled 5 s and then failed
    // (docs/kuzu/README.md). `checkpoint` runs them with reads paused instead.
    this.db = new kuzu.Database(options.path, options.bufferPoolBytes ?? DEFAULT_BUFFER_POOL_BYTES, true, this.readOnly, maxDbBytes, false);
    // Now, not at the first statement: a store another process holds, or that cannot replay its log, fails here.
    this.db.initSync();
    this.scanRowsPerKey = options.scanRowsPerKey ?? SCAN_ROWS_PER_KEY;
    const n = Math.max(1, options.readConnections ?? 4);
    this.readers = Array.from({ length: n }, () => new Lane(new kuzu.Connection(this.db)));
    this.writer = new Lane(new kuzu.Connection(this.db));
    this.writes = new WriteQueue(options.writeQueue ?? DEFAULT_WRITE_QUEUE, options.writeWaitMs ?? DEFAULT_WRITE_WAIT_MS);
  }

  /** Only this process writes to an embedded store (Kùzu holds the file's lock). */
  get committedWrites(): number {
    return this.commits;
  }

  async ensureSchema(schema: StoreSchema): Promise<void> {
    if (this.readOnly) throw this.notWritable();
    this.tables.add(schema);
    await this.writes.run(async () => {
      try {
        await this.createTables(schema);
      } finally {
        this.commits++; // tables or columns may be new
      }
    }, { internal: true });
  }

  /** The schema's tables and their new columns, and no legacy full-text index. */
  private async createTables(schema: StoreSchema): Promise<void> {
    for (const node of schema.nodes) {
      const columns = Object.entries(node.properties).map(([name, type]) => `${name} ${type}`);
      await this.writer.query(
        `CREATE NODE TABLE IF NOT EXISTS \`${node.label}\`(${columns.join(', ')}, PRIMARY KEY(${node.key}))`,
      );
      await this.addNewColumns(node.label, node.properties);
    }
    for (const rel of schema.rels) {
      const columns = Object.entries(rel.properties ?? {}).map(([name, type]) => `, ${name} ${type}`);
      await this.writer.query(
        `CREATE REL TABLE IF NOT EXISTS \`${rel.type}\`(FROM \`${rel.from}\` TO \`${rel.to}\`${columns.join('')})`,
      );
      await this.addNewColumns(rel.type, rel.properties ?? {});
    }
    await this.dropLegacyFullText();
  }

  /**
   * Adds the columns a newer schema declares to a table an older version made (null in its rows).
   * ALTER TABLE appends them: a schema declares new columns last, since a bulk load's COPY lists
   * columns in the table's order.
   */
  private async addNewColumns(table: string, properties: Record<string, PropertyType>): Promise<void> {
    const present = new Set((await this.writer.query(`CALL TABLE_INFO('${table}') RETURN name`)).map((r) => String(r.name)));
    for (const [name, type] of Object.entries(properties)) {
      if (present.has(name)) continue;
      await this.writer.query(`ALTER TABLE \`${table}\` ADD ${name} ${type}`);
      this.log(`store: added the column ${name} to ${table} (a table made by an earlier version)`);
    }
  }

  /**
   * Drops the full-text indexes of stores written before Enlace kept its own name index: Kùzu 0.11's
   * lose words after an update or a delete and must be rebuilt, and a rebuild cut short by a crash
   * left indexes behind (docs/kuzu/README.md). Enlace declares none, so every one found is a leftover.
   */
  private async dropLegacyFullText(): Promise<void> {
    const indexes = await this.writer.query('CALL SHOW_INDEXES() RETURN table_name AS label, index_name AS name, index_type AS type');
    for (const index of indexes.filter((i) => String(i.type).toUpperCase() === 'FTS')) {
      await this.writer.exec(`CALL DROP_FTS_INDEX('${String(index.label).replace(/'/g, '')}', '${String(index.name).replace(/'/g, '')}')`);
      this.log(`store: dropped the full-text index ${String(index.name)} on ${String(index.label)}, left by an earlier version (names are now searched through Enlace's own index)`);
    }
    const tables = new Set((await this.writer.query('CALL SHOW_TABLES() RETURN name')).map((t) => String(t.name)));
    for (const table of LEGACY_TABLES) if (tables.has(table)) await this.writer.query(`DROP TABLE \`${table}\``);
  }

  /**
   * Writes the write-ahead log into the database file, with reads paused (Kùzu's checkpoint waits
   * for every transaction to end, and a read starting meanwhile would wait for it) and under the
   * guard. Run on the write path when due (kuzuCheckpoints.ts), and at close, so that the log
   * (replayed at every start, in the buffer pool) stays small.
   */
  async checkpoint(): Promise<void> {
    await this.writes.run(() => this.checkpointNow(), { internal: true });
  }

  private async checkpointNow(): Promise<void> {
    try {
      await this.checkpoints?.run(() => this.withReadsPaused(() => this.writer.exec('CHECKPOINT')));
    } catch (err) {
      // The file may be half-written as by a crash: serve no more; the next start recovers it (the guard's copy).
      throw this.noteFault(err, 'checkpoint failed');
    }
  }

  /** Runs `work` once every read lane has finished what it had queued, with new reads waiting until it ends. */
  private async withReadsPaused<T>(work: () => Promise<T>): Promise<T> {
    let resume!: () => void;
    const resumed = new Promise<void>((r) => (resume = r));
    const paused = this.readers.map((lane) => new Promise<void>((reached) => void lane.enqueue(() => (reached(), resumed))));
    await Promise.all(paused);
    try {
      return await work();
    } finally {
      resume();
    }
  }

  read(cypher: string, params?: Params, options?: ReadOptions): Promise<Row[]> {
    this.assertOpen();
    // The least busy lane: queries spread over the connections, never piling up in Kùzu.
    const lane = this.readers.reduce((a, b) => (b.pending < a.pending ? b : a));
    const run = options?.scanOrder
      // With one thread, `WITH n LIMIT k` is the table's first k rows in storage order, the same on every run.
      ? () => lane.oneThread(this.threads, () => lane.query(cypher, params))
      : () => lane.query(cypher, params);
    return lane.enqueue(() => this.noting(run()));
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
    return this.transaction(work, (lane, wrote) => ({
      insertNodes: async (label, rows) => {
        if (!rows.length) return;
        wrote.statement = true;
        await lane.query(unwindCreateNodes(this.tables.node(label)), { rows: completeRows(this.nodeColumns(label), rows) });
      },
      insertRels: async (type, rows) => {
        if (!rows.length) return;
        wrote.statement = true;
        const rel = this.tables.rel(type);
        const complete = completeRows(this.relColumns(type), rows);
        // A few rows (a mutation's): each end by key equality, answered from the key's index. UNWIND … MATCH
        // joins by scanning both tables, a cost that grows with the store (scripts/src/bench/keyLookups.ts).
        if (complete.length <= FEW_ROWS) for (const row of complete) await lane.query(createOneRelCypher(rel), row);
        else await lane.query(unwindCreateRels(rel), { rows: complete });
      },
    }));
  }

  bulkLoad<T>(work: (tx: Transaction) => Promise<T>): Promise<T> {
    return this.transaction(work, (lane, wrote) => ({
      insertNodes: async (label, rows) => {
        if (rows.length) wrote.copy = true;
        await this.copyNodes(lane, label, rows);
      },
      insertRels: async (type, rows) => {
        if (rows.length) wrote.copy = true;
        await this.copyRels(lane, type, rows);
      },
    }), true);
  }

  /**
   * One transaction on the write path. A bulk load's COPY makes Kùzu checkpoint inside the commit:
   * that commit starts from an empty log, runs with reads paused (the checkpoint waits for them) and
   * under the checkpoint guard. A bulk load that copied nothing commits as any write (no checkpoint,
   * no guard, no copy of the file); a transaction that wrote nothing is rolled back, since Kùzu logs
   * even an empty commit, and a log not empty makes the next bulk load checkpoint first (an import
   * of an unchanged export copied the whole file twice a batch for nothing).
   */
  private transaction<T>(work: (tx: Transaction) => Promise<T>, inserts: (lane: Lane, wrote: Wrote) => Omit<Transaction, 'run'>, bulk = false): Promise<T> {
    this.assertOpen();
    if (this.readOnly) return Promise.reject(this.notWritable());
    const w = this.writer;
    return this.writes.run(async () => {
      if (this.fault) throw new StoreFaultError(this.fault);
      if (bulk) await this.checkpointNow();
      await w.query('BEGIN TRANSACTION');
      const wrote: Wrote = { statement: false, copy: false };
      let result: T;
      try {
        const run = (cypher: string, params?: Params) => {
          if (!wrote.statement && mayWrite(cypher)) wrote.statement = true;
          return w.query(cypher, params);
        };
        result = await work({ run, ...inserts(w, wrote) });
      } catch (err) {
        await w.query('ROLLBACK').catch(() => undefined);
        throw this.noteFault(err);
      }
      if (!wrote.statement && !wrote.copy) {
        await w.query('ROLLBACK');
        return result;
      }
      const checkpointing = wrote.copy && !!this.checkpoints;
      try {
        if (checkpointing) await this.checkpoints!.commitBulk(() => this.withReadsPaused(() => w.query('COMMIT').then(() => undefined)));
        else await w.query('COMMIT');
      } catch (err) {
        await w.query('ROLLBACK').catch(() => undefined);
        throw this.noteFault(err, checkpointing ? 'a bulk load failed in its commit' : undefined);
      } finally {
        this.commits++;
      }
      // Committed (the log is synced): the checkpoint, when due, runs as the next write, not in this one's answer.
      if (this.checkpoints?.committed(wrote.copy)) {
        this.writes.run(() => this.checkpointNow(), { internal: true }).catch((err) => this.log(`store: ${(err as Error).message}`));
      }
      return result;
    });
  }

  /** Runs a read, noting a fault that leaves the database unable to serve. */
  private async noting<T>(op: Promise<T>): Promise<T> {
    try {
      return await op;
    } catch (err) {
      throw this.noteFault(err);
    }
  }

  /**
   * Notes `err` when it is a fault the database cannot serve through (or any error of upkeep given a
   * `prefix`): /ready then answers 503, and the error to give the caller is a StoreFaultError.
   */
  private noteFault(err: unknown, prefix?: string): unknown {
    const message = (err as Error)?.message ?? String(err);
    if (!prefix && !FATAL_FAULT.test(message)) return err;
    if (!this.fault) {
      this.fault = `${prefix ? `${prefix}: ` : ''}${message.split('\n')[0]}`;
      this.log(`store: cannot serve any more (${this.fault}); restart the process: it replays the write-ahead log, losing no committed write`);
    }
    return new StoreFaultError(this.fault);
  }

  health(): StoreHealth {
    const queue = { queuedWrites: this.writes.pending, writeQueueLimit: this.writes.limit };
    if (this.closed) return { ready: false, reason: 'the store is closed', ...queue };
    if (this.fault) return { ready: false, reason: `${this.fault}. Restart the process: it replays the write-ahead log, losing no committed write.`, ...queue };
    return { ready: true, ...queue };
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
    // Queued writes end first; then the log goes into the file (guarded), so that the next start replays nothing.
    // Kùzu's own checkpoint at close would be unguarded: off.
    await this.writes.drain();
    if (!this.readOnly) await this.writer.exec('CALL force_checkpoint_on_close=false').catch(() => undefined);
    if (!this.fault && !this.readOnly) await this.checkpointNow().catch((err) => this.log(`store: the checkpoint at close failed (the next start recovers it): ${(err as Error).message}`));
    // Close connections before the database (results are closed per query).
    const lanes = [...this.readers, this.writer];
    await Promise.all(lanes.map((l) => l.enqueue(async () => undefined)));
    for (const lane of lanes) await lane.conn.close();
    await this.db.close();
    if (this.copyDir) rmSync(this.copyDir, { recursive: true, force: true });
  }

  private assertOpen(): void {
    if (this.closed) throw new Error('Store is closed');
  }

  private notWritable(): Error {
    return new Error('Store is opened for reading only');
  }
}

/** What a transaction did: a statement that may write, a bulk load's COPY. */
interface Wrote {
  statement: boolean;
  copy: boolean;
}

/**
 * Whether a statement may write: any write clause or procedure call anywhere in its text (a word in
 * a string literal only makes a read count as a write, which is safe: it is then committed).
 */
const WRITE_CLAUSE = /\b(CREATE|MERGE|SET|DELETE|REMOVE|COPY|DROP|ALTER|CALL|IMPORT|INSTALL|LOAD|CHECKPOINT)\b/i;
export const mayWrite = (cypher: string): boolean => WRITE_CLAUSE.test(cypher);
