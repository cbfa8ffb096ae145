/** The sharing protocol as data, read by the protocol engine (@enlace/protocol, member/model.ts): what the member's code uses of it. */
export {
  CALLERS, CARRIED_CONDITIONS, CATEGORIES, clauseWithin, compileProtocol, coverage, HANDLING_CODES, hasRecordConditions, isRecordCaller, LEGAL_BASES, loadProtocol,
  looseningOf, PROTOCOL_VERSION, ProtocolError, protocolPath, readClause, readProtocol, schemaFields, SUBJECTS,
  type CallerCondition, type CarriedConditions, type Clause, type EffectiveProtocol, type EffectiveRule, type ProtocolDocument, type ProtocolTightening,
  type RecordCondition, type RuleDefinition, type Subject,
} from '@enlace/protocol';
