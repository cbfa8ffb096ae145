/**
 * The secretariat's protocol for one request: who the caller is (staff, a
 * member state, which roles), whether it stated a purpose, and for each rule
 * and record whether it grants. The facts a rule reads of a record are only
 * which member states are party to it and which of them have agreed.
 */
import type { GraphQLError } from 'graphql';
import {
  callerIdentity, forbidden, notFound, ownerOf, purposeRequired, sameCaller, type CallerIdentity, type ErrorLocation, type RequestIdentity,
} from '@enlace/common';
import type { CooperationRecord } from '../cooperation/record';
import type { CooperationScope } from '../cooperation/repository';
import type { JitRecord, PartyScope, PersonLinkRecord } from '../repository';
import { SECRETARIAT_CODE } from '../storeSchema';
import type { Clause, Rule, SecretariatProtocol, Subject } from './model';

/** What the rules look at on a record. */
export interface RecordFacts {
  /** The member states party to it: a team's member countries, a link's two owners. */
  parties: readonly string[];
  /** The parties that have agreed: a team's agreeing countries, a link's proposer and confirmer. */
  agreed: readonly string[];
  /** A cooperation request's owner and requester (the `owner` and `requester` conditions). */
  owner?: string;
  requester?: CallerIdentity;
}

export function factsOf(subject: Subject, record: unknown): RecordFacts | null {
  if (!record || typeof record !== 'object') return null;
  if (subject === 'JointInvestigationTeam') {
    const j = record as Partial<JitRecord>;
    if (!Array.isArray(j.memberCountries) || !Array.isArray(j.agreements)) return null;
    return { parties: j.memberCountries, agreed: j.agreements.map((a) => a.country) };
  }
  if (subject === 'CooperationRequest') {
    const c = record as Partial<CooperationRecord>;
    if (!c.owner || !c.requester?.issuer || !c.requester.subject || !c.requester.country) return null;
    return { parties: [c.owner, c.requester.country], agreed: [], owner: c.owner, requester: c.requester };
  }
  const l = record as Partial<PersonLinkRecord>;
  const owners = [ownerOf(l.leftId), ownerOf(l.rightId)];
  if (!owners[0] || !owners[1] || !l.proposedBy) return null;
  return { parties: owners as string[], agreed: [l.proposedBy, ...(l.confirmedBy ? [l.confirmedBy] : [])] };
}

export class SecretariatAuthz {
  readonly country: string;
  /** Secretariat staff: the secretariat's own country code with the role secretariat. */
  readonly staff: boolean;
  readonly hasPurpose: boolean;
  /** Who the token names: a cooperation request's requester is matched on all three parts (sameCaller). */
  readonly caller: CallerIdentity;
  private readonly roles: ReadonlySet<string>;

  constructor(
    readonly protocol: SecretariatProtocol,
    identity: Pick<RequestIdentity, 'caller' | 'purpose' | 'caseRef'>,
  ) {
    this.country = identity.caller.country;
    this.caller = callerIdentity(identity.caller);
    this.roles = new Set<string>(identity.caller.roles);
    this.staff = this.country === SECRETARIAT_CODE && this.roles.has('secretariat');
    this.hasPurpose = !!identity.purpose && !!identity.caseRef;
  }

  /** The caller side of a clause: whether it can hold for this caller on some record. */
  private callerMeets(c: Clause): boolean {
    if (c.roles && !c.roles.some((r) => this.roles.has(r))) return false;
    if (c.caller === 'staff') return this.staff;
    // The secretariat is never a party: member countries are validated, and XS is not one.
    if (c.caller === 'party' || c.caller === 'counterparty' || c.caller === 'owner') return this.country !== SECRETARIAT_CODE;
    return true;
  }

  private holds(c: Clause, facts: RecordFacts | null): boolean {
    if (!this.callerMeets(c)) return false;
    if (c.caller === 'party') return !!facts && facts.parties.includes(this.country);
    if (c.caller === 'counterparty') return !!facts && facts.parties.includes(this.country) && !facts.agreed.includes(this.country);
    if (c.caller === 'owner') return !!facts?.owner && facts.owner === this.country;
    if (c.caller === 'requester') return !!facts?.requester && sameCaller(facts.requester, this.caller);
    return true;
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

  /** The shield's answer: true, or PURPOSE_REQUIRED / FORBIDDEN naming the rule. `record` undefined: caller side only. */
  check(rule: Rule, record: unknown, at?: ErrorLocation): true | GraphQLError {
    if (rule.purpose && !this.hasPurpose) return purposeRequired(rule, this.protocol.version, at);
    const ok = record === undefined ? this.mayAny(rule) : this.allows(rule, record);
    return ok || forbidden(rule, this.protocol.version, at);
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
