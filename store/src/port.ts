/**
 * The one narrow port between a subgraph and its graph store: it runs Cypher.
 * Repositories write their Cypher once, in the subset both engines accept;
 * what differs between dialects (schema statements, value conversion) lives
 * in the adapters alone.
 */
export type Params = Record<string, unknown>;

/**
 * Which records a list may return: every one, none, or those matching a condition on the
 * record variable (parameterised Cypher, its parameters beside it). The protocol engine
 * compiles a caller's rules into one; the repositories put it in their WHERE.
 */
export type Visibility = { kind: 'all' } | { kind: 'none' } | { kind: 'where'; condition: string; params: Params };
export type Row = Record<string, unknown>;

/**
 * Property types the repositories use. Lists are encoded as delimited strings
 * by the repositories (see codec.ts), so a store only needs scalars.
 */
export type PropertyType = 'STRING' | 'INT64';

export interface NodeTable {
  label: string;
  /** Primary key property (a STRING). */
  key: string;
  properties: Record<string, PropertyType>;
}

export interface RelTable {
  type: string;
  from: string;
  to: string;
  properties?: Record<string, PropertyType>;
}

export interface StoreSchema {
  nodes: NodeTable[];
  rels: RelTable[];
}

/** A relationship row: the keys of its two ends, and its properties. */
export type RelRow = Row & { from: string; to: string };

export interface Transaction {
  run(cypher: string, params?: Params): Promise<Row[]>;
  /** Creates nodes of a declared table; each row holds the table's properties. */
  insertNodes(label: string, rows: readonly Row[]): Promise<void>;
  /** Creates relationships of a declared table between nodes found by key. */
  insertRels(type: string, rows: readonly RelRow[]): Promise<void>;
}

export interface ReadOptions {
  /**
   * The query reads a table's first rows in storage order (`MATCH (n:Label) WITH n LIMIT $k`)
   * and must see the same rows on every run: an engine that splits a scan over threads (Kùzu)
   * runs it on one. No effect elsewhere.
   */
  scanOrder?: boolean;
}

/**
 * A read that starts from nodes found by primary key: `MATCH (<as>:<label>)` with
 * `<as>.<key>` equal to each of `keys`, followed by `then`.
 * - `then` goes on from the matched node: more MATCHes from it, then a RETURN
 *   (aggregations group by columns of the matched node, so per key). It is run for
 *   each key on one engine and over all keys at once on another, so: no LIMIT or
 *   SKIP, its ORDER BY orders the rows of one key, and rows of different keys come
 *   in no particular order. Its own parameters go in `params` (none named `lookupKey`
 *   or `lookupKeys`, which the adapters use).
 * - Keys are deduplicated (a key asked for twice gives its rows once); a missing key
 *   gives no rows; no keys give no rows and no round trip.
 */
export interface KeyLookup {
  label: string;
  /** The variable the matched node is bound to in `then`. */
  as: string;
  keys: readonly string[];
  then: string;
  params?: Params;
}

export interface Store {
  /** Which adapter this is, for logs and the bench. */
  readonly kind: string;
  /**
   * Whether a read with `scanOrder` sees a table's rows in one stable storage order, the same for
   * every statement (Kùzu on one thread). Neo4j promises no order without ORDER BY: false.
   */
  readonly stableScanOrder: boolean;
  /**
   * How many write transactions this store has committed since it opened; null when that cannot
   * be known (a server that other processes write to). A read's answer cannot change while this
   * number does not, so a read that depends on nothing but the data may be kept until it changes.
   */
  readonly committedWrites: number | null;
  /** Creates the tables, constraints and indexes the schema declares, if missing. */
  ensureSchema(schema: StoreSchema): Promise<void>;
  /** Runs one read query. */
  read(cypher: string, params?: Params, options?: ReadOptions): Promise<Row[]>;
  /**
   * Reads from nodes found by primary key, the fastest way the engine has: what every
   * by-id read and DataLoader uses, so its cost does not grow with the store (a
   * `WHERE n.id IN $ids` is a scan on Kùzu).
   */
  lookup(query: KeyLookup): Promise<Row[]>;
  /**
   * Runs `work` in one write transaction: all of it is written, or none. Writes run one at
   * a time, in arrival order (one serialised write path per store process); when too many
   * wait, the write is refused at once with StoreBusyError (writeQueue.ts), never left to time out.
   */
  write<T>(work: (tx: Transaction) => Promise<T>): Promise<T>;
  /**
   * Loads fresh records (new keys only) the fastest way the engine has: on Kùzu,
   * COPY, which neither checks keys against existing rows nor survives a rollback
   * cleanly, so it is for seeding and imports into new key ranges, never for
   * mutations. Elsewhere it is `write`.
   */
  bulkLoad<T>(work: (tx: Transaction) => Promise<T>): Promise<T>;
  /**
   * Whether the store can serve now, for /ready: false after a fault the store cannot
   * serve through (Kùzu: a failed checkpoint, a full buffer pool), with the reason and
   * what to do; and how many writes wait.
   */
  health(): StoreHealth;
  close(): Promise<void>;
}

