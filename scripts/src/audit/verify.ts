/**
 * `npm run audit -- verify`: recomputes a member's (or the secretariat's) audit
 * chain from its first entry and checks it against the chain heads the
 * secretariat holds. Same data-dir convention as `npm start`:
 * `<data>/<cc>/audit.log`, `<data>/secretariat/audit.log` (XS) and
 * `<data>/secretariat/audit-heads.jsonl`.
 */
import { join } from 'node:path';
import { AUDIT_HEADS_FILE, AUDIT_LOG_FILE, SECRETARIAT_COUNTRY, verifyAuditLog } from '@enlace/platform';

export function auditPaths(country: string, dataDir: string): { logPath: string; headsPath: string } {
  const dir = country === SECRETARIAT_COUNTRY ? 'secretariat' : country.toLowerCase();
  return { logPath: join(dataDir, dir, AUDIT_LOG_FILE), headsPath: join(dataDir, 'secretariat', AUDIT_HEADS_FILE) };
}

/** Verifies and says what it checked; `ok` false names the first entry that is wrong. */
export async function verifyCommand(options: { country: string; logPath: string; headsPath: string }): Promise<{ ok: boolean; lines: string[] }> {
  const result = await verifyAuditLog(options);
  const lines = [`audit log of ${options.country}:`, ...result.report.map((l) => `  ${l}`)];
  lines.push(result.ok ? `OK: ${options.country}'s audit log is intact and matches the heads the secretariat holds` : `FAILED: ${result.problem}`);
  return { ok: result.ok, lines };
}
