/**
 * The protocol for one request. Cheap by construction:
 * - each rule is first narrowed to the clauses this caller can meet (country,
 *   roles, JIT named), once per request: most rules end up "allow" or "deny"
 *   for the whole request and never look at a record;
 * - what is left is decided once per rule and record, and memoised;
 * - the facts about persons (categories, handling codes of their cases) come
 *   from the request's DataLoaders, so a list of a thousand persons costs two
 *   batched store round trips, not two thousand.
 */
import { GraphQLError, responsePathAsArray, type GraphQLResolveInfo } from 'graphql';
import type { MemberContext } from '../context';
import { isMinor, today } from '../dates';
import type { CaseRecord, PersonRecord } from '../records';
import { JIT_ID, type JitInfo, type JitSource } from './jit';
import { hasRecordConditions, type Clause, type EffectiveProtocol, type EffectiveRule, type Subject } from './model';

/** What the owner's records say that rules look at. */
export interface RecordFacts {
  adult: boolean;
  categories: ReadonlySet<string>;
  handling: readonly string[];
  caseIds: readonly string[];
  flaggedForPartners: boolean;
}

type Narrowed = { kind: 'allow' } | { kind: 'deny' } | { kind: 'record'; clauses: Clause[]; needsJit: boolean };
const ALLOW: Narrowed = { kind: 'allow' };
const DENY: Narrowed = { kind: 'deny' };

export type RecordOf<S extends Subject> = S extends 'Person' ? PersonRecord : CaseRecord;

/** Where a denial belongs: given, graphql-js uses the error as it is instead of wrapping it in another. */
export interface ErrorLocation {
  nodes: GraphQLResolveInfo['fieldNodes'];
  path: ReadonlyArray<string | number>;
}

export function locationOf(info: GraphQLResolveInfo | undefined): ErrorLocation | undefined {
  return info ? { nodes: info.fieldNodes, path: responsePathAsArray(info.path) } : undefined;
}

/**
 * A client error: no stack trace is captured (it is never shown, and a list of
 * a thousand records may carry thousands of denials).
 */
function clientError(message: string, extensions: Record<string, unknown>, at?: ErrorLocation): GraphQLError {
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    return new GraphQLError(message, { extensions, nodes: at?.nodes, path: at?.path });
  } finally {
    Error.stackTraceLimit = limit;
  }
}

export function forbidden(rule: EffectiveRule, version: number, at?: ErrorLocation): GraphQLError {
  return clientError(`Not shared with you under the sharing protocol (rule ${rule.name})`, { code: 'FORBIDDEN', rule: rule.name, protocol: version }, at);
}

export function purposeRequired(rule: EffectiveRule, version: number, at?: ErrorLocation): GraphQLError {
  return clientError(
    'This read is protected: state the purpose (header x-enlace-purpose) and the case reference (header x-enlace-case-ref) of the request',
    { code: 'PURPOSE_REQUIRED', rule: rule.name, protocol: version },
    at,
  );
}

export class RequestAuthz {
  readonly own: boolean;
  readonly hasPurpose: boolean;
  private readonly roles: ReadonlySet<string>;
  /** The case reference, when it names a JIT and the caller is foreign. */
  private readonly jitRef: string | null;
  private jitInfo: Promise<JitInfo | null> | undefined;
  private readonly narrowed = new Map<EffectiveRule, Narrowed>();
  private readonly decisions = new Map<EffectiveRule, Map<string, boolean | Promise<boolean>>>();
  private readonly facts = new Map<string, Promise<RecordFacts>>();

  constructor(
    readonly protocol: EffectiveProtocol,
    private readonly ctx: MemberContext,
    private readonly jits: JitSource | null,
  ) {
    const { caller, purpose, caseRef } = ctx.identity;
    this.own = caller.country === ctx.country;
    this.roles = new Set(caller.roles);
    this.hasPurpose = !!purpose && !!caseRef;
    this.jitRef = !this.own && caseRef && JIT_ID.test(caseRef) ? caseRef : null;
  }

