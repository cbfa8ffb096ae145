/**
 * Applies a mapping to one source row: each field's reader is built once from
 * its spec (an import maps millions of rows), and says, for a value it cannot
 * read, which field and what value it got. What a reader decided for the row
 * without refusing it (a default code taken, a partial date left unknown) is a
 * note, reported as a warning.
 */
import { dateReader, type ReadDate } from './dates';
import {
  CASE_FIELDS, DATE_FIELDS, DOCUMENT_FIELDS, LIST_FIELDS, NAME_FIELDS, PERSON_FIELDS, tableOf, type FieldSpec, type Mapping,
} from './mapping';
import { readableName, splitName } from './names';
import { partsReader, type MappedParts } from './partColumns';
import { cleanText, translator, unknownMarkers } from './values';
import { ValueError, type FieldReaders, type Note, type Reader, type SourceRow } from './readers';

export interface MappedRow extends MappedParts {
  person: Record<string, unknown>;
  documents: Array<Record<string, unknown>>;
  case: Record<string, unknown>;
  category: unknown;
  notes: Note[];
}

/** Lists read item by item, positions kept: the countries and localities of a route's transit places. */
const PAIRED_LISTS = new Set(['route.transit.country', 'route.transit.locality']);

const quoteList = (codes: string[]) => `${codes.slice(0, 12).map((k) => `"${k}"`).join(', ')}${codes.length > 12 ? `, … (${codes.length})` : ''}`;

/** The mapping's readers: a field's unknown markers, table, dates and case, as its spec and the mapping say. */
export function fieldReaders(mapping: Mapping): FieldReaders {
  const globalUnknown = unknownMarkers(mapping.unknown ?? []);
  const defaultDates = dateReader(mapping.dateFormats ?? []);
  const specOf = (spec: FieldSpec) => (typeof spec === 'string' ? { column: spec } : spec);

  const present = (spec: FieldSpec | undefined): ((row: SourceRow) => boolean) => {
    const column = spec === undefined ? undefined : specOf(spec).column;
    if (!column) return () => false;
    const ownUnknown = unknownMarkers(specOf(spec!).unknown ?? []);
    return (row) => {
      const v = cleanText(row(column) ?? '');
      return v !== '' && !globalUnknown(v) && !ownUnknown(v);
    };
  };

  const reader = (field: string, spec: FieldSpec | undefined): Reader => {
    if (spec === undefined) return () => undefined;
    const s = specOf(spec);
    const ownUnknown = unknownMarkers(s.unknown ?? []);
    const isUnknown = (v: string) => globalUnknown(v) || ownUnknown(v);
    const table = tableOf(mapping, field, s);
    const translate = table ? translator(table, s.default) : null;
    const emptyTarget = table && '' in table ? table[''] : undefined;
    const recase = NAME_FIELDS.has(field) && s.case !== 'keep';
    const cell = (row: SourceRow): string => cleanText(s.value ?? (s.column ? row(s.column) : undefined) ?? '');

    /** One source value as Enlace values: translated, or [] for an unknown marker. */
    const values = (v: string, notes: Note[]): string[] => {
      if (!translate) return isUnknown(v) ? [] : [recase ? readableName(v) : v];
      const t = translate(v);
      if (t && !t.defaulted) return t.values;
      if (isUnknown(v)) return [];
      if (!t) throw new ValueError(field, `"${v}" is not a value the mapping translates (${quoteList(Object.keys(table!))})`);
      notes.push({ field, message: `"${v}" is not in the table: took the default ${JSON.stringify(s.default)}` });
      return t.values;
    };

    if (LIST_FIELDS.has(field)) {
      const split = s.split ?? ',';
      if (PAIRED_LISTS.has(field)) {
        // Paired by position with another list (a transit place's country and locality): every item kept in its place, an unknown one null.
        return (row, notes) => {
          const raw = cell(row);
          // A whole cell that is an unknown marker is empty, before any split (`/` would cut `s/d` in two).
          return raw && !isUnknown(raw) ? raw.split(split).map((v) => v.trim()).map((v) => (v ? (values(v, notes)[0] ?? null) : null)) : [];
        };
      }
      return (row, notes) => {
        const raw = cell(row);
        if (!raw || (isUnknown(raw) && !translate?.(raw))) return emptyTarget === undefined ? [] : [emptyTarget].flat().filter(Boolean);
        return [...new Set(raw.split(split).map((v) => v.trim()).filter(Boolean).flatMap((v) => values(v, notes)))];
      };
    }
    const readDate = DATE_FIELDS.has(field) ? (s.formats ? dateReader(s.formats) : defaultDates) : undefined;
    const formats = [...(s.formats ?? mapping.dateFormats ?? []), 'YYYY-MM-DD'].join(' or ');
    return (row, notes) => {
      const raw = cell(row);
      if (!raw) return emptyTarget === undefined || emptyTarget === '' ? null : emptyTarget;
      const [value] = values(raw, notes);
      if (value === undefined) return null;
      if (readDate) return dateOf(field, value, readDate(value), formats, notes);
      if (field === 'case.informationAccuracy') return /^\d+$/.test(value) ? Number(value) : value;
      return value;
    };
  };
  return { reader, present };
}

