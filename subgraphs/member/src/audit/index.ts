export { auditQueries } from './queries';
export { secretariatHeadSender } from './heads';
export { openMemberAudit, type MemberAudit, type MemberAuditOptions } from './open';
