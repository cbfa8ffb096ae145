/**
 * A mapping file: which column of a national export fills which Enlace field,
 * how lists are split, how the source's codes translate to Enlace's values, and
 * which date formats the export uses. `mapRow` applies it to one source row and
 * says, for every field it filled, which column it came from.
 */
import { readFileSync } from 'node:fs';
import { isIsoDate } from '@enlace/common';
import { normaliseText } from '@enlace/store';

/** A column name, or how to read one (or a fixed value for every row). */
export type FieldSpec = string | { column?: string; value?: string; split?: string; values?: Record<string, string>; formats?: string[] };

export interface Mapping {
  format?: 'csv' | 'json' | 'ndjson';
  delimiter?: string;
  /** How dates are written, tried in order: tokens YYYY, MM (or M), DD (or D), e.g. DD/MM/YYYY. ISO dates are always accepted. */
  dateFormats?: string[];
  person: Record<string, FieldSpec> & { documents?: Array<Record<string, FieldSpec>> };
  case: Record<string, FieldSpec>;
  involvement: { category: FieldSpec };
}

const PERSON_FIELDS = ['nationalId', 'givenNames', 'familyNames', 'aliases', 'sex', 'dateOfBirth', 'nationalities'];
const DOCUMENT_FIELDS = ['type', 'number', 'issuingCountry'];
// The coded modus operandi last: optional, each usually with a `values` table from the source's codes to the enum.
const CASE_FIELDS = [
  'reference', 'offences', 'status', 'openedOn', 'closedOn', 'summary', 'handlingCode', 'handlingConditions', 'sourceReliability', 'informationAccuracy',
  'recruitment', 'transport', 'documentFraud', 'payment', 'exploitation',
];
const LIST_FIELDS = new Set(['person.aliases', 'person.nationalities', 'case.offences']);
const DATE_FIELDS = new Set(['person.dateOfBirth', 'case.openedOn', 'case.closedOn']);
/** Fields every row needs: a column mapped to them must be in the export. */
export const REQUIRED_FIELDS = new Set([
  'person.nationalId', 'person.givenNames', 'person.familyNames', 'case.reference', 'case.offences', 'case.status', 'case.openedOn',
  'case.summary', 'case.handlingCode', 'involvement.category',
]);

export class MappingError extends Error {}

/** Reads and checks a mapping file: unknown sections or fields, and required fields left unmapped, are refused. */
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

export function checkMapping(mapping: Mapping): void {
  const known: Record<string, string[]> = { person: [...PERSON_FIELDS, 'documents'], case: CASE_FIELDS, involvement: ['category'] };
  for (const [section, fields] of Object.entries(known)) {
    const given = (mapping as unknown as Record<string, Record<string, unknown>>)[section];
    if (!given || typeof given !== 'object') throw new MappingError(`mapping: the section "${section}" is missing`);
    for (const f of Object.keys(given)) if (!f.startsWith('$') && !fields.includes(f)) throw new MappingError(`mapping: ${section}.${f} is not an Enlace field (known: ${fields.join(', ')})`);
  }
  for (const field of REQUIRED_FIELDS) if (!specOf(mapping, field)) throw new MappingError(`mapping: ${field} must be mapped (a column or a fixed value)`);
  for (const [i, doc] of (mapping.person.documents ?? []).entries()) {
    for (const f of Object.keys(doc)) if (!DOCUMENT_FIELDS.includes(f)) throw new MappingError(`mapping: person.documents[${i}].${f} is not a document field (known: ${DOCUMENT_FIELDS.join(', ')})`);
  }
}

function specOf(mapping: Mapping, field: string): FieldSpec | undefined {
  const [section, name] = field.split('.');
  return (mapping as unknown as Record<string, Record<string, FieldSpec>>)[section]?.[name];
}

const columnOfSpec = (spec: FieldSpec | undefined): string | undefined => (typeof spec === 'string' ? spec : spec?.column);

/** Every mapped field with its column, documents as `person.documents[i].<field>`. */
export function mappedColumns(mapping: Mapping): Map<string, string> {
  const columns = new Map<string, string>();
  const add = (field: string, spec: FieldSpec | undefined) => {
    const column = columnOfSpec(spec);
    if (column) columns.set(field, column);
  };
  for (const f of PERSON_FIELDS) add(`person.${f}`, mapping.person[f] as FieldSpec | undefined);
  for (const [i, doc] of (mapping.person.documents ?? []).entries()) for (const f of DOCUMENT_FIELDS) add(`person.documents[${i}].${f}`, doc[f]);
  for (const f of CASE_FIELDS) add(`case.${f}`, mapping.case[f]);
  add('involvement.category', mapping.involvement.category);
  return columns;
}

/** The column a validation error's field came from: `case.offences[2]` → the column of case.offences. */
export function columnOf(columns: Map<string, string>, field: string): string | null {
  for (let f = field; ; ) {
    const column = columns.get(f);
    if (column) return column;
    const shorter = f.replace(/\[\d+\]$/, '');
    if (shorter === f) return null;
    f = shorter;
  }
}

/** A problem with a source value, found while mapping it (before validation). */
export class ValueError extends Error {
  constructor(readonly field: string, message: string) {
    super(message);
  }
}

/** Date format tokens: a four-digit year; month and day with or without a leading zero (MM and M, DD and D alike). */
const DATE_TOKENS: Record<string, string> = { YYYY: '(?<y>\\d{4})', MM: '(?<m>\\d{1,2})', M: '(?<m>\\d{1,2})', DD: '(?<d>\\d{1,2})', D: '(?<d>\\d{1,2})' };