  /** Whether `rule` grants this request the field of `record` (rules without a subject ignore it). */
  allows(rule: EffectiveRule, record: unknown): boolean | Promise<boolean> {
    if (rule.purpose && !this.hasPurpose) return false;
    const n = this.narrow(rule);
    if (n.kind !== 'record') return n.kind === 'allow';
    const id = (record as { id?: unknown } | null)?.id;
    if (typeof id !== 'string') return false;
    let memo = this.decisions.get(rule);
    if (!memo) this.decisions.set(rule, (memo = new Map()));
    const known = memo.get(id);
    if (known !== undefined) return known;
    const decided = this.decide(rule.subject!, n, record as PersonRecord & CaseRecord).then((ok) => {
      memo!.set(id, ok);
      return ok;
    });
    memo.set(id, decided);
    return decided;
  }

  /** The shield's answer for a field: true, or the error that says why not. */
  check(rule: EffectiveRule, record: unknown, at?: ErrorLocation): true | GraphQLError | Promise<true | GraphQLError> {
    if (rule.purpose && !this.hasPurpose) return purposeRequired(rule, this.protocol.version, at);
    const ok = this.allows(rule, record);
    if (typeof ok === 'boolean') return ok || forbidden(rule, this.protocol.version, at);
    return ok.then((granted) => granted || forbidden(rule, this.protocol.version, at));
  }

  /**
   * True when `rule` has already granted this request the field of `record`
   * (a grant for every record of the request, or a decision memoised for this
   * one); undefined when it is still to be decided or was refused.
   */
  granted(rule: EffectiveRule, record: unknown): true | undefined {
    if (rule.purpose && !this.hasPurpose) return undefined;
    const n = this.narrow(rule);
    if (n.kind === 'allow') return true;
    if (n.kind === 'deny') return undefined;
    const id = (record as { id?: unknown } | null)?.id;
    return typeof id === 'string' && this.decisions.get(rule)?.get(id) === true ? true : undefined;
  }

  /** True when every record of this kind exists for the caller and the searched fields are readable on all of them. */
  knowsAll(subject: Subject, searched: readonly string[] = []): boolean {
    const rules = [this.protocol.visibility[subject], ...searched.map((f) => this.protocol.fieldRules.get(f)).filter((r): r is EffectiveRule => !!r)];
    return rules.every((r) => (!r.purpose || this.hasPurpose) && this.narrow(r).kind === 'allow');
  }

  /** Whether the caller may know of the record at all, and read the fields a search matched on. */
  knows<S extends Subject>(subject: S, record: RecordOf<S>, searched: readonly string[] = []): boolean | Promise<boolean> {
    const rules = [this.protocol.visibility[subject], ...searched.map((f) => this.protocol.fieldRules.get(f)).filter((r): r is EffectiveRule => !!r)];
    const results = rules.map((r) => this.allows(r, record));
    if (results.every((r) => typeof r === 'boolean')) return results.every(Boolean);
    return Promise.all(results).then((all) => all.every(Boolean));
  }

