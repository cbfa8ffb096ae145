/**
 * The audit settings of a process: AUDIT_PATH (the log file, default
 * `<data dir>/audit.log`, beside the store), AUDIT_SYNC (`false`: a batch is
 * not made durable before its answers go), AUDIT_HEAD_INTERVAL_MS (how often the chain head
 * goes to the secretariat when it moved, default 5000, at most 60000: a cut tail
 * is only caught once anchored), and for the secretariat
 * AUDIT_HEADS_PATH (the register of heads, default `<data dir>/audit-heads.jsonl`).
 */
import { join } from 'node:path';
import { DEFAULT_HEAD_INTERVAL_MS } from './headBeat';

export interface AuditSettings {
  path: string;
  sync: boolean;
  headIntervalMs: number;
  headsPath: string;
}

/** Where a log and the heads register are kept in a data folder when no setting says otherwise. */
export const AUDIT_LOG_FILE = 'audit.log';
export const AUDIT_HEADS_FILE = 'audit-heads.jsonl';

export function auditSettingsFromEnv(env: NodeJS.ProcessEnv, dataDir: string): AuditSettings {
  const sync = (env.AUDIT_SYNC?.trim() || 'true').toLowerCase();
  if (sync !== 'true' && sync !== 'false') throw new Error(`AUDIT_SYNC must be true or false, got "${env.AUDIT_SYNC}"`);
  const rawInterval = env.AUDIT_HEAD_INTERVAL_MS?.trim() || String(DEFAULT_HEAD_INTERVAL_MS);
  const headIntervalMs = Number(rawInterval);
  if (!Number.isInteger(headIntervalMs) || headIntervalMs < 1000 || headIntervalMs > 60_000) {
    throw new Error(`AUDIT_HEAD_INTERVAL_MS must be a whole number of milliseconds from 1000 to 60000, got "${rawInterval}"`);
  }
  return {
    path: env.AUDIT_PATH?.trim() || join(dataDir, AUDIT_LOG_FILE),
    sync: sync === 'true',
    headIntervalMs,
    headsPath: env.AUDIT_HEADS_PATH?.trim() || join(dataDir, AUDIT_HEADS_FILE),
  };
}
