/**
 * The sharing protocol as data (schema/protocol/v<N>.json): loading, checking,
 * and a member's tightening of it. A rule grants a read when any of its clauses
 * holds; a clause holds when all of its conditions hold. Nothing else is granted.
 */
import type { GraphQLSchema } from 'graphql';
import { ROLES, type Role } from '@enlace/platform';
import { PROTOCOL_VERSION, protocolDocument, protocolPath } from '../document';
import { ProtocolError, schemaFields } from '../schemaFields';

/** The protocol version this code enforces, and where it lives (one place: @enlace/schema). */
export { PROTOCOL_VERSION, protocolPath };

export const CALLERS = ['any', 'own', 'foreign', 'jit', 'grantee'] as const;
export type CallerCondition = (typeof CALLERS)[number];
export const CATEGORIES = ['SUSPECT', 'ACCUSED', 'CONVICTED', 'VICTIM', 'WITNESS', 'SMUGGLED_MIGRANT', 'CONTACT'] as const;
export const HANDLING_CODES = ['H0', 'H1', 'H2', 'H3'] as const;
/** The legal bases a cooperation request (and so a grant) is made under (the schema's LegalBasis). */
export const LEGAL_BASES = ['DIRECT_COOPERATION', 'MUTUAL_LEGAL_ASSISTANCE', 'JIT_AGREEMENT', 'OTHER_INSTRUMENT'] as const;
export const SUBJECTS = ['Person', 'Case'] as const;
export type Subject = (typeof SUBJECTS)[number];

/** One way of being granted a read: every condition must hold. */
export interface Clause {
  caller: CallerCondition;
  roles?: Role[];
  /** The person is known to be an adult (a date of birth on record, 18 or more). */
  adult?: true;
  /** The person is involved in at least one case, and only in these categories. */
  categories?: string[];
  /** The handling code of the case (for a person: of every case) is one of these. */
  handling?: string[];
  /** The owner has flagged the person for partner networks. */
  flaggedForPartners?: true;
  /** Only with caller 'grantee': the grant was given under one of these legal bases. */
  legalBasis?: string[];
}

export interface RuleDefinition {
  description: string;
  /** The record the record conditions read; a rule without one only looks at the caller. */
  subject?: Subject;
  /** Whether the read needs a stated purpose and case reference. */
  purpose: boolean;
  anyOf: Clause[];
}

export interface ProtocolDocument {
  protocol: string;
  version: number;
  conditions?: Record<string, string>;
  rules: Record<string, RuleDefinition>;
  /** Which rule decides whether a record exists for the caller at all. */
  visibility: Record<Subject, string>;
  /** Which rule decides which persons a hit/no-hit search reports as hits (a Person rule). */
  hits: string;
  /** Type → field → rule name. */
  fields: Record<string, Record<string, string>>;
}

/** A member's tightening of the network's protocol for its own data. */
export interface ProtocolTightening {
  /** The protocol version it was written for (refused when it is not the one enforced). */
  protocol?: number;
  /** Replacement clauses for network rules, each at most as permissive as the network's. */
  rules?: Record<string, { purpose?: boolean; anyOf: Clause[] }>;
  /** A stricter rule for single fields ("Type.field"), at most as permissive as the field's network rule. */
  fields?: Record<string, { purpose?: boolean; anyOf: Clause[] }>;
}

/** A rule as a member enforces it: the network's, or the member's tightening of it. */
export interface EffectiveRule extends RuleDefinition {
  name: string;
  /** Grants every caller without a purpose: the field guard lets it through without a decision. */
  unconditional: boolean;
  /** Set when the member tightened it. */
  tightened: boolean;
}

export interface EffectiveProtocol {
  version: number;
  country: string;
  rules: ReadonlyMap<string, EffectiveRule>;
  /** "Type.field" → rule. */
  fieldRules: ReadonlyMap<string, EffectiveRule>;
  visibility: Readonly<Record<Subject, EffectiveRule>>;
  /** The persons a hit/no-hit search reports as hits. */
  hits: EffectiveRule;
  /** Fields of the schema without a rule: denied by default (and a failing test). */
  uncovered: string[];
  /** The network rules a cooperation grant can open (those with a grantee clause), by name. */
  grantable: ReadonlyMap<string, EffectiveRule>;
}

// ---- reading and checking --------------------------------------------------

const CLAUSE_KEYS = new Set(['caller', 'roles', 'adult', 'categories', 'handling', 'flaggedForPartners', 'legalBasis']);
const PERSON_ONLY = ['adult', 'categories', 'flaggedForPartners'] as const;

function listOf(where: string, value: unknown, allowed: readonly string[]): string[] {
  if (!Array.isArray(value) || !value.length || !value.every((v) => typeof v === 'string' && allowed.includes(v))) {
    throw new ProtocolError(`${where} must be a non-empty list of: ${allowed.join(', ')}`);
  }
  return [...new Set(value as string[])];
}

