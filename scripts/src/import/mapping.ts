/**
 * A mapping file: which column of a national export fills which Enlace field,
 * and how to read what clerks wrote there: "unknown" markers, date formats with
 * month names, one name column split into family and given names, code tables
 * (shared, one code to several values, a default), and the rules that key a
 * person. Optional sections read what a row says besides its person and case:
 * the person's account, a transfer and a route observation of the case. `loadMapping` refuses a mapping that cannot work before any row is
 * read; `rowMapper` (mapRow.ts) applies it to rows.
 */
import { readFileSync } from 'node:fs';
import { ENUMS, MODUS_OPERANDI, TRANSFER_DIRECTIONS } from '@enlace/member';
import { normaliseText } from '@enlace/store';
import { checkDateFormat } from './dates';
import { checkKeyRule, type KeyRule } from './keys';
import { NAME_PATTERNS, type NamePattern } from './names';
import type { Target } from './values';

/** How one field is read: a column name, or a spec. */
export type FieldSpec = string | {
  /** The column (CSV header name; JSON: the key, `a.b` for a nested one). */
  column?: string;
  /** A fixed value for every row instead of a column. */
  value?: string;
  /** List fields: the separator in the cell. */
  split?: string;
  /** Source code → Enlace value(s): a table, or the name of one in `tables`. */
  values?: string | Record<string, Target>;
  /** For a code the table does not list: this value instead of a rejection (each row that took it is reported). */
  default?: Target;
  /** Markers that mean "unknown" in this column, besides the mapping's `unknown`. */
  unknown?: string[];
  /** Date formats of this column, instead of the mapping's `dateFormats`. */
  formats?: string[];
  /** Names: "title" recases names written all in capitals (the default for names), "keep" leaves them. */
  case?: 'title' | 'keep';
  /** transfer.amount: the decimal separator the export writes ("." by default); the other one groups thousands. */
  decimal?: '.' | ',';
};

/** A place: its country (an ISO code, or a name a table turns into one) and its locality. */
export interface PlaceSpec {
  country?: FieldSpec;
  locality?: FieldSpec;
}

/** One column holding a whole name. */
export interface NameSpec {
  column: string;
  pattern: NamePattern;
  /** Without a comma and in one case throughout, how many words are family names (default 2). */
  familyWords?: number;
}

export interface Mapping {
  format?: 'csv' | 'json' | 'ndjson';
  delimiter?: string;
  /** The file's character set: utf8 (default; a file that is not UTF-8 is read as windows-1252, with a warning) or latin1. */
  encoding?: 'utf8' | 'latin1';
  /** How dates are written, tried in order (dates.ts). ISO dates are always accepted. */
  dateFormats?: string[];
  /** Markers that mean "unknown" in any column (`s/d`, `N/A`, `sin dato`): such a cell reads as empty. */
  unknown?: string[];
  /** Value tables shared between fields, by name. */
  tables?: Record<string, Record<string, Target>>;
  person: Record<string, FieldSpec> & { documents?: Array<Record<string, FieldSpec>>; name?: NameSpec; key?: KeyRule[] };
  case: Record<string, FieldSpec>;
  involvement: { category: FieldSpec };
  /** The row's person's account (its holder). */
  account?: Record<string, FieldSpec>;
  /** A transfer recorded in the row's case, from (or to) the person's account; `counterparty`: the account at the other end. */
  transfer?: Record<string, FieldSpec> & { counterparty?: Record<string, FieldSpec> };
  /** A route observation of the row's case: `origin`, `transit` (lists, paired by position) and `destination` places. */
  route?: Record<string, FieldSpec> & { origin?: PlaceSpec; transit?: PlaceSpec; destination?: PlaceSpec };
}

