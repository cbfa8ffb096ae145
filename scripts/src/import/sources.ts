/**
 * Reading an export as a stream of rows with their line numbers: CSV through
 * csv-parse (quotes, embedded newlines, a byte-order mark), NDJSON line by line,
 * and a JSON array (read whole: use NDJSON for large exports).
 */
import { createReadStream, readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { Transform } from 'node:stream';
import { parse } from 'csv-parse';
import { headerName } from './mapping';
import type { SourceRow } from './mapRow';

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

export interface CsvOptions {
  /** The field separator; none: the header line's most frequent of ; , tab | (outside quotes). */
  delimiter?: string;
  /** utf8 (default: a file that is not UTF-8 is read as windows-1252, with a note) or latin1. */
  encoding?: 'utf8' | 'latin1';
  /** Sees the column names first. */
  onHeader: (columns: string[]) => void;
  /** Told what was guessed (the delimiter, the character set). */
  onNote?: (message: string) => void;
}

/** CSV rows: columns looked up by name, exactly or else trimmed and without case or accents; a repeated column name gives its first column. */
export async function* csvRows(file: string, options: CsvOptions): AsyncGenerator<SourceRecord> {
  const head = await firstBytes(file, 1 << 20);
  const charset = options.encoding === 'latin1' ? 'windows-1252' : isUtf8(head) ? 'utf-8' : 'windows-1252';
  if (charset !== 'utf-8' && options.encoding !== 'latin1') options.onNote?.(`${file} is not UTF-8: read as windows-1252 (Latin-1); set "encoding" in the mapping to say so`);
  const delimiter = options.delimiter ?? sniffDelimiter(new TextDecoder(charset).decode(head));
  if (!options.delimiter) options.onNote?.(`fields separated by ${delimiter === '\t' ? 'tabs' : `"${delimiter}"`} (set "delimiter" in the mapping to choose)`);
  const bytes = createReadStream(file).pipe(crlfToLf());
  const input = charset === 'utf-8' ? bytes : bytes.pipe(decoding(charset));
  const parser = input.pipe(parse({ delimiter, bom: true, info: true, relax_column_count: true, skip_empty_lines: true, trim: true }));
  let header: string[] | null = null;
  const index = new Map<string, number>();
  const loose = new Map<string, number>();
  for await (const { record, info } of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
    if (!header) {
      header = record;
      header.forEach((c, i) => {
        if (!index.has(c)) index.set(c, i);
        if (!loose.has(headerName(c))) loose.set(headerName(c), i);
      });
      options.onHeader(header);
      continue;
    }
    const broken = record.length !== header.length ? `has ${record.length} fields where the header has ${header.length}` : undefined;
    yield { line: info.lines, row: (column) => { const i = index.get(column) ?? loose.get(headerName(column)); return i === undefined ? undefined : record[i]; }, broken };
  }
}

async function firstBytes(file: string, n: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of createReadStream(file, { end: n - 1 }) as AsyncIterable<Buffer>) {
    chunks.push(chunk);
    size += chunk.length;
  }
  return Buffer.concat(chunks, size);
}

/** Valid UTF-8, allowing a character cut at the end of the sample. */
function isUtf8(bytes: Buffer): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes, { stream: true });
    return true;
  } catch {
    return false;
  }
}

/** The header line's most frequent candidate separator outside quotes (a comma when none occurs). */
export function sniffDelimiter(text: string): string {
  const counts = new Map<string, number>([[',', 0], [';', 0], ['\t', 0], ['|', 0]]);
  let quoted = false;
  for (const ch of text) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && (ch === '\n' || ch === '\r')) break;
    else if (!quoted && counts.has(ch)) counts.set(ch, counts.get(ch)! + 1);
  }
  const [best, n] = [...counts].reduce((a, b) => (b[1] > a[1] ? b : a));
  return n > 0 ? best : ',';
}

/**
 * CR LF line ends as LF: csv-parse counts a CR LF inside a quoted cell as two lines, so every
 * line number after a multi-line cell would be off from what an editor shows. A cell's own
 * line breaks become spaces anyway (values.ts). Byte-wise: 0x0D is never part of a UTF-8 or
 * windows-1252 character.
 */
function crlfToLf(): Transform {
  let pendingCr = false;
  return new Transform({
    transform(chunk: Buffer, _enc, done) {
      const parts: Buffer[] = [];
      let from = 0;
      if (pendingCr) {
        if (chunk[0] !== 0x0a) parts.push(Buffer.from([0x0d]));
        pendingCr = false;
      }
      for (let i = chunk.indexOf(0x0d); i !== -1; i = chunk.indexOf(0x0d, i + 1)) {
        if (i === chunk.length - 1) {
          parts.push(chunk.subarray(from, i));
          pendingCr = true;
          from = chunk.length;
          break;
        }
        if (chunk[i + 1] === 0x0a) {
          parts.push(chunk.subarray(from, i));
          from = i + 1;
        }
      }
      parts.push(chunk.subarray(from));
      done(null, parts.length === 1 ? parts[0] : Buffer.concat(parts));
    },
    flush(done) {
      done(null, pendingCr ? Buffer.from([0x0d]) : undefined);
    },
  });
}

/** A stream decoding bytes of `charset` to text. */
function decoding(charset: string): Transform {
  const decoder = new TextDecoder(charset);
  return new Transform({
    transform(chunk: Buffer, _enc, done) {
      done(null, decoder.decode(chunk, { stream: true }));
    },
    flush(done) {
      done(null, decoder.decode());
    },
  });
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
