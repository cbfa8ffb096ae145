/**
 * The audit log for its CSV export: every entry a filter selects, read a page at a time (500 a page,
 * the API's most) through the same auditLogPage the page shows, newest first, one row an entry, with
 * the log's own values (codes, ids; the purpose as sent: the catalogue id or `other: …`), for machines
 * as much as for people. Lists within a cell (records read, fields, grants) are separated by "; ", so
 * the file keeps one row per entry. The CSV text itself is casefile/csv.ts's toCsv, as for the case file.
 */
import { gql, type Credentials, type GqlError, type GqlResult } from './graphql';

export interface AuditCaller { subject: string; country: string; roles: string[]; issuer?: string }
export interface AuditDelivery { record: string; fields: string[]; grants: string[] | null }

export interface AuditEntry {
  country?: string;
  seq: number;
  at: string;
  caller: AuditCaller | null;
  operation: { type: string | null; name: string | null };
  purpose: string | null;
  caseRef: string | null;
  decision: string;
  delivered: AuditDelivery[];
  withheld: { record: string | null; field: string; rule: string }[];
  hits?: string[] | null;
  wrote: string[];
  errors: string[];
  prev: string;
  hash: string;
}

/** The AuditFilter the page's form makes (schema/member.graphql). */
export interface AuditFilter { from?: string; to?: string; callerCountry?: string; record?: string; grant?: string; decision?: string }

export const AUDIT_ENTRY_FIELDS = `country seq at caller { subject country roles issuer } operation { type name } purpose caseRef decision
  delivered { record fields grants } withheld { record field rule } hits wrote errors prev hash`;

const EXPORT_QUERY = `query AuditExport($c: [String!], $f: AuditFilter, $after: String) { auditLogPage(countries: $c, filter: $f, first: 500, after: $after) {
  items { ${AUDIT_ENTRY_FIELDS} } hasNextPage endCursor } }`;

interface ExportPage { items: AuditEntry[]; hasNextPage: boolean; endCursor: string | null }

export const AUDIT_CSV_HEADER = [
  'member', 'seq', 'at', 'caller_country', 'caller_subject', 'caller_roles', 'caller_issuer', 'operation_type', 'operation_name', 'purpose', 'case_ref',
  'decision', 'records_read', 'fields_read', 'grants', 'withheld', 'hits', 'wrote', 'errors', 'prev_hash', 'hash',
] as const;

const list = (values: readonly string[] | null | undefined) => (values ?? []).join('; ');

export type AuditCell = string | number | null | undefined;

export function auditRow(e: AuditEntry): AuditCell[] {
  return [
    e.country, e.seq, e.at, e.caller?.country, e.caller?.subject, list(e.caller?.roles), e.caller?.issuer, e.operation.type, e.operation.name, e.purpose, e.caseRef,
    e.decision, list(e.delivered.map((d) => d.record)), list(e.delivered.flatMap((d) => d.fields.map((f) => `${d.record} ${f}`))),
    list([...new Set(e.delivered.flatMap((d) => d.grants ?? []))]), list(e.withheld.map((w) => `${w.record ?? '-'} ${w.field} (${w.rule})`)),
    list(e.hits), list(e.wrote), list(e.errors), e.prev, e.hash,
  ];
}

/**
 * Every entry of `country`'s log the filter selects, page after page; `progress` hears how many so far.
 * Stops at the first page that fails or errs, with its errors: a partial file would look complete.
 */
export async function readWholeLog(
  credentials: Credentials, country: string, filter: AuditFilter, progress: (read: number) => void,
): Promise<{ entries: AuditEntry[]; errors: GqlError[] }> {
  const entries: AuditEntry[] = [];
  let after: string | null = null;
  do {
    const result: GqlResult<{ auditLogPage: ExportPage | null }> = await gql<{ auditLogPage: ExportPage | null }>(credentials, EXPORT_QUERY, { c: [country], f: filter, after });
    const page = result.data?.auditLogPage;
    if (!page || result.errors.length) return { entries, errors: result.errors.length ? result.errors : [{ message: 'No page came back' }] };
    entries.push(...page.items);
    progress(entries.length);
    after = page.hasNextPage ? page.endCursor : null;
  } while (after);
  return { entries, errors: [] };
}