export const PERSON_FIELDS = ['nationalId', 'givenNames', 'familyNames', 'aliases', 'sex', 'dateOfBirth', 'nationalities'];
export const DOCUMENT_FIELDS = ['type', 'number', 'issuingCountry'];
// The coded modus operandi last: optional, each usually with a `values` table from the source's codes to the enum.
export const CASE_FIELDS = [
  'reference', 'offences', 'status', 'openedOn', 'closedOn', 'summary', 'handlingCode', 'handlingConditions', 'sourceReliability', 'informationAccuracy',
  'recruitment', 'transport', 'documentFraud', 'payment', 'exploitation',
];
export const ACCOUNT_FIELDS = ['institution', 'institutionCountry', 'identifierType', 'identifier'];
export const TRANSFER_FIELDS = ['reference', 'amount', 'currency', 'date', 'channel', 'direction'];
export const PLACE_FIELDS = ['country', 'locality'];
export const ROUTE_PLACES = ['origin', 'transit', 'destination'];
export const ROUTE_FIELDS = ['routeCode', 'modusOperandi', 'activeFrom', 'activeTo', ...Object.keys(MODUS_OPERANDI)];
export const LIST_FIELDS = new Set(['person.aliases', 'person.nationalities', 'case.offences', 'route.transit.country', 'route.transit.locality']);
export const DATE_FIELDS = new Set(['person.dateOfBirth', 'case.openedOn', 'case.closedOn', 'transfer.date', 'route.activeFrom', 'route.activeTo']);
export const NAME_FIELDS = new Set(['person.givenNames', 'person.familyNames', 'person.aliases']);
/** Fields every row needs: a column mapped to them must be in the export (the person's key and name are checked on their own). */
export const REQUIRED_FIELDS = new Set([
  'case.reference', 'case.offences', 'case.status', 'case.openedOn', 'case.summary', 'case.handlingCode', 'involvement.category',
]);
/** Fields an optional section needs when the mapping has it: they must be mapped, and their columns be in the export. */
export const SECTION_REQUIRED_FIELDS = new Set([
  'account.institution', 'account.identifierType', 'account.identifier', 'transfer.amount', 'transfer.date', 'transfer.channel',
  'route.routeCode', 'route.origin.country', 'route.destination.country', 'route.transport',
]);
/** The Enlace values a coded field takes: a table's targets are checked against them. */
const CODED: Record<string, readonly string[]> = {
  'person.sex': ENUMS.Sex, 'document.type': ENUMS.DocumentType, 'case.offences': ENUMS.Offence, 'case.status': ENUMS.CaseStatus,
  'case.handlingCode': ENUMS.HandlingCode, 'case.sourceReliability': ENUMS.SourceReliability, 'involvement.category': ENUMS.PersonCategory,
  ...Object.fromEntries(Object.entries(MODUS_OPERANDI).map(([f, values]) => [`case.${f}`, values])),
  ...Object.fromEntries(Object.entries(MODUS_OPERANDI).map(([f, values]) => [`route.${f}`, values])),
  'account.identifierType': ENUMS.AccountIdentifierType, 'transfer.counterparty.identifierType': ENUMS.AccountIdentifierType,
  'transfer.channel': ENUMS.TransferChannel, 'transfer.direction': TRANSFER_DIRECTIONS,
};

export class MappingError extends Error {}

/** Reads and checks a mapping file. */
export function loadMapping(path: string): Mapping {
  let mapping: Mapping;
  try {
    mapping = JSON.parse(readFileSync(path, 'utf8')) as Mapping;
  } catch (err) {
    throw new MappingError(`cannot read the mapping ${path}: ${(err as Error).message}`);
  }
  checkMapping(mapping);
  return mapping;
}

const fail = (message: string): never => {
  throw new MappingError(`mapping: ${message}`);
};

/** The person's key rules (default: the national id alone). */
export const keyRules = (mapping: Mapping): KeyRule[] => mapping.person.key ?? ['nationalId'];

