/**
 * Loads generated data into a member's store: one write transaction per batch
 * (≤ 5,000 persons with everything that refers to them), UNWIND inserts through
 * the member's repository, then the id counters raised past the loaded ids.
 */
import type { Store } from '@enlace/store';
import {
  batchCaseFactColumns, insertAccounts, insertCaseRoutes, insertCases, insertDocuments, insertInvolvements, insertObservations, insertPersons, insertTransfers, prepareMemberStore, raiseSeq,
} from '@enlace/member';
import { effectivePersons, generateMember } from './generate';

export interface SeedOptions {
  persons: number;
  seed: number;
  /** Called after each committed batch with persons done and the total. */
  onProgress?: (done: number, total: number) => void;
  /** Pins the date minors' ages are relative to (default today). */
  today?: string;
  batchSize?: number;
}

export interface SeedResult {
  persons: number;
  cases: number;
  ms: number;
  documents: number;
  involvements: number;
  observations: number;
  caseRoutes: number;
  accounts: number;
  transfers: number;
  /** Nodes and relationships written, all kinds together. */
  records: number;
}

/** The buffer pool a store is seeded with: a batch of 5,000 persons with everything they link, loaded in one transaction. */
export const SEEDING_BUFFER_POOL_MB = 2048;

/** True when the store holds no person (creates the member's tables if missing). */
export async function isEmpty(store: Store): Promise<boolean> {
  await prepareMemberStore(store);
  const rows = await store.read('MATCH (p:Person) RETURN count(p) AS n');
  return Number(rows[0]?.n ?? 0) === 0;
}

export async function seedMember(store: Store, country: string, options: SeedOptions): Promise<SeedResult> {
  const started = Date.now();
  await prepareMemberStore(store);
  const total = effectivePersons(options.persons);
  const counts = { persons: 0, cases: 0, documents: 0, involvements: 0, observations: 0, caseRoutes: 0, accounts: 0, transfers: 0 };
  const last = { P: 0, D: 0, C: 0, R: 0, A: 0, T: 0 };
  let financeRels = 0;
  const generator = generateMember(country, { persons: options.persons, seed: options.seed, today: options.today, batchSize: options.batchSize });
  for (const batch of generator) {
    await store.bulkLoad(async (tx) => {
      // Order matters: relationships MATCH nodes written before them in this transaction or earlier ones.
      // The batch's persons get their cases' facts with them; persons of earlier batches in its cases are refreshed.
      const facts = batchCaseFactColumns(batch.persons.map((p) => p.id), batch.involvements, new Map(batch.cases.map((c) => [c.id, c.handlingCode])));
      await insertPersons(tx, batch.persons, facts);
      await insertDocuments(tx, batch.documents);
      await insertCases(tx, batch.cases);
      await insertInvolvements(tx, batch.involvements, new Set(facts.keys()));
      await insertObservations(tx, batch.observations);
      await insertCaseRoutes(tx, batch.caseRoutes);
      await insertAccounts(tx, batch.accounts);
      await insertTransfers(tx, batch.transfers);
    });
    for (const p of batch.persons) last.P = Math.max(last.P, p.seq);
    last.D += batch.documents.length; // documents are numbered 1, 2, … in the order generated
    for (const c of batch.cases) last.C = Math.max(last.C, c.seq);
    for (const o of batch.observations) last.R = Math.max(last.R, o.seq);
    for (const a of batch.accounts) last.A = Math.max(last.A, a.seq);
    for (const t of batch.transfers) last.T = Math.max(last.T, t.seq);
    counts.persons += batch.persons.length;
    counts.cases += batch.cases.length;
    counts.documents += batch.documents.length;
    counts.involvements += batch.involvements.length;
    counts.observations += batch.observations.length;
    counts.caseRoutes += batch.caseRoutes.length;
    counts.accounts += batch.accounts.length;
    counts.transfers += batch.transfers.length;
    financeRels += batch.accounts.filter((a) => a.holderId).length
      + batch.transfers.reduce((n, t) => n + 1 + (t.fromAccountId ? 1 : 0) + (t.toAccountId ? 1 : 0), 0);
    options.onProgress?.(counts.persons, total);
  }
  await store.write(async (tx) => {
    for (const [kind, value] of Object.entries(last)) if (value > 0) await raiseSeq(tx, kind, value);
  });
  // Persons, documents, cases, observations, accounts, transfers (nodes); HOLDS, INVOLVED, USED, HOLDS_ACCOUNT,
  // RECORDED_IN, DEBITED, CREDITED (relationships).
  const records = counts.persons + 2 * counts.documents + counts.cases + counts.involvements + counts.observations + counts.caseRoutes
    + counts.accounts + counts.transfers + financeRels;
  return { ...counts, records, ms: Date.now() - started };
}
