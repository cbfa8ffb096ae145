/**
 * The Cypher of changing and erasing records, and of imports: matching records
 * on the owner's national references, updating them, erasing them with what
 * they link. Batched like the rest of the repository (one statement per batch).
 */
import { decodeList, encodeList, writeRows, type Row, type Transaction } from '@enlace/store';
import { MODUS_OPERANDI_FIELDS, type ModusOperandi } from '../modusOperandi';
import { detached } from '../bulkImport/ledger';
import { insertDocuments } from '../repository';
import { personsOfCases, refreshCaseFactColumns, refreshCaseFactColumnsOfCases } from '../caseFactColumns';
import { birthYearOf, storedBirthYear, type CaseRecord, type DocumentRecord, type InvolvementRecord, type PersonRecord } from '../records';
import { reindexNames } from '../nameIndex';
import { personSearchText } from '../search';
import { pseudonymsDue } from '../pseudonymIndex';

type Runner = Pick<Transaction, 'run'>;
const str = (v: unknown): string | null => (v === null || v === undefined || v === '' ? null : String(v));

/**
 * An owner's national reference, as the store keeps it: `P:<national person id>` or
 * `C:<case file number>` (the table's key, so unique and found by index on both
 * engines), the record it names, and a hash of what the import last wrote to it.
 */
export interface NationalReference {
  key: string;
  record: string;
  hash: string;
}

export const personReferenceKey = (nationalId: string): string => `P:${nationalId}`;
export const caseReferenceKey = (fileNumber: string): string => `C:${fileNumber}`;

/**
 * The references among `keys` the store holds, by key. UNWIND … MATCH on the key: an index seek
 * per key on Neo4j, one hash join on Kùzu (whose `IN $keys` tests each row against the whole
 * list: 1.1 s for 10,000 keys over 70,000 rows, against a few ms).
 */
export async function nationalReferences(tx: Runner, keys: readonly string[]): Promise<Map<string, NationalReference>> {
  if (!keys.length) return new Map();
  const rows = await tx.run('UNWIND $keys AS k MATCH (r:NationalReference {key: k}) RETURN r.key AS key, r.record AS record, r.hash AS hash', { keys });
  return new Map(rows.map((r) => [String(r.key), { key: String(r.key), record: String(r.record), hash: String(r.hash) }]));
}

export async function insertNationalReferences(tx: Transaction, references: readonly NationalReference[]): Promise<void> {
  await tx.insertNodes('NationalReference', references.map((r) => ({ ...r })));
}

export async function setNationalReferenceHashes(tx: Runner, references: readonly NationalReference[]): Promise<void> {
  if (references.length) await tx.run('UNWIND $rows AS r MATCH (n:NationalReference {key: r.key}) SET n.hash = r.hash', { rows: references.map((r) => ({ key: r.key, hash: r.hash })) });
}

/** Rewrites persons' data (not their id, number or partner flag), their search text and name index entries with it; marks their pseudonyms due. */
export async function updatePersons(tx: Transaction, persons: readonly PersonRecord[]): Promise<void> {
  if (!persons.length) return;
  const rows = persons.map((p) => ({
    id: p.id, givenNames: p.givenNames, familyNames: p.familyNames, aliases: encodeList(p.aliases), searchText: personSearchText(p),
    sex: p.sex, dateOfBirth: p.dateOfBirth, birthYear: storedBirthYear(p), nationalities: encodeList(p.nationalities),
  }));
  const set = (r: string) => `SET p.givenNames = ${r}givenNames, p.familyNames = ${r}familyNames, p.aliases = ${r}aliases, p.searchText = ${r}searchText, ` +
    `p.sex = ${r}sex, p.dateOfBirth = ${r}dateOfBirth, p.birthYear = ${r}birthYear, p.nationalities = ${r}nationalities, p.pseudonymsKey = NULL`;
  await writeRows(tx, rows, `MATCH (p:Person) WHERE p.id = $id ${set('$')}`, `UNWIND $rows AS r MATCH (p:Person {id: r.id}) ${set('r.')}`);
  await reindexNames(tx, rows);
}

/** Persons' documents replaced by `documents` (which may be none); their pseudonyms due. */
export async function replaceDocuments(tx: Transaction, personIds: readonly string[], documents: readonly DocumentRecord[]): Promise<void> {
  await writeRows(tx, personIds.map((id) => ({ id })), 'MATCH (p:Person) WHERE p.id = $id MATCH (p)-[:HOLDS]->(d:Document) DETACH DELETE d',
    'UNWIND $rows AS r MATCH (p:Person {id: r.id})-[:HOLDS]->(d:Document) DETACH DELETE d');
  await insertDocuments(tx, documents);
  await pseudonymsDue(tx, personIds);
}

