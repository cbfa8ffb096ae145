/** The sharing protocol, enforced by a member on its own data (schema/protocol/, PROTOCOL.md). */
import './nodeCompat';
export * from './model';
export { memberProtocolFromEnv, readTightening, type MemberProtocolSettings } from './config';
export { documentHitsResolver, defaultContactPoint, type DocumentHit } from './hits';
export { secretariatJits, JIT_ID, type JitInfo, type JitSource } from './jit';
export { RequestAuthz, attachAuthz, authzOf, UNENFORCED, forbidden, purposeRequired } from './request';
export { protocolShield, DEFAULT_DENY_RULE } from './shield';
export { firstKnown, knownEntity, knownInvolvements, knownOne, knownRecords, searchedFields, MAX_SCAN } from './visibility';
