/**
 * Embedded adapter on Kùzu (npm `kuzu`): one database file per member, no server.
 * Kept thin so that swapping in its fork (npm `lbug`, same API) is this one file.
 *
 * Kùzu runs one write transaction at a time and every in-flight query holds
 * buffer-pool memory, so reads go through a few connections that each run one
 * query at a time, fed by a queue, and writes through one connection.
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
// eslint-disable-next-line @typescript-eslint/no-require-imports
import kuzu = require('kuzu');
import { completeRows, SchemaIndex, unwindCreateNodes, unwindCreateRels, type Params, type RelRow, type Row, type Store, type StoreSchema, type Transaction } from './port';

export interface KuzuOptions {
  /** A file path, or ':memory:'. */
  path: string;
  /** Buffer pool in bytes; Kùzu's default reserves most of the machine. */
  bufferPoolBytes?: number;
  readConnections?: number;
}

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
      const rows = await results[results.length - 1].getAll();
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

export class KuzuStore implements Store {
  readonly kind = 'kuzu';
  private readonly db: InstanceType<typeof kuzu.Database>;
  private readonly readers: Lane[];
  private readonly writer: Lane;
  private closed = false;
  private readonly tables = new SchemaIndex();

  constructor(options: KuzuOptions) {
    if (options.path !== ':memory:') mkdirSync(dirname(options.path), { recursive: true });
    this.db = new kuzu.Database(options.path, options.bufferPoolBytes ?? 256 * 1024 * 1024);
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
    });
  }

  read(cypher: string, params?: Params): Promise<Row[]> {
    this.assertOpen();
    // The least busy lane: queries spread over the connections, never piling up in Kùzu.
    const lane = this.readers.reduce((a, b) => (b.pending < a.pending ? b : a));
    return lane.enqueue(() => lane.query(cypher, params));
  }

  write<T>(work: (tx: Transaction) => Promise<T>): Promise<T> {
    return this.transaction(work, (lane) => ({
      insertNodes: async (label, rows) => {
        if (rows.length) await lane.query(unwindCreateNodes(this.tables.node(label)), { rows: completeRows(this.nodeColumns(label), rows) });
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

  /** Kùzu's COPY from an UNWIND subquery: flat cost per batch, where UNWIND-MATCH-CREATE scans the table per batch. */
  private copyNodes(lane: Lane, label: string, rows: readonly Row[]): Promise<void> {
    return this.copy(lane, label, this.nodeColumns(label), rows);
  }

  private copyRels(lane: Lane, type: string, rows: readonly RelRow[]): Promise<void> {
    return this.copy(lane, type, this.relColumns(type), rows);
  }

  private async copy(lane: Lane, table: string, columns: string[], rows: readonly Row[]): Promise<void> {
    if (!rows.length) return;
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
  }

  private assertOpen(): void {
    if (this.closed) throw new Error('Store is closed');
  }
}