/** Rewrites cases' data (not their id or number). */
export async function updateCases(tx: Runner, cases: readonly CaseRecord[]): Promise<void> {
  if (!cases.length) return;
  await tx.run(
    'UNWIND $rows AS r MATCH (c:`Case` {id: r.id}) SET c.reference = r.reference, c.offences = r.offences, c.status = r.status, c.openedOn = r.openedOn, ' +
      'c.closedOn = r.closedOn, c.summary = r.summary, c.handlingCode = r.handlingCode, c.handlingConditions = r.handlingConditions, ' +
      'c.sourceReliability = r.sourceReliability, c.informationAccuracy = r.informationAccuracy',
    { rows: cases.map((c) => ({ ...c, offences: encodeList(c.offences) })) },
  );
  await refreshCaseFactColumnsOfCases(tx, cases.map((c) => c.id)); // their handling codes may have changed
}

/** A case's status, closing date, handling code and conditions. */
export async function updateCaseHandling(
  tx: Runner, caseId: string, fields: Pick<CaseRecord, 'status' | 'closedOn' | 'handlingCode' | 'handlingConditions'>,
): Promise<void> {
  await tx.run(
    'MATCH (c:`Case` {id: $caseId}) SET c.status = $status, c.closedOn = $closedOn, c.handlingCode = $handlingCode, c.handlingConditions = $handlingConditions',
    { caseId, ...fields },
  );
  await refreshCaseFactColumnsOfCases(tx, [caseId]);
}

/**
 * Cases' coded modus operandi: the fields the rows carry (every row the same ones; the column
 * names come from the code's own list), the others kept. For updateCase and for imports whose
 * mapping maps some of them.
 */
export async function updateCasesModusOperandi(tx: Runner, rows: ReadonlyArray<{ id: string } & Partial<ModusOperandi>>): Promise<void> {
  const fields = MODUS_OPERANDI_FIELDS.filter((f) => rows.length > 0 && f in rows[0]);
  if (!fields.length) return;
  const set = (r: string) => `SET ${fields.map((f) => `c.${f} = ${r}${f}`).join(', ')}`;
  await writeRows(tx, rows.map((r) => ({ id: r.id, ...Object.fromEntries(fields.map((f) => [f, r[f] ?? null])) })),
    `MATCH (c:\`Case\`) WHERE c.id = $id ${set('$')}`, `UNWIND $rows AS r MATCH (c:\`Case\` {id: r.id}) ${set('r.')}`);
}

/**
 * Which of these (person, case) pairs are already involvements, with their categories: read
 * from the cases (one join from the case keys; matching both ends per pair costs Kùzu a scan of
 * both tables per batch).
 */
export async function involvementsBetween(tx: Runner, pairs: ReadonlyArray<Pick<InvolvementRecord, 'personId' | 'caseId'>>): Promise<InvolvementRecord[]> {
  if (!pairs.length) return [];
  const wanted = new Set(pairs.map((p) => `${p.personId} ${p.caseId}`));
  const rows = await tx.run(
    'UNWIND $caseIds AS id MATCH (p:Person)-[i:INVOLVED]->(c:`Case` {id: id}) RETURN p.id AS personId, c.id AS caseId, i.category AS category',
    { caseIds: [...new Set(pairs.map((p) => p.caseId))] },
  );
  return rows
    .map((r: Row) => ({ personId: String(r.personId), caseId: String(r.caseId), category: String(r.category) }))
    .filter((i) => wanted.has(`${i.personId} ${i.caseId}`));
}

/**
 * Every national reference the store holds, by key, as `<record id> <hash>` in one string: for a
 * large import, one scan in place of one per batch (`nationalReferences` by the batch's keys is a
 * hash join over the whole table on Kùzu). A re-import holds them all to its end: an object with
 * strings of its own each cost about twice as much.
 */
export async function allNationalReferences(tx: Runner): Promise<Map<string, string>> {
  const rows = await tx.run('MATCH (r:NationalReference) RETURN r.key AS key, r.record AS record, r.hash AS hash');
  const packed = new Map<string, string>();
  for (const r of rows) packed.set(String(r.key), detached(`${String(r.record)} ${String(r.hash)}`));
  return packed;
}

/**
 * Every involvement's category by `<person id> <case id>`: `involvementsBetween` for a large import, read once
 * and held to its end, so each key is one string and each category one of a handful shared.
 */
export async function allInvolvementCategories(tx: Runner): Promise<Map<string, string>> {
  const rows = await tx.run('MATCH (p:Person)-[i:INVOLVED]->(c:`Case`) RETURN p.id AS personId, c.id AS caseId, i.category AS category');
  const shared = new Map<string, string>();
  const categories = new Map<string, string>();
  for (const r of rows) {
    const category = String(r.category);
    if (!shared.has(category)) shared.set(category, category);
    categories.set(detached(`${String(r.personId)} ${String(r.caseId)}`), shared.get(category)!);
  }
  return categories;
}