/** Refuses a mapping that cannot work: unknown sections, fields or tables, required fields unmapped, targets that are no Enlace value. */
export function checkMapping(mapping: Mapping): void {
  const known: Record<string, string[]> = { person: [...PERSON_FIELDS, 'documents', 'name', 'key'], case: CASE_FIELDS, involvement: ['category'] };
  for (const [section, fields] of Object.entries(known)) {
    const given = (mapping as unknown as Record<string, Record<string, unknown>>)[section];
    if (!given || typeof given !== 'object') fail(`the section "${section}" is missing`);
    for (const f of Object.keys(given)) if (!f.startsWith('$') && !fields.includes(f)) fail(`${section}.${f} is not an Enlace field (known: ${fields.join(', ')})`);
  }
  for (const field of REQUIRED_FIELDS) if (!specOf(mapping, field)) fail(`${field} must be mapped (a column or a fixed value)`);
  for (const f of mapping.dateFormats ?? []) checkFormat('dateFormats', f);
  if (mapping.encoding && !['utf8', 'latin1'].includes(mapping.encoding)) fail(`encoding "${mapping.encoding}" is not utf8 or latin1`);
  checkName(mapping);
  const rules = keyRules(mapping);
  if (!Array.isArray(rules) || !rules.length) fail('person.key must be a list of rules, e.g. ["nationalId", "document"]');
  for (const rule of rules) {
    const problem = checkKeyRule(rule);
    if (problem) fail(`person.key: ${problem}`);
  }
  if (rules.includes('nationalId') && !mapping.person.nationalId) fail('person.nationalId must be mapped: person.key uses it (or list other rules in person.key)');
  if (rules.includes('document') && !mapping.person.documents?.length) fail('person.documents must be mapped: person.key uses "document"');
  for (const [i, doc] of (mapping.person.documents ?? []).entries()) {
    for (const f of Object.keys(doc)) if (!DOCUMENT_FIELDS.includes(f)) fail(`person.documents[${i}].${f} is not a document field (known: ${DOCUMENT_FIELDS.join(', ')})`);
    for (const f of DOCUMENT_FIELDS) checkSpec(mapping, `person.documents[${i}].${f}`, `document.${f}`, doc[f]);
  }
  for (const f of PERSON_FIELDS) checkSpec(mapping, `person.${f}`, `person.${f}`, mapping.person[f]);
  for (const f of CASE_FIELDS) checkSpec(mapping, `case.${f}`, `case.${f}`, mapping.case[f]);
  checkSpec(mapping, 'involvement.category', 'involvement.category', mapping.involvement.category);
  checkParts(mapping);
}

/** The optional sections: known fields only, the fields each needs mapped, a transfer with an account at one end at least. */
function checkParts(mapping: Mapping): void {
  const section = (name: string, given: unknown, fields: string[], nested: string[] = []): Record<string, unknown> | undefined => {
    if (given === undefined) return undefined;
    if (typeof given !== 'object' || given === null || Array.isArray(given)) fail(`${name} must be an object of fields`);
    const known = [...fields, ...nested];
    for (const f of Object.keys(given as object)) if (!f.startsWith('$') && !known.includes(f)) fail(`${name}.${f} is not an Enlace field (known: ${known.join(', ')})`);
    for (const f of fields) checkSpec(mapping, `${name}.${f}`, `${name}.${f}`, (given as Record<string, FieldSpec | undefined>)[f]);
    return given as Record<string, unknown>;
  };
  section('account', mapping.account, ACCOUNT_FIELDS);
  const transfer = section('transfer', mapping.transfer, TRANSFER_FIELDS, ['counterparty']);
  if (transfer) section('transfer.counterparty', transfer.counterparty, ACCOUNT_FIELDS);
  const route = section('route', mapping.route, ROUTE_FIELDS, ROUTE_PLACES);
  for (const place of ROUTE_PLACES) if (route) section(`route.${place}`, route[place], PLACE_FIELDS);
  for (const field of SECTION_REQUIRED_FIELDS) {
    if (specOf(mapping, field.split('.')[0] as string) && !specOf(mapping, field)) fail(`${field} must be mapped: the section ${field.split('.')[0]} needs it`);
  }
  if (mapping.transfer && !mapping.account && !mapping.transfer.counterparty) fail('transfer: a transfer needs an account at one end: map the section account (the person\'s) or transfer.counterparty');
  if (mapping.transfer?.amount && typeof mapping.transfer.amount === 'object' && mapping.transfer.amount.decimal !== undefined && !['.', ','].includes(mapping.transfer.amount.decimal)) {
    fail('transfer.amount.decimal must be "." or ","');
  }
}