function dateParser(formats: readonly string[]): (value: string) => string | null {
  const patterns = formats.map((f) => new RegExp(`^${f.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&').replace(/YYYY|MM|DD|M|D/g, (t) => DATE_TOKENS[t])}$`));
  // Exports repeat dates (a case's on each of its rows): each distinct text is parsed once.
  const known = new Map<string, string | null>();
  return (value) => {
    const hit = known.get(value);
    if (hit !== undefined) return hit;
    const iso = parse(value);
    if (known.size < 200_000) known.set(value, iso);
    return iso;
  };
  function parse(value: string): string | null {
    if (isIsoDate(value)) return value;
    for (const p of patterns) {
      const g = p.exec(value)?.groups;
      if (!g) continue;
      const iso = `${g.y}-${g.m.padStart(2, '0')}-${g.d.padStart(2, '0')}`;
      if (isIsoDate(iso)) return iso;
    }
    return null;
  }
}

/** A source row's values by column name (CSV: the header's names; JSON: the object's keys, dotted for nested ones). */
export type SourceRow = (column: string) => string | undefined;

export interface MappedRow {
  person: Record<string, unknown>;
  documents: Array<Record<string, unknown>>;
  case: Record<string, unknown>;
  category: unknown;
}

/** Applies a mapping to rows; columns the export lacks read as empty (checked once against the header: `missingColumns`). */
export function rowMapper(mapping: Mapping): (row: SourceRow) => MappedRow {
  const parseDate = dateParser(mapping.dateFormats ?? []);
  const formatsOf = (spec: FieldSpec) => (typeof spec === 'object' && spec.formats ? dateParser(spec.formats) : parseDate);
  // Source codes compare without case or accents ("VICTIMA" is "Víctima"); each spec's table is normalised once.
  const tables = new Map<object, Map<string, string>>();
  const tableOf = (values: Record<string, string>) =>
    tables.get(values) ?? tables.set(values, new Map(Object.entries(values).map(([k, v]) => [normaliseText(k), v]))).get(values)!;
  // Each field's reader is built once from its spec: rows only run them (an import maps millions of rows).
  const reader = (field: string, spec: FieldSpec | undefined): ((row: SourceRow) => unknown) => {
    if (spec === undefined) return () => undefined;
    const s = typeof spec === 'string' ? { column: spec } : spec;
    const values = s.values;
    const translate = (v: string): string => {
      if (!values) return v;
      const value = values[v] ?? tableOf(values).get(normaliseText(v));
      if (value === undefined) throw new ValueError(field, `"${v}" is not a value the mapping translates (${Object.keys(values).map((k) => `"${k}"`).join(', ')})`);
      return value;
    };
    const rawOf = (row: SourceRow): string => (s.value ?? (s.column ? row(s.column) : undefined) ?? '').trim();
    if (LIST_FIELDS.has(field)) {
      const split = s.split ?? ',';
      return (row) => {
        const raw = rawOf(row);
        return raw ? raw.split(split).map((v) => v.trim()).filter(Boolean).map(translate) : [];
      };
    }
    const empty = values && '' in values ? values[''] || null : null;
    const parseDate = DATE_FIELDS.has(field) ? formatsOf(spec) : undefined;
    return (row) => {
      const raw = rawOf(row);
      if (!raw) return empty;
      const value = translate(raw);
      if (parseDate) {
        const iso = parseDate(value);
        if (!iso) throw new ValueError(field, `must be a date as ${[...(typeof spec === 'object' && spec.formats ? spec.formats : mapping.dateFormats ?? []), 'YYYY-MM-DD'].join(' or ')} (got "${value}")`);
        return iso;
      }
      if (field === 'case.informationAccuracy') return /^\d+$/.test(value) ? Number(value) : value;
      return value;
    };
  };
  type Readers = Array<[string, (row: SourceRow) => unknown]>;
  const readers = (prefix: string, fields: readonly string[], specs: Record<string, FieldSpec | undefined>): Readers =>
    fields.map((f) => [f, reader(`${prefix}${f}`, specs[f])]);
  const apply = (fields: Readers, row: SourceRow): Record<string, unknown> => {
    const out: Record<string, unknown> = {};
    for (const [f, read] of fields) out[f] = read(row);
    return out;
  };
  const person = readers('person.', PERSON_FIELDS, mapping.person as Record<string, FieldSpec | undefined>);
  const documents = (mapping.person.documents ?? []).map((doc, i) => readers(`person.documents[${i}].`, DOCUMENT_FIELDS, doc));
  const kase = readers('case.', CASE_FIELDS, mapping.case);
  const category = reader('involvement.category', mapping.involvement.category);
  return (row) => ({
    person: apply(person, row),
    documents: documents.map((doc) => apply(doc, row)).filter((d) => d.number !== null && d.number !== undefined), // no number: the person has no such document
    case: apply(kase, row),
    category: category(row),
  });
}

/** Mapped columns a CSV header lacks: fatal for a required field, otherwise the field is left empty (a warning). */
export function missingColumns(mapping: Mapping, header: readonly string[]): { required: string[]; optional: string[] } {
  const present = new Set(header);
  const missing = [...mappedColumns(mapping)].filter(([, column]) => !present.has(column));
  const required = (field: string) => REQUIRED_FIELDS.has(field);
  return {
    required: missing.filter(([field]) => required(field)).map(([field, column]) => `${column} (${field})`),
    optional: missing.filter(([field]) => !required(field)).map(([field, column]) => `${column} (${field})`),
  };
}
