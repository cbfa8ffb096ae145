/**
 * Records an import matches on a key of its own (accounts, transfers, route
 * observations), kept as national references with a content hash like persons
 * and cases: one the store holds with the same hash is left alone, one with
 * another is rewritten, a new one gets a random id. Within a run the first row
 * naming a key gives its data; a later row giving other data is a warning.
 */
import { hash } from 'node:crypto';
import { newId, type IdKind } from '@enlace/platform';
import type { Transaction } from '@enlace/store';
import { reserveSeq } from '../repository';
import type { NationalReference } from '../upkeep/repository';
import { detached } from './ledger';
import type { Problem } from './rows';

type Runner = Pick<Transaction, 'run'>;

/** The most characters of a national reference's key kept as they are; a longer key is hashed. */
const MAX_KEY = 60;
const digest = (s: string) => hash('sha256', s, 'base64url').slice(0, 22);
/** A reference key: the prefix and the text, or the prefix and the text's digest when that would be long. */
export const boundedKey = (prefix: string, text: string): string => (prefix.length + text.length <= MAX_KEY ? `${prefix}${text}` : `${prefix}#${digest(text)}`);
/** A reference key made of several parts, always hashed (the parts may hold any character). */
export const hashedKey = (prefix: string, parts: readonly string[]): string => `${prefix}${digest(parts.join('\u0000'))}`;

export interface Tally {
  created: number;
  updated: number;
  unchanged: number;
}

export const noTally = (): Tally => ({ created: 0, updated: 0, unchanged: 0 });

/** A record as a row of the batch names it. */
export interface Named<T> {
  key: string;
  hash: string;
  line: number;
  /** How reports name it ("account IBAN AR12…"). */
  label: string;
  data: T;
}

export type Status = 'new' | 'changed' | 'unchanged';

/** A record of the batch, decided: its id (new or the store's), its local number when new, and what to do with it. */
export interface Decided<T> extends Named<T> {
  id: string;
  seq: number;
  status: Status;
}

interface Settled {
  id: string;
  hash: string;
  line: number;
  status: Status;
}

/** Reads the store's references among keys (the importer's StoredRecords). */
export type ReferenceLookup = (keys: readonly string[]) => Promise<Map<string, NationalReference>>;

export class KeyedRecords {
  private readonly settled = new Map<string, Settled>();

  /** kind: the letter of the records' ids and local numbers (A, T, R). */
  constructor(private readonly country: string, private readonly kind: IdKind & ('A' | 'T' | 'R'), private readonly tally: Tally) {}

  /** The id of a record this run settled, or of one of `batch`. */
  idOf(key: string, batch: ReadonlyMap<string, Decided<unknown>>): string | undefined {
    return batch.get(key)?.id ?? this.settled.get(key)?.id;
  }

  /** Whether this run settled the key by creating its record (so the store holds nothing of it that the run did not write). */
  createdInRun(key: string): boolean {
    return this.settled.get(key)?.status === 'new';
  }

  /**
   * The batch's records, decided: a key settled earlier in the run is left as it was (its
   * data compared, a difference reported); the others are compared with the store's references.
   */
  async decide<T>(named: ReadonlyArray<Named<T>>, references: ReferenceLookup, tx: Runner, allocate: boolean, warn: (p: Problem) => void): Promise<Map<string, Decided<T>>> {
    const first = new Map<string, Named<T>>();
    for (const n of named) {
      const earlier = first.get(n.key) ?? this.settled.get(n.key);
      if (!earlier) first.set(n.key, n);
      else if (earlier.hash !== n.hash) warn({ line: n.line, column: null, reason: `${n.label} differs from line ${earlier.line}, whose data was kept` });
    }
    const stored = await references([...first.keys()]);
    const fresh = [...first.keys()].filter((k) => !stored.has(k)).length;
    let seq = allocate && fresh > 0 ? await reserveSeq(tx, this.kind, fresh) : 0;
    const decided = new Map<string, Decided<T>>();
    for (const [key, n] of first) {
      const before = stored.get(key);
      const status: Status = !before ? 'new' : before.hash === n.hash ? 'unchanged' : 'changed';
      decided.set(key, { ...n, id: before?.record ?? newId(this.country, this.kind), seq: before || !allocate ? 0 : seq++, status });
    }
    return decided;
  }

  /** The references a batch's decisions write: new ones, and changed hashes. */
  static references(decided: Iterable<Decided<unknown>>): { created: NationalReference[]; changed: NationalReference[] } {
    const created: NationalReference[] = [];
    const changed: NationalReference[] = [];
    for (const d of decided) {
      if (d.status !== 'unchanged') (d.status === 'new' ? created : changed).push({ key: d.key, record: d.id, hash: d.hash });
    }
    return { created, changed };
  }

  /** Remembers and counts a batch's decisions, once its transaction committed. */
  settle(decided: Iterable<Decided<unknown>>): void {
    for (const d of decided) {
      this.settled.set(detached(d.key), { id: d.id, hash: d.hash, line: d.line, status: d.status });
      this.tally[d.status === 'new' ? 'created' : d.status === 'changed' ? 'updated' : 'unchanged']++;
    }
  }

  /** A record settled as unchanged that the run then changed after all (an account given a holder): counted as updated. */
  promote(key: string): void {
    const s = this.settled.get(key);
    if (s?.status !== 'unchanged') return;
    s.status = 'changed';
    this.tally.unchanged--;
    this.tally.updated++;
  }
}