/** Checks one clause; unknown keys are refused, since a misspelt condition would silently widen a rule. */
export function readClause(where: string, raw: unknown, subject: Subject | undefined): Clause {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new ProtocolError(`${where} must be an object`);
  const c = raw as Record<string, unknown>;
  for (const key of Object.keys(c)) {
    if (!CLAUSE_KEYS.has(key)) throw new ProtocolError(`${where} has an unknown condition "${key}" (known: ${[...CLAUSE_KEYS].join(', ')})`);
  }
  if (!CALLERS.includes(c.caller as CallerCondition)) throw new ProtocolError(`${where}.caller must be one of: ${CALLERS.join(', ')}`);
  const clause: Clause = { caller: c.caller as CallerCondition };
  if (c.roles !== undefined) clause.roles = listOf(`${where}.roles`, c.roles, ROLES) as Role[];
  if (c.adult !== undefined) {
    if (c.adult !== true) throw new ProtocolError(`${where}.adult can only be true (leave it out for any age)`);
    clause.adult = true;
  }
  if (c.categories !== undefined) clause.categories = listOf(`${where}.categories`, c.categories, CATEGORIES);
  if (c.handling !== undefined) clause.handling = listOf(`${where}.handling`, c.handling, HANDLING_CODES);
  if (c.flaggedForPartners !== undefined) {
    if (c.flaggedForPartners !== true) throw new ProtocolError(`${where}.flaggedForPartners can only be true`);
    clause.flaggedForPartners = true;
  }
  if (c.legalBasis !== undefined) {
    if (clause.caller !== 'grantee') throw new ProtocolError(`${where}.legalBasis applies to grantees only (caller "grantee")`);
    clause.legalBasis = listOf(`${where}.legalBasis`, c.legalBasis, LEGAL_BASES);
  }
  const recordConditions = hasRecordConditions(clause) || isRecordCaller(clause);
  if (recordConditions && !subject) throw new ProtocolError(`${where} has conditions on a record, but its rule has no subject (Person or Case)`);
  if (subject === 'Case') {
    for (const key of PERSON_ONLY) if (clause[key] !== undefined) throw new ProtocolError(`${where}.${key} applies to persons only, and this rule's subject is Case`);
  }
  return clause;
}

/** Callers that hold only on some records: a JIT's cases, a grant's records. */
export const isRecordCaller = (c: Clause): boolean => c.caller === 'jit' || c.caller === 'grantee';

export function hasRecordConditions(c: Clause): boolean {
  return c.adult !== undefined || c.categories !== undefined || c.handling !== undefined || c.flaggedForPartners !== undefined;
}

function readRule(name: string, raw: unknown): RuleDefinition {
  const where = `rule "${name}"`;
  if (typeof raw !== 'object' || raw === null) throw new ProtocolError(`${where} must be an object`);
  const r = raw as Record<string, unknown>;
  if (typeof r.description !== 'string' || !r.description.trim()) throw new ProtocolError(`${where} needs a description`);
  if (typeof r.purpose !== 'boolean') throw new ProtocolError(`${where}.purpose must be true or false`);
  if (r.subject !== undefined && !SUBJECTS.includes(r.subject as Subject)) throw new ProtocolError(`${where}.subject must be one of: ${SUBJECTS.join(', ')}`);
  if (!Array.isArray(r.anyOf) || !r.anyOf.length) throw new ProtocolError(`${where}.anyOf must list at least one clause`);
  const subject = r.subject as Subject | undefined;
  return { description: r.description, subject, purpose: r.purpose, anyOf: r.anyOf.map((c, i) => readClause(`${where}.anyOf[${i}]`, c, subject)) };
}

/** Reads and checks a protocol document. */
export function readProtocol(raw: unknown): ProtocolDocument {
  const doc = raw as Partial<ProtocolDocument>;
  if (!doc || doc.protocol !== 'enlace-sharing-protocol' || !Number.isInteger(doc.version)) {
    throw new ProtocolError('Not an Enlace sharing protocol document (expected "protocol": "enlace-sharing-protocol" and an integer "version")');
  }
  const rules: Record<string, RuleDefinition> = {};
  for (const [name, rule] of Object.entries(doc.rules ?? {})) rules[name] = readRule(name, rule);
  for (const subject of SUBJECTS) {
    const name = doc.visibility?.[subject];
    if (!name || !rules[name]) throw new ProtocolError(`visibility.${subject} must name a rule`);
    if (rules[name].subject !== subject) throw new ProtocolError(`visibility.${subject} names rule "${name}", whose subject is not ${subject}`);
  }
  if (!doc.hits || !rules[doc.hits]) throw new ProtocolError('hits must name a rule (which persons hit/no-hit reports as hits)');
  if (rules[doc.hits].subject !== 'Person') throw new ProtocolError(`hits names rule "${doc.hits}", whose subject is not Person`);
  for (const [type, fields] of Object.entries(doc.fields ?? {})) {
    for (const [field, name] of Object.entries(fields)) {
      const rule = rules[name];
      if (!rule) throw new ProtocolError(`${type}.${field} names rule "${name}", which the protocol does not define`);
      if (rule.subject && rule.subject !== type) throw new ProtocolError(`${type}.${field} names rule "${name}", whose subject is ${rule.subject}`);
    }
  }
  return { protocol: doc.protocol, version: doc.version as number, conditions: doc.conditions, rules, visibility: doc.visibility as Record<Subject, string>, hits: doc.hits, fields: doc.fields ?? {} };
}

