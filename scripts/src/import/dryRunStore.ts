/**
 * The store a dry run plans against, opened so that it writes nothing anywhere:
 * - no Kùzu store yet: nothing stored (every record would be created), and no file or folder
 *   made — opening a Kùzu store creates it, empty, and `npm start` would then seed it;
 * - a Kùzu store: the adapter's read-only mode (KuzuStore `readOnly`: Kùzu replays the write-ahead
 *   log in memory, never into the file, and never checkpoints; a store a crash left mid-checkpoint
 *   is refused, as only a read-write open recovers it);
 * - Neo4j: the server, through its adapter.
 * A dry run only reads (the member's Importer): every write through these throws, so one that tried fails loudly.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { createStore, DEFAULT_BUFFER_POOL_BYTES, KuzuStore, kuzuOpenAdvice, type Store, type StoreConfig } from '@enlace/store';
import { MappingError } from './mapping';

const WRITES_NOTHING = 'a dry run writes nothing';

/** The store `config` names, for reading only; nothing stored when a Kùzu store does not exist. */
export async function openForDryRun(config: StoreConfig): Promise<Store> {
  if (config.kind !== 'kuzu') return readsOnly(await createStore(config));
  if (!existsSync(config.path)) return readsOnly(nothingStored());
  try {
    return readsOnly(new KuzuStore({ path: config.path, bufferPoolBytes: config.bufferPoolBytes ?? DEFAULT_BUFFER_POOL_BYTES, readConnections: 1, readOnly: true }));
  } catch (err) {
    // A store a running member holds, or one to recover first, fails here.
    throw new MappingError(kuzuOpenAdvice(resolve(config.path), (err as Error).message));
  }
}

/** Only reads: what a dry run asks. */
type Reader = Pick<Store, 'kind' | 'read' | 'close'>;

function nothingStored(): Reader {
  return { kind: 'none', read: async () => [], close: async () => undefined };
}

/** A Store whose writes throw; a table an older store lacks (its member has not run this version yet) holds nothing. */
function readsOnly(reader: Reader): Store {
  const refuse = () => Promise.reject(new Error(WRITES_NOTHING));
  return {
    kind: reader.kind,
    stableScanOrder: false,
    committedWrites: null,
    read: (cypher, params, options) => reader.read(cypher, params, options).catch((err: Error) => {
      if (/Table \w+ does not exist/.test(err.message)) return [];
      throw err;
    }),
    close: () => reader.close(),
    ensureSchema: refuse,
    lookup: () => Promise.reject(new Error('a dry run reads no records by key')),
    write: refuse,
    bulkLoad: refuse,
    health: () => ({ ready: true, queuedWrites: 0, writeQueueLimit: 0 }),
  };
}
