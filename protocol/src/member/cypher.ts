/**
 * The protocol's record conditions compiled into the store query: a list asks
 * the store for records the caller may know of (and whose searched fields the
 * caller may read), so a page is filled in one round trip instead of reading
 * rows and throwing most of them away. Each condition's Cypher is in the table of
 * conditions (../conditions.ts), in the subset both stores accept; every value is a parameter. The request's
 * decisions (authz.ts) still check every record the store returns.
 *
 * Kùzu 0.11 reports a parameter used only inside an EXISTS subquery as missing
 * when the WHERE has other parameters; each such parameter is therefore named
 * once at the top level too (`size($x) > 0`, true for the non-empty lists used).
 */
import type { Params, Visibility } from '@enlace/store';
import { adultBornBy, memberClauseCypher, type CypherScope } from '../conditions';
import type { EffectiveRule, Subject } from './model';
import type { RequestAuthz } from './authz';

export type { Visibility } from '@enlace/store';

/** The variable each kind of record has in the repository's queries. */
export const RECORD_VARIABLE: Record<Subject, string> = { Person: 'p', Case: 'c' };

class Compiler implements CypherScope {
  readonly params: Params = {};
  /** Parameters used inside subqueries (named again at the top level, see above). */
  readonly inSubqueries = new Set<string>();
  readonly v: string;
  readonly adultBornBy: string;
  private readonly byValue = new Map<string, string>();
  private n = 0;

  constructor(
    readonly subject: Subject,
    day: string,
  ) {
    this.v = RECORD_VARIABLE[subject];
    this.adultBornBy = adultBornBy(day);
  }

  param(value: unknown, inSubquery: boolean): string {
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
  fresh(prefix: string): string {
    return `${prefix}${this.n++}`;
  }
}

/**
 * The records of `subject` the caller may know of and read the `searched`
 * fields of, as a condition for the store query.
 */
export function visibilityCondition(authz: RequestAuthz, subject: Subject, searched: readonly string[], day: string): Visibility {
  const rules: EffectiveRule[] = authz.searchRules(subject, searched);
  const compiler = new Compiler(subject, day);
  const conditions: string[] = [];
  for (const rule of new Set(rules)) {
    const n = authz.narrowFor(rule);
    if (n.kind === 'deny') return { kind: 'none' };
    if (n.kind === 'allow') continue;
    conditions.push(`(${n.clauses.map((c) => memberClauseCypher(c, compiler, authz, rule)).join(' OR ')})`);
  }
  if (!conditions.length) return { kind: 'all' };
  const guards = [...compiler.inSubqueries].map((name) => `size($${name}) > 0`);
  return { kind: 'where', condition: [...guards, ...conditions].join(' AND '), params: compiler.params };
}
