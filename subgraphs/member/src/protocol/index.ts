/**
 * The sharing protocol, enforced by a member on its own data (schema/protocol/, PROTOCOL.md):
 * the protocol engine (@enlace/protocol) and the member's own sources (the secretariat's JITs
 * and grants, hit/no-hit), as the member's code uses them.
 */
export * from './model';
export { memberProtocolFromEnv, readTightening, testProtocolFromEnv, type MemberProtocolSettings, type TestProtocol } from './config';
export { accountHitsResolver, documentHitsResolver, nameHitsResolver, defaultContactPoint, type DocumentHit, type HitOptions } from './hits';
export { HitReferences, isRetiredReference, REFERENCE_PREFIX, type SealedHit } from './hitReference';
export { HitBudget, DEFAULT_HIT_BUDGET, replayHitBudget } from './hitBudget';
export { secretariatJits, JIT_ID, type JitInfo, type JitSource } from './jit';
export { secretariatGrants, holdingGrants, DEFAULT_GRANT_CACHE_SECONDS, type GrantInfo, type GrantSource } from './grants';
export { RequestAuthz, requestAuthz, holdingJit, authzOf, forbidden, purposeRequired, type AuthzRequest, type RecordFacts } from './request';
export { visibilityCondition, adultBornBy, type Visibility } from './where';
export { guardMemberFields, DEFAULT_DENY_RULE } from './fieldGuard';
