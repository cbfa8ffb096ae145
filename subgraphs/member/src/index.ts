export * from './records';
export * from './repository';
export * from './storeSchema';
export { PERSON_SEARCH_INDEX } from './search';
export { startMember, type MemberOptions, type RunningMember } from './server';
export * from './protocol';
export { openMemberAudit, secretariatHeadSender, type MemberAuditOptions } from './audit';
export { MemberData, searchedFields } from './data';
export { secretariatClient, SecretariatUnreachable, type SecretariatClient } from './secretariatClient';
