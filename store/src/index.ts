/**
 * The one port between a subgraph and its graph store, its value encodings, and the
 * adapters behind it. A package of its own so that what does not store anything (the
 * gateway, @enlace/platform) never loads Kùzu's native module or neo4j-driver.
 */
export * from './port';
export * from './codec';
export * from './sequences';
export * from './errors';
export { WriteQueue, DEFAULT_WRITE_QUEUE, DEFAULT_WRITE_WAIT_MS } from './writeQueue';
export { KuzuStore, DEFAULT_BUFFER_POOL_BYTES, type KuzuOptions } from './kuzu';
export { Neo4jStore, type Neo4jOptions, toPlain, toParams } from './neo4j';
export { createStore, kuzuOpenAdvice, storeConfigFromEnv, type StoreConfig } from './factory';