/** Applies a mapping to rows; columns the export lacks read as empty (checked once against the header: `missingColumns`). */
export function rowMapper(mapping: Mapping): (row: SourceRow) => MappedRow {
  const fieldsRead = fieldReaders(mapping);
  const { reader } = fieldsRead;

  const readers = (prefix: string, fields: readonly string[], specs: Record<string, FieldSpec | undefined>): Array<[string, Reader]> =>
    fields.map((f) => [f, reader(`${prefix}${f}`, specs[f])]);
  const apply = (fields: Array<[string, Reader]>, row: SourceRow, notes: Note[]): Record<string, unknown> => {
    const out: Record<string, unknown> = {};
    for (const [f, read] of fields) out[f] = read(row, notes);
    return out;
  };
  const person = readers('person.', PERSON_FIELDS, mapping.person as Record<string, FieldSpec | undefined>);
  const names = nameReader(mapping, unknownMarkers(mapping.unknown ?? []));
  const parts = partsReader(mapping, fieldsRead);
  const documents = (mapping.person.documents ?? []).map((doc, i) => readers(`person.documents[${i}].`, DOCUMENT_FIELDS, doc));
  const kase = readers('case.', CASE_FIELDS, mapping.case);
  const category = reader('involvement.category', mapping.involvement.category);
  return (row) => {
    const notes: Note[] = [];
    const p = apply(person, row, notes);
    if (p.dateOfBirth instanceof BirthYear) Object.assign(p, { dateOfBirth: null, birthYear: p.dateOfBirth.year });
    if (names) Object.assign(p, names(row));
    return {
      person: p,
      documents: documents.map((doc) => apply(doc, row, notes)).filter((d) => d.number !== null && d.number !== undefined), // no number: no such document
      case: apply(kase, row, notes),
      category: category(row, notes),
      ...parts(row, notes),
      notes,
    };
  };
}

/** A partial date of birth: the date is left unknown and its year kept (the person's `birthYear`). */
class BirthYear {
  constructor(readonly year: number) {}
}

/**
 * A date cell: a whole date, or a partial one: a date of birth keeps its year (which tells the
 * age band where the year alone settles it), another field that needs a whole date refuses it.
 */
function dateOf(field: string, value: string, read: ReadDate, formats: string, notes: Note[]): string | BirthYear | null {
  if (read && 'iso' in read) return read.iso;
  if (read && field === 'person.dateOfBirth') {
    notes.push({ field, message: `"${value}" is a partial date (${read.partial}): the date of birth is left unknown and the year ${read.partial.slice(0, 4)} kept, which gives the age band where the year alone settles it` });
    return new BirthYear(Number(read.partial.slice(0, 4)));
  }
  if (read) throw new ValueError(field, `"${value}" is a partial date (${read.partial}); this field needs a whole date`);
  throw new ValueError(field, `must be a date as ${formats} (got "${value}")`);
}

/** The whole-name column's reader (person.name), if the mapping has one. */
function nameReader(mapping: Mapping, isUnknown: (v: string) => boolean): ((row: SourceRow) => { familyNames: string; givenNames: string }) | null {
  const spec = mapping.person.name;
  if (!spec) return null;
  return (row) => {
    const whole = cleanText(row(spec.column) ?? '');
    if (!whole || isUnknown(whole)) return { familyNames: '', givenNames: '' };
    const split = splitName(whole, spec.pattern, spec.familyWords);
    return { familyNames: readableName(split.familyNames), givenNames: readableName(split.givenNames) };
  };
}
