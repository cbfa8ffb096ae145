/**
 * How a member learns that a caller belongs to a joint investigation team (JIT)
 * holding one of its cases: it asks the secretariat, which keeps the network's
 * register of JITs, for the one JIT the request names as its case reference.
 * It asks on its own account, with its service identity naming the caller the
 * question concerns; the caller's token is never relayed. At most one small request per member request,
 * only when a foreign caller names a JIT, made once and shared by every rule of
 * the request. When the secretariat cannot answer, no JIT clause holds (the
 * member fails closed and says so in its log).
 */
import type { RequestIdentity } from '@enlace/platform';
import type { SecretariatClient } from '../secretariatClient';

export interface JitInfo {
  id: string;
  /** PROPOSED, ACTIVE or ENDED (a secretariat that does not say is read as ACTIVE within its dates). */
  status?: string;
  memberCountries: string[];
  caseIds: ReadonlySet<string>;
  startsOn: string;
  endsOn: string | null;
}

export interface JitSource {
  /** The JIT with this id, or null when there is none (or it cannot be read now). */
  get(id: string, identity: RequestIdentity): Promise<JitInfo | null>;
}

/** A JIT id, as the secretariat issues them (XS:J:12). */
export const JIT_ID = /^XS:J:[0-9a-z]{1,16}$/;

const QUERY = 'query EnlaceJit($id: ID!) { jointInvestigationTeam(id: $id) { id status memberCountries startsOn endsOn cases { id } } }';

export function secretariatJits(secretariat: SecretariatClient, options: { log?: (m: string) => void } = {}): JitSource {
  const log = options.log ?? ((m: string) => console.error(m));
  return {
    async get(id, identity) {
      try {
        const body = await secretariat.ask<{ jointInvestigationTeam?: Record<string, unknown> | null }>(identity, QUERY, { id });
        const jit = body.data?.jointInvestigationTeam;
        if (!jit) {
          if (body.errors?.length) log(`JIT ${id}: the secretariat answered ${body.errors[0]?.message ?? 'an error'}; no JIT clause holds for this request`);
          return null;
        }
        // Only a team every member country has agreed to, and not ended, holds (its dates are checked by the caller).
        if (jit.status !== 'ACTIVE') return null;
        return {
          id: String(jit.id),
          memberCountries: (jit.memberCountries as string[]) ?? [],
          caseIds: new Set(((jit.cases as Array<{ id: string }>) ?? []).map((c) => String(c.id))),
          startsOn: String(jit.startsOn),
          endsOn: jit.endsOn ? String(jit.endsOn) : null,
        };
      } catch (err) {
        log(`JIT ${id}: ${(err as Error).message}; no JIT clause holds for this request`);
        return null;
      }
    },
  };
}
