/**
 * Every write the harness sent, per record, with what came of it: acknowledged
 * (the network answered with what was written), refused (an acceptable refusal:
 * nothing was written) or in doubt (no answer, or an error: it may or may not
 * have been written, e.g. when the process was killed before it answered).
 *
 * What a record may hold when read back: its last acknowledged value, or the
 * value of a write in doubt sent after that one. A value of a write in doubt
 * sent *before* the last acknowledged one means an older request was applied
 * after a newer one was acknowledged (reordered); anything else is a lost write.
 * Each record is written by one writer at a time, so its writes are ordered.
 */
export type RecordKind = 'person' | 'case' | 'request';

export interface Attempt {
  seq: number;
  /** The written fields as canonical JSON. */
  value: string;
  at: number;
}

export interface LedgerEntry {
  kind: RecordKind;
  id: string;
  /** Whose record: the country whose caller reads it back. */
  country: string;
  acked: Attempt | null;
  doubts: Attempt[];
}

export type ReadVerdict = 'acked' | 'in-doubt' | 'reordered' | 'lost';

/** Canonical JSON: keys sorted, so equal values compare equal as strings. */
export function canon(value: Record<string, unknown>): string {
  return JSON.stringify(Object.fromEntries(Object.entries(value).sort(([a], [b]) => a.localeCompare(b))));
}

/** Doubts kept per record (older ones only label a reordering). */
const MAX_DOUBTS = 50;

export class Ledger {
  private seq = 0;
  readonly entries = new Map<string, LedgerEntry>();
  acknowledged = 0;
  inDoubt = 0;
  refused = 0;
  /** Writes sent and not yet answered. */
  inFlight = 0;

  private entry(kind: RecordKind, id: string, country: string): LedgerEntry {
    const key = `${kind} ${id}`;
    let e = this.entries.get(key);
    if (!e) this.entries.set(key, (e = { kind, id, country, acked: null, doubts: [] }));
    return e;
  }

  /** A write about to be sent. */
  begin(kind: RecordKind, id: string, country: string, value: Record<string, unknown>): { entry: LedgerEntry; attempt: Attempt } {
    this.inFlight++;
    return { entry: this.entry(kind, id, country), attempt: { seq: ++this.seq, value: canon(value), at: Date.now() } };
  }

  /** A record created by a write whose answer gave its id (nothing to compare with before). */
  created(kind: RecordKind, id: string, country: string, value: Record<string, unknown>): void {
    const e = this.entry(kind, id, country);
    e.acked = { seq: ++this.seq, value: canon(value), at: Date.now() };
    this.acknowledged++;
  }

  settle(w: { entry: LedgerEntry; attempt: Attempt }, how: 'acked' | 'refused' | 'in-doubt'): void {
    this.inFlight--;
    if (how === 'acked') {
      this.acknowledged++;
      if (!w.entry.acked || w.entry.acked.seq < w.attempt.seq) w.entry.acked = w.attempt;
    } else if (how === 'in-doubt') {
      this.inDoubt++;
      w.entry.doubts.push(w.attempt);
      if (w.entry.doubts.length > MAX_DOUBTS) w.entry.doubts.shift();
    } else {
      this.refused++;
    }
  }

  /** Records with an acknowledged write: what the checks read back. */
  checked(): LedgerEntry[] {
    return [...this.entries.values()].filter((e) => e.acked);
  }
}

/** What a value read back says of the record's writes. */
export function judgeRead(entry: LedgerEntry, read: string): ReadVerdict {
  const acked = entry.acked;
  if (acked && read === acked.value) return 'acked';
  const doubt = entry.doubts.filter((d) => d.value === read);
  if (doubt.some((d) => !acked || d.seq > acked.seq)) return 'in-doubt';
  if (doubt.length) return 'reordered';
  return 'lost';
}
