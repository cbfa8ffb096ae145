/**
 * The one narrow port between a subgraph and its graph store: it runs Cypher.
 * Repositories write their Cypher once, in the subset both engines accept;
 * what differs between dialects (schema statements, value conversion) lives
 * in the adapters alone.
 */
export type Params = Record<string, unknown>;
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

export interface Transaction {
  run(cypher: string, params?: Params): Promise<Row[]>;
}

export interface Store {
  /** Which adapter this is, for logs and the bench. */
  readonly kind: string;
  /** Creates the tables, constraints and indexes the schema declares, if missing. */
  ensureSchema(schema: StoreSchema): Promise<void>;
  /** Runs one read query. */
  read(cypher: string, params?: Params): Promise<Row[]>;
  /** Runs `work` in one write transaction: all of it is written, or none. */
  write<T>(work: (tx: Transaction) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/** Counts store round trips (one per Cypher statement), for tests and the bench. */
export interface StoreStats {
  queries: number;
}

export type InstrumentedStore = Store & { readonly stats: StoreStats };

/** Wraps a store so that every statement it runs is counted. */
export function instrument(store: Store): InstrumentedStore {
  const stats: StoreStats = { queries: 0 };
  return {
    kind: store.kind,
    stats,
    ensureSchema: (schema) => store.ensureSchema(schema),
    read: (cypher, params) => {
      stats.queries++;
      return store.read(cypher, params);
    },
    write: (work) =>
      store.write((tx) =>
        work({
          run: (cypher, params) => {
            stats.queries++;
            return tx.run(cypher, params);
          },
        }),
      ),
    close: () => store.close(),
  };
}
