/**
 * Writes validated rows in batches, each batch one transaction, matching records
 * on the owner's national references (upsert): a record the store holds with the
 * same content hash is left alone, one with another is rewritten, a new one gets a
 * random id (newId). So the same export imported twice changes nothing, an
 * updated export updates, and an interrupted import run again ends where a whole
 * run would have (each batch committed or not at all; its rows are matched again).
 *
 * Within one run the first row of a person or case gives its data (a later row
 * with other data is reported, not applied) and a repeated involvement counts once.
 */
import { newId } from '@enlace/platform';
import type { Store, Transaction } from '@enlace/store';
import type { CaseRecord, DocumentRecord, InvolvementRecord, PersonRecord } from '../records';
import { insertCases, insertDocuments, insertInvolvements, insertPersons, reserveSeq } from '../repository';
import { batchCaseFactColumns } from '../caseFactColumns';
import {
  caseReferenceKey, insertNationalReferences, personReferenceKey, replaceDocuments, setInvolvementCategories, setNationalReferenceHashes,
  updateCases, updateCasesModusOperandi, updatePersons, type NationalReference,
} from '../upkeep/repository';
import { caseHash, personHash, type ImportRow, type Problem } from './rows';
import { detachedProblem, PairLedger, RecordLedger, type SettledRecord } from './ledger';
import { StoredRecords } from './stored';
import { FinanceImport, financeWritten, plannedFinance, type FinancePlan, type PlannedAccount, type PlannedTransfer } from './finance';
import { noTally, type Tally } from './keyed';
import { plannedRoutes, RouteImport, routesWritten, type PlannedObservation, type RoutePlan } from './routes';
import type { StepContext } from './step';

type Runner = Pick<Transaction, 'run'>;

export interface ImportCounts {
  persons: { created: number; updated: number; unchanged: number };
  cases: { created: number; updated: number; unchanged: number };
  involvements: { created: number; updated: number; unchanged: number };
  /** What rows say besides persons and cases (finance.ts, routes.ts). */
  accounts: Tally;
  transfers: Tally;
  routeObservations: Tally;
  documents: number;
  /** Rows that repeat an involvement already imported in this run. */
  duplicateRows: number;
}

export const noCounts = (): ImportCounts => ({
  persons: { created: 0, updated: 0, unchanged: 0 }, cases: { created: 0, updated: 0, unchanged: 0 },
  involvements: { created: 0, updated: 0, unchanged: 0 }, accounts: noTally(), transfers: noTally(), routeObservations: noTally(), documents: 0, duplicateRows: 0,
});

/** What this run has settled: a record's id and hash by national reference key, and the involvements by pair. */
/** A record a batch settles, with its content hash (what the run's RecordLedger remembers of it). */
type Seen = SettledRecord & { hash: string };

/** What a batch would write, as the importer plans it: what a dry run shows (the import command's RecordPreview). */
export interface PlannedRecords {
  newPersons: readonly PersonRecord[];
  updatedPersons: readonly PersonRecord[];
  documents: readonly DocumentRecord[];
  newCases: readonly CaseRecord[];
  updatedCases: readonly CaseRecord[];
  newReferences: readonly NationalReference[];
  changedReferences: readonly NationalReference[];
  accounts: readonly PlannedAccount[];
  transfers: readonly PlannedTransfer[];
  observations: readonly PlannedObservation[];
}

/** What one batch came to: its own counts, its warnings and the records it wrote (none in a dry run). */
export interface BatchOutcome {
  counts: ImportCounts;
  warnings: Problem[];
  /**
   * Ids of the persons, documents and cases created or changed, of both ends of each involvement created or changed,
   * of the accounts (with their holders), transfers and route observations (with their cases) written.
   */
  wrote: string[];
}

export interface ImporterOptions {
  /** Plans only, reading the store: nothing is written. */
  dryRun?: boolean;
  /** Told each batch's plan (a dry run shows the first records as they would be stored). */
  onPlan?: (plan: PlannedRecords) => void;
}

/** The writes one batch comes to. */
interface BatchPlan {
  newPersons: PersonRecord[];
  updatedPersons: PersonRecord[];
  documents: DocumentRecord[];
  newCases: CaseRecord[];
  updatedCases: CaseRecord[];
  newReferences: NationalReference[];
  changedReferences: NationalReference[];
  newInvolvements: InvolvementRecord[];
  changedInvolvements: InvolvementRecord[];
}

export class Importer {
  readonly counts = noCounts();
  /** Reported, not fatal: a later row giving other data for a record, or another category for an involvement. */
  readonly warnings: Problem[] = [];
  private readonly records = new RecordLedger();
  private readonly involvements = new PairLedger(this.records);
  private readonly stored = new StoredRecords();
  private readonly finance: FinanceImport;
  private readonly routes: RouteImport;

  private readonly dryRun: boolean;

  constructor(private readonly store: Store, private readonly country: string, private readonly options: ImporterOptions = {}) {
    this.dryRun = options.dryRun ?? false;
    this.finance = new FinanceImport(country, this.counts);
    this.routes = new RouteImport(country, this.counts.routeObservations);
  }

