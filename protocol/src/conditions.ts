/**
 * The table of conditions: every condition a clause of the protocol can name,
 * with the three ways it is decided, side by side:
 * - `caller`: whether the caller can meet it at all (decided once per request,
 *   when each rule is narrowed to the caller: most rules end up "allow" or
 *   "deny" there and never look at a record);
 * - `record`: whether it holds on one record (its facts, read with it);
 * - `cypher`: the same test as a condition of the store query for lists, on
 *   the record variable, every value a parameter.
 * RequestAuthz (member/authz.ts), the Cypher compiler (member/cypher.ts) and
 * SecretariatAuthz (secretariat/authz.ts) only walk this table: a rule's
 * decision is found here. The property test (tests/unit/protocol/property.test.ts)
 * checks that `record` and `cypher` agree on a real store for every condition.
 */
import { listToken } from '@enlace/store';
import { CATEGORIES, HANDLING_CODES, type Clause as MemberClause, type EffectiveRule, type Subject as MemberSubject } from './member/model';
import type { Clause as SecretariatClause } from './secretariat/model';
import { sameCaller, type CallerIdentity } from '@enlace/platform';

// ---- the member's conditions ---------------------------------------------------------------

/** What a member's record conditions look at: a person's, or a case's, facts. */
export interface RecordFacts {
  id: string;
  adult: boolean;
  flaggedForPartners: boolean;
  /** Whether the facts of the person's cases below were read with the record (else no clause that looks at them holds). */
  cases: boolean;
  categories: ReadonlySet<string>;
  handling: readonly string[];
  caseIds: readonly string[];
}

/** The caller, as the member's conditions see it (RequestAuthz gives it). */
export interface MemberCaller {
  /** The caller's member state owns the records of this member. */
  readonly own: boolean;
  readonly roles: ReadonlySet<string>;
  /** The case ids of the JIT the request holds for, or null. */
  readonly jitCaseIds: ReadonlySet<string> | null;
  /** Whether a grant holding for this request opens the clause's rule, under the clause's legal bases, on some record. */
  grantOpens(rule: EffectiveRule, clause: MemberClause): boolean;
  /** Whether such a grant opens it on this record (and notes the grant for the audit log). */
  grantOn(rule: EffectiveRule, clause: MemberClause, recordId: string): boolean;
  /** The ids of the records such grants open the rule on (for the store query). */
  grantedRecords(rule: EffectiveRule, clause: MemberClause): string[];
}

/** What a condition's Cypher may use: the record variable, parameters, fresh variable names. */
export interface CypherScope {
  /** `p` for a person, `c` for a case. */
  readonly v: string;
  readonly subject: MemberSubject;
  /** A parameter holding `value` (named once per value); `inSubquery`: used inside an EXISTS. */
  param(value: unknown, inSubquery: boolean): string;
  fresh(prefix: string): string;
  /** The latest date of birth of a known adult, today. */
  readonly adultBornBy: string;
}

export interface MemberCondition {
  /** What the condition means, in the protocol's words (PROTOCOL.md says the same). */
  meaning: string;
  /** Whether the caller can meet it; absent: any caller can. */
  caller?: (clause: MemberClause, who: MemberCaller, rule: EffectiveRule) => boolean;
  /** Whether it holds on a record; absent: it does not look at the record. */
  record?: (clause: MemberClause, facts: RecordFacts, who: MemberCaller, rule: EffectiveRule) => boolean;
  /** The same test in the store query, as conjuncts; absent: nothing to test in the store. */
  cypher?: (clause: MemberClause, at: CypherScope, who: MemberCaller, rule: EffectiveRule) => string[];
}

/** The latest date of birth of a known adult on `day` (ISO dates compare as strings). */
export function adultBornBy(day: string): string {
  const [y, m, d] = day.split('-');
  return `${String(Number(y) - 18).padStart(4, '0')}-${m}-${d}`;
}

/** A person's involvement categories and handling codes: read with the person, else no clause that looks at them holds. */
const needsCases = (f: RecordFacts): boolean => f.cases;

