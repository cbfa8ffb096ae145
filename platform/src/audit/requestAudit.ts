/**
 * What one request delivered, withheld, looked up and wrote, collected while it
 * runs and written as one audit entry when it ends. Fed from the protocol's
 * enforcement on every protected field, so each call is a map lookup and a set
 * insertion.
 */
import type { AuditDelivery, AuditWithholding } from './entry';

export class RequestAudit {
  /** Per record, its fields read, in the order first read (a list: a record has a few dozen at most). */
  private readonly records = new Map<string, string[]>();
  /** Per record, the cooperation grants fields were read under. */
  private readonly grants = new Map<string, Set<string>>();
  private readonly withholdings = new Map<string, AuditWithholding>();
  private readonly withheldRules = new Set<string>();
  private hitIds: Set<string> | null = null;
  private readonly lookupKeys = new Set<string>();
  private readonly written = new Set<string>();

  /**
   * The record was given to the caller, with this protected field ("Type.field";
   * null: only its key), under this cooperation grant when only a grant gave it.
   */
  delivered(record: string | null | undefined, coordinate: string | null, grant?: string): void {
    if (typeof record !== 'string') return;
    let fields = this.records.get(record);
    if (!fields) this.records.set(record, (fields = []));
    if (coordinate && !fields.includes(coordinate)) fields.push(coordinate);
    if (grant) {
      let grants = this.grants.get(record);
      if (!grants) this.grants.set(record, (grants = new Set()));
      grants.add(grant);
    }
  }

  /** The field was withheld by `rule`, on this record (null when the field is not a record's). */
  withheld(record: string | null | undefined, coordinate: string, rule: string): void {
    const r = typeof record === 'string' ? record : null;
    const key = `${r ?? ''}\u0000${coordinate}`;
    if (!this.withholdings.has(key)) this.withholdings.set(key, { field: coordinate, record: r, rule }); // keys in canonical order: serialised as they are (chain.ts)
    this.withheldRules.add(rule);
  }

  /**
   * A hit/no-hit lookup was answered; these records (maybe none) were hit. `lookup`: the key the
   * caller's hit budget was spent on (hitBudget.ts), so a restart rebuilds the budget from the log.
   */
  hits(recordIds: Iterable<string>, lookup?: string): void {
    this.hitIds ??= new Set();
    for (const id of recordIds) this.hitIds.add(id);
    if (lookup) this.lookupKeys.add(lookup);
  }

  /** These records were created or changed. */
  wrote(recordIds: Iterable<string>): void {
    for (const id of recordIds) this.written.add(id);
  }

  /** Whether a withholding by this rule was already noted (the plugin adds the ones seen only as errors). */
  hasWithheldRule(rule: string): boolean {
    return this.withheldRules.has(rule);
  }

  summary(): { delivered: AuditDelivery[]; withheld: AuditWithholding[]; hits: string[] | null; lookups?: string[]; wrote: string[] } {
    // The records of a list are read one after the other, with the same fields in the same order: a record's
    // list like the one before it takes its sorted copy.
    let last: { fields: string[]; sorted: string[] } | null = null;
    const sortedOnce = (fields: string[]): string[] => {
      if (!last || !sameList(last.fields, fields)) last = { fields, sorted: [...fields].sort() };
      return last.sorted;
    };
    return {
      delivered: [...this.records].map(([record, fields]) => {
        const grants = this.grants.get(record);
        return { fields: sortedOnce(fields), ...(grants ? { grants: [...grants].sort() } : {}), record }; // keys in canonical order
      }),
      withheld: [...this.withholdings.values()],
      hits: this.hitIds ? [...this.hitIds] : null,
      ...(this.lookupKeys.size ? { lookups: [...this.lookupKeys] } : {}),
      wrote: [...this.written],
    };
  }
}

const sameList = (a: readonly string[], b: readonly string[]): boolean => a.length === b.length && a.every((x, i) => x === b[i]);

/** The collector of a service that does not log (benchmarks measuring the log's cost): notes nothing. */
class NoAudit extends RequestAudit {
  override delivered(): void {}
  override withheld(): void {}
  override hits(): void {}
  override wrote(): void {}
}
export const NO_AUDIT: RequestAudit = new NoAudit();
