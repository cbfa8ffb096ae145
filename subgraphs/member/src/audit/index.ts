export { auditQueries } from './queries';
export { secretariatHeadSender } from './heads';
export { NO_MEMBER_AUDIT, openMemberAudit, type MemberAudit, type MemberAuditOptions } from './open';
