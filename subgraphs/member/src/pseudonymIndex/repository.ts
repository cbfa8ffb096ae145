/**
 * The pseudonym index's Cypher (docs/PSEUDONYMS.md): hit/no-hit finds a member's persons by the
 * pseudonyms of their documents, accounts and name keys, never by a searched identifier in
 * clear. Each pseudonym is a `Pseudonym` node (its value, its kind) linked to the persons it
 * names (`PSEUDONYM_OF`).
 *
 * Pseudonyms come from the secretariat's evaluator over the network, so they cannot be
 * written in the transaction of the record itself (a write must not wait for, or fail with,
 * the secretariat). Instead every write path that changes what is pseudonymised marks the
 * persons in its own transaction (`pseudonymsKey` null: pseudonymsDue), and the indexer
 * pseudonymises marked persons in batches and writes their entries with the key's id in one
 * transaction. Whatever instant the process dies, a person is either indexed under its
 * current identifiers or marked, and a restart resumes: nothing is lost, nothing stale kept.
 * A person indexed under another key than the evaluator's (a key changed) is indexed again.
 */
import { personIdentifiers, type IdentifierKind } from '@enlace/platform';
import { writeRows, type Row, type Store, type Transaction } from '@enlace/store';

type Runner = Pick<Transaction, 'run'>;

/** Marks persons whose documents, accounts, names, date of birth or sex changed, in the writing transaction. */
export async function pseudonymsDue(tx: Runner, personIds: Iterable<string>): Promise<void> {
  const rows = [...new Set(personIds)].map((id) => ({ id }));
  await writeRows(tx, rows, 'MATCH (p:Person) WHERE p.id = $id SET p.pseudonymsKey = NULL', 'UNWIND $rows AS r MATCH (p:Person {id: r.id}) SET p.pseudonymsKey = NULL');
}

/** Marks the holders of these accounts (an account's identifier or holder changed). */
export async function accountHoldersDue(tx: Runner, accountIds: readonly string[]): Promise<void> {
  if (accountIds.length) await tx.run('UNWIND $ids AS id MATCH (p:Person)-[:HOLDS_ACCOUNT]->(a:Account {id: id}) SET p.pseudonymsKey = NULL', { ids: [...accountIds] });
}

/** The persons `pseudonyms` of `kind` name (hit/no-hit), in the order they were recorded. */
export async function personIdsByPseudonyms(store: Pick<Store, 'lookup'>, kind: IdentifierKind, pseudonyms: readonly string[]): Promise<string[]> {
  const rows = await store.lookup({
    label: 'Pseudonym', as: 'k', keys: [...new Set(pseudonyms)], params: { kind },
    then: 'MATCH (k)-[:PSEUDONYM_OF]->(p:Person) WHERE k.kind = $kind RETURN DISTINCT p.id AS id, p.seq AS seq',
  });
  const seen = new Map<string, number>();
  for (const r of rows) seen.set(String(r.id), Number(r.seq));
  return [...seen].sort((a, b) => a[1] - b[1]).map(([id]) => id);
}

export type Entries = Map<string, Array<{ kind: IdentifierKind; input: string }>>;
const str = (v: unknown): string => (v === null || v === undefined ? '' : String(v));