/** The network's protocol, as committed in schema/protocol/ (checked against its JSON Schema first). */
export function loadProtocol(version = PROTOCOL_VERSION): ProtocolDocument {
  return readProtocol(protocolDocument(version));
}

// ---- what the records carry -----------------------------------------------

export type RecordCondition = 'adult' | 'categories' | 'handling' | 'flaggedForPartners';
export type CarriedConditions = Readonly<Record<Subject, readonly RecordCondition[]>>;

/**
 * The record conditions a member's records carry: a person's date of birth
 * (adult), the partner flag (a column of the store), the categories and
 * handling codes of the person's cases (read with the person by the data
 * layer); a case its own handling code.
 */
export const CARRIED_CONDITIONS: CarriedConditions = {
  Person: ['adult', 'categories', 'handling', 'flaggedForPartners'],
  Case: ['handling'],
};

function requireCarried(where: string, rule: Pick<RuleDefinition, 'subject' | 'anyOf'>, carried: CarriedConditions): void {
  for (const [i, clause] of rule.anyOf.entries()) {
    for (const key of ['adult', 'categories', 'handling', 'flaggedForPartners'] as const) {
      if (clause[key] === undefined) continue;
      if (!rule.subject || !carried[rule.subject].includes(key)) {
        throw new ProtocolError(`${where}.anyOf[${i}] has the condition "${key}", which ${rule.subject ?? 'its'} records of this member do not carry`);
      }
    }
  }
}

// ---- tightening ------------------------------------------------------------

const subset = (a: readonly string[] | undefined, b: readonly string[] | undefined): boolean =>
  b === undefined || (a !== undefined && a.every((x) => b.includes(x)));

/** Whether clause `a` grants at most what clause `b` grants (every caller and record `a` admits, `b` admits). */
export function clauseWithin(a: Clause, b: Clause): boolean {
  const caller = b.caller === 'any' || a.caller === b.caller || (b.caller === 'foreign' && isRecordCaller(a));
  return (
    caller &&
    subset(a.legalBasis, b.legalBasis) &&
    subset(a.roles, b.roles) &&
    (!b.adult || a.adult === true) &&
    subset(a.categories, b.categories) &&
    subset(a.handling, b.handling) &&
    (!b.flaggedForPartners || a.flaggedForPartners === true)
  );
}

/** Why `tight` would loosen `base`, or null when it is at most as permissive. */
export function looseningOf(tight: Pick<RuleDefinition, 'purpose' | 'anyOf'>, base: Pick<RuleDefinition, 'purpose' | 'anyOf'>): string | null {
  if (base.purpose && !tight.purpose) return 'it drops the requirement of a stated purpose and case reference';
  for (const [i, clause] of tight.anyOf.entries()) {
    if (!base.anyOf.some((b) => clauseWithin(clause, b))) {
      return `its clause ${i + 1} (${JSON.stringify(clause)}) grants what no clause of the network's rule grants`;
    }
  }
  return null;
}

const isUnconditional = (r: RuleDefinition): boolean =>
  !r.purpose && r.anyOf.some((c) => c.caller === 'any' && !c.roles && !hasRecordConditions(c));

/** Fields of the schema the protocol has no rule for, and rules the protocol gives to fields the schema lacks. */
export function coverage(doc: ProtocolDocument, schema: GraphQLSchema): { uncovered: string[]; unknown: string[] } {
  const fields = schemaFields(schema);
  const known = new Set(fields.map((f) => f.coordinate));
  const uncovered = fields.filter((f) => !doc.fields[f.type]?.[f.field]).map((f) => f.coordinate);
  const unknown = Object.entries(doc.fields).flatMap(([type, map]) => Object.keys(map).map((f) => `${type}.${f}`)).filter((c) => !known.has(c));
  return { uncovered, unknown };
}

/**
 * The protocol a member enforces: the network's document, with the member's
 * tightening applied. Refuses (throws, so the member does not start) a
 * tightening that loosens anything, names what does not exist, was written for
 * another version, or would make a non-null field deniable.
 */
