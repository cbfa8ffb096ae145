/** Local id numbers, allocated inside the write transaction that uses them. */
import type { Transaction } from './port';

type Runner = Pick<Transaction, 'run'>;

/** Reserves `count` consecutive local numbers for a kind of record; returns the first. */
export async function reserveSeq(tx: Runner, kind: string, count: number): Promise<number> {
  const rows = await tx.run(
    'MERGE (k:Counter {name: $kind}) ON CREATE SET k.value = $count ON MATCH SET k.value = k.value + $count RETURN k.value AS value',
    { kind, count },
  );
  return Number(rows[0].value) - count + 1;
}

/** Moves a counter forward to at least `value` (after a bulk load with given ids). */
export async function raiseSeq(tx: Runner, kind: string, value: number): Promise<void> {
  await tx.run(
    'MERGE (k:Counter {name: $kind}) ON CREATE SET k.value = $value ON MATCH SET k.value = CASE WHEN k.value < $value THEN $value ELSE k.value END',
    { kind, value },
  );
}
