/**
 * One Kùzu connection as the adapter (kuzu.ts) uses it: its prepared statements (kept, bounded),
 * a queue so it runs one query at a time, and rows read back as plain values.
 */
import type { Connection, KuzuValue, PreparedStatement } from 'kuzu';
import type { Params, Row } from './port';

/**
 * Prepared statements kept per connection (the oldest prepared is dropped first). Kept, a statement
 * is not parsed again, but Kùzu 0.11 binds and plans it again at every execution (its
 * executeWithParams): a person page with the protocol's conditions spends about 0.75 ms of its
 * 1.5 ms there, ~17 µs per column returned and ~20 µs per condition (a query's cost, not this cache's).
 */
const PREPARED_PER_CONNECTION = 256;

export class Lane {
  private readonly prepared = new Map<string, PreparedStatement>();
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
      // Bounded: statements built from input (a set of columns, a list's length) must not grow it for ever.
      if (this.prepared.size > PREPARED_PER_CONNECTION) this.prepared.delete(this.prepared.keys().next().value!);
    }
    const result = await this.conn.execute(statement, params as Record<string, KuzuValue>);
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
