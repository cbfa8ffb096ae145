/**
 * Reading an audit log: newest first, filtered, a page at a time. The cursor is
 * an entry's sequence number: `after` gives the entries older than it.
 */
import type { ChainedEntry } from './chain';
import type { ChainLog } from './chainLog';
import type { AuditDecision, AuditRecord } from './entry';

export interface AuditFilter {
  /** Entries at or after this ISO 8601 time. */
  from?: string | null;
  /** Entries at or before this ISO 8601 time. */
  to?: string | null;
  callerCountry?: string | null;
  subject?: string | null;
  /** Entries that delivered, withheld, hit or wrote this record. */
  record?: string | null;
  /** Entries that read fields under this cooperation grant. */
  grant?: string | null;
  decision?: AuditDecision | null;
}

export type AuditEntry = ChainedEntry<AuditRecord>;

export function matchesAuditFilter(e: AuditEntry, f: AuditFilter): boolean {
  if (f.from && e.at < f.from) return false;
  if (f.to && e.at > f.to) return false;
  if (f.callerCountry && e.caller?.country !== f.callerCountry) return false;
  if (f.subject && e.caller?.subject !== f.subject) return false;
  if (f.decision && e.decision !== f.decision) return false;
  if (f.record && !touchesRecord(e, f.record)) return false;
  if (f.grant && !e.delivered.some((d) => d.grants?.includes(f.grant!))) return false;
  return true;
}

export const touchesRecord = (e: AuditRecord, record: string): boolean =>
  e.delivered.some((d) => d.record === record) || e.withheld.some((w) => w.record === record) || !!e.hits?.includes(record) || e.wrote.includes(record);

/**
 * The newest `first` entries (after `after`, when given) that `keep` turns into
 * something: one pass over the log, holding at most `first` results.
 */
export async function readPage<R>(
  log: ChainLog<AuditRecord>,
  page: { first: number; after?: number | null },
  keep: (entry: AuditEntry) => R | null,
): Promise<R[]> {
  await log.flush();
  const ring: R[] = [];
  for await (const entry of log.entries()) {
    if (page.after != null && entry.seq >= page.after) break;
    const kept = keep(entry as AuditEntry);
    if (kept === null) continue;
    ring.push(kept);
    if (ring.length > page.first) ring.shift();
  }
  return ring.reverse();
}

/** How many entries `keep` keeps, counting at most `limit` (a pass over the log up to there). */
export async function countEntries(log: ChainLog<AuditRecord>, keep: (entry: AuditEntry) => unknown, limit: number): Promise<number> {
  await log.flush();
  let n = 0;
  for await (const entry of log.entries()) {
    if (keep(entry as AuditEntry) === null) continue;
    if (++n >= limit) break;
  }
  return n;
}
