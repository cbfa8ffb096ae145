/** A caller's rules as a condition of the store query for lists: compiled by the protocol engine (@enlace/protocol, member/cypher.ts). */
export { adultBornBy, RECORD_VARIABLE, visibilityCondition } from '@enlace/protocol';
export type { Visibility } from '@enlace/store';