export async function setInvolvementCategories(tx: Runner, involvements: readonly InvolvementRecord[]): Promise<void> {
  if (!involvements.length) return;
  await tx.run('UNWIND $rows AS r MATCH (p:Person {id: r.personId})-[i:INVOLVED]->(c:`Case` {id: r.caseId}) SET i.category = r.category', {
    rows: involvements.map((i) => ({ ...i })),
  });
  await refreshCaseFactColumns(tx, involvements.map((i) => i.personId));
}

export async function readPerson(tx: Runner, id: string): Promise<PersonRecord | null> {
  const rows = await tx.run(
    'MATCH (p:Person {id: $id}) RETURN p.id AS id, p.seq AS seq, p.country AS country, p.givenNames AS givenNames, p.familyNames AS familyNames, ' +
      'p.aliases AS aliases, p.sex AS sex, p.dateOfBirth AS dateOfBirth, p.birthYear AS birthYear, p.nationalities AS nationalities, p.flaggedForPartners AS flaggedForPartners',
    { id },
  );
  const r = rows[0];
  if (!r) return null;
  return {
    id: String(r.id), seq: Number(r.seq), country: String(r.country), givenNames: String(r.givenNames ?? ''), familyNames: String(r.familyNames ?? ''),
    aliases: decodeList(r.aliases), sex: str(r.sex), dateOfBirth: str(r.dateOfBirth), ...birthYearOf(r), nationalities: decodeList(r.nationalities), flaggedForPartners: Number(r.flaggedForPartners) === 1,
  };
}

/** What an erasure removed besides the record itself. */
export interface Erased {
  documents: number;
  involvements: number;
}

const count = async (tx: Runner, cypher: string, id: string) => Number((await tx.run(cypher, { id }))[0]?.n ?? 0);

/** Erases a person with its documents, involvements and national reference; null when there is no such person. */
export async function erasePerson(tx: Runner, id: string): Promise<Erased | null> {
  if (!(await count(tx, 'MATCH (p:Person {id: $id}) RETURN count(p) AS n', id))) return null;
  const documents = await count(tx, 'MATCH (p:Person {id: $id})-[:HOLDS]->(d:Document) RETURN count(d) AS n', id);
  const involvements = await count(tx, 'MATCH (p:Person {id: $id})-[i:INVOLVED]->(:`Case`) RETURN count(i) AS n', id);
  if (documents) await tx.run('MATCH (p:Person {id: $id})-[:HOLDS]->(d:Document) DETACH DELETE d', { id });
  await tx.run('MATCH (r:NationalReference) WHERE r.record = $id DELETE r', { id });
  // The accounts it holds identify it too (issue 11): erased with it, and their import references (a re-import makes them anew);
  // the cases' transfers stay, without that end.
  await tx.run('MATCH (p:Person {id: $id})-[:HOLDS_ACCOUNT]->(a:Account) MATCH (r:NationalReference) WHERE r.record = a.id DELETE r', { id });
  await tx.run('MATCH (p:Person {id: $id})-[:HOLDS_ACCOUNT]->(a:Account) DETACH DELETE a', { id });
  await tx.run('MATCH (p:Person {id: $id}) DETACH DELETE p', { id });
  return { documents, involvements };
}

/**
 * Erases a case with its involvements, route links and national reference; null when there is
 * no such case. Its persons stay (they may be in other cases: erase them one by one), and so do
 * the route observations (network routes, which other cases may use).
 */
export async function eraseCase(tx: Runner, id: string): Promise<Erased | null> {
  if (!(await count(tx, 'MATCH (c:`Case` {id: $id}) RETURN count(c) AS n', id))) return null;
  const involvements = await count(tx, 'MATCH (:Person)-[i:INVOLVED]->(c:`Case` {id: $id}) RETURN count(i) AS n', id);
  await tx.run('MATCH (r:NationalReference) WHERE r.record = $id DELETE r', { id });
  // The case's transfers go with it, and their import references (its accounts stay: their holders and other cases may use them).
  await tx.run('MATCH (t:Transfer)-[:RECORDED_IN]->(c:`Case` {id: $id}) MATCH (r:NationalReference) WHERE r.record = t.id DELETE r', { id });
  await tx.run('MATCH (t:Transfer)-[:RECORDED_IN]->(c:`Case` {id: $id}) DETACH DELETE t', { id });
  const persons = await personsOfCases(tx, [id]);
  await tx.run('MATCH (c:`Case` {id: $id}) DETACH DELETE c', { id });
  await refreshCaseFactColumns(tx, persons); // one case fewer
  return { documents: 0, involvements };
}
