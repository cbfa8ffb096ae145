/**
 * Readiness: whether a process can serve now (GET /ready: 200, or 503), unlike
 * /health, which only says it is alive. A member or the secretariat is ready when
 * its store answers a trivial read and its audit log can account for requests
 * (audit/health.ts); the gateway when at least one member is ready.
 */
import { describeError } from './describeError';

export interface Readiness extends Record<string, unknown> {
  ready: boolean;
}

/** Ready when every part is; each part's own fields (what it says about itself) kept. */
export function allReady(...parts: Readiness[]): Readiness {
  return Object.assign({}, ...parts, { ready: parts.every((p) => p.ready) }) as Readiness;
}

/** What readiness needs of a store (any of @enlace/store's, by its shape: common does not load the adapters). */
export interface ProbedStore {
  read(cypher: string): Promise<unknown>;
  health(): { ready: boolean; reason?: string; queuedWrites: number; writeQueueLimit: number };
}

/**
 * The store has met no fault it cannot serve through (a read that touches no data would still
 * answer after Kùzu's buffer pool filled up) and answers a read; with its write queue, so an
 * operator sees a store that is busy rather than broken.
 */
export async function storeReadiness(store: ProbedStore): Promise<Readiness> {
  const health = store.health();
  const writes = { queued: health.queuedWrites, limit: health.writeQueueLimit };
  if (!health.ready) return { ready: false, store: health.reason ?? 'not ready', writes };
  try {
    await store.read('RETURN 1 AS ok');
    return { ready: true, store: 'ok', writes };
  } catch (err) {
    return { ready: false, store: describeError(err), writes };
  }
}

export interface MemberReachability {
  country: string;
  reachable: boolean;
  /** Time to its answer (or to giving up). */
  latencyMs: number;
}

/** A member's /ready beside its GraphQL URL (`…/graphql` → `…/ready`). */
export const readyUrlOf = (graphqlUrl: string) => new URL('ready', graphqlUrl).toString();

/** Asks every member's /ready in parallel, each within `timeoutMs`. */
export async function probeMembers(directory: ReadonlyMap<string, string>, timeoutMs: number): Promise<MemberReachability[]> {
  return Promise.all(
    [...directory].map(async ([country, url]) => {
      const started = performance.now();
      let reachable = false;
      try {
        const res = await fetch(readyUrlOf(url), { signal: AbortSignal.timeout(timeoutMs) });
        reachable = res.ok;
        await res.body?.cancel();
      } catch {
        /* down, refused or too slow: not reachable */
      }
      return { country, reachable, latencyMs: Math.round(performance.now() - started) };
    }),
  );
}

/** The gateway is ready when at least one member is. */
export async function gatewayReadiness(directory: ReadonlyMap<string, string>, timeoutMs: number): Promise<Readiness> {
  const members = await probeMembers(directory, timeoutMs);
  return { ready: members.some((m) => m.reachable), supergraph: 'loaded', members };
}
