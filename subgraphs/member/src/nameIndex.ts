/**
 * The name index: every word of a person's names and aliases (search.ts) is a `NameWord`
 * node, linked to the persons whose names hold it (`NAMES`). Plain nodes and relationships,
 * written in the same transaction as the person: a rename, an erasure or an import is indexed
 * entirely or not at all, whatever instant the process dies, on either engine, and nothing is
 * ever rebuilt. (Kùzu 0.11's full-text index, used before, lost words after an update or a
 * delete, so every rename rebuilt it over the whole table, and a crash mid-rebuild left
 * indexes behind: docs/kuzu/README.md.)
 *
 * A search binds the persons with a word starting with the longest word asked (the fewest
 * hits), then checks the other words on their `searchText`. Words of erased or renamed
 * persons stay as nodes without links: they find nobody.
 */
import { FEW_ROWS, writeRows, type Params, type Store, type Transaction } from '@enlace/store';
import { searchTextCondition } from './search';
import { memberStoreSchema } from './storeSchema';
import { ensureCaseFactColumns } from './caseFactColumns';

/** The words of a stored search text (space-separated, as personSearchText writes it). */
const wordsOf = (searchText: string): string[] => searchText.split(' ').filter(Boolean);

/** Links new persons to their words, creating the words the store does not hold yet. */
export async function indexNames(tx: Transaction, persons: ReadonlyArray<{ id: string; searchText: string }>): Promise<void> {
  const links = persons.flatMap((p) => wordsOf(p.searchText).map((word) => ({ from: word, to: p.id })));
  if (!links.length) return;
  const words = [...new Set(links.map((l) => l.from))];
  const held = await heldWords(tx, words);
  await tx.insertNodes('NameWord', words.filter((w) => !held.has(w)).map((word) => ({ word })));
  await tx.insertRels('NAMES', links);
}

/** Replaces the words of persons whose names may have changed. */
export async function reindexNames(tx: Transaction, persons: ReadonlyArray<{ id: string; searchText: string }>): Promise<void> {
  await writeRows(tx, persons.map((p) => ({ id: p.id })), 'MATCH (p:Person) WHERE p.id = $id MATCH (:NameWord)-[n:NAMES]->(p) DELETE n',
    'UNWIND $rows AS r MATCH (p:Person {id: r.id}) MATCH (:NameWord)-[n:NAMES]->(p) DELETE n');
  await indexNames(tx, persons);
}

/** The words among `words` the store holds. One statement per word for a few (a key equality each), one scan of the words for many. */
async function heldWords(tx: Transaction, words: readonly string[]): Promise<Set<string>> {
  const held = new Set<string>();
  if (words.length <= FEW_ROWS) {
    for (const word of words) if ((await tx.run('MATCH (w:NameWord) WHERE w.word = $word RETURN w.word AS word', { word })).length) held.add(word);
    return held;
  }
  for (const r of await tx.run('MATCH (w:NameWord) WHERE w.word IN $words RETURN w.word AS word', { words })) held.add(String(r.word));
  return held;
}

/**
 * The start of a read query binding `variable` to the persons with, for each of `words`, a name
 * word starting with it: a MATCH through the index, and a condition for the query's WHERE.
 */
export function matchNames(variable: string, words: readonly string[], params: Params): { cypher: string; condition: string | null } {
  const [first, ...rest] = [...new Set(words)].sort((a, b) => b.length - a.length);
  params.nameIndexWord = first;
  return {
    cypher: `MATCH (nameWord:NameWord) WHERE nameWord.word STARTS WITH $nameIndexWord MATCH (nameWord)-[:NAMES]->(${variable}:Person) WITH DISTINCT ${variable}`,
    condition: rest.length ? searchTextCondition(variable, rest, params, 'nameIndexRest') : null,
  };
}

/** Creates the member's tables (storeSchema.ts) and indexes the names of a store from before the name index: what opens a member store, every time. */
export async function prepareMemberStore(store: Store, log?: (message: string) => void): Promise<void> {
  await store.ensureSchema(memberStoreSchema);
  await ensureNameIndex(store, log);
  await ensureCaseFactColumns(store, log);
}

