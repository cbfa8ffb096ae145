/**
 * The secretariat's protocol for one request: who the caller is (staff, a
 * member state, which roles), whether it stated a purpose, and for each rule
 * and record whether it grants. The facts a rule reads of a record are only
 * which member states are party to it and which of them have agreed.
 */
import type { GraphQLError } from 'graphql';
import { callerIdentity, notFound, ownerOf, SECRETARIAT_COUNTRY, type CallerIdentity, type RequestIdentity } from '@enlace/platform';
import { secretariatCallerMeets, secretariatHolds, type SecretariatCaller, type SecretariatFacts } from '../conditions';
import { locationOf, type FieldPosition } from '@enlace/platform';
import { forbidden, purposeRequired } from '../errors';
import type { Clause, Rule, SecretariatProtocol, Subject } from './model';

export type { SecretariatFacts as RecordFacts } from '../conditions';

/** Which teams or links a store query may return for a caller: all, those a country is party to, or none. */
export type PartyScope = { all: true } | { party: string } | null;
/** Which cooperation requests a store query may return: all, those of an owner and/or a requester, or none. */
export type CooperationScope = { all: true } | { owner?: string; requester?: CallerIdentity } | null;

/** The record fields the secretariat's rules read (its teams, links and cooperation requests). */
interface RecordShapes {
  memberCountries?: unknown;
  agreements?: Array<{ country: string }>;
  owner?: string;
  requester?: Partial<CallerIdentity>;
  leftId?: string;
  rightId?: string;
  proposedBy?: string;
  confirmedBy?: string | null;
}

export function factsOf(subject: Subject, record: unknown): SecretariatFacts | null {
  if (!record || typeof record !== 'object') return null;
  if (subject === 'JointInvestigationTeam') {
    const j = record as RecordShapes;
    if (!Array.isArray(j.memberCountries) || !Array.isArray(j.agreements)) return null;
    return { parties: j.memberCountries as string[], agreed: j.agreements.map((a) => a.country) };
  }
  if (subject === 'CooperationRequest') {
    const c = record as RecordShapes;
    if (!c.owner || !c.requester?.issuer || !c.requester.subject || !c.requester.country) return null;
    return { parties: [c.owner, c.requester.country], agreed: [], owner: c.owner, requester: c.requester as CallerIdentity };
  }
  const l = record as RecordShapes;
  const owners = [ownerOf(l.leftId), ownerOf(l.rightId)];
  if (!owners[0] || !owners[1] || !l.proposedBy) return null;
  return { parties: owners as string[], agreed: [l.proposedBy, ...(l.confirmedBy ? [l.confirmedBy] : [])] };
}

export class SecretariatAuthz implements SecretariatCaller {
  readonly country: string;
  /** Secretariat staff: the secretariat's own country code with the role secretariat. */
  readonly staff: boolean;
  readonly hasPurpose: boolean;
  /** Who the token names: a cooperation request's requester is matched on all three parts (sameCaller). */
  readonly caller: CallerIdentity;
  readonly identity: CallerIdentity;
  /** The secretariat itself asking: never a party to a record. */
  readonly secretariat: boolean;
  readonly roles: ReadonlySet<string>;

  constructor(
    readonly protocol: SecretariatProtocol,
    identity: Pick<RequestIdentity, 'caller' | 'purpose' | 'caseRef'>,
  ) {
    this.country = identity.caller.country;
    this.caller = this.identity = callerIdentity(identity.caller);
    this.roles = new Set<string>(identity.caller.roles);
    this.secretariat = this.country === SECRETARIAT_COUNTRY;
    this.staff = this.secretariat && this.roles.has('secretariat');
    this.hasPurpose = !!identity.purpose && !!identity.caseRef;
  }

  /** The caller side of a clause: whether it can hold for this caller on some record (the table of conditions decides). */
  private callerMeets(c: Clause): boolean {
    return secretariatCallerMeets(c, this);
  }

  private holds(c: Clause, facts: SecretariatFacts | null): boolean {
    return secretariatHolds(c, facts, this);
  }

  /** Whether `rule` can grant this caller anything (for a lookup or write whose record the resolver decides on). */
  mayAny(rule: Rule): boolean {
    return (!rule.purpose || this.hasPurpose) && rule.anyOf.some((c) => this.callerMeets(c));
  }

  /** Whether `rule` grants this request on `record` (a record of the rule's subject; rules without one ignore it). */
  allows(rule: Rule, record?: unknown): boolean {
    if (rule.purpose && !this.hasPurpose) return false;
    const facts = rule.subject ? factsOf(rule.subject, record) : null;
    return rule.anyOf.some((c) => this.holds(c, facts));
  }

  /** The field guard's answer: true, or PURPOSE_REQUIRED / FORBIDDEN naming the rule. `record` undefined: caller side only. */
  check(rule: Rule, record: unknown, at?: FieldPosition): true | GraphQLError {
    // The field's path is worked out only for a denial.
    if (rule.purpose && !this.hasPurpose) return purposeRequired(rule, this.protocol.version, locationOf(at));
    const ok = record === undefined ? this.mayAny(rule) : this.allows(rule, record);
    return ok || forbidden(rule, this.protocol.version, locationOf(at));
  }

  /** Whether the record exists for this caller at all. */
  knows(subject: Subject, record: unknown): boolean {
    return !!record && this.allows(this.protocol.visibility[subject], record);
  }

  /** Which records of `subject` a store query may return for this caller (the rule is still checked on each). */
  scope(subject: Subject): PartyScope {
    const rule = this.protocol.visibility[subject];
    if (rule.purpose && !this.hasPurpose) return null;
    const met = rule.anyOf.filter((c) => this.callerMeets(c));
    if (met.some((c) => c.caller === 'any' || c.caller === 'staff')) return { all: true };
    return met.length ? { party: this.country } : null;
  }

  /** Which cooperation requests a store query may return for this caller (the rule is still checked on each). */
  cooperationScope(): CooperationScope {
    const rule = this.protocol.visibility.CooperationRequest;
    if (rule.purpose && !this.hasPurpose) return null;
    const met = rule.anyOf.filter((c) => this.callerMeets(c));
    // A party clause (either side's country) is not narrowed in the store: knows() decides on each.
    if (met.some((c) => c.caller === 'any' || c.caller === 'staff' || c.caller === 'party' || c.caller === 'counterparty')) return { all: true };
    const scope: { owner?: string; requester?: CallerIdentity } = {};
    if (met.some((c) => c.caller === 'owner')) scope.owner = this.country;
    if (met.some((c) => c.caller === 'requester')) scope.requester = this.caller;
    return scope.owner || scope.requester ? scope : null;
  }

  /** For a write on an existing record: NOT_FOUND when the caller may not know of it, the same answer as for none. */
  requireKnown<T>(subject: Subject, record: T | null, what: string): T {
    if (!record || !this.knows(subject, record)) throw notFound(what);
    return record;
  }

  /** For a write: FORBIDDEN naming the rule unless it grants on the (proposed or existing) record. */
  requireFor(rule: Rule, record: unknown): void {
    if (!this.allows(rule, record)) throw forbidden(rule, this.protocol.version);
  }
}
