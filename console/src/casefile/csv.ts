/**
 * A sheet as CSV for the case file (RFC 4180: CRLF, fields quoted when they hold a comma, a quote or
 * a line break, quotes doubled), one row per field or table cell, each row carrying who read it,
 * when, for which purpose and case reference, so a row copied elsewhere still says where it came
 * from. Values are in the user's words as the page shows them (roles, offences, statuses, dates in
 * the locale; a withheld field "withheld by AR: <the rule's title>"); for machines, a withheld row
 * also names the withholding owner and the protocol's rule id (`person.identity`), and the read's
 * time is ISO 8601. Cells starting with = + - @ (or a tab or carriage return) are prefixed with '
 * so that a spreadsheet does not run them as formulas (toCsv, papaparse's escapeFormulae).
 */
import Papa from 'papaparse';
import type { Translate } from '../i18n';
import { cellText, type Sheet, type SheetWords } from './sheet';

export function sheetCsv(sheet: Sheet, words: SheetWords, t: Translate): string {
  const { read } = sheet;
  const header = [t('csvRecord'), t('owner'), t('csvSection'), t('csvRow'), t('csvField'), t('csvValue'), t('csvWithheldBy'), t('csvRule'), t('readAt'), t('readBy'), t('purpose'), t('caseRef')];
  const rows: string[][] = [];
  for (const section of sheet.sections) {
    const title = section.note ? `${section.title} (${section.note})` : section.title;
    const add = (row: string, field: string, cell: Parameters<typeof cellText>[0]) => rows.push([
      sheet.recordId, sheet.owner, title, row, field, cellText(cell, words),
      cell.kind === 'withheld' ? cell.withholding.country : '', cell.kind === 'withheld' ? cell.withholding.rule : '',
      read.at, read.by, read.purpose, read.caseRef,
    ]);
    for (const f of section.fields ?? []) add('', f.label, f.cell);
    section.table?.rows.forEach((cells, i) => cells.forEach((c, j) => add(String(i + 1), section.table!.columns[j] ?? '', c)));
  }
  return toCsv(header, rows);
}

/** A text cell a spreadsheet would run as a formula (papaparse's own pattern stops at a line break, this one does not). */
const FORMULA = /^[=+\-@\t\r]/;

/**
 * Every CSV the console makes (the case file's, the audit log's): RFC 4180 with CRLF, a header row, and
 * cells that would start a formula prefixed with ' (and quoted). Numbers are written as they are.
 */
export function toCsv(fields: readonly string[], rows: ReadonlyArray<ReadonlyArray<string | number | null | undefined>>): string {
  return Papa.unparse({ fields: [...fields], data: rows.map((r) => [...r]) }, { newline: '\r\n', escapeFormulae: FORMULA });
}