/** What is pseudonymised for each of these persons, read in one transaction or statement each (three round trips). */
export async function identifiersOf(tx: Runner, ids: readonly string[]): Promise<Entries> {
  const params = { ids: [...ids] };
  const run = (cypher: string, p: Record<string, unknown>) => tx.run(cypher, p);
  const persons = await run('UNWIND $ids AS id MATCH (p:Person {id: id}) RETURN p.id AS id, p.givenNames AS givenNames, p.familyNames AS familyNames, ' +
    'p.dateOfBirth AS dateOfBirth, p.birthYear AS birthYear, p.sex AS sex', params);
  const documents = await run('UNWIND $ids AS id MATCH (p:Person {id: id})-[:HOLDS]->(d:Document) RETURN p.id AS id, d.issuingCountry AS issuingCountry, d.number AS number', params);
  const accounts = await run('UNWIND $ids AS id MATCH (p:Person {id: id})-[:HOLDS_ACCOUNT]->(a:Account) RETURN p.id AS id, a.identifier AS identifier, a.institutionCountry AS institutionCountry', params);
  const byPerson = <T>(rows: Row[], f: (r: Row) => T) => {
    const m = new Map<string, T[]>();
    for (const r of rows) m.set(str(r.id), [...(m.get(str(r.id)) ?? []), f(r)]);
    return m;
  };
  const docs = byPerson(documents, (r) => ({ issuingCountry: str(r.issuingCountry), number: str(r.number) }));
  const accs = byPerson(accounts, (r) => ({ identifier: str(r.identifier), institutionCountry: r.institutionCountry === null ? null : str(r.institutionCountry) }));
  const out: Entries = new Map();
  for (const p of persons) {
    const id = str(p.id);
    const year = Number.parseInt(str(p.birthYear), 10);
    out.set(id, personIdentifiers({
      givenNames: str(p.givenNames), familyNames: str(p.familyNames), dateOfBirth: p.dateOfBirth === null ? null : str(p.dateOfBirth),
      birthYear: Number.isInteger(year) ? year : null, sex: p.sex === null ? null : str(p.sex), documents: docs.get(id) ?? [], accounts: accs.get(id) ?? [],
    }));
  }
  return out;
}

export const sameInputs = (a: ReadonlyArray<{ input: string }> | undefined, b: ReadonlyArray<{ input: string }>) =>
  !!a && a.length === b.length && a.every((e, i) => e.input === b[i].input);

/** Replaces these persons' entries with `pseudonyms` (by person) and records the key they were made with. */
export async function writeEntries(tx: Transaction, pseudonyms: Map<string, Array<{ kind: IdentifierKind; value: string }>>, key: string): Promise<void> {
  const ids = [...pseudonyms.keys()].map((id) => ({ id }));
  await writeRows(tx, ids, 'MATCH (:Pseudonym)-[e:PSEUDONYM_OF]->(p:Person) WHERE p.id = $id DELETE e',
    'UNWIND $rows AS r MATCH (:Pseudonym)-[e:PSEUDONYM_OF]->(p:Person {id: r.id}) DELETE e');
  const kinds = new Map<string, IdentifierKind>();
  const links: Array<{ from: string; to: string }> = [];
  for (const [id, entries] of pseudonyms) {
    for (const e of entries) {
      kinds.set(e.value, e.kind);
      links.push({ from: e.value, to: id });
    }
  }
  const held = new Set((await tx.run('UNWIND $values AS v MATCH (k:Pseudonym {value: v}) RETURN k.value AS value', { values: [...kinds.keys()] })).map((r) => str(r.value)));
  await tx.insertNodes('Pseudonym', [...kinds].filter(([value]) => !held.has(value)).map(([value, kind]) => ({ value, kind })));
  await tx.insertRels('PSEUDONYM_OF', links);
  await writeRows(tx, ids.map((r) => ({ ...r, key })), 'MATCH (p:Person) WHERE p.id = $id SET p.pseudonymsKey = $key', 'UNWIND $rows AS r MATCH (p:Person {id: r.id}) SET p.pseudonymsKey = r.key');
}


const DUE = 'MATCH (p:Person) WHERE p.pseudonymsKey IS NULL OR p.pseudonymsKey <> $key';

/** How many persons are not indexed under `key` (one scan of the persons). */
export async function countDue(store: Pick<Store, 'read'>, key: string): Promise<number> {
  const [row] = await store.read(`${DUE} RETURN count(p) AS n`, { key });
  return Number(row?.n ?? 0);
}

/** Up to `limit` persons not indexed under `key`. */
export async function dueIds(store: Pick<Store, 'read'>, key: string, limit: number): Promise<string[]> {
  return (await store.read(`${DUE} RETURN p.id AS id LIMIT ${Math.max(1, Math.floor(limit))}`, { key })).map((r) => str(r.id));
}