export function compileProtocol(options: {
  country: string;
  schema: GraphQLSchema;
  document?: ProtocolDocument;
  tightening?: ProtocolTightening | null;
  /** The record conditions the member's records carry (default: what its store and data layer hold). */
  carried?: CarriedConditions;
}): EffectiveProtocol {
  const doc = options.document ?? loadProtocol();
  const { country, schema } = options;
  const carried = options.carried ?? CARRIED_CONDITIONS;
  const tightening = options.tightening ?? {};
  const refuse = (message: string): never => {
    throw new ProtocolError(`Member ${country} cannot start: its protocol configuration ${message}. A member may tighten the sharing protocol v${doc.version} for its own data, never loosen it.`);
  };
  if (tightening.protocol !== undefined && tightening.protocol !== doc.version) {
    refuse(`was written for protocol v${tightening.protocol}, and this network enforces v${doc.version}`);
  }
  const { unknown, uncovered } = coverage(doc, schema);
  if (unknown.length) throw new ProtocolError(`The protocol v${doc.version} has rules for fields the member schema lacks: ${unknown.join(', ')}`);

  const rules = new Map<string, EffectiveRule>();
  for (const [name, rule] of Object.entries(doc.rules)) rules.set(name, { ...rule, name, unconditional: isUnconditional(rule), tightened: false });

  const readTight = (where: string, raw: { purpose?: unknown; anyOf?: unknown }, base: EffectiveRule) => {
    if (!raw || typeof raw !== 'object') refuse(`${where} must be an object with "anyOf"`);
    if (raw.purpose !== undefined && typeof raw.purpose !== 'boolean') refuse(`${where}.purpose must be true or false`);
    if (!Array.isArray(raw.anyOf) || !raw.anyOf.length) refuse(`${where}.anyOf must list at least one clause (to deny a read to everyone but the owner, keep only an "own" clause)`);
    let anyOf: Clause[] = [];
    try {
      anyOf = (raw.anyOf as unknown[]).map((c, i) => readClause(`${where}.anyOf[${i}]`, c, base.subject));
    } catch (err) {
      refuse(`is not valid: ${(err as Error).message}`);
    }
    const tight = { purpose: (raw.purpose as boolean | undefined) ?? base.purpose, anyOf };
    const why = looseningOf(tight, base);
    if (why) refuse(`would loosen ${where}: ${why}`);
    return tight;
  };

  for (const [name, raw] of Object.entries(tightening.rules ?? {})) {
    const base = rules.get(name);
    if (!base) refuse(`tightens rule "${name}", which protocol v${doc.version} does not define`);
    const tight = readTight(`rule "${name}"`, raw, base!);
    rules.set(name, { ...base!, ...tight, unconditional: isUnconditional({ ...base!, ...tight }), tightened: true });
  }

  const fieldRules = new Map<string, EffectiveRule>();
  for (const [type, fields] of Object.entries(doc.fields)) {
    for (const [field, name] of Object.entries(fields)) fieldRules.set(`${type}.${field}`, rules.get(name)!);
  }
  for (const [coordinate, raw] of Object.entries(tightening.fields ?? {})) {
    const base = fieldRules.get(coordinate);
    if (!base) refuse(`tightens field "${coordinate}", which has no rule in protocol v${doc.version} (write fields as Type.field)`);
    const tight = readTight(`field ${coordinate} (rule "${base!.name}")`, raw, base!);
    const name = `${base!.name}@${coordinate}`;
    const rule: EffectiveRule = { ...base!, ...tight, name, description: `${base!.description} (tightened by ${country} for ${coordinate})`, tightened: true };
    rule.unconditional = isUnconditional(rule);
    fieldRules.set(coordinate, rule);
  }

  // A condition the records do not carry could never hold, or worse be read from nowhere: refuse it.
  for (const rule of new Set([...rules.values(), ...fieldRules.values()])) requireCarried(`rule "${rule.name}"`, rule, carried);

  // A tightened rule may deny: it must only guard nullable fields, or a denial would wipe out the parent.
  const nonNull = new Set(schemaFields(schema).filter((f) => f.nonNull).map((f) => f.coordinate));
  for (const [coordinate, rule] of fieldRules) {
    if (rule.tightened && !rule.unconditional && nonNull.has(coordinate)) {
      refuse(`tightens ${coordinate} (rule "${rule.name}"), a non-null field that must always be answered`);
    }
  }

  return {
    version: doc.version,
    country,
    rules,
    fieldRules,
    visibility: { Person: rules.get(doc.visibility.Person)!, Case: rules.get(doc.visibility.Case)! },
    hits: rules.get(doc.hits)!,
    uncovered,
    grantable: new Map([...rules].filter(([, r]) => r.anyOf.some((c) => c.caller === 'grantee'))),
  };
}
