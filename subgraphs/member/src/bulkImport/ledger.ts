/**
 * What an import run has settled, kept compact. A run of 1,000,000 rows settles about 700,000
 * persons and cases and 1,000,000 involvements, all remembered to the end (a later row naming
 * one is compared with the first). As a map of objects keyed by strings this took about 200
 * bytes a person or case and 150 an involvement; here a record is its key, its id, a 48-bit
 * fingerprint of its content hash and its line (about 110 bytes), and an involvement two
 * numbers (about 50 bytes). scripts/bench/results/import.md has the measured figures.
 */

/**
 * A copy of a string that keeps nothing it was made from alive. A CSV parser's cells are slices
 * of the chunk of text they were read from (1 MiB), and a key or message joined from them holds
 * those slices: one such string kept to the end of a run keeps its whole chunk, and a run's keys
 * would keep the whole file. What a run keeps (keys, warnings, rejections) goes through this.
 */
export function detached(s: string): string {
  if (s.length < 13) return s; // V8 copies shorter substrings and joins outright
  const copy = `${s} `.slice(0, -1); // the join is flattened into a fresh string first, then cut
  return copy;
}

/** A problem (a warning or a rejected row) whose text keeps nothing of the export alive. */
export const detachedProblem = <T extends { reason: string }>(p: T): T => ({ ...p, reason: detached(p.reason) });

/** A record the run settled: its id, the line whose data it kept, and whether the run created it. */
export interface SettledRecord {
  id: string;
  line: number;
  /** Made by this run: the store holds no involvement of it that the run did not write. */
  created: boolean;
}

/**
 * A content hash's first 48 bits, as a number: two records compare equal by it with a chance
 * of 2^-48 of a false match, which would only leave out a "differs from line N" warning.
 */
export const fingerprint = (hash: string): number => Buffer.from(hash.slice(0, 8), 'base64url').readUIntBE(0, 6);

export class RecordLedger {
  private readonly index = new Map<string, number>();
  private readonly ids: string[] = [];
  private lines = new Float64Array(1024);
  private prints = new Float64Array(1024);
  private createdFlags = new Uint8Array(1024);

  get size(): number {
    return this.ids.length;
  }

  has(key: string): boolean {
    return this.index.has(key);
  }

  /** The record's number in this ledger (what a PairLedger keys on). */
  numberOf(key: string): number | undefined {
    return this.index.get(key);
  }

  get(key: string): SettledRecord | undefined {
    const n = this.index.get(key);
    return n === undefined ? undefined : { id: this.ids[n], line: this.lines[n], created: this.createdFlags[n] === 1 };
  }

  /** Whether the record was settled with this content hash. */
  sameContent(key: string, hash: string): boolean {
    const n = this.index.get(key);
    return n !== undefined && this.prints[n] === fingerprint(hash);
  }

  /** Remembers a record (once: a key settled already keeps its first settlement). */
  add(key: string, record: SettledRecord & { hash: string }): void {
    if (this.index.has(key)) return;
    const n = this.ids.length;
    if (n >= 2 ** 26) throw new Error('one import run settles at most 67,108,864 persons and cases: split the export');
    if (n === this.lines.length) this.grow();
    this.index.set(detached(key), n);
    this.ids.push(record.id);
    this.lines[n] = record.line;
    this.prints[n] = fingerprint(record.hash);
    this.createdFlags[n] = record.created ? 1 : 0;
  }

  private grow(): void {
    const grown = <T extends Float64Array | Uint8Array>(a: T): T => {
      const b = new (a.constructor as new (n: number) => T)(a.length * 2);
      b.set(a);
      return b;
    };
    this.lines = grown(this.lines);
    this.prints = grown(this.prints);
    this.createdFlags = grown(this.createdFlags);
  }
}

/** Involvements the run settled, by the numbers of their person and case in a RecordLedger: their category and line. */
export class PairLedger {
  /** person number × 2^26 + case number → line × 16 + category number. */
  private readonly pairs = new Map<number, number>();
  private readonly categories: string[] = [];

  constructor(private readonly records: RecordLedger) {}

  get(personKey: string, caseKey: string): { category: string; line: number } | undefined {
    const pair = this.pairOf(personKey, caseKey);
    const packed = pair === undefined ? undefined : this.pairs.get(pair);
    return packed === undefined ? undefined : { category: this.categories[packed % 16], line: Math.floor(packed / 16) };
  }

  /** Remembers an involvement whose person and case the RecordLedger holds already. */
  add(personKey: string, caseKey: string, involvement: { category: string; line: number }): void {
    const pair = this.pairOf(personKey, caseKey);
    if (pair === undefined) throw new Error(`an involvement of ${personKey} in ${caseKey} settled before its records`);
    if (this.pairs.has(pair)) return;
    let category = this.categories.indexOf(involvement.category);
    if (category === -1) category = this.categories.push(involvement.category) - 1; // a handful: the PersonCategory enum
    if (category >= 16) throw new Error(`more than 16 involvement categories (${this.categories.join(', ')})`);
    this.pairs.set(pair, involvement.line * 16 + category);
  }

  private pairOf(personKey: string, caseKey: string): number | undefined {
    const p = this.records.numberOf(personKey);
    const c = this.records.numberOf(caseKey);
    return p === undefined || c === undefined ? undefined : p * 2 ** 26 + c;
  }
}
