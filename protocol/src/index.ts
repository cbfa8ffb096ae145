/**
 * The sharing protocol engine (schema/protocol/, PROTOCOL.md), for the members
 * and the secretariat alike; docs/PROTOCOL-ENGINE.md says where each rule is
 * decided and how a request flows through it.
 * - document.ts: the one reader of v<N>.json, checked against its JSON Schema;
 * - member/model.ts, secretariat/model.ts: each side's section, read and checked;
 * - conditions.ts: the table of conditions (caller test, record test, Cypher);
 * - member/authz.ts, secretariat/authz.ts: one request's decisions, walking the table;
 * - member/cypher.ts: a caller's rules as a store condition for lists;
 * - guard.ts: the one field guard; errors.ts: the protocol's denials.
 * The secretariat's names that would clash with the member's carry its name.
 */
export * from './schemaFields';
export * from './errors';
export * from './document';
export * from './conditions';
export * from './guard';
export * from './member/model';
export * from './member/authz';
export * from './member/cypher';
export {
  CALLERS as SECRETARIAT_CALLER_VALUES, SUBJECTS as SECRETARIAT_SUBJECTS, coverage as secretariatCoverage, loadSecretariatProtocol, readSecretariatProtocol, schemaCoordinates,
  type CallerCondition as SecretariatCallerCondition, type Clause as SecretariatClause, type Rule as SecretariatRule, type SecretariatProtocol, type Subject as SecretariatSubject,
} from './secretariat/model';
export { factsOf as secretariatFactsOf, SecretariatAuthz, type CooperationScope, type PartyScope } from './secretariat/authz';
