/**
 * CSV as RFC 4180 writes it: a header row, CRLF between records, a field quoted when it holds a
 * comma, a quote, CR or LF, and quotes doubled inside it. A text cell a spreadsheet would read as a
 * formula (starting with = + - @, or a tab or CR that some strip first) is prefixed with `'`, so an
 * exported value ("=HYPERLINK(…)" typed as a purpose by a caller) stays text (OWASP, CSV injection).
 * Numbers are written as they are. Pure: the caller turns the text into a download.
 */
export type Cell = string | number | boolean | null | undefined;

const FORMULA_START = /^[=+\-@\t\r]/;
const NEEDS_QUOTES = /[",\r\n]/;

export function csvCell(value: Cell): string {
  if (value === null || value === undefined) return '';
  if (typeof value !== 'string') return String(value);
  const text = FORMULA_START.test(value) ? `'${value}` : value;
  return NEEDS_QUOTES.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export const csvRow = (cells: readonly Cell[]): string => `${cells.map(csvCell).join(',')}\r\n`;

/** The whole file: header first. A byte order mark leads, so spreadsheet programs read the text as UTF-8 (ñ, ç, —). */
export function csvText(header: readonly string[], rows: readonly (readonly Cell[])[]): string {
  return `\uFEFF${csvRow(header)}${rows.map(csvRow).join('')}`;
}

/** Offers `text` as a file download named `name` (a blob: URL; the page's CSP allows nothing else to be fetched). */
export function download(name: string, text: string, type = 'text/csv;charset=utf-8'): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  document.body.appendChild(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 0);
}
