/**
 * Server adapter on Neo4j 5 (npm `neo4j-driver`), for member states in production.
 * Mirrors the embedded adapter (kuzu.ts): the repositories' Cypher goes through
 * unchanged; what differs lives here — schema statements (uniqueness constraints
 * instead of tables), parameter typing and value conversion.
 *
 * Reads run in `session.executeRead` and writes in `session.executeWrite`: managed
 * transactions that the driver retries on transient errors (leader switch, deadlock,
 * lost connection) for up to 5 s (`maxTransactionRetryTime`). A retried write runs the
 * repository's `work` again from the start, so `work` must have no effect outside
 * the transaction it is given (the repositories only run Cypher in it).
 *
 * Values: Neo4j integers come back as `Integer` objects and temporal values as
 * driver classes; `toPlain` turns every returned value into plain JSON-like data.
 * JS numbers are floats to the driver, so `toParams` sends integral numbers as
 * Neo4j integers — otherwise `LIMIT $first` is rejected and INT64 properties
 * (`seq`, counters) would be stored as floats.
 */
import neo4j, { type BookmarkManager, type Driver, type Session, type SessionMode } from 'neo4j-driver';
import { distinctKeys, lookupAllCypher, SchemaIndex, unwindCreateNodes, type RelTable, type KeyLookup, type Params, type Row, type Store, type StoreHealth, type StoreSchema, type Transaction } from './port';
import { DEFAULT_WRITE_QUEUE, DEFAULT_WRITE_WAIT_MS, WriteQueue } from './writeQueue';

export interface Neo4jOptions {
  /** `bolt://host:7687`, `neo4j://host:7687`, or their `+s`/`+ssc` TLS variants. */
  uri: string;
  user: string;
  password: string;
  /** Database name; the server's default (home) database when omitted. */
  database?: string;
  /** Upper bound of the driver's connection pool (default 50). */
  maxPoolSize?: number;
  /** Writes that may wait behind the running one before a write is refused as busy (default 64; STORE_WRITE_QUEUE). */
  writeQueue?: number;
  /** The longest a write waits for its turn before it is refused as busy (default 1000 ms; STORE_WRITE_WAIT_MS). */
  writeWaitMs?: number;
}

const DEFAULT_POOL_SIZE = 50;

/** Quotes a label, relationship type, property or constraint name for Cypher. */
function quote(name: string): string {
  return '`' + name.replace(/`/g, '``') + '`';
}

/** The URI without any user:password part, safe for messages and logs. */
function displayUri(uri: string): string {
  return uri.replace(/^([a-z0-9+.-]+:\/\/)[^@/]*@/i, '$1');
}

/** True for `{...}` and `Object.create(null)` maps, false for class instances. */
function isPlainObject(value: object): value is Record<string, unknown> {
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

function integerToNumber(value: { inSafeRange(): boolean; toNumber(): number; toString(): string }): number {
  if (!value.inSafeRange()) {
    throw new RangeError(`Neo4j integer ${value.toString()} is outside JavaScript's safe integer range`);
  }
  return value.toNumber();
}

/**
 * Converts a value returned by the driver into plain data:
 * - Integer → number. An integer outside ±(2^53 − 1) throws a RangeError rather
 *   than silently losing precision or changing type: the store only holds INT64
 *   values the repositories wrote from JS numbers, so one can only appear through
 *   foreign data, and failing loudly beats a wrong count or id. The same for bigint.
 * - Date, DateTime, LocalDateTime, Time, LocalTime, Duration → their ISO 8601 strings
 *   (a DateTime with a zone id keeps it, e.g. `…+01:00[Europe/Paris]`).
 * - Node → its properties; Relationship (bound or not) → its properties;
 *   Path → the list of its nodes, start to end; PathSegment → { start, relationship, end }.
 * - Point → { srid, x, y[, z] }; Vector → list of numbers; UUID → string.
 * - Lists and maps recursively; strings, booleans, floats and null unchanged.
 */
export function toPlain(value: unknown): unknown {
  if (value === null || value === undefined) return null;
  if (typeof value === 'bigint') {
    if (value > BigInt(Number.MAX_SAFE_INTEGER) || value < BigInt(Number.MIN_SAFE_INTEGER)) {
      throw new RangeError(`Neo4j integer ${value} is outside JavaScript's safe integer range`);
    }
    return Number(value);
  }
  if (typeof value !== 'object') return value;
  if (neo4j.isInt(value)) return integerToNumber(value);
  if (Array.isArray(value)) return value.map(toPlain);
  if (
    neo4j.isDate(value) ||
    neo4j.isDateTime(value) ||
    neo4j.isLocalDateTime(value) ||
    neo4j.isTime(value) ||
    neo4j.isLocalTime(value) ||
    neo4j.isDuration(value)
  ) {
    return value.toString();
  }
  if (neo4j.isNode(value)) return toPlainMap(value.properties);
  if (neo4j.isRelationship(value) || neo4j.isUnboundRelationship(value)) return toPlainMap(value.properties);
  if (neo4j.isPath(value)) return [value.start, ...value.segments.map((s) => s.end)].map(toPlain);
  if (neo4j.isPathSegment(value)) {
    return { start: toPlain(value.start), relationship: toPlain(value.relationship), end: toPlain(value.end) };
  }
  if (neo4j.isPoint(value)) {
    const point: Record<string, unknown> = { srid: toPlain(value.srid), x: value.x, y: value.y };
    if (value.z !== undefined) point.z = value.z;
    return point;
  }
  if (neo4j.isVector(value)) return Array.from(value.asTypedArray() as ArrayLike<number | bigint>, toPlain);
  if (neo4j.isUUID(value)) return value.toString();
  if (isPlainObject(value)) return toPlainMap(value);
  return value;
}

function toPlainMap(map: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(map)) out[k] = toPlain(v);
  return out;
}

/** One result record (`record.toObject()`) as a plain row. */
export function toPlainRow(record: Record<string, unknown>): Row {
  return toPlainMap(record);
}

/**
 * Prepares parameters for the driver: safe-integer numbers become Neo4j integers
 * (recursively through lists and maps), so `LIMIT $n`/`SKIP $n` work and integer
 * properties are stored as integers. Other values go as they are; unlike the Kùzu
 * adapter, empty lists are fine.
 */
export function toParams(params: Params = {}): Params {
  return toParamMap(params);
}

function toParamValue(value: unknown): unknown {
  if (typeof value === 'number') return Number.isSafeInteger(value) ? neo4j.int(value) : value;
  if (typeof value === 'bigint') return neo4j.int(value);
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map(toParamValue);
  if (isPlainObject(value)) return toParamMap(value);
  return value;
}

function toParamMap(map: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(map)) out[k] = toParamValue(v);
  return out;
}

