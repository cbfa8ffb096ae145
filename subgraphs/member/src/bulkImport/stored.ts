/**
 * What the store held before an import run, as far as the run asks: national references by key
 * and the categories of involvements between records. The first batch asks for its own keys only
 * (a small import into a large store reads little); from the second batch on, each table is read
 * whole, once, and answered from memory: on Kùzu a read by a batch's keys is a hash join that
 * scans the whole table, so per batch it cost more the larger the store grew (issue 11: 1,000,000
 * rows imported at two thirds the speed of 100,000).
 *
 * Only valid for records this run has not written: the importer asks about a reference only when
 * the run has not settled it, and about an involvement only between records it did not create and
 * that no earlier row of the run involved, so its own writes never make the copy stale.
 */
import type { InvolvementRecord } from '../records';
import { allInvolvementCategories, allNationalReferences, involvementsBetween, nationalReferences, type NationalReference } from '../upkeep/repository';
import type { Transaction } from '@enlace/store';

type Runner = Pick<Transaction, 'run'>;

export class StoredRecords {
  private batches = 0;
  /** Key → `<record id> <hash>`: one string an entry (an object with its own strings cost about twice as much). */
  private references: Map<string, string> | undefined;
  /** `<person id> <case id>` → its category (the few categories' strings shared). */
  private involvements: Map<string, string> | undefined;

  /** Told at the start of each batch: from the second on, the tables are read whole. */
  nextBatch(): void {
    this.batches++;
  }

  private get whole(): boolean {
    return this.batches > 1;
  }

  /** The references among `keys` the store held. */
  async referencesOf(runner: Runner, keys: readonly string[]): Promise<Map<string, NationalReference>> {
    if (!keys.length) return new Map();
    if (!this.whole) return nationalReferences(runner, keys);
    this.references ??= await allNationalReferences(runner);
    const found = new Map<string, NationalReference>();
    for (const key of keys) {
      const packed = this.references.get(key);
      if (packed === undefined) continue;
      const space = packed.indexOf(' ');
      found.set(key, { key, record: packed.slice(0, space), hash: packed.slice(space + 1) });
    }
    return found;
  }

  /** Which of these pairs the store held as involvements, with their categories, by `<person id> <case id>`. */
  async categoriesOf(runner: Runner, pairs: ReadonlyArray<Pick<InvolvementRecord, 'personId' | 'caseId'>>): Promise<Map<string, string>> {
    if (!pairs.length) return new Map();
    if (!this.whole) return new Map((await involvementsBetween(runner, pairs)).map((i) => [`${i.personId} ${i.caseId}`, i.category]));
    this.involvements ??= await allInvolvementCategories(runner);
    const found = new Map<string, string>();
    for (const { personId, caseId } of pairs) {
      const pair = `${personId} ${caseId}`;
      const category = this.involvements.get(pair);
      if (category !== undefined) found.set(pair, category);
    }
    return found;
  }
}
