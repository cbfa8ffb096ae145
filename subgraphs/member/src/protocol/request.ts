/**
 * The protocol for one request: a typed part of the member's context (ctx.authz).
 * Pure and synchronous — policy never calls back into data loading:
 * - everything about the caller (country, roles, purpose, the JIT the request
 *   names and the cooperation grants the caller holds, both asked of the
 *   secretariat before the request runs) is known when it is made, so each rule
 *   is narrowed to the clauses this caller can meet once per request: most
 *   rules end up "allow" or "deny" and never look at a record;
 * - what is left looks at the record and the facts read with it by the guarded
 *   data layer (a person's cases: categories, handling codes; data.ts), decided
 *   once per rule and record and memoised;
 * - the same narrowed clauses are compiled into the store query for lists
 *   (where.ts), so the store returns only records the caller may know of; the
 *   decisions here check every record again (and win).
 */
import type { GraphQLError } from 'graphql';
import { forbidden, purposeRequired, today, type ErrorLocation, type RequestIdentity } from '@enlace/common';
import { ageOn } from '../dates';
import type { CaseRecord, StoredPerson } from '../records';
import { holdingGrants, type GrantInfo, type GrantSource } from './grants';
import { JIT_ID, type JitInfo, type JitSource } from './jit';
import { hasRecordConditions, isRecordCaller, type Clause, type EffectiveProtocol, type EffectiveRule, type Subject } from './model';

/** What a record's conditions look at. */
export interface RecordFacts {
  adult: boolean;
  flaggedForPartners: boolean;
  /** Whether the facts of the person's cases below were read with the record (else no clause that looks at them holds). */
  cases: boolean;
  categories: ReadonlySet<string>;
  handling: readonly string[];
  caseIds: readonly string[];
}

/** A rule narrowed to this caller: granted or refused whatever the record, or decided by these clauses on it. */
export type Narrowed = { kind: 'allow' } | { kind: 'deny' } | { kind: 'record'; clauses: Clause[] };
const ALLOW: Narrowed = { kind: 'allow' };
const DENY: Narrowed = { kind: 'deny' };

export type RecordOf<S extends Subject> = S extends 'Person' ? StoredPerson : CaseRecord;

// The protocol's errors are shared with the secretariat, which enforces the same protocol on its own records.
export { forbidden, locationOf, purposeRequired, type ErrorLocation } from '@enlace/common';

/** Who is asking, as far as the protocol is concerned. */
export interface AuthzCaller {
  /** The caller's member state owns the records of this member. */
  own: boolean;
  roles: readonly string[];
  /** A purpose and a case reference were stated. */
  hasPurpose: boolean;
  /** The JIT the request names, when it holds: active, with this member and the caller's member state in it. */
  jit: JitInfo | null;
  /** The cooperation grants of this member that hold for this request (its purpose and case reference, today). */
  grants?: readonly GrantInfo[];
}

/** The JIT a request names, when it is active today and joins this member and the caller's member state. */
export function holdingJit(jit: JitInfo | null, callerCountry: string, memberCountry: string, day = today()): JitInfo | null {
  if (!jit) return null;
  const active = (jit.status ?? 'ACTIVE') === 'ACTIVE' && jit.startsOn <= day && (!jit.endsOn || day <= jit.endsOn);
  return active && jit.memberCountries.includes(callerCountry) && jit.memberCountries.includes(memberCountry) ? jit : null;
}

export class RequestAuthz {
  readonly own: boolean;
  readonly hasPurpose: boolean;
  /** The case ids of the JIT the request holds for, or null. */
  readonly jitCaseIds: ReadonlySet<string> | null;
  /** The cooperation grants that hold for this request (none for the owner's own callers). */
  readonly grants: readonly GrantInfo[];
  private readonly roles: ReadonlySet<string>;
  /** Per rule and record: the grant a read was given under, when only a grant gave it. */
  private readonly grantsUsed = new Map<EffectiveRule, Map<string, string>>();
  private readonly narrowed = new Map<EffectiveRule, Narrowed>();
  private readonly decisions = new Map<EffectiveRule, Map<string, boolean>>();
  private readonly facts = new Map<string, RecordFacts>();
  private readonly today = today();
  private caseFactsNeeded: boolean | undefined;

  constructor(
    readonly protocol: EffectiveProtocol,
    caller: AuthzCaller,
  ) {
    this.own = caller.own;
    this.roles = new Set(caller.roles);
    this.hasPurpose = caller.hasPurpose;
    this.jitCaseIds = caller.jit && !caller.own ? caller.jit.caseIds : null;
    this.grants = caller.own ? [] : (caller.grants ?? []);
  }