/**
 * insertRels on Neo4j: each end found by its own MATCH, an index seek per row. The
 * portable form (port.ts) matches both ends in one comma pattern, which Neo4j's
 * semantic analysis reports as a cartesian product (a warning on every import batch).
 */
function createRelsCypher(rel: RelTable & { fromKey: string; toKey: string }): string {
  const props = Object.keys(rel.properties ?? {}).map((p) => `${quote(p)}: r.${quote(p)}`);
  return (
    `UNWIND $rows AS r MATCH (a:${quote(rel.from)} {${quote(rel.fromKey)}: r.from}) MATCH (b:${quote(rel.to)} {${quote(rel.toKey)}: r.to}) ` +
    `CREATE (a)-[:${quote(rel.type)}${props.length ? ` {${props.join(', ')}}` : ''}]->(b)`
  );
}

export class Neo4jStore implements Store {
  readonly kind = 'neo4j';
  readonly stableScanOrder = false;
  /** Other processes may write to the server. */
  readonly committedWrites = null;
  private readonly driver: Driver;
  /**
   * Shared by every session, so a read follows every write this process committed
   * before it (causal consistency on a cluster; no cost on a single server).
   */
  private readonly bookmarks: BookmarkManager = neo4j.bookmarkManager();
  private readonly database: string | undefined;
  private readonly uri: string;
  private readonly password: string;
  private closed = false;
  private readonly tables = new SchemaIndex();
  /**
   * Writes one at a time, as on Kùzu: the repositories' read-then-write transactions (counters,
   * updates of what was just read) then never conflict, and a burst waits in a bounded queue.
   */
  private readonly writes: WriteQueue;

  /**
   * Creates the driver without connecting; prefer `Neo4jStore.open`, which checks the server is there.
   * `driver` replaces the one made from `options`: the dialect test records statements through it, with no server.
   */
  constructor(options: Neo4jOptions, driver?: Driver) {
    this.uri = displayUri(options.uri);
    this.password = options.password;
    this.database = options.database || undefined;
    this.writes = new WriteQueue(options.writeQueue ?? DEFAULT_WRITE_QUEUE, options.writeWaitMs ?? DEFAULT_WRITE_WAIT_MS);
    try {
      this.driver = driver ?? neo4j.driver(options.uri, neo4j.auth.basic(options.user, options.password), {
        maxConnectionPoolSize: Math.max(1, options.maxPoolSize ?? DEFAULT_POOL_SIZE),
        // Sized for an interactive API behind a gateway that gives up on a member after
        // a few seconds: fail within seconds rather than the driver's 30–60 s defaults.
        connectionTimeout: 10_000,
        connectionAcquisitionTimeout: 10_000,
        maxTransactionRetryTime: 5_000,
        userAgent: 'enlace',
      });
    } catch (err) {
      throw this.clearError(`Invalid Neo4j URI ${this.uri}`, err);
    }
  }