/** The caller conditions (the clause's `caller`), one entry per value. */
export const MEMBER_CALLERS: Readonly<Record<MemberClause['caller'], MemberCondition>> = {
  any: { meaning: 'every authenticated caller' },
  own: { meaning: "the caller's member state owns the record", caller: (_c, who) => who.own },
  foreign: { meaning: 'any caller of another member state', caller: (_c, who) => !who.own },
  jit: {
    meaning: "a foreign caller in an active JIT that holds the record's case (for a person: one of the person's cases), the JIT named as the case reference",
    // A JIT holding no case grants nothing (and its empty list would be no store parameter).
    caller: (_c, who) => who.jitCaseIds !== null && who.jitCaseIds.size > 0,
    record: (_c, f, who) => needsCases(f) && f.caseIds.some((id) => who.jitCaseIds!.has(id)),
    cypher: (_c, at, who) => {
      const ids = [...who.jitCaseIds!].sort();
      if (at.subject === 'Case') return [`${at.v}.id IN ${at.param(ids, false)}`];
      const k = at.fresh('ac');
      return [`EXISTS { MATCH (${at.v})-[:INVOLVED]->(${k}:\`Case\`) WHERE ${k}.id IN ${at.param(ids, true)} }`];
    },
  },
  grantee: {
    meaning: 'a foreign caller holding a cooperation grant of this member on this very record, opening this rule, for the stated purpose and case reference (legalBasis: given under one of these bases)',
    caller: (c, who, rule) => who.grantOpens(rule, c),
    record: (c, f, who, rule) => who.grantOn(rule, c, f.id),
    cypher: (c, at, who, rule) => [`${at.v}.id IN ${at.param(who.grantedRecords(rule, c), false)}`],
  },
};

/** The other conditions of a clause, by key, in the order they are tested. */
export const MEMBER_CONDITIONS: Readonly<Record<Exclude<keyof MemberClause, 'caller'>, MemberCondition>> = {
  roles: {
    meaning: "the caller's token has at least one of these roles",
    caller: (c, who) => c.roles!.some((r) => who.roles.has(r)),
  },
  legalBasis: {
    // Decided with the grantee caller condition: it picks which grants count (MemberCaller.grantOpens/grantOn).
    meaning: 'only with caller grantee: the grant was given under one of these legal bases',
  },
  adult: {
    meaning: 'the person is known to be an adult (a date of birth on record, 18 or more today); an unknown age is a possible minor',
    record: (_c, f) => f.adult,
    cypher: (_c, at) => [`(${at.v}.dateOfBirth IS NOT NULL AND ${at.v}.dateOfBirth <= ${at.param(at.adultBornBy, false)})`],
  },
  flaggedForPartners: {
    meaning: 'the owner has flagged the person for partner networks',
    record: (_c, f) => f.flaggedForPartners,
    cypher: (_c, at) => [`${at.v}.flaggedForPartners = 1`],
  },
  categories: {
    meaning: 'the person is involved in at least one case, and in every case only as one of these categories',
    record: (c, f) => needsCases(f) && f.categories.size > 0 && [...f.categories].every((x) => c.categories!.includes(x)),
    // On the person's own column (caseFactColumns.ts in the member): in some case, and in none as a category not listed.
    cypher: (c, at) => [
      `${at.v}.caseCategories <> ''`,
      ...CATEGORIES.filter((x) => !c.categories!.includes(x)).map((x) => `NOT ${at.v}.caseCategories CONTAINS ${at.param(listToken(x), false)}`),
    ],
  },
  handling: {
    meaning: "the handling code of the case (for a person: of every case the person is involved in) is one of these",
    record: (c, f) => needsCases(f) && f.handling.every((h) => c.handling!.includes(h)),
    // A person: on the person's own column, no case with a code not listed (null: not filled in, no such clause holds).
    cypher: (c, at) =>
      at.subject === 'Case'
        ? [`${at.v}.handlingCode IN ${at.param(c.handling, false)}`]
        : [
          `${at.v}.caseHandling IS NOT NULL`,
          ...HANDLING_CODES.filter((h) => !c.handling!.includes(h)).map((h) => `NOT ${at.v}.caseHandling CONTAINS ${at.param(listToken(h), false)}`),
        ],
  },
};

const MEMBER_KEYS = Object.keys(MEMBER_CONDITIONS) as (keyof typeof MEMBER_CONDITIONS)[];

/** Each clause's entries, worked out once: a clause is decided on every record of a list. */
const entriesOf = new WeakMap<MemberClause, readonly MemberCondition[]>();

/** The entries a clause names: its other conditions in table order, then its caller (a grant is noted only when the rest held). */
export function memberEntries(clause: MemberClause): readonly MemberCondition[] {
  let out = entriesOf.get(clause);
  if (!out) {
    const entries: MemberCondition[] = [];
    for (const key of MEMBER_KEYS) if (clause[key] !== undefined) entries.push(MEMBER_CONDITIONS[key]);
    entries.push(MEMBER_CALLERS[clause.caller]);
    entriesOf.set(clause, (out = entries));
  }
  return out;
}