  /** Imports one batch: reads and writes in one transaction (a dry run only reads). */
  async batch(rows: readonly ImportRow[]): Promise<BatchOutcome> {
    this.stored.nextBatch();
    const before = { counts: structuredClone(this.counts), warnings: this.warnings.length };
    let plan: Awaited<ReturnType<Importer['plan']>>;
    if (this.dryRun) {
      plan = await this.plan({ run: (cypher, params) => this.store.read(cypher, params) }, rows, false);
      this.options.onPlan?.({ ...plan, ...plannedFinance(plan.finance), observations: plannedRoutes(plan.routes) });
    } else {
      plan = await this.store.bulkLoad(async (tx) => {
        const p = await this.plan(tx, rows, true);
        await write(tx, p);
        await this.finance.write(tx, p.finance);
        await this.routes.write(tx, p.routes);
        return p;
      });
    }
    this.settle(plan);
    this.finance.settle(plan.finance);
    this.routes.settle(plan.routes);
    const wrote = this.dryRun ? [] : [...new Set([...writtenIds(plan), ...financeWritten(plan.finance), ...routesWritten(plan.routes)])];
    return { counts: countsSince(before.counts, this.counts), warnings: this.warnings.slice(before.warnings), wrote };
  }

  private async plan(tx: Runner, rows: readonly ImportRow[], allocate: boolean): Promise<BatchPlan & { seen: Map<string, Seen>; pairs: Map<string, { personKey: string; caseKey: string; category: string; line: number }>; finance: FinancePlan; routes: RoutePlan }> {
    const plan: BatchPlan = { newPersons: [], updatedPersons: [], documents: [], newCases: [], updatedCases: [], newReferences: [], changedReferences: [], newInvolvements: [], changedInvolvements: [] };
    const seen = new Map<string, Seen>();
    const pairs = new Map<string, { personKey: string; caseKey: string; category: string; line: number }>();
    const firstRows = new Map<string, ImportRow>(); // reference key → the row giving its data
    for (const row of rows) {
      for (const [key, hash] of [[personReferenceKey(row.personRef), personHash], [caseReferenceKey(row.caseRef), caseHash]] as const) {
        const first = firstRows.get(key);
        if (!first) firstRows.set(key, row);
        else if (first !== row && hash(first) !== hash(row)) this.warn({ line: row.line, column: null, reason: `${key.startsWith('P:') ? 'person' : 'case'} ${key.slice(2)} differs from line ${first.line}, whose data was kept` });
      }
    }
    const unknown = [...firstRows.keys()].filter((k) => !this.records.has(k));
    const stored = await this.stored.referencesOf(tx, unknown);
    const personSeqs = allocate ? await seqs(tx, 'P', unknown.filter((k) => k.startsWith('P:') && !stored.has(k)).length) : undefined;
    const caseSeqs = allocate ? await seqs(tx, 'C', unknown.filter((k) => k.startsWith('C:') && !stored.has(k)).length) : undefined;

    for (const [key, row] of firstRows) {
      const isPerson = key.startsWith('P:');
      const hash = isPerson ? personHash(row) : caseHash(row);
      const known = this.records.get(key);
      if (known) {
        if (!this.records.sameContent(key, hash)) this.warn({ line: row.line, column: null, reason: `${isPerson ? 'person' : 'case'} ${key.slice(2)} differs from line ${known.line}, whose data was kept` });
        continue;
      }
      const before = stored.get(key);
      const id = before?.record ?? newId(this.country, isPerson ? 'P' : 'C');
      seen.set(key, { id, hash, line: row.line, created: !before });
      if (before && before.hash === hash) {
        this.counts[isPerson ? 'persons' : 'cases'].unchanged++;
        continue;
      }
      const reference = { key, record: id, hash };
      (before ? plan.changedReferences : plan.newReferences).push(reference);
      if (isPerson) {
        const person: PersonRecord = { id, seq: before ? 0 : (personSeqs?.next() ?? 0), country: this.country, ...row.person, flaggedForPartners: false };
        (before ? plan.updatedPersons : plan.newPersons).push(person);
        plan.documents.push(...row.documents.map((d) => ({ ...d, id: newId(this.country, 'D'), personId: id })));
      } else {
        const kase: CaseRecord = { id, seq: before ? 0 : (caseSeqs?.next() ?? 0), country: this.country, ...row.case };
        (before ? plan.updatedCases : plan.newCases).push(kase);
      }
    }

    // Involvements: new when either end was created by this run; otherwise compared with what the store holds.
    const seenOf = (key: string) => (this.records.get(key) ?? seen.get(key))!;
    const wanted: InvolvementRecord[] = [];
    const toCheck: InvolvementRecord[] = [];
    for (const row of rows) {
      const personKey = personReferenceKey(row.personRef);
      const caseKey = caseReferenceKey(row.caseRef);
      const pair = `${personKey}\u0000${caseKey}`;
      const earlier = this.involvements.get(personKey, caseKey) ?? pairs.get(pair);
      if (earlier) {
        this.counts.duplicateRows++;
        if (earlier.category !== row.category) this.warn({ line: row.line, column: null, reason: `${row.personRef} in case ${row.caseRef} is ${earlier.category} on line ${earlier.line}, which was kept` });
        continue;
      }
      pairs.set(pair, { personKey, caseKey, category: row.category, line: row.line });
      const person = seenOf(personKey);
      const kase = seenOf(caseKey);
      const involvement = { personId: person.id, caseId: kase.id, category: row.category };
      wanted.push(involvement);
      if (!person.created && !kase.created) toCheck.push(involvement);
    }
    const existing = await this.stored.categoriesOf(tx, toCheck);
    for (const i of wanted) {
      const category = existing.get(`${i.personId} ${i.caseId}`);
      if (category === undefined) plan.newInvolvements.push(i);
      else if (category !== i.category) plan.changedInvolvements.push(i);
      else this.counts.involvements.unchanged++;
    }
    // What rows say besides persons and cases: steps of their own, after them (they link to them).
    const step: StepContext = {
      tx, rows, allocate,
      records: (row) => ({ personId: seenOf(personReferenceKey(row.personRef)).id, caseId: seenOf(caseReferenceKey(row.caseRef)).id }),
      references: (keys) => this.stored.referencesOf(tx, keys),
      warn: (problem) => this.warn(problem),
    };
    const finance = await this.finance.plan(step);
    const routes = await this.routes.plan(step);
    return { ...plan, seen, pairs, finance, routes };
  }

