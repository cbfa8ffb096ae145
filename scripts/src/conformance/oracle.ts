/**
 * What the sharing protocol says a caller may read, computed apart from the member's code: the
 * rules from the protocol document (schema/protocol/v1.json), the clause semantics written out
 * again, plainly, from PROTOCOL.md. The conformance check and the protocol tests
 * (tests/protocol/oracle.ts) both ask it.
 */
import type { Role } from '@enlace/platform';
import type { Clause, ProtocolDocument } from '@enlace/member';

export interface OracleCaller {
  country: string;
  roles: Role[];
  /** The cooperation grants the caller holds for its purpose and case reference (default none). */
  grants?: Array<{ records: string[]; scope: string[]; legalBasis: string }>;
}

/** What the rules look at on a record. */
export interface RecordFacts {
  kind: 'Person' | 'Case';
  id: string;
  /** A person known to be 18 or more (a date of birth on record). */
  adult: boolean;
  /** A person's categories over its cases. */
  categories: ReadonlySet<string>;
  /** The handling codes of a person's cases, or a case's own. */
  handling: readonly string[];
  caseIds: readonly string[];
  flaggedForPartners: boolean;
}

export interface OracleContext {
  protocol: ProtocolDocument;
  /** The member that owns the records. */
  owner: string;
  /** The owner's cases in the JIT the caller works for, when it works for an active one with the owner. */
  jitCases?: ReadonlySet<string> | null;
}

/** Born on or before this day 18 years ago. */
export function knownAdult(dateOfBirth: string | null, today = new Date().toISOString().slice(0, 10)): boolean {
  if (!dateOfBirth) return false;
  const [y, m, d] = today.split('-');
  return dateOfBirth <= `${Number(y) - 18}-${m}-${d}`;
}

function clauseHolds(ctx: OracleContext, ruleName: string, clause: Clause, caller: OracleCaller, target: RecordFacts | null): boolean {
  const own = caller.country === ctx.owner;
  if (clause.caller === 'grantee') {
    // A grant opens its rules on its records; a record's visibility rule, whatever rules it opens.
    const visibility = target !== null && ctx.protocol.visibility[target.kind] === ruleName;
    const granted = (caller.grants ?? []).some(
      (g) => !own && target !== null && g.records.includes(target.id) && (visibility || g.scope.includes(ruleName)) && (!clause.legalBasis || clause.legalBasis.includes(g.legalBasis)),
    );
    if (!granted) return false;
  }
  if (clause.roles && !clause.roles.some((r) => caller.roles.includes(r))) return false;
  if (clause.caller === 'own' && !own) return false;
  if (clause.caller === 'foreign' && own) return false;
  if (clause.caller === 'jit') {
    const cases = own ? null : ctx.jitCases;
    if (!cases || !target || !target.caseIds.some((id) => cases.has(id))) return false;
  }
  if (clause.adult && !(target?.kind === 'Person' && target.adult)) return false;
  if (clause.categories && (!target || !target.categories.size || [...target.categories].some((c) => !clause.categories!.includes(c)))) return false;
  if (clause.handling && (!target || target.handling.some((h) => !clause.handling!.includes(h)))) return false;
  if (clause.flaggedForPartners && !(target?.kind === 'Person' && target.flaggedForPartners)) return false;
  return true;
}

/** Whether the rule grants the caller (who states a purpose) the read on the target record (null: a rule on the caller alone). */
export function grants(ctx: OracleContext, ruleName: string, caller: OracleCaller, target: RecordFacts | null): boolean {
  const rule = ctx.protocol.rules[ruleName];
  if (!rule) throw new Error(`the protocol has no rule "${ruleName}"`);
  return rule.anyOf.some((clause) => clauseHolds(ctx, ruleName, clause, caller, target));
}

/** Whether the record exists for the caller at all. */
export function knows(ctx: OracleContext, caller: OracleCaller, target: RecordFacts): boolean {
  return grants(ctx, ctx.protocol.visibility[target.kind], caller, target);
}