/** Whether the caller can meet every condition of the clause (on some record). */
export const memberCallerMeets = (clause: MemberClause, who: MemberCaller, rule: EffectiveRule): boolean =>
  memberEntries(clause).every((e) => !e.caller || e.caller(clause, who, rule));

/** Whether every condition of the clause holds on the record (the caller side decided already). */
export const memberRecordHolds = (clause: MemberClause, facts: RecordFacts, who: MemberCaller, rule: EffectiveRule): boolean =>
  memberEntries(clause).every((e) => !e.record || e.record(clause, facts, who, rule));

/** Whether the clause looks at the record at all (else it grants whoever meets its caller side). */
export const looksAtRecord = (clause: MemberClause): boolean => memberEntries(clause).some((e) => !!e.record);

/** The clause as a store condition on the record variable. */
export function memberClauseCypher(clause: MemberClause, at: CypherScope, who: MemberCaller, rule: EffectiveRule): string {
  const parts = memberEntries(clause).flatMap((e) => e.cypher?.(clause, at, who, rule) ?? []);
  return parts.length ? `(${parts.join(' AND ')})` : 'true';
}

// ---- the secretariat's conditions ----------------------------------------------------------

/** What the secretariat's rules look at on a record. */
export interface SecretariatFacts {
  /** The member states party to it: a team's member countries, a link's two owners. */
  parties: readonly string[];
  /** The parties that have agreed: a team's agreeing countries, a link's proposer and confirmer. */
  agreed: readonly string[];
  /** A cooperation request's owner and requester (the `owner` and `requester` conditions). */
  owner?: string;
  requester?: CallerIdentity;
}

export interface SecretariatCaller {
  readonly country: string;
  readonly roles: ReadonlySet<string>;
  /** Secretariat staff: the secretariat's own country code with the role secretariat. */
  readonly staff: boolean;
  /** The secretariat itself (never a party). */
  readonly secretariat: boolean;
  readonly identity: CallerIdentity;
}

export interface SecretariatCondition {
  meaning: string;
  caller?: (clause: SecretariatClause, who: SecretariatCaller) => boolean;
  /** `facts` null: the record could not be read as one of the rule's subject (no record condition holds). */
  record?: (clause: SecretariatClause, facts: SecretariatFacts | null, who: SecretariatCaller) => boolean;
}

/** The secretariat's caller conditions; its store queries are narrowed by SecretariatAuthz.scope, not compiled. */
export const SECRETARIAT_CALLERS: Readonly<Record<SecretariatClause['caller'], SecretariatCondition>> = {
  any: { meaning: 'every authenticated caller' },
  staff: { meaning: 'secretariat staff (country XS, role secretariat)', caller: (_c, who) => who.staff },
  party: {
    meaning: "the caller's member state is party to the record (a team's member, a link's owner, a request's owner or requester)",
    caller: (_c, who) => !who.secretariat,
    record: (_c, f, who) => !!f && f.parties.includes(who.country),
  },
  counterparty: {
    meaning: "the caller's member state is party to the record and has not agreed yet",
    caller: (_c, who) => !who.secretariat,
    record: (_c, f, who) => !!f && f.parties.includes(who.country) && !f.agreed.includes(who.country),
  },
  owner: {
    meaning: "the caller's member state owns the records a cooperation request asks for",
    caller: (_c, who) => !who.secretariat,
    record: (_c, f, who) => !!f?.owner && f.owner === who.country,
  },
  requester: {
    meaning: 'the caller is the very one who made the cooperation request (same issuer, subject and country)',
    record: (_c, f, who) => !!f?.requester && sameCaller(f.requester, who.identity),
  },
};

export const SECRETARIAT_CONDITIONS: Readonly<Record<Exclude<keyof SecretariatClause, 'caller'>, SecretariatCondition>> = {
  roles: { meaning: "the caller's token has at least one of these roles", caller: (c, who) => c.roles!.some((r) => who.roles.has(r)) },
};

function secretariatEntries(clause: SecretariatClause): SecretariatCondition[] {
  return [...(clause.roles ? [SECRETARIAT_CONDITIONS.roles] : []), SECRETARIAT_CALLERS[clause.caller]];
}

export const secretariatCallerMeets = (clause: SecretariatClause, who: SecretariatCaller): boolean =>
  secretariatEntries(clause).every((e) => !e.caller || e.caller(clause, who));

export const secretariatHolds = (clause: SecretariatClause, facts: SecretariatFacts | null, who: SecretariatCaller): boolean =>
  secretariatCallerMeets(clause, who) && secretariatEntries(clause).every((e) => !e.record || e.record(clause, facts, who));
