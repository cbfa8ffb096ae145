/**
 * The protocol's record conditions compiled into the store query: a list asks
 * the store for records the caller may know of (and whose searched fields the
 * caller may read), so a page is filled in one round trip instead of reading
 * rows and throwing most of them away. One place turns clauses into Cypher, in
 * the subset both stores accept; every value is a parameter. The request's
 * decisions (request.ts) still check every record the store returns.
 *
 * Kùzu 0.11 reports a parameter used only inside an EXISTS subquery as missing
 * when the WHERE has other parameters; each such parameter is therefore named
 * once at the top level too (`size($x) > 0`, true for the non-empty lists used).
 */
import type { Params } from '@enlace/store';
import type { Clause, EffectiveRule, Subject } from './model';
import type { RequestAuthz } from './request';

/** What a list may return: every record, none, or those matching a condition on the record variable. */
export type Visibility = { kind: 'all' } | { kind: 'none' } | { kind: 'where'; condition: string; params: Params };

/** The variable each kind of record has in the repository's queries. */
export const RECORD_VARIABLE: Record<Subject, string> = { Person: 'p', Case: 'c' };

/** The latest date of birth of a known adult on `day` (ISO dates compare as strings). */
export function adultBornBy(day: string): string {
  const [y, m, d] = day.split('-');
  return `${String(Number(y) - 18).padStart(4, '0')}-${m}-${d}`;
}

class Compiler {
  readonly params: Params = {};
  /** Parameters used inside subqueries (named again at the top level, see above). */
  readonly inSubqueries = new Set<string>();
  private readonly byValue = new Map<string, string>();
  private n = 0;

  constructor(
    private readonly subject: Subject,
    private readonly day: string,
    private readonly authz: RequestAuthz,
  ) {}

  private param(value: unknown, inSubquery: boolean): string {
    const key = JSON.stringify(value);
    let name = this.byValue.get(key);
    if (!name) {
      name = `authz${this.byValue.size}`;
      this.byValue.set(key, name);
      this.params[name] = value;
    }
    if (inSubquery) this.inSubqueries.add(name);
    return `$${name}`;
  }

  /** A fresh variable name for a subquery, so that no two subqueries share one. */
  private fresh(prefix: string): string {
    return `${prefix}${this.n++}`;
  }

  clause(c: Clause, rule: EffectiveRule): string {
    const v = RECORD_VARIABLE[this.subject];
    const parts: string[] = [];
    // A grant opens the rule on its records only.
    if (c.caller === 'grantee') parts.push(`${v}.id IN ${this.param(this.authz.grantedRecords(rule, c), false)}`);
    if (this.subject === 'Case') {
      if (c.handling) parts.push(`${v}.handlingCode IN ${this.param(c.handling, false)}`);
      if (c.caller === 'jit') parts.push(`${v}.id IN ${this.param([...this.authz.jitCaseIds!].sort(), false)}`);
    } else {
      if (c.adult) parts.push(`(${v}.dateOfBirth IS NOT NULL AND ${v}.dateOfBirth <= ${this.param(adultBornBy(this.day), false)})`);
      if (c.flaggedForPartners) parts.push(`${v}.flaggedForPartners = 1`);
      if (c.categories) {
        const i = this.fresh('ai');
        parts.push(`EXISTS { MATCH (${v})-[:INVOLVED]->(:\`Case\`) }`);
        parts.push(`NOT EXISTS { MATCH (${v})-[${i}:INVOLVED]->(:\`Case\`) WHERE NOT ${i}.category IN ${this.param(c.categories, true)} }`);
      }
      if (c.handling) {
        const k = this.fresh('ac');
        parts.push(`NOT EXISTS { MATCH (${v})-[:INVOLVED]->(${k}:\`Case\`) WHERE NOT ${k}.handlingCode IN ${this.param(c.handling, true)} }`);
      }
      if (c.caller === 'jit') {
        const k = this.fresh('ac');
        parts.push(`EXISTS { MATCH (${v})-[:INVOLVED]->(${k}:\`Case\`) WHERE ${k}.id IN ${this.param([...this.authz.jitCaseIds!].sort(), true)} }`);
      }
    }
    return parts.length ? `(${parts.join(' AND ')})` : 'true';
  }
}

/**
 * The records of `subject` the caller may know of and read the `searched`
 * fields of, as a condition for the store query.
 */
export function visibilityCondition(authz: RequestAuthz, subject: Subject, searched: readonly string[], day: string): Visibility {
  const rules: EffectiveRule[] = authz.searchRules(subject, searched);
  const compiler = new Compiler(subject, day, authz);
  const conditions: string[] = [];
  for (const rule of new Set(rules)) {
    const n = authz.narrowFor(rule);
    if (n.kind === 'deny') return { kind: 'none' };
    if (n.kind === 'allow') continue;
    conditions.push(`(${n.clauses.map((c) => compiler.clause(c, rule)).join(' OR ')})`);
  }
  if (!conditions.length) return { kind: 'all' };
  const guards = [...compiler.inSubqueries].map((name) => `size($${name}) > 0`);
  return { kind: 'where', condition: [...guards, ...conditions].join(' AND '), params: compiler.params };
}