  /** Whether `rule` grants this request the field of `record` (rules without a subject ignore it). */
  allows(rule: EffectiveRule, record: unknown): boolean {
    if (rule.purpose && !this.hasPurpose) return false;
    const n = this.narrow(rule);
    if (n.kind !== 'record') return n.kind === 'allow';
    const id = (record as { id?: unknown } | null)?.id;
    if (typeof id !== 'string') return false;
    let memo = this.decisions.get(rule);
    if (!memo) this.decisions.set(rule, (memo = new Map()));
    let ok = memo.get(id);
    if (ok === undefined) {
      const facts = this.factsOf(rule.subject!, record as StoredPerson & CaseRecord);
      // Grantee clauses come last (computeNarrowed): a grant is named only when nothing else gave the read.
      ok = facts !== null && n.clauses.some((c) => this.holds(c, facts) && (c.caller !== 'grantee' || this.useGrant(rule, c, id)));
      memo.set(id, ok);
    }
    return ok;
  }

  /** The grant a read of `rule` on `record` was given under, when it was given only because of one (for the audit log). */
  grantUsed(rule: EffectiveRule, record: unknown): string | undefined {
    const id = (record as { id?: unknown } | null)?.id;
    return typeof id === 'string' ? this.grantsUsed.get(rule)?.get(id) : undefined;
  }

  /**
   * The records the grants holding for this request open `rule` on, under a
   * grantee clause (its legal bases, when it names any). A record's visibility
   * rule is opened by a grant on the record whatever rules it opens.
   */
  grantedRecords(rule: EffectiveRule, clause: Clause): string[] {
    const ids = new Set<string>();
    for (const g of this.grantsOpening(rule, clause)) for (const id of g.records) ids.add(id);
    return [...ids].sort();
  }

  private grantsOpening(rule: EffectiveRule, clause: Clause): GrantInfo[] {
    const name = baseRuleName(rule);
    const visibility = rule.subject !== undefined && this.protocol.visibility[rule.subject].name === name;
    return this.grants.filter(
      (g) => (visibility || g.scope.has(name)) && (!clause.legalBasis || clause.legalBasis.includes(g.legalBasis)),
    );
  }

  private useGrant(rule: EffectiveRule, clause: Clause, id: string): boolean {
    const grant = this.grantsOpening(rule, clause).find((g) => g.records.has(id));
    if (!grant) return false;
    let used = this.grantsUsed.get(rule);
    if (!used) this.grantsUsed.set(rule, (used = new Map()));
    used.set(id, grant.id);
    return true;
  }

  /** The shield's answer for a field, at once: true, or the error that says why not. */
  check(rule: EffectiveRule, record: unknown, at?: ErrorLocation): true | GraphQLError {
    if (rule.purpose && !this.hasPurpose) return purposeRequired(rule, this.protocol.version, at);
    return this.allows(rule, record) || forbidden(rule, this.protocol.version, at);
  }

  /** The visibility rule of a kind of record, and the rules of the fields a search matched on. */
  searchRules(subject: Subject, searched: readonly string[] = []): EffectiveRule[] {
    return [this.protocol.visibility[subject], ...searched.map((f) => this.protocol.fieldRules.get(f)).filter((r): r is EffectiveRule => !!r)];
  }

  /** True when every record of this kind exists for the caller and the searched fields are readable on all of them. */
  knowsAll(subject: Subject, searched: readonly string[] = []): boolean {
    return this.searchRules(subject, searched).every((r) => this.narrowFor(r).kind === 'allow');
  }

  /** Whether the caller may know of the record at all, and read the fields a search matched on. */
  knows<S extends Subject>(subject: S, record: RecordOf<S>, searched: readonly string[] = []): boolean {
    return this.searchRules(subject, searched).every((r) => this.allows(r, record));
  }

  /**
   * Whether deciding on persons for this caller looks at the facts of their
   * cases (categories, handling codes, a JIT's cases): when no rule narrowed to
   * this caller does, the data layer reads persons without them (a join saved).
   */
  needsCaseFacts(): boolean {
    if (this.caseFactsNeeded === undefined) {
      const rules = new Set([...this.protocol.rules.values(), ...this.protocol.fieldRules.values()].filter((r) => r.subject === 'Person'));
      this.caseFactsNeeded = [...rules].some((r) => {
        const n = this.narrowFor(r);
        return n.kind === 'record' && n.clauses.some((c) => !!c.categories || !!c.handling || c.caller === 'jit');
      });
    }
    return this.caseFactsNeeded;
  }

  /** False when no record of this kind can exist for the caller (no clause of its visibility rule fits the caller). */
  mayKnowAny(subject: Subject): boolean {
    return this.narrowFor(this.protocol.visibility[subject]).kind !== 'deny';
  }

  /** The rule narrowed to this caller, the purpose requirement included (for compiling it into a store query). */
  narrowFor(rule: EffectiveRule): Narrowed {
    return rule.purpose && !this.hasPurpose ? DENY : this.narrow(rule);
  }

  // ---- narrowing to this caller ------------------------------------------