/** The counter that marks a store whose every person is in the name index. */
const INDEXED = 'nameIndex';
const BACKFILL_BATCH = 20_000;

/**
 * Indexes the persons of a store written before the name index existed, in batches of one
 * transaction each (a crash resumes after the last one written), then marks the store. A
 * store without persons is marked at once. Cheap when marked: one key lookup. Loads through
 * the bulk path: only new words and new links are written.
 */
export async function ensureNameIndex(store: Store, log: (message: string) => void = () => undefined): Promise<void> {
  const [marked] = await store.read(`MATCH (k:Counter) WHERE k.name = '${INDEXED}' RETURN k.value AS value`);
  if (marked && Number(marked.value) >= 1) return;
  const [{ last }] = await store.read('MATCH (p:Person) RETURN max(p.seq) AS last');
  const [progress] = await store.read(`MATCH (k:Counter) WHERE k.name = '${INDEXED}Backfill' RETURN k.value AS value`);
  const top = Number(last ?? 0);
  let done = Number(progress?.value ?? 0);
  if (top > done) log(`name index: indexing the names of persons ${done + 1}–${top} (a store from before the name index)`);
  while (done < top) {
    const to = done + BACKFILL_BATCH;
    await store.bulkLoad(async (tx) => {
      const persons = await tx.run('MATCH (p:Person) WHERE p.seq > $from AND p.seq <= $to RETURN p.id AS id, p.searchText AS searchText', { from: done, to });
      await indexNames(tx, persons.map((p) => ({ id: String(p.id), searchText: String(p.searchText ?? '') })));
      await setCounter(tx, `${INDEXED}Backfill`, to);
    });
    done = to;
  }
  await store.write((tx) => setCounter(tx, INDEXED, 1));
}

async function setCounter(tx: Transaction, name: string, value: number): Promise<void> {
  await tx.run('MERGE (k:Counter {name: $name}) SET k.value = $value', { name, value });
}

/** A person whose index entries are not the words of its names. */
export interface NameIndexProblem {
  id: string;
  missing: string[];
  extra: string[];
}

/**
 * Compares every person's index entries with the words of its names, in batches by seq (a
 * maintenance check: it reads the whole table). `onProgress` is told the persons checked.
 */
export async function nameIndexProblems(store: Store, options: { batch?: number; onProgress?: (checked: number) => void } = {}): Promise<NameIndexProblem[]> {
  const batch = options.batch ?? 20_000;
  const [{ last }] = await store.read('MATCH (p:Person) RETURN max(p.seq) AS last');
  const problems: NameIndexProblem[] = [];
  let checked = 0;
  for (let from = 0; from < Number(last ?? 0); from += batch) {
    const rows = await store.read(
      'MATCH (p:Person) WHERE p.seq > $from AND p.seq <= $to OPTIONAL MATCH (w:NameWord)-[:NAMES]->(p) RETURN p.id AS id, p.searchText AS searchText, collect(w.word) AS words',
      { from, to: from + batch },
    );
    for (const r of rows) {
      const wanted = new Set(wordsOf(String(r.searchText ?? '')));
      const linked = (r.words as unknown[]).map(String);
      const missing = [...wanted].filter((w) => !linked.includes(w));
      const extra = linked.filter((w, i) => !wanted.has(w) || linked.indexOf(w) !== i);
      if (missing.length || extra.length) problems.push({ id: String(r.id), missing, extra });
    }
    checked += rows.length;
    options.onProgress?.(checked);
  }
  return problems;
}

/** Indexes these persons' names afresh from their stored search text, in batches of one transaction each. */
export async function repairNameIndex(store: Store, ids: readonly string[]): Promise<void> {
  for (let i = 0; i < ids.length; i += BACKFILL_BATCH) {
    const slice = ids.slice(i, i + BACKFILL_BATCH);
    await store.write(async (tx) => {
      const persons = await tx.run('UNWIND $ids AS id MATCH (p:Person {id: id}) RETURN p.id AS id, p.searchText AS searchText', { ids: slice });
      await reindexNames(tx, persons.map((p) => ({ id: String(p.id), searchText: String(p.searchText ?? '') })));
    });
  }
}
