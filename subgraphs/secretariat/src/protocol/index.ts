/**
 * The sharing protocol, enforced by the secretariat on its own records (schema/protocol/v1.json,
 * "secretariat"): the protocol engine's secretariat side (@enlace/protocol), as the secretariat's code uses it.
 */
export {
  forbidden, loadSecretariatProtocol, ProtocolError, PROTOCOL_VERSION, protocolPath, purposeRequired, readSecretariatProtocol, schemaCoordinates, SecretariatAuthz,
  SECRETARIAT_CALLER_VALUES as CALLERS, SECRETARIAT_SUBJECTS as SUBJECTS, secretariatCoverage as coverage, secretariatFactsOf as factsOf,
  type CooperationScope, type PartyScope, type SecretariatCallerCondition as CallerCondition, type SecretariatClause as Clause, type SecretariatFacts as RecordFacts,
  type SecretariatProtocol, type SecretariatRule as Rule, type SecretariatSubject as Subject,
} from '@enlace/protocol';
export { guardSecretariatFields } from './fieldGuard';