export interface StoreHealth {
  ready: boolean;
  /** Why not, and what to do (only when not ready). */
  reason?: string;
  /** Writes queued or running on the one write path. */
  queuedWrites: number;
  /** The most that may wait before a write is refused as busy (STORE_BUSY). */
  writeQueueLimit: number;
}

/** Counts store round trips (one per Cypher statement), for tests and the bench. */
export interface StoreStats {
  queries: number;
}

export type InstrumentedStore = Store & { readonly stats: StoreStats };

/** Told when a statement starts; the function it returns is called when it ends (metrics.ts: latency, statements in flight). */
export interface StoreObserver {
  start(kind: 'read' | 'lookup' | 'write'): () => void;
}

/** Runs `op`, telling the observer (if any) when it starts and ends. */
function observed<T>(observer: StoreObserver | undefined, kind: 'read' | 'lookup' | 'write', op: () => Promise<T>): Promise<T> {
  if (!observer) return op();
  const end = observer.start(kind);
  return op().finally(end);
}

/** Wraps a store so that every statement it runs is counted, and timed when an observer is given. */
export function instrument(store: Store, observer?: StoreObserver): InstrumentedStore {
  const stats: StoreStats = { queries: 0 };
  return {
    kind: store.kind,
    stableScanOrder: store.stableScanOrder,
    get committedWrites() {
      return store.committedWrites;
    },
    stats,
    ensureSchema: (schema) => store.ensureSchema(schema),
    read: (cypher, params, options) => {
      stats.queries++;
      return observed(observer, 'read', () => store.read(cypher, params, options));
    },
    // One batch of keys is one round trip through the port, however the adapter runs it.
    lookup: (query) => {
      if (!query.keys.length) return store.lookup(query);
      stats.queries++;
      return observed(observer, 'lookup', () => store.lookup(query));
    },
    write: (work) => observed(observer, 'write', () => store.write((tx) => work(counting(tx)))),
    bulkLoad: (work) => store.bulkLoad((tx) => work(counting(tx))),
    health: () => store.health(),
    close: () => store.close(),
  };

  function counting(tx: Transaction): Transaction {
    return {
      run: (cypher, params) => {
        stats.queries++;
        return tx.run(cypher, params);
      },
      insertNodes: (label, rows) => {
        stats.queries++;
        return tx.insertNodes(label, rows);
      },
      insertRels: (type, rows) => {
        stats.queries++;
        return tx.insertRels(type, rows);
      },
    };
  }
}

/** Looks up declared tables by name; adapters keep one after ensureSchema. */
export class SchemaIndex {
  private readonly nodes = new Map<string, NodeTable>();
  private readonly rels = new Map<string, RelTable>();

  add(schema: StoreSchema): void {
    for (const n of schema.nodes) this.nodes.set(n.label, n);
    for (const r of schema.rels) this.rels.set(r.type, r);
  }

  node(label: string): NodeTable {
    const n = this.nodes.get(label);
    if (!n) throw new Error(`No node table ${label}: call ensureSchema first`);
    return n;
  }

  rel(type: string): RelTable & { fromKey: string; toKey: string } {
    const r = this.rels.get(type);
    if (!r) throw new Error(`No relationship table ${type}: call ensureSchema first`);
    return { ...r, fromKey: this.node(r.from).key, toKey: this.node(r.to).key };
  }
}

