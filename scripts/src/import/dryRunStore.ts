/**
 * The store a dry run plans against, opened so that it writes nothing anywhere:
 * - no Kùzu store yet: nothing stored (every record would be created), and no file or folder
 *   made — opening a Kùzu store creates it, empty, and `npm start` would then seed it;
 * - a Kùzu store: opened in Kùzu's read-only mode, which replays the write-ahead log in memory,
 *   never into the file, takes no spill file and never checkpoints; the adapter (KuzuStore)
 *   always opens read-write, recovers interrupted checkpoints and checkpoints at close, so the
 *   dry run reads through a connection of its own;
 * - Neo4j: the server, through its adapter.
 * A dry run only reads (load.ts): every write through these throws, so one that tried fails loudly.
 * Swapping Kùzu for its fork (npm `lbug`, same API) names it here too, beside store/src/kuzu.ts and kuzuLane.ts.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
// eslint-disable-next-line @typescript-eslint/no-require-imports
import kuzu = require('kuzu');
import type { KuzuValue } from 'kuzu';
import { createStore, DEFAULT_BUFFER_POOL_BYTES, kuzuOpenAdvice, type Params, type Row, type Store, type StoreConfig } from '@enlace/store';
import { MappingError } from './mapping';

const WRITES_NOTHING = 'a dry run writes nothing';

/** The store `config` names, for reading only; nothing stored when a Kùzu store does not exist. */
export async function openForDryRun(config: StoreConfig): Promise<Store> {
  if (config.kind !== 'kuzu') return readsOnly(await createStore(config));
  if (!existsSync(config.path)) return readsOnly(nothingStored());
  // A checkpoint a crash cut short leaves the file to be put back at the next read-write open (kuzuCheckpointGuard.ts).
  if (existsSync(`${config.path}.checkpoint.json`)) {
    throw new MappingError(`the store ${resolve(config.path)} was interrupted in a checkpoint and must recover first: start its member once (npm start), then dry-run again`);
  }
  return readsOnly(readOnlyKuzu(config.path, config.bufferPoolBytes ?? DEFAULT_BUFFER_POOL_BYTES));
}

/** Only reads: what a dry run asks. */
type Reader = Pick<Store, 'kind' | 'read' | 'close'>;

function nothingStored(): Reader {
  return { kind: 'none', read: async () => [], close: async () => undefined };
}

function readOnlyKuzu(path: string, bufferPoolBytes: number): Reader {
  let db: InstanceType<typeof kuzu.Database>;
  let conn: InstanceType<typeof kuzu.Connection>;
  try {
    // (path, buffer pool, compression, read-only, Kùzu's default address space, no automatic checkpoint)
    db = new kuzu.Database(path, bufferPoolBytes, true, true, 0, false);
    db.initSync(); // now: a store a running member holds fails here
    conn = new kuzu.Connection(db);
  } catch (err) {
    throw new MappingError(kuzuOpenAdvice(resolve(path), (err as Error).message));
  }
  // One query at a time: the importer reads a batch's references, then its involvements.
  let tail: Promise<unknown> = Promise.resolve();
  const query = async (cypher: string, params: Params = {}): Promise<Row[]> => {
    // Kùzu crashes the process on an empty list parameter it cannot type (as the adapter, refuse it).
    const empty = Object.entries(params).find(([, v]) => Array.isArray(v) && !v.length);
    if (empty) throw new Error(`Store parameter $${empty[0]} is an empty list`);
    const statement = await conn.prepare(cypher);
    if (!statement.isSuccess()) {
      const message = statement.getErrorMessage();
      // A table an older store lacks (its member has not run this version yet) holds nothing.
      if (/Table \w+ does not exist/.test(message)) return [];
      throw new Error(message);
    }
    const result = await conn.execute(statement, params as Record<string, KuzuValue>);
    const results = Array.isArray(result) ? result : [result];
    try {
      return results[results.length - 1].getAllSync().map((row) =>
        Object.fromEntries(Object.entries(row).map(([k, v]) => [k, typeof v === 'bigint' ? Number(v) : v])));
    } finally {
      for (const r of results) r.close();
    }
  };
  return {
    kind: 'kuzu',
    read(cypher, params) {
      const run = tail.then(() => query(cypher, params));
      tail = run.catch(() => undefined);
      return run;
    },
    async close() {
      await tail;
      await conn.close();
      await db.close();
    },
  };
}

/** A Store whose writes throw. */
function readsOnly(reader: Reader): Store {
  const refuse = () => Promise.reject(new Error(WRITES_NOTHING));
  return {
    kind: reader.kind,
    stableScanOrder: false,
    read: (cypher, params, options) => reader.read(cypher, params, options),
    close: () => reader.close(),
    ensureSchema: refuse,
    lookup: () => Promise.reject(new Error('a dry run reads no records by key')),
    write: refuse,
    bulkLoad: refuse,
    health: () => ({ ready: true, queuedWrites: 0, writeQueueLimit: 0 }),
  };
}
