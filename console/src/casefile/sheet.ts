/**
 * A record as it leaves the screen for the case file (PDF, CSV): built from the very answer the
 * page shows (no second read that could differ), every field either its owner's value in words as
 * the page shows it, "withheld by <owner>: <the rule's title>" (the FORBIDDEN error at its path) or
 * "not recorded", and with who read it, when, for which purpose and case reference, so the
 * printout itself is accountable.
 * Pure: the PDF and CSV writers and the tests read the same sheet.
 */
import { pathKey, type Withholding } from '../outcome';

/** One value as the owner gave it. */
export type SheetCell =
  | { kind: 'value'; text: string }
  | { kind: 'withheld'; withholding: Withholding }
  | { kind: 'missing' };

export interface SheetField {
  label: string;
  cell: SheetCell;
}

export interface SheetTable {
  columns: string[];
  rows: SheetCell[][];
}

/** A part of the record: labelled fields, a table, or both; `note` says what it is (e.g. whose record). */
export interface SheetSection {
  title: string;
  note?: string;
  fields?: SheetField[];
  table?: SheetTable;
}

/** Who read the record, when and why: on every page of the PDF and every row of the CSV. */
export interface ReadContext {
  /** ISO 8601, when the gateway answered. */
  at: string;
  /** The caller as its token says: country, roles (in words) and subject. */
  by: string;
  purpose: string;
  caseRef: string;
}

export interface Sheet {
  /** "Person: Mateo Quispe Huamán" as the page's title reads. */
  title: string;
  recordId: string;
  owner: string;
  read: ReadContext;
  sections: SheetSection[];
}

type Plain = string | number | boolean | null | undefined | readonly string[];

/** The words a sheet needs besides its labels, in the user's language (recordSheets.ts, sheetWords). */
export interface SheetWords {
  /** "withheld by AR: the person’s identity (…)": the owner and its rule's title (the protocol's words). */
  withheld(w: Withholding): string;
  missing: string;
  yes: string;
  no: string;
  /** When the record was read, as the user's locale writes it (to the second, UTC). */
  readAt(iso: string): string;
}

/** Reads cells out of one answer: a value at a path, or the owner's withholding of it. */
export function cellReader(withheld: ReadonlyMap<string, Withholding>, words: Pick<SheetWords, 'yes' | 'no'>) {
  return (at: readonly (string | number)[], value: Plain, show?: (v: NonNullable<Plain>) => string): SheetCell => {
    const withholding = withheld.get(pathKey(at));
    if (withholding) return { kind: 'withheld', withholding };
    if (value === null || value === undefined || (Array.isArray(value) && value.length === 0)) return { kind: 'missing' };
    if (show) return { kind: 'value', text: show(value) };
    if (typeof value === 'boolean') return { kind: 'value', text: value ? words.yes : words.no };
    return { kind: 'value', text: Array.isArray(value) ? value.join(', ') : String(value) };
  };
}

/** A cell as words: the value, the withholding, or "not recorded". */
export function cellText(cell: SheetCell, words: SheetWords): string {
  if (cell.kind === 'withheld') return words.withheld(cell.withholding);
  if (cell.kind === 'missing') return words.missing;
  return cell.text;
}

/** Every withholding a sheet carries, once per owner and rule: the printout's summary of what it lacks. */
export function withholdingsOf(sheet: Sheet): Withholding[] {
  const seen = new Map<string, Withholding>();
  const note = (cell: SheetCell) => {
    if (cell.kind === 'withheld') seen.set(`${cell.withholding.country} ${cell.withholding.rule}`, cell.withholding);
  };
  for (const s of sheet.sections) {
    s.fields?.forEach((f) => note(f.cell));
    s.table?.rows.forEach((row) => row.forEach(note));
  }
  return [...seen.values()].sort((a, b) => a.country.localeCompare(b.country) || a.rule.localeCompare(b.rule));
}

/** The file name of an export: the record id and the day of the read (ids carry ':', which some systems refuse). */
export const exportName = (sheet: Sheet, extension: 'pdf' | 'csv'): string =>
  `${sheet.recordId.replace(/[^A-Za-z0-9_-]+/g, '-')}_${sheet.read.at.slice(0, 19).replace(/[:T]/g, '-')}.${extension}`;

/** The read's context from the session's caller (its roles in words), purpose and case reference and the answer's time. */
export const readContext = (who: { country: string; roles: readonly string[]; subject: string } | null, purpose: string, caseRef: string, at: string, role: (code: string) => string = (r) => r): ReadContext => ({
  at,
  by: who ? `${who.country} ${who.roles.map(role).join(', ')} (${who.subject})` : '?',
  purpose,
  caseRef,
});
