/**
 * Reading an export as a stream of rows with their line numbers: CSV through
 * csv-parse (quotes, embedded newlines, a byte-order mark), NDJSON line by line,
 * and a JSON array (read whole: use NDJSON for large exports).
 */
import { createReadStream, readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { parse } from 'csv-parse';
import type { SourceRow } from './mapping';

export interface SourceRecord {
  /** Where the row is: its line in the file (CSV, NDJSON) or its position in the array (JSON). */
  line: number;
  row: SourceRow;
  /** Set when the row cannot be read as a row at all (a CSV row with the wrong number of fields). */
  broken?: string;
}

export type SourceFormat = 'csv' | 'json' | 'ndjson';

/** The file's extension decides (.csv, .json, .ndjson or .jsonl); otherwise the mapping's format, else CSV. */
export function formatOf(file: string, given?: string): SourceFormat {
  if (/\.(ndjson|jsonl)$/i.test(file)) return 'ndjson';
  if (/\.json$/i.test(file)) return 'json';
  if (/\.csv$/i.test(file)) return 'csv';
  return given === 'json' || given === 'ndjson' ? given : 'csv';
}

/** CSV rows; `onHeader` sees the column names first. */
export async function* csvRows(file: string, delimiter: string, onHeader: (columns: string[]) => void): AsyncGenerator<SourceRecord> {
  const parser = createReadStream(file).pipe(parse({ delimiter, bom: true, info: true, relax_column_count: true, skip_empty_lines: true, trim: true }));
  let header: string[] | null = null;
  let index = new Map<string, number>();
  for await (const { record, info } of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
    if (!header) {
      header = record;
      index = new Map(header.map((c, i) => [c, i]));
      onHeader(header);
      continue;
    }
    const broken = record.length !== header.length ? `has ${record.length} fields where the header has ${header.length}` : undefined;
    yield { line: info.lines, row: (column) => { const i = index.get(column); return i === undefined ? undefined : record[i]; }, broken };
  }
}

const valueAt = (object: unknown, path: string): string | undefined => {
  let v: unknown = object;
  for (const key of path.split('.')) v = v && typeof v === 'object' ? (v as Record<string, unknown>)[key] : undefined;
  if (v === null || v === undefined) return undefined;
  return Array.isArray(v) ? v.join(',') : String(v);
};

export async function* ndjsonRows(file: string): AsyncGenerator<SourceRecord> {
  let line = 0;
  for await (const text of createInterface({ input: createReadStream(file), crlfDelay: Infinity })) {
    line++;
    if (!text.trim()) continue;
    let object: unknown;
    try {
      object = JSON.parse(text);
    } catch (err) {
      yield { line, row: () => undefined, broken: `is not JSON: ${(err as Error).message}` };
      continue;
    }
    yield { line, row: (column) => valueAt(object, column) };
  }
}

export async function* jsonRows(file: string): AsyncGenerator<SourceRecord> {
  const array = JSON.parse(readFileSync(file, 'utf8')) as unknown;
  if (!Array.isArray(array)) throw new Error(`${file}: a JSON export must be an array of objects (or use NDJSON, one object a line)`);
  for (const [i, object] of array.entries()) yield { line: i + 1, row: (column) => valueAt(object, column) };
}

/** Lines in a file (a fast count of newlines), for the progress display's total. */
export async function countLines(file: string): Promise<number> {
  let lines = 0;
  for await (const chunk of createReadStream(file) as AsyncIterable<Buffer>) {
    for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) lines++;
  }
  return lines;
}
