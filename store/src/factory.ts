/**
 * Picks the store adapter from configuration, so that processes choose Kùzu
 * (embedded, the default) or Neo4j (a server) with environment variables alone.
 */
import { KuzuStore } from './kuzu';
import { Neo4jStore } from './neo4j';
import type { Store } from './port';

export type StoreConfig =
  | ({ kind: 'kuzu'; path: string; bufferPoolBytes?: number; checkpointBytes?: number; checkpointWrites?: number } & WritePath)
  | ({ kind: 'neo4j'; uri: string; user: string; password: string; database?: string; maxPoolSize?: number } & WritePath);

/** The one write path's bounds (writeQueue.ts). */
interface WritePath { writeQueue?: number; writeWaitMs?: number }

/** Opens the configured store; for Neo4j, fails with a one-line error when the server can't be reached. */
export async function createStore(config: StoreConfig, options: { log?: (message: string) => void } = {}): Promise<Store> {
  switch (config.kind) {
    case 'kuzu':
      return openKuzu(config, options.log);
    case 'neo4j':
      return Neo4jStore.open({
        uri: config.uri,
        user: config.user,
        password: config.password,
        database: config.database,
        maxPoolSize: config.maxPoolSize,
        writeQueue: config.writeQueue,
        writeWaitMs: config.writeWaitMs,
      });
    default: {
      const kind: unknown = (config as { kind: unknown }).kind;
      throw new Error(`Unknown store kind ${JSON.stringify(kind)}`);
    }
  }
}

/** Opens a Kùzu store, or fails with one line saying what to do (another process holds it, a damaged file, too small a buffer pool). */
function openKuzu(config: Extract<StoreConfig, { kind: 'kuzu' }>, log?: (message: string) => void): KuzuStore {
  try {
    const { kind: _kind, ...options } = config;
    return new KuzuStore({ ...options, log });
  } catch (err) {
    throw new Error(kuzuOpenAdvice(config.path, (err as Error)?.message ?? String(err)));
  }
}

/** What an operator should do about a store that would not open. */
export function kuzuOpenAdvice(path: string, message: string): string {
  const first = message.split('\n')[0];
  if (/lock/i.test(first)) return `cannot open the store ${path}: another process holds it (${first}). Stop that process (a running member, secretariat or import) and try again.`;
  if (/buffer/i.test(first)) return `cannot open the store ${path}: ${first}. Give it a larger buffer pool (KUZU_BUFFER_POOL_MB, e.g. 2048), then check it with \`npm run store -- check\`.`;
  return `cannot open the store ${path}: ${first}. Check it with \`npm run store -- check\`; if it stays unreadable, move it aside and restore the latest backup.`;
}

function positiveInteger(env: Record<string, string | undefined>, name: string): number | undefined {
  const raw = env[name]?.trim();
  if (!raw) return undefined;
  if (!/^[1-9][0-9]*$/.test(raw)) throw new Error(`${name} must be a positive whole number, got "${raw}"`);
  return Number(raw);
}

/**
 * Reads the store configuration from the environment:
 * - STORE: `kuzu` (default) or `neo4j`.
 * - kuzu: KUZU_PATH (default `defaults.path`), KUZU_BUFFER_POOL_MB (default 512), and when the adapter checkpoints:
 *   KUZU_CHECKPOINT_MB of write-ahead log (default 16) or KUZU_CHECKPOINT_WRITES write transactions (default 200).
 * - both: STORE_WRITE_QUEUE, the writes that may wait before one is refused as busy (default 64), and
 *   STORE_WRITE_WAIT_MS, the longest a write waits for its turn before it is (default 1000).
 * - neo4j: NEO4J_URI and NEO4J_PASSWORD (required), NEO4J_USER (default `neo4j`),
 *   NEO4J_DATABASE (default: the server's home database), NEO4J_MAX_POOL_SIZE.
 * Throws a one-line error naming the variable that is missing or wrong.
 */
export function storeConfigFromEnv(
  env: Record<string, string | undefined>,
  defaults: { path: string },
): StoreConfig {
  const kind = (env.STORE?.trim() || 'kuzu').toLowerCase();
  const writeQueue = positiveInteger(env, 'STORE_WRITE_QUEUE');
  const writeWaitMs = positiveInteger(env, 'STORE_WRITE_WAIT_MS');
  const queue = { ...(writeQueue !== undefined ? { writeQueue } : {}), ...(writeWaitMs !== undefined ? { writeWaitMs } : {}) };
  if (kind === 'kuzu') {
    const mb = positiveInteger(env, 'KUZU_BUFFER_POOL_MB');
    const checkpointMb = positiveInteger(env, 'KUZU_CHECKPOINT_MB');
    const checkpointWrites = positiveInteger(env, 'KUZU_CHECKPOINT_WRITES');
    return {
      kind: 'kuzu',
      path: env.KUZU_PATH?.trim() || defaults.path,
      ...(mb !== undefined ? { bufferPoolBytes: mb * 1024 * 1024 } : {}),
      ...(checkpointMb !== undefined ? { checkpointBytes: checkpointMb * 1024 * 1024 } : {}),
      ...(checkpointWrites !== undefined ? { checkpointWrites } : {}),
      ...queue,
    };
  }
  if (kind === 'neo4j') {
    const uri = env.NEO4J_URI?.trim();
    if (!uri) throw new Error('STORE=neo4j needs NEO4J_URI (e.g. bolt://localhost:7687)');
    const password = env.NEO4J_PASSWORD;
    if (!password) throw new Error('STORE=neo4j needs NEO4J_PASSWORD');
    const database = env.NEO4J_DATABASE?.trim();
    const maxPoolSize = positiveInteger(env, 'NEO4J_MAX_POOL_SIZE');
    return {
      kind: 'neo4j',
      uri,
      user: env.NEO4J_USER?.trim() || 'neo4j',
      password,
      ...(database ? { database } : {}),
      ...(maxPoolSize !== undefined ? { maxPoolSize } : {}),
      ...queue,
    };
  }
  throw new Error(`STORE must be "kuzu" or "neo4j", got "${env.STORE}"`);
}
