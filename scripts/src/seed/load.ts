/** Loads generated data into a member's store: one transaction per batch, UNWIND writes. */
import type { Store } from '@enlace/common';
import {
  insertCaseRoutes, insertCases, insertDocuments, insertInvolvements, insertObservations, insertPersons, memberStoreSchema, raiseSeq,
} from '@enlace/member';
import { generateMember } from './generate';

export async function isEmpty(store: Store): Promise<boolean> {
  await store.ensureSchema(memberStoreSchema);
  const rows = await store.read('MATCH (p:Person) RETURN count(p) AS n');
  return Number(rows[0]?.n ?? 0) === 0;
}

export async function seedMember(
  store: Store,
  country: string,
  options: { persons: number; seed: number; onProgress?: (done: number, total: number) => void },
): Promise<{ persons: number; cases: number; ms: number }> {
  const started = Date.now();
  await store.ensureSchema(memberStoreSchema);
  const last = { P: 0, D: 0, C: 0, R: 0 };
  let persons = 0;
  let cases = 0;
  for (const batch of generateMember(country, options)) {
    await store.write(async (tx) => {
      await insertPersons(tx, batch.persons);
      await insertDocuments(tx, batch.documents);
      await insertCases(tx, batch.cases);
      await insertInvolvements(tx, batch.involvements);
      await insertObservations(tx, batch.observations);
      await insertCaseRoutes(tx, batch.caseRoutes);
    });
    const seqOf = (records: Array<{ id: string }>) => (records.length ? Number(records[records.length - 1].id.split(':')[2]) : 0);
    last.P = Math.max(last.P, seqOf(batch.persons));
    last.D = Math.max(last.D, seqOf(batch.documents));
    last.C = Math.max(last.C, seqOf(batch.cases));
    last.R = Math.max(last.R, seqOf(batch.observations));
    persons += batch.persons.length;
    cases += batch.cases.length;
    options.onProgress?.(persons, options.persons);
  }
  await store.write(async (tx) => {
    for (const [kind, value] of Object.entries(last)) await raiseSeq(tx, kind, value);
  });
  return { persons, cases, ms: Date.now() - started };
}