/** Portable Cypher for insertNodes: UNWIND … CREATE with every declared property. */
export function unwindCreateNodes(node: NodeTable): string {
  const props = Object.keys(node.properties).map((p) => `${p}: r.${p}`);
  return `UNWIND $rows AS r CREATE (:\`${node.label}\` {${props.join(', ')}})`;
}

/** Portable Cypher for insertRels: UNWIND … MATCH both ends by key … CREATE. */
export function unwindCreateRels(rel: RelTable & { fromKey: string; toKey: string }): string {
  const props = Object.keys(rel.properties ?? {}).map((p) => `${p}: r.${p}`);
  return `UNWIND $rows AS r MATCH (a:\`${rel.from}\` {${rel.fromKey}: r.from}), (b:\`${rel.to}\` {${rel.toKey}: r.to}) CREATE (a)-[:\`${rel.type}\`${props.length ? ` {${props.join(', ')}}` : ''}]->(b)`;
}

/** Portable Cypher for one relationship from its ends' keys (`$from`, `$to`, and its properties by name): two key equalities. */
export function createOneRelCypher(rel: RelTable & { fromKey: string; toKey: string }): string {
  const props = Object.keys(rel.properties ?? {}).map((p) => `${p}: $${p}`);
  return `MATCH (a:\`${rel.from}\`) WHERE a.${rel.fromKey} = $from MATCH (b:\`${rel.to}\`) WHERE b.${rel.toKey} = $to CREATE (a)-[:\`${rel.type}\`${props.length ? ` {${props.join(', ')}}` : ''}]->(b)`;
}

/** Up to this many rows, a write runs one statement per row. */
export const FEW_ROWS = 16;

/**
 * Writes rows the cheapest way for their number: a few (a mutation's) one statement each, `one`
 * taking the row's fields as parameters, so that each record is found by a key equality (Kùzu
 * answers it from the key's index; `UNWIND $rows … MATCH {id: r.id}` and `IN $ids` are joins that
 * scan the whole table: 100–800 ms at 1,000,000 persons against under 1 ms); many (an import's
 * batch) in one statement, `many`, over `$rows`.
 */
export async function writeRows(tx: Pick<Transaction, 'run'>, rows: readonly Row[], one: string, many: string): Promise<void> {
  if (!rows.length) return;
  if (rows.length > FEW_ROWS) {
    await tx.run(many, { rows: [...rows] });
    return;
  }
  for (const row of rows) await tx.run(one, row);
}

/** Rows with every declared column present (missing ones null), so engines can type them. */
export function completeRows(columns: readonly string[], rows: readonly Row[]): Row[] {
  return rows.map((row) => Object.fromEntries(columns.map((c) => [c, row[c] ?? null])));
}

/** The keys of a lookup without repeats, in first-seen order. */
export function distinctKeys(keys: readonly string[]): string[] {
  return [...new Set(keys)];
}

/** The start of a lookup's Cypher for one key (`$lookupKey`): an equality on the primary key, which engines answer from the key's index. */
export function lookupOneCypher(node: NodeTable, query: Pick<KeyLookup, 'as' | 'then'>): string {
  return `MATCH (${query.as}:\`${node.label}\`) WHERE ${query.as}.${node.key} = $lookupKey ${query.then}`;
}

/** A lookup's Cypher for all keys at once as one scan (`$lookupKeys`): on a small table cheaper than many equalities. */
export function lookupScanCypher(node: NodeTable, query: Pick<KeyLookup, 'as' | 'then'>): string {
  return `MATCH (${query.as}:\`${node.label}\`) WHERE ${query.as}.${node.key} IN $lookupKeys ${query.then}`;
}

/** A lookup's Cypher for all keys at once (`$lookupKeys`), for engines that plan UNWIND … MATCH on the key as index seeks. */
export function lookupAllCypher(node: NodeTable, query: Pick<KeyLookup, 'as' | 'then'>): string {
  return `UNWIND $lookupKeys AS lookupKey MATCH (${query.as}:\`${node.label}\` {${node.key}: lookupKey}) ${query.then}`;
}
