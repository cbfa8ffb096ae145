/**
 * The protocol for one request: a typed part of the member's context (ctx.authz).
 * Pure and synchronous — policy never calls back into data loading:
 * Each condition's tests are in one table (../conditions.ts); this walks it.
 * - everything about the caller (country, roles, purpose, the JIT the request
 *   names and the cooperation grants the caller holds, both asked of the
 *   secretariat before the request runs) is known when it is made, so each rule
 *   is narrowed to the clauses this caller can meet once per request: most
 *   rules end up "allow" or "deny" and never look at a record;
 * - what is left looks at the record and the facts read with it by the guarded
 *   data layer (a person's cases: categories, handling codes; data.ts), decided
 *   once per rule and record and memoised;
 * - the same narrowed clauses are compiled into the store query for lists
 *   (cypher.ts), so the store returns only records the caller may know of; the
 *   decisions here check every record again (and win).
 */
import type { GraphQLError } from 'graphql';
import { today, type Caller } from '@enlace/platform';
import { adultBornBy, looksAtRecord, memberCallerMeets, memberRecordHolds, type MemberCaller, type RecordFacts } from '../conditions';
import { locationOf, type FieldPosition } from '@enlace/platform';
import { forbidden, purposeRequired } from '../errors';
import type { Clause, EffectiveProtocol, EffectiveRule, Subject } from './model';

export type { RecordFacts } from '../conditions';

/** A rule narrowed to this caller: granted or refused whatever the record, or decided by these clauses on it. */
export type Narrowed = { kind: 'allow' } | { kind: 'deny' } | { kind: 'record'; clauses: Clause[] };
const ALLOW: Narrowed = { kind: 'allow' };
const DENY: Narrowed = { kind: 'deny' };

/** What the protocol reads of a person: the store's row, with the facts of the person's cases when they were read. */
export interface PersonFactsSource {
  id: string;
  dateOfBirth?: string | null;
  flaggedForPartners?: boolean | null;
  facts?: { categories: readonly string[]; handling: readonly string[]; caseIds: readonly string[] } | null;
}
/** What the protocol reads of a case. */
export interface CaseFactsSource {
  id: string;
  handlingCode: string;
}

/** The JIT a request names, as the secretariat describes it. */
export interface JitFacts {
  status?: string;
  memberCountries: readonly string[];
  caseIds: ReadonlySet<string>;
  startsOn: string;
  endsOn: string | null;
}

/** A cooperation grant holding for the request: the records it opens, the rules it opens them on, under which legal basis. */
export interface GrantFacts {
  id: string;
  records: ReadonlySet<string>;
  scope: ReadonlySet<string>;
  legalBasis: string;
}

/**
 * One request, as far as the protocol is concerned: the caller as the verified token names it
 * (the platform's one `Caller` type: its country and roles are what rules read), whether a
 * purpose was stated, and what the secretariat said of the JIT and grants the request names.
 */
export interface AuthzRequest {
  caller: Pick<Caller, 'country' | 'roles'>;
  /** A purpose and a case reference were stated. */
  hasPurpose: boolean;
  /** The JIT the request names, when it holds: active, with this member and the caller's member state in it. */
  jit: Pick<JitFacts, 'caseIds'> | null;
  /** The cooperation grants of this member that hold for this request (its purpose and case reference, today). */
  grants?: readonly GrantFacts[];
}

/** The JIT a request names, when it is active today and joins this member and the caller's member state. */
export function holdingJit<J extends JitFacts>(jit: J | null, callerCountry: string, memberCountry: string, day = today()): J | null {
  if (!jit) return null;
  const active = (jit.status ?? 'ACTIVE') === 'ACTIVE' && jit.startsOn <= day && (!jit.endsOn || day <= jit.endsOn);
  return active && jit.memberCountries.includes(callerCountry) && jit.memberCountries.includes(memberCountry) ? jit : null;
}

/** A record of a subject, as the protocol reads it. */
export type RecordOf<S extends Subject> = S extends 'Person' ? PersonFactsSource : CaseFactsSource;

export class RequestAuthz implements MemberCaller {
  readonly own: boolean;
  readonly hasPurpose: boolean;
  /** The case ids of the JIT the request holds for, or null. */
  readonly jitCaseIds: ReadonlySet<string> | null;
  /** The cooperation grants that hold for this request (none for the owner's own callers). */
  readonly grants: readonly GrantFacts[];
  readonly roles: ReadonlySet<string>;
  /** Per rule and record: the grant a read was given under, when only a grant gave it. */
  private readonly grantsUsed = new Map<EffectiveRule, Map<string, string>>();
  private readonly narrowed = new Map<EffectiveRule, Narrowed>();
  private readonly decisions = new Map<EffectiveRule, Map<string, boolean>>();
  private readonly facts = new Map<string, RecordFacts>();
  private readonly adultBornBy = adultBornBy(today());
  private personClauses: Clause[] | undefined;

