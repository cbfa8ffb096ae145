export * from './records';
export * from './repository';
export * from './storeSchema';
export { startMember, type MemberOptions, type RunningMember } from './server';
export * from './protocol';
