/**
 * The protocol for one request (ctx.authz): the engine's RequestAuthz
 * (@enlace/protocol, member/authz.ts), given what the secretariat says of the
 * caller's JIT and grants before the request runs.
 */
import { today, type RequestIdentity } from '@enlace/platform';
import { holdingJit, RequestAuthz, type EffectiveProtocol, type Subject } from '@enlace/protocol';
import type { CaseRecord, StoredPerson } from '../records';
import { holdingGrants, type GrantSource } from './grants';
import { JIT_ID, type JitSource } from './jit';

export {
  forbidden, holdingJit, purposeRequired, RequestAuthz, type AuthzRequest, type RecordFacts,
} from '@enlace/protocol';
export { locationOf, type ErrorLocation } from '@enlace/platform';

/** A member's record of a subject, as its data layer reads it. */
export type RecordOf<S extends Subject> = S extends 'Person' ? StoredPerson : CaseRecord;

/**
 * The protocol for a request to `memberCountry`: for a foreign caller stating a
 * purpose, the secretariat is asked first (once, both questions at once) about
 * the JIT the case reference names and the grants the caller holds, so that
 * every decision afterwards is made without waiting.
 */
export async function requestAuthz(
  protocol: EffectiveProtocol,
  memberCountry: string,
  identity: RequestIdentity,
  sources: { jits?: JitSource | null; grants?: GrantSource | null },
): Promise<RequestAuthz> {
  const { caller, purpose, caseRef } = identity;
  const own = caller.country === memberCountry;
  const hasPurpose = !!purpose && !!caseRef;
  const namesJit = !own && hasPurpose && !!sources.jits && JIT_ID.test(caseRef!);
  const mayHoldGrants = !own && hasPurpose && !!sources.grants && protocol.grantable.size > 0;
  // Both questions to the secretariat at once.
  const [jit, grants] = await Promise.all([
    namesJit ? sources.jits!.get(caseRef!, identity) : null,
    mayHoldGrants ? sources.grants!.get(identity) : [],
  ]);
  return new RequestAuthz(protocol, {
    caller, hasPurpose,
    jit: holdingJit(jit, caller.country, memberCountry),
    grants: holdingGrants(grants, identity, today()),
  });
}

/**
 * The request's protocol; null only for a member explicitly started without it
 * (benchmarks). A context without either fails closed.
 */
export function authzOf(ctx: { authz?: RequestAuthz | null }): RequestAuthz | undefined {
  if (ctx.authz === undefined) throw new Error('No sharing protocol attached to this request');
  return ctx.authz ?? undefined;
}