  /** False when no record of this kind can exist for the caller (no clause of its visibility rule fits the caller). */
  mayKnowAny(subject: Subject): boolean {
    const rule = this.protocol.visibility[subject];
    return (!rule.purpose || this.hasPurpose) && this.narrow(rule).kind !== 'deny';
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
      if (clause.caller !== 'jit' && !hasRecordConditions(clause)) return ALLOW;
      kept.push(clause);
    }
    if (!kept.length || !rule.subject) return DENY;
    return { kind: 'record', clauses: kept, needsJit: kept.some((c) => c.caller === 'jit') };
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
        return this.jitRef !== null;
    }
  }

  // ---- deciding on a record ----------------------------------------------

  private async decide(subject: Subject, n: Extract<Narrowed, { kind: 'record' }>, record: PersonRecord & CaseRecord): Promise<boolean> {
    const facts = subject === 'Person' ? await this.personFacts(record) : caseFacts(record);
    const jit = n.needsJit ? await this.jit() : null;
    return n.clauses.some((c) => holds(c, facts, jit));
  }

  private personFacts(person: PersonRecord): Promise<RecordFacts> {
    let facts = this.facts.get(person.id);
    if (!facts) {
      facts = (async () => {
        const involvements = await this.ctx.loaders.involvementsByPerson.load(person.id);
        const caseIds = [...new Set(involvements.map((i) => i.caseId))];
        const cases = await this.ctx.loaders.case.loadMany(caseIds);
        return {
          adult: isMinor(person.dateOfBirth) === false,
          categories: new Set(involvements.map((i) => i.category)),
          // A case that cannot be read counts as the most restrictive handling.
          handling: cases.map((c) => (c && !(c instanceof Error) ? c.handlingCode : 'H3')),
          caseIds,
          flaggedForPartners: (person as PersonRecord & { flaggedForPartners?: boolean }).flaggedForPartners === true,
        };
      })();
      this.facts.set(person.id, facts);
    }
    return facts;
  }

  /** The JIT the request names, when this member and the caller's member state are in it and it is active today. */
  private jit(): Promise<JitInfo | null> {
    if (!this.jitInfo) {
      const { caller } = this.ctx.identity;
      this.jitInfo = !this.jitRef || !this.jits
        ? Promise.resolve(null)
        : this.jits.get(this.jitRef, this.ctx.identity).then((jit) => {
            if (!jit || jit.id !== this.jitRef) return null;
            const day = today();
            const active = jit.startsOn <= day && (!jit.endsOn || day <= jit.endsOn);
            const members = jit.memberCountries.includes(caller.country) && jit.memberCountries.includes(this.ctx.country);
            return active && members ? jit : null;
          });
    }
    return this.jitInfo;
  }
}

function caseFacts(c: CaseRecord): RecordFacts {
  return { adult: false, categories: new Set(), handling: [c.handlingCode], caseIds: [c.id], flaggedForPartners: false };
}

function holds(c: Clause, facts: RecordFacts, jit: JitInfo | null): boolean {
  if (c.caller === 'jit' && !(jit && facts.caseIds.some((id) => jit.caseIds.has(id)))) return false;
  if (c.adult && !facts.adult) return false;
  if (c.categories && (!facts.categories.size || [...facts.categories].some((x) => !c.categories!.includes(x)))) return false;
  if (c.handling && facts.handling.some((h) => !c.handling!.includes(h))) return false;
  if (c.flaggedForPartners && !facts.flaggedForPartners) return false;
  return true;
}

// ---- the request's protocol, reachable from the context -------------------

/** Marks a request served without the protocol (benchmarks only). */
export const UNENFORCED = Symbol('protocol not enforced');
/**
 * Where a request's protocol lives on its context. A symbol-keyed property, not
 * a WeakMap on the context object: Apollo Server hands resolvers a shallow copy
 * of the context, which keeps own (symbol) properties.
 */
const AUTHZ = Symbol.for('enlace.member.protocol');
type WithAuthz = { [AUTHZ]?: RequestAuthz | typeof UNENFORCED };

export function attachAuthz(ctx: MemberContext, authz: RequestAuthz | typeof UNENFORCED): void {
  (ctx as MemberContext & WithAuthz)[AUTHZ] = authz;
}

/**
 * The request's protocol; undefined only for a member explicitly started
 * without it. A context without either fails closed.
 */
export function authzOf(ctx: MemberContext): RequestAuthz | undefined {
  const a = (ctx as MemberContext & WithAuthz)[AUTHZ];
  if (a === UNENFORCED) return undefined;
  if (!a) throw new Error('No sharing protocol attached to this request');
  return a;
}