  constructor(
    readonly protocol: EffectiveProtocol,
    request: AuthzRequest,
  ) {
    // The caller's member state owns this member's records.
    this.own = request.caller.country === protocol.country;
    this.roles = new Set(request.caller.roles);
    this.hasPurpose = request.hasPurpose;
    this.jitCaseIds = request.jit && !this.own ? request.jit.caseIds : null;
    this.grants = this.own ? [] : (request.grants ?? []);
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
      const facts = this.factsOf(rule.subject!, record as PersonFactsSource & CaseFactsSource);
      // Grantee clauses come last (computeNarrowed): a grant is named only when nothing else gave the read.
      ok = facts !== null && n.clauses.some((c) => memberRecordHolds(c, facts, this, rule));
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

  grantOpens(rule: EffectiveRule, clause: Clause): boolean {
    // A grant on no record grants nothing (and its empty list would be no store parameter).
    return this.grants.length > 0 && this.grantsOpening(rule, clause).some((g) => g.records.size > 0);
  }

  /** Whether a grant opens `rule` on the record, noting which for the audit log. */
  grantOn(rule: EffectiveRule, clause: Clause, id: string): boolean {
    const grant = this.grantsOpening(rule, clause).find((g) => g.records.has(id));
    if (!grant) return false;
    let used = this.grantsUsed.get(rule);
    if (!used) this.grantsUsed.set(rule, (used = new Map()));
    used.set(id, grant.id);
    return true;
  }

  private grantsOpening(rule: EffectiveRule, clause: Clause): GrantFacts[] {
    const name = baseRuleName(rule);
    const visibility = rule.subject !== undefined && this.protocol.visibility[rule.subject].name === name;
    return this.grants.filter(
      (g) => (visibility || g.scope.has(name)) && (!clause.legalBasis || clause.legalBasis.includes(g.legalBasis)),
    );
  }

  /** The guard's answer for a field, at once: true, or the error that says why not. */
  check(rule: EffectiveRule, record: unknown, at?: FieldPosition): true | GraphQLError {
    // The field's path is worked out only for a denial: most fields of a list are granted.
    if (rule.purpose && !this.hasPurpose) return purposeRequired(rule, this.protocol.version, locationOf(at));
    return this.allows(rule, record) || forbidden(rule, this.protocol.version, locationOf(at));
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
   * this caller does, the data layer reads persons without them.
   */
  needsCaseFacts(): boolean {
    return this.caseFactClauses().some((c) => !!c.categories || !!c.handling || c.caller === 'jit');
  }

  /**
   * Whether it looks at the ids of their cases (a JIT's clause): the categories and handling codes
   * are columns of the person, the case ids one more store query, made only for such a caller.
   */
  needsCaseIds(): boolean {
    return this.caseFactClauses().some((c) => c.caller === 'jit');
  }

  /** The clauses that look at a person record, of every person rule narrowed to this caller. */
  private caseFactClauses(): Clause[] {
    if (this.personClauses === undefined) {
      const rules = new Set([...this.protocol.rules.values(), ...this.protocol.fieldRules.values()].filter((r) => r.subject === 'Person'));
      this.personClauses = [...rules].flatMap((r) => {
        const n = this.narrowFor(r);
        return n.kind === 'record' ? n.clauses : [];
      });
    }
    return this.personClauses;
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
      if (!memberCallerMeets(clause, this, rule)) continue;
      if (!looksAtRecord(clause)) return ALLOW;
      kept.push(clause);
    }
    if (!kept.length || !rule.subject) return DENY;
    // Grantee clauses last: the audit log names a grant only for what nothing else gave.
    kept.sort((a, b) => Number(a.caller === 'grantee') - Number(b.caller === 'grantee'));
    return { kind: 'record', clauses: kept };
  }

  // ---- a record's facts --------------------------------------------------

  /** The facts of a record; a person read without its cases' facts fails every clause that looks at them (fail closed). */
  private factsOf(subject: Subject, record: PersonFactsSource & CaseFactsSource): RecordFacts | null {
    const known = this.facts.get(record.id);
    if (known) return known;
    const facts = subject === 'Case' ? caseFacts(record) : personFacts(record, this.adultBornBy);
    if (!facts) return null;
    this.facts.set(record.id, facts);
    return facts;
  }
}

/** A case's facts: its own handling code, and itself as its one case. */
export function caseFacts(record: CaseFactsSource): RecordFacts {
  return { id: record.id, adult: false, flaggedForPartners: false, cases: true, categories: new Set(), handling: [record.handlingCode], caseIds: [record.id] };
}

/** A person's facts (null when the record is not one: every clause then fails). */
export function personFacts(record: PersonFactsSource, bornBy: string): RecordFacts | null {
  if (typeof record.id !== 'string' || !('dateOfBirth' in record)) return null;
  return {
    id: record.id,
    adult: !!record.dateOfBirth && record.dateOfBirth <= bornBy,
    flaggedForPartners: record.flaggedForPartners === true,
    cases: !!record.facts,
    categories: new Set(record.facts?.categories ?? []),
    handling: record.facts?.handling ?? [],
    caseIds: record.facts?.caseIds ?? [],
  };
}

/** A rule's network name: a member's tightening of one field names it `rule@Type.field`. */
const baseRuleName = (rule: EffectiveRule): string => rule.name.split('@')[0];
