/**
 * The protocol for one request. Cheap by construction:
 * - each rule is first narrowed to the clauses this caller can meet (country,
 *   roles, JIT named), once per request: most rules end up "allow" or "deny"
 *   for the whole request and never look at a record;
 * - what is left is decided once per rule and record, and memoised; conditions
 *   on the record itself (a known adult) are decided at once;
 * - the facts from a person's cases (categories, handling codes) come through
 *   the request's DataLoaders, read ahead for a whole list (`prepare`): two
 *   batched store round trips for a thousand persons, and every field then
 *   decided without waiting.
 */
import { GraphQLError, responsePathAsArray, type GraphQLResolveInfo } from 'graphql';
import type { MemberContext } from '../context';
import { today } from '@enlace/common';
import { ageOn } from '../dates';
import type { CaseRecord, PersonRecord } from '../records';
import { JIT_ID, type JitInfo, type JitSource } from './jit';
import { hasRecordConditions, type Clause, type EffectiveProtocol, type EffectiveRule, type Subject } from './model';

/** What a record says of itself, that rules look at: read from the record, at once. */
export interface OwnFacts {
  adult: boolean;
  flaggedForPartners: boolean;
}

/** What a record's cases say (for a case: itself): for persons, read through the request's DataLoaders. */
export interface LinkedFacts {
  categories: ReadonlySet<string>;
  handling: readonly string[];
  caseIds: readonly string[];
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

/**
 * The denials of one rule on one field of a query differ only in their path:
 * each is made from a template built once per field of the (cached) query
 * document and rule (message, locations, frozen extensions), with its own path.
 * A list of a thousand records may carry thousands of denials, and building a
 * GraphQLError from scratch costs more than resolving the field.
 */
const denialTemplates = new WeakMap<object, Map<string, GraphQLError>>();

export function forbidden(rule: EffectiveRule, version: number, at?: ErrorLocation): GraphQLError {
  const message = `Not shared with you under the sharing protocol (rule ${rule.name})`;
  const extensions = Object.freeze({ code: 'FORBIDDEN', rule: rule.name, protocol: version });
  if (!at) return clientError(message, extensions);
  let templates = denialTemplates.get(at.nodes);
  if (!templates) denialTemplates.set(at.nodes, (templates = new Map()));
  let template = templates.get(rule.name);
  if (!template) templates.set(rule.name, (template = clientError(message, extensions, { nodes: at.nodes, path: [] })));
  return Object.create(template, { path: { value: at.path, enumerable: true } }) as GraphQLError;
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
  private readonly needs = new Map<Subject, { links: boolean; jit: boolean }>();
  private readonly decisions = new Map<EffectiveRule, Map<string, boolean | Promise<boolean>>>();
  private readonly links = new Map<string, Promise<LinkedFacts>>();
  /** The linked facts already read, for deciding without waiting. */
  private readonly linksReady = new Map<string, LinkedFacts>();
  private readonly today = today();
  private readonly ownRead = new Map<string, OwnFacts>();
  /** The JIT once asked for (null: none holds), undefined before. */
  private jitReady: JitInfo | null | undefined;

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
    // Decided at once when what the clauses look at is already at hand (often the record alone).
    const now = this.decideNow(rule.subject!, n, record as PersonRecord & CaseRecord);
    if (now !== undefined) {
      memo.set(id, now);
      return now;
    }
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

  /** The shield's answer when it is known without waiting (true, or the denial); undefined when it must wait. */
  decided(rule: EffectiveRule, record: unknown, info?: GraphQLResolveInfo): true | GraphQLError | undefined {
    if (rule.purpose && !this.hasPurpose) return purposeRequired(rule, this.protocol.version, locationOf(info));
    const ok = this.allows(rule, record);
    if (ok === true) return true;
    if (ok === false) return forbidden(rule, this.protocol.version, locationOf(info));
    return undefined;
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

  /**
   * Reads ahead, in one batch, what the rules on these records' fields will
   * look at for this caller (a person's cases, the JIT named), so that each
   * field is then decided at once instead of waiting record by record.
   */
  async prepare(subject: Subject, records: ReadonlyArray<{ id: string }>): Promise<void> {
    if (!records.length) return;
    let needs = this.needs.get(subject);
    if (!needs) this.needs.set(subject, (needs = this.computeNeeds(subject)));
    const waits: Array<Promise<unknown>> = [];
    if (needs.jit) waits.push(this.jit());
    if (needs.links && subject === 'Person') for (const r of records) waits.push(this.personLinks(r as PersonRecord));
    if (waits.length) await Promise.all(waits);
  }

  private computeNeeds(subject: Subject): { links: boolean; jit: boolean } {
    const rules = new Set([this.protocol.visibility[subject], ...[...this.protocol.fieldRules.values()].filter((r) => r.subject === subject)]);
    let links = false;
    let jit = false;
    for (const rule of rules) {
      if (rule.purpose && !this.hasPurpose) continue;
      const n = this.narrow(rule);
      if (n.kind !== 'record') continue;
      links ||= n.clauses.some(needsLinks);
      jit ||= n.needsJit;
    }
    return { links, jit };
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

  private ownFacts(subject: Subject, record: PersonRecord & CaseRecord): OwnFacts {
    if (subject === 'Case') return NO_OWN_FACTS;
    let own = this.ownRead.get(record.id);
    if (!own) {
      own = {
        adult: !!record.dateOfBirth && ageOn(record.dateOfBirth, this.today) >= 18,
        flaggedForPartners: (record as PersonRecord & { flaggedForPartners?: boolean }).flaggedForPartners === true,
      };
      this.ownRead.set(record.id, own);
    }
    return own;
  }

  /** The decision if it can be made without waiting, else undefined. */
  private decideNow(subject: Subject, n: Extract<Narrowed, { kind: 'record' }>, record: PersonRecord & CaseRecord): boolean | undefined {
    const own = this.ownFacts(subject, record);
    const linked = subject === 'Case' ? caseLinks(record) : this.linksReady.get(record.id);
    let undecided = false;
    for (const c of n.clauses) {
      if (!holdsOnRecord(c, own)) continue;
      if (!needsLinks(c)) return true;
      if (!linked || (c.caller === 'jit' && this.jitReady === undefined)) {
        undecided = true;
        continue;
      }
      if (holdsOnLinks(c, linked, this.jitReady ?? null)) return true;
    }
    return undecided ? undefined : false;
  }

  private async decide(subject: Subject, n: Extract<Narrowed, { kind: 'record' }>, record: PersonRecord & CaseRecord): Promise<boolean> {
    const own = this.ownFacts(subject, record);
    const linked = subject === 'Case' ? caseLinks(record) : await this.personLinks(record);
    const jit = n.needsJit ? await this.jit() : null;
    return n.clauses.some((c) => holdsOnRecord(c, own) && (!needsLinks(c) || holdsOnLinks(c, linked, jit)));
  }

  private personLinks(person: PersonRecord): Promise<LinkedFacts> {
    let links = this.links.get(person.id);
    if (!links) {
      links = (async () => {
        const involvements = await this.ctx.loaders.involvementsByPerson.load(person.id);
        const caseIds = [...new Set(involvements.map((i) => i.caseId))];
        const cases = await this.ctx.loaders.case.loadMany(caseIds);
        const read: LinkedFacts = {
          categories: new Set(involvements.map((i) => i.category)),
          // A case that cannot be read counts as the most restrictive handling.
          handling: cases.map((c) => (c && !(c instanceof Error) ? c.handlingCode : 'H3')),
          caseIds,
        };
        this.linksReady.set(person.id, read);
        return read;
      })();
      this.links.set(person.id, links);
    }
    return links;
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
      this.jitInfo.then((jit) => (this.jitReady = jit), () => (this.jitReady = null));
    }
    return this.jitInfo;
  }
}

const NO_OWN_FACTS: OwnFacts = { adult: false, flaggedForPartners: false };

function caseLinks(c: CaseRecord): LinkedFacts {
  return { categories: new Set(), handling: [c.handlingCode], caseIds: [c.id] };
}

const needsLinks = (c: Clause): boolean => c.caller === 'jit' || c.categories !== undefined || c.handling !== undefined;

function holdsOnRecord(c: Clause, own: OwnFacts): boolean {
  return (!c.adult || own.adult) && (!c.flaggedForPartners || own.flaggedForPartners);
}

function holdsOnLinks(c: Clause, linked: LinkedFacts, jit: JitInfo | null): boolean {
  if (c.caller === 'jit' && !(jit && linked.caseIds.some((id) => jit.caseIds.has(id)))) return false;
  if (c.categories && (!linked.categories.size || [...linked.categories].some((x) => !c.categories!.includes(x)))) return false;
  if (c.handling && linked.handling.some((h) => !c.handling!.includes(h))) return false;
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
