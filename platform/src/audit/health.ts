/**
 * Fail-closed (DESIGN.md, "Accountability"): while a process's audit log
 * cannot account for requests, because it cannot be written or because it is
 * behind the head the secretariat holds, the process refuses every request
 * (AUDIT_UNAVAILABLE) and its /ready says why. One place for that state, the
 * refusal clients get and the readiness operators see.
 */
import type { GraphQLFormattedError } from 'graphql';
import { codedError } from '../errors';
import type { Readiness } from '../readiness';

/** Why a log cannot account for requests now. */
export interface AuditTrouble {
  /** For operators: what is wrong and what to do (no file paths: /ready is public; the process log has them). */
  reason: string;
  /** ISO 8601: since when. */
  since: string;
}

/** What the plugin and /ready ask: the trouble now, or null. */
export type AuditHealth = () => AuditTrouble | null;

/** Thrown by ChainLog when an entry cannot be written now; the entry stays queued and is retried. */
export class AuditLogUnavailable extends Error {
  override name = 'AuditLogUnavailable';
}

const REFUSAL = 'The audit log cannot record this request, so nothing was served: try again later (the operators are told by /ready).';
const COMMITTED = 'The write was carried out, but its audit entry is not written yet: it is kept and written as soon as the audit log can be written again. '
  + 'The answer is withheld until then; do not repeat the write.';

/** The refusal of a request before it runs (thrown from a plugin: Apollo answers with the status). */
export function auditUnavailable(): Error {
  return codedError('AUDIT_UNAVAILABLE', REFUSAL, { http: { status: 503 } });
}

/**
 * The answer in place of one whose entry could not be written: 503 and no data;
 * or, when a write was carried out (`records`: what it wrote), 200 saying so,
 * so that nobody retries it as if nothing had happened.
 */
export function auditUnavailableAnswer(committed: { records: string[] } | null): { status: number; data?: null; errors: GraphQLFormattedError[] } {
  if (!committed) return { status: 503, errors: [{ message: REFUSAL, extensions: { code: 'AUDIT_UNAVAILABLE' } }] };
  return { status: 200, data: null, errors: [{ message: COMMITTED, extensions: { code: 'AUDIT_UNAVAILABLE', committed: true, records: committed.records } }] };
}

/** The audit part of /ready (`key`: what it is called there). */
export function auditReadiness(health: AuditHealth, key = 'audit'): Readiness {
  const trouble = health();
  return { ready: !trouble, [key]: trouble ? `${trouble.reason} (since ${trouble.since})` : 'ok' };
}
