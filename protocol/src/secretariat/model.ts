/**
 * The secretariat's part of the sharing protocol (the "secretariat" section of
 * schema/protocol/v<N>.json): the same vocabulary as the members' rules (a rule
 * grants when any clause holds, a clause when all its conditions hold), with
 * the caller conditions that make sense for the secretariat's own records.
 * Anything the document does not grant is denied; a misspelt condition or an
 * unknown role is refused at start, since it would silently change a rule.
 */
import type { GraphQLSchema } from 'graphql';
import { ROLES } from '@enlace/platform';
import { PROTOCOL_VERSION, protocolDocument, protocolPath } from '../document';
import { ProtocolError, schemaFields } from '../schemaFields';

/** The protocol version this code enforces, and where it lives (one place: @enlace/schema). */
export { PROTOCOL_VERSION, protocolPath };

export const CALLERS = ['any', 'staff', 'party', 'counterparty', 'requester', 'owner'] as const;
export type CallerCondition = (typeof CALLERS)[number];
/** The secretariat's records that rules look at: named as their GraphQL types. */
export const SUBJECTS = ['JointInvestigationTeam', 'PersonLink', 'CooperationRequest'] as const;
export type Subject = (typeof SUBJECTS)[number];

export interface Clause {
  caller: CallerCondition;
  roles?: string[];
}

export interface Rule {
  name: string;
  description: string;
  /** The record the record conditions (party, counterparty) read. */
  subject?: Subject;
  /** Whether the read or write needs a stated purpose and case reference. */
  purpose: boolean;
  anyOf: Clause[];
}

export interface SecretariatProtocol {
  version: number;
  rules: ReadonlyMap<string, Rule>;
  /** "Type.field" → rule. */
  fieldRules: ReadonlyMap<string, Rule>;
  /** Which rule decides whether a record exists for the caller at all. */
  visibility: Readonly<Record<Subject, Rule>>;
}

const CLAUSE_KEYS = new Set(['caller', 'roles']);
const RECORD_CALLERS: readonly CallerCondition[] = ['party', 'counterparty', 'requester', 'owner'];
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function readClause(where: string, raw: unknown, subject: Subject | undefined): Clause {
  if (!isObject(raw)) throw new ProtocolError(`${where} must be an object`);
  for (const key of Object.keys(raw)) {
    if (!CLAUSE_KEYS.has(key)) throw new ProtocolError(`${where} has an unknown condition "${key}" (known: ${[...CLAUSE_KEYS].join(', ')})`);
  }
  if (!CALLERS.includes(raw.caller as CallerCondition)) throw new ProtocolError(`${where}.caller must be one of: ${CALLERS.join(', ')}`);
  const clause: Clause = { caller: raw.caller as CallerCondition };
  if (RECORD_CALLERS.includes(clause.caller) && !subject) throw new ProtocolError(`${where} names a party to a record, but its rule has no subject`);
  if ((clause.caller === 'requester' || clause.caller === 'owner') && subject !== 'CooperationRequest') {
    throw new ProtocolError(`${where}.caller ${clause.caller} reads a cooperation request: its rule's subject must be CooperationRequest`);
  }
  if (raw.roles !== undefined) {
    const roles = raw.roles;
    if (!Array.isArray(roles) || !roles.length || !roles.every((r) => typeof r === 'string' && (ROLES as readonly string[]).includes(r))) {
      throw new ProtocolError(`${where}.roles must be a non-empty list of: ${ROLES.join(', ')}`);
    }
    clause.roles = [...new Set(roles as string[])];
  }
  return clause;
}

function readRule(name: string, raw: unknown): Rule {
  const where = `secretariat rule "${name}"`;
  if (!isObject(raw)) throw new ProtocolError(`${where} must be an object`);
  if (typeof raw.description !== 'string' || !raw.description.trim()) throw new ProtocolError(`${where} needs a description`);
  if (typeof raw.purpose !== 'boolean') throw new ProtocolError(`${where}.purpose must be true or false`);
  if (raw.subject !== undefined && !SUBJECTS.includes(raw.subject as Subject)) throw new ProtocolError(`${where}.subject must be one of: ${SUBJECTS.join(', ')}`);
  const subject = raw.subject as Subject | undefined;
  if (!Array.isArray(raw.anyOf) || !raw.anyOf.length) throw new ProtocolError(`${where}.anyOf must list at least one clause`);
  return { name, description: raw.description, subject, purpose: raw.purpose, anyOf: raw.anyOf.map((c, i) => readClause(`${where}.anyOf[${i}]`, c, subject)) };
}

const ROOT_TYPES = new Set(['Query', 'Mutation']);

/** Reads and checks the secretariat section of a protocol document. */
export function readSecretariatProtocol(doc: unknown): SecretariatProtocol {
  if (!isObject(doc) || !Number.isInteger(doc.version)) throw new ProtocolError('Not an Enlace sharing protocol document');
  const section = doc.secretariat;
  if (!isObject(section)) throw new ProtocolError(`Protocol v${doc.version} has no "secretariat" section: the secretariat does not start without rules for its records`);
  const rules = new Map<string, Rule>();
  for (const [name, raw] of Object.entries(isObject(section.rules) ? section.rules : {})) rules.set(name, readRule(name, raw));
  const visibility = {} as Record<Subject, Rule>;
  for (const subject of SUBJECTS) {
    const rule = rules.get(String((section.visibility as Record<string, unknown> | undefined)?.[subject]));
    if (!rule || rule.subject !== subject) throw new ProtocolError(`secretariat visibility.${subject} must name a rule whose subject is ${subject}`);
    visibility[subject] = rule;
  }
  const fieldRules = new Map<string, Rule>();
  for (const [type, fields] of Object.entries(isObject(section.fields) ? section.fields : {})) {
    for (const [field, name] of Object.entries(isObject(fields) ? fields : {})) {
      const rule = rules.get(String(name));
      if (!rule) throw new ProtocolError(`secretariat ${type}.${field} names rule "${String(name)}", which the section does not define`);
      // A record rule reads the record it guards: on its own type, or (a write, a lookup) in the resolver.
      if (rule.subject && rule.subject !== type && !ROOT_TYPES.has(type)) {
        throw new ProtocolError(`secretariat ${type}.${field} names rule "${rule.name}", whose subject is ${rule.subject}`);
      }
      fieldRules.set(`${type}.${field}`, rule);
    }
  }
  return { version: doc.version as number, rules, fieldRules, visibility };
}

/** The network's protocol for the secretariat, as committed in schema/protocol/. */
export function loadSecretariatProtocol(version = PROTOCOL_VERSION): SecretariatProtocol {
  return readSecretariatProtocol(protocolDocument(version));
}

/** Every object field of the schema, as "Type.field". */
export const schemaCoordinates = (schema: GraphQLSchema): string[] => schemaFields(schema).map((f) => f.coordinate);

/** Fields of the schema without a rule (denied to everyone), and rules for fields the schema lacks. */
export function coverage(protocol: SecretariatProtocol, schema: GraphQLSchema): { uncovered: string[]; unknown: string[] } {
  const fields = schemaCoordinates(schema);
  const known = new Set(fields);
  return {
    uncovered: fields.filter((f) => !protocol.fieldRules.has(f)),
    unknown: [...protocol.fieldRules.keys()].filter((f) => !known.has(f)),
  };
}