function checkName(mapping: Mapping): void {
  const name = mapping.person.name;
  if (!name) {
    if (!mapping.person.familyNames) fail('person.familyNames must be mapped, or person.name: { "column": …, "pattern": "FAMILY, GIVEN" } for one name column');
    return;
  }
  if (typeof name.column !== 'string' || !name.column) fail('person.name.column must be the column holding whole names');
  if (!NAME_PATTERNS.includes(name.pattern)) fail(`person.name.pattern must be one of ${NAME_PATTERNS.map((p) => `"${p}"`).join(', ')}`);
  if (mapping.person.familyNames || mapping.person.givenNames) fail('person.name fills familyNames and givenNames: map either person.name or those two');
  if (name.familyWords !== undefined && !(Number.isInteger(name.familyWords) && name.familyWords >= 1)) fail('person.name.familyWords must be a whole number of 1 or more');
}

function checkFormat(where: string, format: unknown): void {
  const problem = typeof format === 'string' ? checkDateFormat(format) : 'is not text';
  if (problem) fail(`${where}: ${problem}`);
}

/** One field's spec: its table exists, its targets are Enlace values, a field that takes one value is not given several. */
function checkSpec(mapping: Mapping, field: string, coded: string, spec: FieldSpec | undefined): void {
  if (spec === undefined || typeof spec === 'string') return;
  if (typeof spec !== 'object' || spec === null) fail(`${field} must be a column name or an object`);
  for (const f of spec.formats ?? []) checkFormat(`${field}.formats`, f);
  if (spec.formats && !DATE_FIELDS.has(field)) fail(`${field} is not a date: "formats" does not apply`);
  if (spec.decimal !== undefined && field !== 'transfer.amount') fail(`${field} is not an amount: "decimal" does not apply`);
  const table = tableOf(mapping, field, spec);
  if (!table) return;
  const list = LIST_FIELDS.has(coded);
  const allowed = CODED[coded];
  const check = (what: string, target: Target) => {
    if (Array.isArray(target) && !list) fail(`${field}: ${what} gives ${JSON.stringify(target)}, but ${field} takes one value`);
    for (const t of Array.isArray(target) ? target : [target]) {
      if (allowed && t !== '' && !allowed.includes(t)) fail(`${field}: ${what} gives "${t}", which is not one of ${allowed.join(', ')}`);
    }
  };
  for (const [code, target] of Object.entries(table)) check(`"${code}"`, target);
  if (spec.default !== undefined) check('the default', spec.default);
}

/** A spec's value table: its own, or a shared one by name. */
export function tableOf(mapping: Mapping, field: string, spec: Exclude<FieldSpec, string>): Record<string, Target> | undefined {
  if (typeof spec.values !== 'string') return spec.values;
  const table = mapping.tables?.[spec.values];
  if (!table) fail(`${field}.values names the table "${spec.values}", which "tables" does not have (${Object.keys(mapping.tables ?? {}).join(', ') || 'none'})`);
  return table;
}

/** A field's spec by its dotted name (`case.status`, `route.origin.country`), or a section by its name. */
function specOf(mapping: Mapping, field: string): FieldSpec | undefined {
  let spec: unknown = mapping;
  for (const part of field.split('.')) spec = spec && typeof spec === 'object' ? (spec as Record<string, unknown>)[part] : undefined;
  return spec as FieldSpec | undefined;
}

