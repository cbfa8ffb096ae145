/**
 * Reading an export as a stream of rows with their line numbers: CSV through
 * papaparse's parser (quotes, embedded newlines; a byte-order mark is dropped by
 * the decoder), NDJSON line by line, and a JSON array (read whole: use NDJSON for
 * large exports). Rows come in chunks: a promise per row, through two async
 * iterators, cost about a fifth of a large import's main thread. papaparse's
 * parser took about a sixth of csv-parse's time on the same export (1.6 against
 * 9 µs a row of 20 columns).
 */
import { createReadStream, readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { Transform } from 'node:stream';
import Papa from 'papaparse';
import { headerName } from './mapping';
import type { SourceRow } from './readers';

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

/** A row longer than this, still unended, is a quote never closed (no clerk's row is a mebibyte). */
const LONGEST_ROW = 1 << 20;

/** A CSV export's quote is out of place or never closed: the rest of the file would be read as one cell. */
export class MalformedQuote extends Error {}

/** CSV rows, in chunks: columns looked up by name, exactly or else trimmed and without case or accents; a repeated column name gives its first column. */
export async function* csvRows(file: string, options: CsvOptions): AsyncGenerator<SourceRecord[]> {
  const head = await firstBytes(file, 1 << 20);
  const charset = options.encoding === 'latin1' ? 'windows-1252' : isUtf8(head) ? 'utf-8' : 'windows-1252';
  if (charset !== 'utf-8' && options.encoding !== 'latin1') options.onNote?.(`${file} is not UTF-8: read as windows-1252 (Latin-1); set "encoding" in the mapping to say so`);
  const delimiter = options.delimiter ?? sniffDelimiter(new TextDecoder(charset).decode(head));
  if (!options.delimiter) options.onNote?.(`fields separated by ${delimiter === '\t' ? 'tabs' : `"${delimiter}"`} (set "delimiter" in the mapping to choose)`);
  const text = createReadStream(file, { highWaterMark: 1 << 20 }).pipe(crlfToLf()).pipe(decoding(charset));
  let header: string[] | null = null;
  const index = new Map<string, number>();
  const loose = new Map<string, number>();
  const at = (column: string) => index.get(column) ?? loose.get(headerName(column));
  let line = 1; // where the next row starts
  let rest = ''; // the last row of a chunk, perhaps cut: parsed again with the next
  const parse = (input: string, last: boolean): SourceRecord[] => {
    // A new parser each time: Papa.Parser keeps its cursor from one parse to the next.
    const parsed = new Papa.Parser({ delimiter, newline: '\n' }).parse(input, 0, !last) as Papa.ParseResult<string[]>;
    rest = last ? '' : input.slice(parsed.meta.cursor);
    // A quote out of place or never closed makes the parser read on into the next rows as one cell:
    // the rows it swallowed would be lost, so the file is refused at that row (as before: csv-parse threw).
    const quoteError = parsed.errors.find((e) => e.type === 'Quotes' && e.row !== undefined);
    const rows: SourceRecord[] = [];
    for (const [n, record] of parsed.data.entries()) {
      const start = line;
      line += 1 + newlinesIn(record);
      if (record.length === 1 && !record[0].trim()) continue; // an empty line
      if (!header) {
        header = record.map((c) => c.trim());
        header.forEach((c, i) => {
          if (!index.has(c)) index.set(c, i);
          if (!loose.has(headerName(c))) loose.set(headerName(c), i);
        });
        options.onHeader(header);
        continue;
      }
      if (quoteError?.row === n) throw new MalformedQuote(`${file}: line ${start}: a quote is out of place (${quoteError.message.toLowerCase()}), so the cells after it cannot be told apart; quote the cell whole ("a ""quoted"" word") or remove the quote, and run the import again (rows before it are in, and are matched again)`);
      const broken = record.length !== header.length ? `has ${record.length} fields where the header has ${header.length}` : undefined;
      rows.push({ line: start, row: (column) => { const i = at(column); return i === undefined ? undefined : record[i]; }, broken });
    }
    if (rest.length > LONGEST_ROW) throw new MalformedQuote(`${file}: line ${line}: a quoted cell is never closed (more than 1 MiB without its closing quote)`);
    return rows;
  };
  for await (const chunk of text as AsyncIterable<string>) {
    const rows = parse(rest + chunk, false);
    if (rows.length) yield rows;
  }
  const rows = parse(rest, true);
  if (rows.length) yield rows;
}

/** Line breaks inside a row's cells (the row spans that many lines more). */
function newlinesIn(record: readonly string[]): number {
  let n = 0;
  for (const cell of record) for (let i = cell.indexOf('\n'); i !== -1; i = cell.indexOf('\n', i + 1)) n++;
  return n;
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
 * CR LF line ends as LF: the parser is told of one line end, and a CR LF inside a quoted cell
 * would otherwise count as two lines, so every line number after it would be off from what an
 * editor shows. A cell's own
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

/** A stream decoding bytes of `charset` to text, without a byte-order mark (TextDecoder drops it). */
function decoding(charset: string): Transform {
  const decoder = new TextDecoder(charset);
  return new Transform({
    readableObjectMode: true, // strings out, not bytes
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

/** NDJSON rows, in chunks of up to 1,000 lines. */
export async function* ndjsonRows(file: string): AsyncGenerator<SourceRecord[]> {
  let line = 0;
  let rows: SourceRecord[] = [];
  for await (const text of createInterface({ input: createReadStream(file), crlfDelay: Infinity })) {
    line++;
    if (!text.trim()) continue;
    rows.push(ndjsonRow(line, text));
    if (rows.length >= 1000) {
      yield rows;
      rows = [];
    }
  }
  if (rows.length) yield rows;
}

function ndjsonRow(line: number, text: string): SourceRecord {
  let object: unknown;
  try {
    object = JSON.parse(text);
  } catch (err) {
    return { line, row: () => undefined, broken: `is not JSON: ${(err as Error).message}` };
  }
  return { line, row: (column) => valueAt(object, column) };
}

/** A JSON array's rows, in one chunk (the file is read whole). */
export async function* jsonRows(file: string): AsyncGenerator<SourceRecord[]> {
  const array = JSON.parse(readFileSync(file, 'utf8')) as unknown;
  if (!Array.isArray(array)) throw new Error(`${file}: a JSON export must be an array of objects (or use NDJSON, one object a line)`);
  yield array.map((object, i) => ({ line: i + 1, row: (column: string) => valueAt(object, column) }));
}

/** Lines in a file (a fast count of newlines), for the progress display's total. */
export async function countLines(file: string): Promise<number> {
  let lines = 0;
  for await (const chunk of createReadStream(file) as AsyncIterable<Buffer>) {
    for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) lines++;
  }
  return lines;
}
