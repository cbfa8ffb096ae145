/** The audit log every member and the secretariat keep (DESIGN.md, "Accountability"). */
export * from './chain';
export * from './chainLog';
export * from './health';
export * from './entry';
export * from './requestAudit';
export * from './plugin';
export * from './reader';
export * from './heads';
export * from './headBeat';
export * from './settings';
