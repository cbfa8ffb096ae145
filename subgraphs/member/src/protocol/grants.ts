/**
 * The cooperation grants a foreign caller holds from this member (the owner):
 * asked of the secretariat, which keeps the requests and decisions, with the
 * member's service identity naming the caller. Only the answer "no grants" is
 * kept, for a short time per caller (MEMBER_GRANT_CACHE_SECONDS, default 5 s; 0
 * asks on every request): most foreign callers hold none, so they cost no round
 * trip, and a new grant takes effect within that time. A caller who holds grants
 * is asked about on every request, so a revocation takes effect at once
 * (DESIGN.md: "revocation is immediate"). When the secretariat cannot answer,
 * the caller holds no grant for this request (fail closed), and the failure is
 * not kept: the next request asks again.
 */
import { callerKey, type RequestIdentity } from '@enlace/platform';
import { SecretariatUnreachable, type SecretariatClient } from '../secretariatClient';

export interface GrantInfo {
  id: string;
  requestId: string;
  /** The granted records (ids of this member's records). */
  records: ReadonlySet<string>;
  /** The granted protocol rules, by name. */
  scope: ReadonlySet<string>;
  /** The request's purpose and case reference: the grant holds only for requests stating the same. */
  purpose: string;
  caseRef: string;
  legalBasis: string;
  /** The last day the grant holds (ISO date, UTC). */
  expiresOn: string;
}

export interface GrantSource {
  /** The grants the caller of this request holds from this member, not yet expired nor revoked (none when they cannot be read). */
  get(identity: RequestIdentity): Promise<GrantInfo[]>;
}

export const DEFAULT_GRANT_CACHE_SECONDS = 5;
/** The most callers whose grants are kept at once (the oldest is dropped first). */
const MAX_CACHED_CALLERS = 10_000;

const QUERY = 'query EnlaceGrants { cooperationGrants { id requestId records scope purpose caseRef legalBasis expiresOn } }';

export function secretariatGrants(
  secretariat: SecretariatClient,
  options: { cacheSeconds?: number; log?: (m: string) => void; now?: () => number } = {},
): GrantSource {
  const log = options.log ?? ((m: string) => console.error(m));
  const now = options.now ?? Date.now;
  const ttlMs = (options.cacheSeconds ?? DEFAULT_GRANT_CACHE_SECONDS) * 1000;
  const cache = new Map<string, { at: number; grants: Promise<GrantInfo[] | null> }>();

  const fetchGrants = async (identity: RequestIdentity): Promise<GrantInfo[] | null> => {
    try {
      const body = await secretariat.ask<{ cooperationGrants?: Array<Record<string, unknown>> | null }>(identity, QUERY, {});
      const list = body.data?.cooperationGrants;
      if (!list) {
        log(`grants: the secretariat answered ${body.errors?.[0]?.message ?? 'nothing'}; no grant holds for this request`);
        return null;
      }
      return list.map((g) => ({
        id: String(g.id),
        requestId: String(g.requestId),
        records: new Set((g.records as string[]) ?? []),
        scope: new Set((g.scope as string[]) ?? []),
        purpose: String(g.purpose ?? ''),
        caseRef: String(g.caseRef ?? ''),
        legalBasis: String(g.legalBasis ?? ''),
        expiresOn: String(g.expiresOn ?? ''),
      }));
    } catch (err) {
      if (!(err instanceof SecretariatUnreachable)) throw err;
      log(`grants: ${err.message}; no grant holds for this request`);
      return null;
    }
  };

  return {
    async get(identity) {
      const key = callerKey(identity.caller);
      const t = now();
      let entry = cache.get(key);
      if (!entry || t - entry.at >= ttlMs) {
        cache.delete(key);
        entry = { at: t, grants: fetchGrants(identity) };
        if (ttlMs > 0) {
          cache.set(key, entry);
          if (cache.size > MAX_CACHED_CALLERS) cache.delete(cache.keys().next().value!);
        }
      }
      const grants = await entry.grants;
      // Kept: "none". Not kept: a failure (asked again), and grants (a revocation must show at once).
      if ((grants === null || grants.length > 0) && cache.get(key) === entry) cache.delete(key);
      return grants ?? [];
    },
  };
}

/**
 * The grants that hold for this request: for its stated purpose and case
 * reference, through today. (The secretariat answers only active ones; the
 * dates are checked again here, since a cached answer may outlive a day.)
 */
export function holdingGrants(grants: readonly GrantInfo[], identity: Pick<RequestIdentity, 'purpose' | 'caseRef'>, day: string): GrantInfo[] {
  const purpose = identity.purpose?.trim();
  const caseRef = identity.caseRef?.trim();
  return grants.filter((g) => g.purpose.trim() === purpose && g.caseRef.trim() === caseRef && day <= g.expiresOn && g.records.size > 0 && g.scope.size > 0);
}
