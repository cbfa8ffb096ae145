/**
 * A person's cases' facts kept on the person (storeSchema.ts: `caseCategories`, `caseHandling`):
 * the distinct categories of the person's involvements and handling codes of the person's cases,
 * as encoded lists ('' for a person in no case). The protocol's record conditions on them
 * (categories, handling) then compile to tests on the person's own columns (protocol/src/conditions.ts)
 * instead of subqueries over every involvement. Every write path that changes them refreshes the
 * persons concerned from the graph in the same transaction: involvements written (repository.ts
 * insertInvolvements: mutations, the bulk import, the seed), categories rewritten and cases
 * updated (upkeep/repository.ts), a case erased. A store from before them is filled in at start.
 */
import { encodeList, FEW_ROWS, type Row, type Store, type Transaction } from '@enlace/store';

type Runner = Pick<Transaction, 'run'>;

const FACTS_RETURN = 'RETURN p.id AS id, i.category AS category, c.handlingCode AS handling';

/** One statement per key, one after the other (a transaction runs one statement at a time). */
async function eachKey(ids: readonly string[], read: (id: string) => Promise<Row[]>): Promise<Row[]> {
  const rows: Row[] = [];
  for (const id of ids) rows.push(...(await read(id)));
  return rows;
}

/** Recomputes the columns of these persons from their involvements (a missing person is skipped). */
export async function refreshCaseFactColumns(tx: Runner, personIds: readonly string[]): Promise<void> {
  const ids = [...new Set(personIds)];
  if (!ids.length) return;
  const columns = new Map(ids.map((id) => [id, { categories: new Set<string>(), handling: new Set<string>() }]));
  // By key for a few persons (a seek each); one scan for an import's batch (see writeRows).
  const rows: Row[] = ids.length > FEW_ROWS
    ? await tx.run(`UNWIND $ids AS id MATCH (p:Person {id: id})-[i:INVOLVED]->(c:\`Case\`) ${FACTS_RETURN}`, { ids })
    : await eachKey(ids, (id) => tx.run(`MATCH (p:Person)-[i:INVOLVED]->(c:\`Case\`) WHERE p.id = $id ${FACTS_RETURN}`, { id }));
  for (const r of rows) {
    const own = columns.get(String(r.id));
    own?.categories.add(String(r.category));
    own?.handling.add(String(r.handling));
  }
  const values = [...columns].map(([id, f]) => ({ id, caseCategories: encodeList([...f.categories].sort()), caseHandling: encodeList([...f.handling].sort()) }));
  if (values.length > FEW_ROWS) {
    await tx.run('UNWIND $rows AS r MATCH (p:Person {id: r.id}) SET p.caseCategories = r.caseCategories, p.caseHandling = r.caseHandling', { rows: values });
  } else {
    for (const v of values) await tx.run('MATCH (p:Person) WHERE p.id = $id SET p.caseCategories = $caseCategories, p.caseHandling = $caseHandling', v);
  }
}

/** A person's columns, as encoded lists. */
export interface CaseFactColumns {
  caseCategories: string;
  caseHandling: string;
}

/**
 * The columns of persons written in the same transaction as all their involvements (a batch of a
 * bulk load: the seed's, an import's new persons), worked out from the batch itself: no read, and
 * written with the persons (insertPersons), so that insertInvolvements need not refresh them. A
 * person is left out (refreshed from the graph) when a case of one of its involvements is not in
 * `handlingOf`.
 */
export function batchCaseFactColumns(
  personIds: readonly string[], involvements: readonly { personId: string; caseId: string; category: string }[], handlingOf: ReadonlyMap<string, string>,
): Map<string, CaseFactColumns> {
  const facts = new Map(personIds.map((id) => [id, { categories: new Set<string>(), handling: new Set<string>(), complete: true }]));
  for (const i of involvements) {
    const own = facts.get(i.personId);
    if (!own) continue;
    const code = handlingOf.get(i.caseId);
    if (code === undefined) own.complete = false;
    own.categories.add(i.category);
    if (code !== undefined) own.handling.add(code);
  }
  const out = new Map<string, CaseFactColumns>();
  for (const [id, f] of facts) {
    if (f.complete) out.set(id, { caseCategories: encodeList([...f.categories].sort()), caseHandling: encodeList([...f.handling].sort()) });
  }
  return out;
}

/** The persons involved in these cases (before a case's handling code changes or it is erased, whose columns then change). */
export async function personsOfCases(tx: Runner, caseIds: readonly string[]): Promise<string[]> {
  const ids = [...new Set(caseIds)];
  if (!ids.length) return [];
  const rows = ids.length > FEW_ROWS
    ? await tx.run('UNWIND $ids AS id MATCH (p:Person)-[:INVOLVED]->(c:`Case` {id: id}) RETURN DISTINCT p.id AS id', { ids })
    : await eachKey(ids, (id) => tx.run('MATCH (p:Person)-[:INVOLVED]->(c:`Case`) WHERE c.id = $id RETURN p.id AS id', { id }));
  return [...new Set(rows.map((r) => String(r.id)))];
}

/** Recomputes the columns of the persons involved in these cases. */
export async function refreshCaseFactColumnsOfCases(tx: Runner, caseIds: readonly string[]): Promise<void> {
  await refreshCaseFactColumns(tx, await personsOfCases(tx, caseIds));
}

/** The counter that marks a store whose every person has the columns filled in. */
const FILLED = 'caseFactColumns';
const BACKFILL_BATCH = 20_000;

/**
 * Fills in the columns of a store written before them, in batches by seq of one transaction each
 * (a crash resumes after the last one written), then marks the store: an upgraded member decides
 * as before. Cheap when marked: one key lookup.
 */
export async function ensureCaseFactColumns(store: Store, log: (message: string) => void = () => undefined): Promise<void> {
  const [marked] = await store.read(`MATCH (k:Counter) WHERE k.name = '${FILLED}' RETURN k.value AS value`);
  if (marked && Number(marked.value) >= 1) return;
  const [{ last }] = await store.read('MATCH (p:Person) RETURN max(p.seq) AS last');
  const [progress] = await store.read(`MATCH (k:Counter) WHERE k.name = '${FILLED}Backfill' RETURN k.value AS value`);
  const top = Number(last ?? 0);
  let done = Number(progress?.value ?? 0);
  if (top > done) log(`store: filling in the cases' facts of persons ${done + 1}–${top} (a store from before those columns)`);
  while (done < top) {
    const to = done + BACKFILL_BATCH;
    await store.write(async (tx) => {
      const persons = await tx.run('MATCH (p:Person) WHERE p.seq > $from AND p.seq <= $to RETURN p.id AS id', { from: done, to });
      await refreshCaseFactColumns(tx, persons.map((p) => String(p.id)));
      await tx.run('MERGE (k:Counter {name: $name}) SET k.value = $value', { name: `${FILLED}Backfill`, value: to });
    });
    done = to;
  }
  await store.write((tx) => tx.run('MERGE (k:Counter {name: $name}) SET k.value = 1', { name: FILLED }));
}
