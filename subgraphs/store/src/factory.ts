/**
 * Picks the store adapter from configuration, so that processes choose Kùzu
 * (embedded, the default) or Neo4j (a server) with environment variables alone.
 */
import { KuzuStore } from './kuzu';
import { Neo4jStore } from './neo4j';
import type { Store } from './port';

export type StoreConfig =
  | { kind: 'kuzu'; path: string; bufferPoolBytes?: number }
  | { kind: 'neo4j'; uri: string; user: string; password: string; database?: string; maxPoolSize?: number };

/** Opens the configured store; for Neo4j, fails with a one-line error when the server can't be reached. */
export async function createStore(config: StoreConfig): Promise<Store> {
  switch (config.kind) {
    case 'kuzu':
      return new KuzuStore({ path: config.path, bufferPoolBytes: config.bufferPoolBytes });
    case 'neo4j':
      return Neo4jStore.open({
        uri: config.uri,
        user: config.user,
        password: config.password,
        database: config.database,
        maxPoolSize: config.maxPoolSize,
      });
    default: {
      const kind: unknown = (config as { kind: unknown }).kind;
      throw new Error(`Unknown store kind ${JSON.stringify(kind)}`);
    }
  }
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
 * - kuzu: KUZU_PATH (default `defaults.path`), KUZU_BUFFER_POOL_MB.
 * - neo4j: NEO4J_URI and NEO4J_PASSWORD (required), NEO4J_USER (default `neo4j`),
 *   NEO4J_DATABASE (default: the server's home database), NEO4J_MAX_POOL_SIZE.
 * Throws a one-line error naming the variable that is missing or wrong.
 */
export function storeConfigFromEnv(
  env: Record<string, string | undefined>,
  defaults: { path: string },
): StoreConfig {
  const kind = (env.STORE?.trim() || 'kuzu').toLowerCase();
  if (kind === 'kuzu') {
    const mb = positiveInteger(env, 'KUZU_BUFFER_POOL_MB');
    return {
      kind: 'kuzu',
      path: env.KUZU_PATH?.trim() || defaults.path,
      ...(mb !== undefined ? { bufferPoolBytes: mb * 1024 * 1024 } : {}),
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
    };
  }
  throw new Error(`STORE must be "kuzu" or "neo4j", got "${env.STORE}"`);
}
