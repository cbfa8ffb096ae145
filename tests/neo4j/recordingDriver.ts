/**
 * A stand-in for neo4j-driver's Driver that records every statement the Neo4j
 * adapter sends instead of sending it: just the calls the adapter makes
 * (session → executeRead/executeWrite → tx.run, close, verifyConnectivity).
 * Each statement answers one plausible record (a value per RETURN column, driver
 * integers where the repositories read numbers), so code paths that read a row go on.
 */
import neo4j, { type Driver } from 'neo4j-driver';
import { Neo4jStore } from '@enlace/store';

export interface SentStatement {
  cypher: string;
  params: Record<string, unknown>;
  /** What the test was calling when it was sent (`<module> <function>`). */
  method: string;
}

/** Columns the repositories read as numbers (`Number(r.seq)`…). */
const NUMBER_COLUMNS = new Set(['seq', 'n', 'value', 'count', 'informationAccuracy', 'flaggedForPartners']);
/** Every other column answers text that each decoder accepts: an encoded list, JSON, a plain string. */
const TEXT = '[]';

/** The aliases of a statement's last RETURN (`… AS name`), in order. */
export function returnColumns(cypher: string): string[] {
  const at = cypher.search(/\bRETURN\b(?![\s\S]*\bRETURN\b)/);
  if (at < 0) return [];
  return [...cypher.slice(at).matchAll(/\bAS\s+(\w+)/g)].map((m) => m[1]);
}

function plausibleRecord(cypher: string) {
  const keys = returnColumns(cypher);
  const values = keys.map((k) => (NUMBER_COLUMNS.has(k) ? neo4j.int(1) : TEXT));
  return new neo4j.types.Record(keys, values);
}

export class RecordingDriver {
  readonly sent: SentStatement[] = [];
  /** Set by the caller before each call, so every statement names where it came from. */
  method = '(unnamed)';

  session() {
    const run = async (cypher: string, params: Record<string, unknown> = {}) => {
      this.sent.push({ cypher, params: neo4jParamsToPlain(params), method: this.method });
      return { records: returnColumns(cypher).length ? [plausibleRecord(cypher)] : [] };
    };
    const tx = { run };
    return {
      executeRead: <T>(work: (t: typeof tx) => Promise<T>) => work(tx),
      executeWrite: <T>(work: (t: typeof tx) => Promise<T>) => work(tx),
      close: async () => undefined,
    };
  }

  async verifyConnectivity(): Promise<void> {}
  async close(): Promise<void> {}
}

/** Parameter values as the linter's schema declares them (driver integers back to numbers). */
function neo4jParamsToPlain(params: Record<string, unknown>): Record<string, unknown> {
  return JSON.parse(JSON.stringify(params, (_k, v) => (neo4j.isInt(v) ? neo4j.integer.toNumber(v) : v)));
}

/** A Neo4j adapter whose statements go to `driver` and no further. */
export function recordingStore(driver: RecordingDriver): Neo4jStore {
  return new Neo4jStore({ uri: 'bolt://recording.invalid:7687', user: 'neo4j', password: 'unused' }, driver as unknown as Driver);
}