  /** Creates the store and checks that the server answers and accepts the credentials. */
  static async open(options: Neo4jOptions): Promise<Neo4jStore> {
    const store = new Neo4jStore(options);
    await store.connect();
    return store;
  }

  /** Checks connectivity and authentication; on failure closes the driver and throws a one-line error. */
  async connect(): Promise<void> {
    try {
      await this.driver.verifyConnectivity(this.database ? { database: this.database } : undefined);
    } catch (err) {
      this.closed = true;
      await this.driver.close().catch(() => undefined);
      throw this.clearError(`Cannot reach Neo4j at ${this.uri}`, err);
    }
  }

  /**
   * One uniqueness constraint per node label on its key (which also indexes it).
   * Neo4j is schema-free otherwise: properties and relationship types need no declaration.
   * Each statement runs in its own transaction, as Neo4j requires for schema changes.
   */
  async ensureSchema(schema: StoreSchema): Promise<void> {
    this.assertOpen();
    this.tables.add(schema);
    const session = this.session(neo4j.session.WRITE);
    try {
      for (const node of schema.nodes) {
        const name = quote(`${node.label}_${node.key}`);
        await session.executeWrite((tx) =>
          tx.run(
            `CREATE CONSTRAINT ${name} IF NOT EXISTS FOR (n:${quote(node.label)}) REQUIRE n.${quote(node.key)} IS UNIQUE`,
          ),
        );
      }
    } finally {
      await session.close();
    }
  }

  async read(cypher: string, params?: Params): Promise<Row[]> {
    this.assertOpen();
    const session = this.session(neo4j.session.READ);
    try {
      const result = await session.executeRead((tx) => tx.run(cypher, toParams(params)));
      return result.records.map((r) => toPlainRow(r.toObject()));
    } finally {
      await session.close();
    }
  }

  /** All keys in one statement: UNWIND … MATCH on the key is an index seek per key (the key's uniqueness constraint). */
  async lookup(query: KeyLookup): Promise<Row[]> {
    const keys = distinctKeys(query.keys);
    if (!keys.length) return [];
    return this.read(lookupAllCypher(this.tables.node(query.label), query), { ...query.params, lookupKeys: keys });
  }

  write<T>(work: (tx: Transaction) => Promise<T>): Promise<T> {
    this.assertOpen();
    return this.writes.run(() => this.writeNow(work));
  }

  private async writeNow<T>(work: (tx: Transaction) => Promise<T>): Promise<T> {
    const session = this.session(neo4j.session.WRITE);
    try {
      return await session.executeWrite((tx) =>
        {
          const run = async (cypher: string, params?: Params) => {
            const result = await tx.run(cypher, toParams(params));
            return result.records.map((r) => toPlainRow(r.toObject()));
          };
          return work({
            run,
            insertNodes: async (label, rows) => {
              if (rows.length) await run(unwindCreateNodes(this.tables.node(label)), { rows: [...rows] });
            },
            insertRels: async (type, rows) => {
              if (rows.length) await run(createRelsCypher(this.tables.rel(type)), { rows: [...rows] });
            },
          });
        },
      );
    } finally {
      await session.close();
    }
  }

  /** The server's own health is its own: this process is ready while it is open (a failed statement is an error of its own). */
  health(): StoreHealth {
    const queue = { queuedWrites: this.writes.pending, writeQueueLimit: this.writes.limit };
    return this.closed ? { ready: false, reason: 'the store is closed', ...queue } : { ready: true, ...queue };
  }

  /** Neo4j has no faster path that keeps transactions: the same as `write`. */
  bulkLoad<T>(work: (tx: Transaction) => Promise<T>): Promise<T> {
    return this.write(work);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.writes.drain();
    await this.driver.close();
  }

  private session(mode: SessionMode): Session {
    return this.driver.session({ database: this.database, defaultAccessMode: mode, bookmarkManager: this.bookmarks });
  }

  private assertOpen(): void {
    if (this.closed) throw new Error('Store is closed');
  }

  /** A one-line error: the driver's reason, never the password, no stack trace. */
  private clearError(prefix: string, err: unknown): Error {
    let reason = (err instanceof Error ? err.message : String(err)).split('\n')[0].trim() || 'unknown error';
    // Routing (neo4j://) failures hide the socket error in `cause`: name it.
    const cause = err instanceof Error && err.cause instanceof Error ? err.cause.message.split('\n')[0] : '';
    const root = cause.includes('Caused by: ') ? cause.slice(cause.lastIndexOf('Caused by: ') + 11) : cause;
    if (root && !reason.includes(root)) reason += ` (${root})`;
    if (this.password) reason = reason.split(this.password).join('***');
    const error = new Error(`${prefix}: ${reason}`);
    error.stack = `Error: ${error.message}`;
    return error;
  }
}