  private narrow(rule: EffectiveRule): Narrowed {
    let n = this.narrowed.get(rule);
    if (!n) this.narrowed.set(rule, (n = this.computeNarrowed(rule)));
    return n;
  }

  private computeNarrowed(rule: EffectiveRule): Narrowed {
    const kept: Clause[] = [];
    for (const clause of rule.anyOf) {
      if (!this.callerMeets(clause)) continue;
      if (clause.caller === 'grantee' && !this.grantsOpening(rule, clause).length) continue;
      if (!isRecordCaller(clause) && !hasRecordConditions(clause)) return ALLOW;
      kept.push(clause);
    }
    if (!kept.length || !rule.subject) return DENY;
    // Grantee clauses last: the audit log names a grant only for what nothing else gave.
    kept.sort((a, b) => Number(a.caller === 'grantee') - Number(b.caller === 'grantee'));
    return { kind: 'record', clauses: kept };
  }

  private callerMeets(clause: Clause): boolean {
    if (clause.roles && !clause.roles.some((r) => this.roles.has(r))) return false;
    switch (clause.caller) {
      case 'any':
        return true;
      case 'own':
        return this.own;
      case 'foreign':
        return !this.own;
      case 'jit':
        return this.jitCaseIds !== null;
      case 'grantee':
        return this.grants.length > 0;
    }
  }

  // ---- deciding on a record ----------------------------------------------

  /** The facts of a record; a person read without its cases' facts fails every clause that looks at them (fail closed). */
  private factsOf(subject: Subject, record: StoredPerson & CaseRecord): RecordFacts | null {
    let facts = this.facts.get(record.id);
    if (facts) return facts;
    if (subject === 'Case') {
      facts = { adult: false, flaggedForPartners: false, cases: true, categories: new Set(), handling: [record.handlingCode], caseIds: [record.id] };
    } else {
      if (typeof record.id !== 'string' || !('dateOfBirth' in record)) return null;
      facts = {
        adult: !!record.dateOfBirth && ageOn(record.dateOfBirth, this.today) >= 18,
        flaggedForPartners: record.flaggedForPartners === true,
        cases: !!record.facts,
        categories: new Set(record.facts?.categories ?? []),
        handling: record.facts?.handling ?? [],
        caseIds: record.facts?.caseIds ?? [],
      };
    }
    this.facts.set(record.id, facts);
    return facts;
  }

  private holds(c: Clause, f: RecordFacts): boolean {
    if ((c.categories || c.handling || c.caller === 'jit') && !f.cases) return false;
    if (c.adult && !f.adult) return false;
    if (c.flaggedForPartners && !f.flaggedForPartners) return false;
    if (c.caller === 'jit' && !f.caseIds.some((id) => this.jitCaseIds!.has(id))) return false;
    if (c.categories && (!f.categories.size || [...f.categories].some((x) => !c.categories!.includes(x)))) return false;
    if (c.handling && f.handling.some((h) => !c.handling!.includes(h))) return false;
    return true;
  }
}

/**
 * The protocol for a request to `memberCountry`: for a foreign caller stating a
 * purpose, the secretariat is asked first (once, both questions at once) about
 * the JIT the case reference names and the grants the caller holds, so that
 * every decision afterwards is made without waiting.
 */
export async function requestAuthz(
  protocol: EffectiveProtocol,
  memberCountry: string,
  identity: RequestIdentity,
  sources: { jits?: JitSource | null; grants?: GrantSource | null },
): Promise<RequestAuthz> {
  const { caller, purpose, caseRef } = identity;
  const own = caller.country === memberCountry;
  const hasPurpose = !!purpose && !!caseRef;
  const namesJit = !own && hasPurpose && !!sources.jits && JIT_ID.test(caseRef!);
  const mayHoldGrants = !own && hasPurpose && !!sources.grants && protocol.grantable.size > 0;
  // Both questions to the secretariat at once.
  const [jit, grants] = await Promise.all([
    namesJit ? sources.jits!.get(caseRef!, identity) : null,
    mayHoldGrants ? sources.grants!.get(identity) : [],
  ]);
  return new RequestAuthz(protocol, {
    own, roles: caller.roles, hasPurpose,
    jit: holdingJit(jit, caller.country, memberCountry),
    grants: holdingGrants(grants, identity, today()),
  });
}

/** A rule's network name: a member's tightening of one field names it `rule@Type.field`. */
const baseRuleName = (rule: EffectiveRule): string => rule.name.split('@')[0];

/**
 * The request's protocol; null only for a member explicitly started without it
 * (benchmarks). A context without either fails closed.
 */
export function authzOf(ctx: { authz?: RequestAuthz | null }): RequestAuthz | undefined {
  if (ctx.authz === undefined) throw new Error('No sharing protocol attached to this request');
  return ctx.authz ?? undefined;
}