const columnOfSpec = (spec: FieldSpec | undefined): string | undefined => (typeof spec === 'string' ? spec : spec?.column);

/** Every mapped field with its column, documents as `person.documents[i].<field>`, a whole-name column as person.name. */
export function mappedColumns(mapping: Mapping): Map<string, string> {
  const columns = new Map<string, string>();
  const add = (field: string, spec: FieldSpec | undefined) => {
    const column = columnOfSpec(spec);
    if (column) columns.set(field, column);
  };
  for (const f of PERSON_FIELDS) add(`person.${f}`, mapping.person[f] as FieldSpec | undefined);
  if (mapping.person.name) {
    columns.set('person.name', mapping.person.name.column);
    columns.set('person.familyNames', mapping.person.name.column);
    columns.set('person.givenNames', mapping.person.name.column);
  }
  for (const [i, doc] of (mapping.person.documents ?? []).entries()) for (const f of DOCUMENT_FIELDS) add(`person.documents[${i}].${f}`, doc[f]);
  for (const f of CASE_FIELDS) add(`case.${f}`, mapping.case[f]);
  add('involvement.category', mapping.involvement.category);
  for (const f of ACCOUNT_FIELDS) add(`account.${f}`, mapping.account?.[f]);
  for (const f of TRANSFER_FIELDS) add(`transfer.${f}`, mapping.transfer?.[f]);
  for (const f of ACCOUNT_FIELDS) add(`transfer.counterparty.${f}`, mapping.transfer?.counterparty?.[f]);
  for (const f of ROUTE_FIELDS) add(`route.${f}`, mapping.route?.[f] as FieldSpec | undefined);
  for (const place of ROUTE_PLACES) for (const f of PLACE_FIELDS) add(`route.${place}.${f}`, (mapping.route?.[place] as PlaceSpec | undefined)?.[f as keyof PlaceSpec]);
  return columns;
}

/** The column a validation error's field came from: `case.offences[2]` → the column of case.offences, `route.transit[1].country` → of route.transit.country. */
export function columnOf(columns: Map<string, string>, field: string): string | null {
  for (let f = field; ; ) {
    const column = columns.get(f);
    if (column) return column;
    const shorter = f.replace(/\[\d+\]$/, '');
    if (shorter === f) return columns.get(field.replace(/\[\d+\]/g, '')) ?? null;
    f = shorter;
  }
}

/** A header's column names as the lookup compares them: trimmed, without case or accents ("Fecha Nacimiento " is "fecha nacimiento"). */
export const headerName = (column: string): string => normaliseText(column.trim());

/** Mapped columns a CSV header lacks: fatal for a required field (or the name column), otherwise the field is left empty (a warning). */
export function missingColumns(mapping: Mapping, header: readonly string[]): { required: string[]; optional: string[] } {
  const present = new Set(header.map(headerName));
  const missing = new Map<string, string>(); // column → the first field mapped to it
  for (const [field, column] of mappedColumns(mapping)) if (!present.has(headerName(column)) && !missing.has(column)) missing.set(column, field);
  const required = (field: string) =>
    REQUIRED_FIELDS.has(field) || SECTION_REQUIRED_FIELDS.has(field) || field === 'person.name' || field === 'person.familyNames' || (field === 'person.nationalId' && keyRules(mapping).length === 1);
  const list = [...missing].map(([column, field]) => ({ field, text: `${column} (${field})` }));
  return { required: list.filter((m) => required(m.field)).map((m) => m.text), optional: list.filter((m) => !required(m.field)).map((m) => m.text) };
}

/** Column names the header repeats (compared as the lookup compares them). */
export function repeatedColumns(header: readonly string[]): string[] {
  const seen = new Set<string>();
  const repeated = new Set<string>();
  for (const c of header) (seen.has(headerName(c)) ? repeated : seen).add(headerName(c));
  return header.filter((c) => repeated.has(headerName(c)) && repeated.delete(headerName(c)));
}