  /** Kept to the end of the run: detached from the export's text. */
  private warn(problem: Problem): void {
    this.warnings.push(detachedProblem(problem));
  }

  /** Counts a batch's plan and remembers what it settled (after its transaction committed). */
  private settle(plan: BatchPlan & { seen: Map<string, Seen>; pairs: Map<string, { personKey: string; caseKey: string; category: string; line: number }> }): void {
    for (const [key, s] of plan.seen) this.records.add(key, s);
    for (const p of plan.pairs.values()) this.involvements.add(p.personKey, p.caseKey, p);
    this.counts.persons.created += plan.newPersons.length;
    this.counts.persons.updated += plan.updatedPersons.length;
    this.counts.cases.created += plan.newCases.length;
    this.counts.cases.updated += plan.updatedCases.length;
    this.counts.involvements.created += plan.newInvolvements.length;
    this.counts.involvements.updated += plan.changedInvolvements.length;
    this.counts.documents += plan.documents.length;
  }
}

/** The counts added since `before`. */
function countsSince(before: ImportCounts, now: ImportCounts): ImportCounts {
  const since = (b: unknown, n: unknown): unknown =>
    typeof n === 'number' ? n - (b as number) : Object.fromEntries(Object.entries(n as object).map(([k, v]) => [k, since((b as Record<string, unknown>)[k], v)]));
  return since(before, now) as ImportCounts;
}

/** The ids a batch's plan writes (what its audit entry names). */
function writtenIds(plan: BatchPlan): string[] {
  const ids = new Set<string>();
  for (const r of [...plan.newPersons, ...plan.updatedPersons, ...plan.documents, ...plan.newCases, ...plan.updatedCases]) ids.add(r.id);
  for (const i of [...plan.newInvolvements, ...plan.changedInvolvements]) {
    ids.add(i.personId);
    ids.add(i.caseId);
  }
  return [...ids];
}

/** Order matters: relationships match nodes written before them in the same transaction. */
async function write(tx: Transaction, plan: BatchPlan): Promise<void> {
  // New persons whose cases' handling codes this batch holds get their cases' facts with them (no read of the graph).
  const handlingOf = new Map([...plan.newCases, ...plan.updatedCases].map((c) => [c.id, c.handlingCode]));
  const newPersonFacts = batchCaseFactColumns(plan.newPersons.map((p) => p.id), plan.newInvolvements, handlingOf);
  await insertPersons(tx, plan.newPersons, newPersonFacts);
  await updatePersons(tx, plan.updatedPersons);
  const newIds = new Set(plan.newPersons.map((p) => p.id));
  await replaceDocuments(tx, plan.updatedPersons.map((p) => p.id), plan.documents.filter((d) => !newIds.has(d.personId)));
  await insertDocuments(tx, plan.documents.filter((d) => newIds.has(d.personId)));
  await insertCases(tx, plan.newCases);
  await updateCases(tx, plan.updatedCases);
  await updateCasesModusOperandi(tx, plan.updatedCases);
  await insertInvolvements(tx, plan.newInvolvements, new Set(newPersonFacts.keys()));
  await setInvolvementCategories(tx, plan.changedInvolvements);
  await insertNationalReferences(tx, plan.newReferences);
  await setNationalReferenceHashes(tx, plan.changedReferences);
}

/** `count` fresh local numbers of a kind, handed out one by one. */
async function seqs(tx: Runner, kind: string, count: number): Promise<{ next(): number }> {
  let n = count > 0 ? await reserveSeq(tx, kind, count) : 0;
  return { next: () => n++ };
}
