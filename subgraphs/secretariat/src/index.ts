export { startSecretariat, type SecretariatOptions, type RunningSecretariat } from './server';
export { seedSecretariat, type SecretariatSeedData } from './seed';
export { isEmpty as secretariatIsEmpty } from './repository';
export { secretariatStoreSchema, SECRETARIAT_CODE } from './storeSchema';
export type { JitRecord, PersonLinkRecord, JitStatus, LinkStatus, JitAgreementRecord } from './repository';
export { loadSecretariatProtocol, readSecretariatProtocol, coverage as secretariatProtocolCoverage, SecretariatAuthz, type SecretariatProtocol } from './protocol';
export { parseDeadlines, deadlineFrom, DEFAULT_DEADLINES, type DeadlinePeriods } from './cooperation/deadlines';
export { stateAt, grantHolds, subjectRecordShown, type CooperationRecord, type CooperationState } from './cooperation/record';
export { median } from './cooperation/reads';
